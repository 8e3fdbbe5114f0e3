// Word classes from a large English language model (docs/word-classes.md).
//
// The treebanks hold 356k words of text; a language model trained on far more text says, for
// 72k words, which words follow which. Debian's pocketsphinx-en-us package ships such a model
// (CMU Sphinx's US English trigram model, BSD licence) in Sphinx's binary trie format. We
// read its bigrams, weight each by P(first) P(second | first), and run predictive exchange
// clustering on them twice: on the bigrams as they are (a word's class predicts the next
// word) and reversed (it predicts the previous word). Training code only: the tagger's and
// parser's models carry the resulting classes (nlp::WordClusters), never the language model.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nlp/word_classes.h"
#include "relata/status.h"

namespace relata::train {

// The unigrams and bigrams of an n-gram language model.
struct BigramLm {
  struct Bigram {
    uint32_t first, second;
    float log10_prob;  // log10 P(second | first)
  };
  std::vector<std::string> words;    // by id
  std::vector<float> unigram_log10;  // log10 P(word), by id
  std::vector<Bigram> bigrams;
};

// Reads a CMU Sphinx binary trie language model ("Trie Language Model" header; order 2 or
// more; only its unigrams and bigrams are kept). Errors name the file and the byte offset.
Result<BigramLm> ReadSphinxTrieLm(const std::string& path);

// A bigram with a weight (a count, or an estimated count).
struct WeightedBigram {
  uint32_t first, second;
  double weight;
};

// Predictive exchange clustering (Uszkoreit & Brants 2008, after Kneser & Ney 1993): each
// word w with outgoing bigrams gets the class c(w) in [0, classes) that maximises
// sum N(c, v) log N(c, v) - sum N(c) log N(c), where N(c, v) sums the weights of the bigrams
// (w, v) with c(w) = c. Word w starts in class w % classes; words are moved one at a time to
// their best class in id order (give frequent words the low ids), `passes` times.
// Deterministic. Words without outgoing bigrams keep their starting class.
std::vector<int> ExchangeClusters(const std::vector<WeightedBigram>& bigrams, size_t vocab, int classes,
                                  int passes);

inline constexpr int kLmClasses = 128;
inline constexpr int kLmClassPasses = 6;

// Word classes (right: from the following words; left: from the preceding ones) of the
// language model's words that consist of lower-case letters, digits, '.', '-' and '\''.
// The result for a path is computed once per process. An empty path, or one that does not
// exist, gives empty classes (the components then train without them; for a missing file
// `verbose` says so on stderr, naming `who`); a file that exists but cannot be read is an
// error.
Result<nlp::WordClusters> LmWordClasses(const std::string& path, bool verbose, const char* who);

}  // namespace relata::train
