// Tokenizer and sentence splitter for English (news) text, following the Universal
// Dependencies English tokenization (EWT/GUM): clitics split ("don't" -> do n't, "cannot" ->
// can not, "gonna" -> gon na), punctuation split off, most hyphenated compounds split
// ("500-person" -> 500 - person) except those the treebanks keep whole ("e-mail", "non-stop"),
// abbreviations keep their period ("U.S.", "Mr."), numbers, times, dates, URLs and e-mail
// addresses whole. See docs/tokenizer.md.
//
// What is learnt (src/train/train_tokenizer.cpp): the abbreviation list, the table of
// multi-word tokens, the hyphen decisions (per word, per first part, per shape) and an
// averaged perceptron deciding sentence boundaries at candidate tokens. A blank line always
// ends a sentence, a news dateline ("WASHINGTON (Reuters) -") is a sentence of its own (as in
// EWT), and no sentence is longer than kMaxSentenceTokens tokens.
//
// Thread safety: a loaded Tokenizer is immutable; Tokenize() may run concurrently on
// different documents. Tokenize() runs in time linear in the text length and never fails:
// invalid UTF-8 bytes are treated as letters one byte at a time, and a valid UTF-8 sequence
// is never split.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "nlp/perceptron.h"
#include "relata/document.h"
#include "relata/status.h"

namespace relata {

namespace nlp {

// Sentences longer than this are cut (after the last , ; : in the final quarter, else here).
inline constexpr uint32_t kMaxSentenceTokens = 400;

// The learnt lexicon and boundary classifier; filled by training or by Tokenizer::Load.
struct TokenizerModel {
  // Keys are XXH3-64 hashes of the exact strings (abbreviations case-sensitive, with the
  // final period; the others lower-cased ASCII).
  std::unordered_map<uint64_t, uint8_t> abbreviations;        // "Mr." -> 1, "etc." -> 2 (seen
                                                              // ending a sentence)
  std::unordered_map<uint64_t, std::vector<uint8_t>> mwt;     // "cannot" -> split offsets {3}
  std::unordered_map<uint64_t, uint8_t> hyphen_word;          // "e-mail" -> 1 keep / 0 split
  std::unordered_map<uint64_t, uint8_t> hyphen_prefix;        // "non" -> 1 keep / 0 split
  std::unordered_map<uint64_t, uint8_t> whole;                // ":)", "$$$": kept whole
  std::unordered_map<uint64_t, uint8_t> number_suffix;        // "th" in "5th": not split off
  uint8_t hyphen_shape[8][8] = {};                            // shape(left) x shape(right)
  SparseWeights boundary;                                     // 2 classes: 0 go on, 1 end

  // Human-readable lists kept for the model file (the hashes are derived from them).
  std::vector<std::string> abbreviation_list, final_abbreviation_list;
  std::vector<std::pair<std::string, std::vector<uint8_t>>> mwt_list;
  std::vector<std::pair<std::string, uint8_t>> hyphen_word_list, hyphen_prefix_list;
  std::vector<std::string> whole_list, number_suffix_list;

  void Index();  // rebuilds the hash maps from the lists
};

// Character shape classes used by the hyphen rule (first character of a part).
int PartShape(std::string_view part);

// The boundary classifier's view of the position after a token: hashes (ValueHash of the
// form) and shapes (BoundaryShape) of the previous, current and two next tokens.
struct BoundaryContext {
  uint64_t hp, h, hn, hn2;
  uint8_t sp, s, sn, sn2;
  bool space_after;
  uint32_t length;  // bytes of the current token
};
int BoundaryShape(std::string_view form);
// The context of token i given per-token hashes and shapes (exposed for training).
BoundaryContext MakeBoundaryContext(const std::vector<Token>& toks, const uint64_t* hashes,
                                    const uint8_t* shapes, size_t i);
// Writes the feature keys (at most 16) into out; returns their number.
size_t BoundaryFeatures(const TokenizerModel& m, const BoundaryContext& c, uint64_t* out);
// Whether token i is a boundary candidate (only those are scored / trained on).
bool BoundaryCandidate(const uint8_t* shapes, const std::vector<Token>& toks, size_t i);

// Tokens only (no sentences): fills doc.tokens from doc.text. `hard_break[i]` is set when a
// blank line, or a single line break before a line that does not start in lower case, follows
// token i.
void TokenizeWords(const TokenizerModel& m, Document& doc, std::vector<uint8_t>& hard_break);

// Splits doc.tokens into doc.sentences given the hard breaks. An abbreviation seen ending
// sentences in training ("etc.") gives up its period when it ends one ("etc ."), as EWT
// writes it; so does any abbreviation before a hard break.
void SplitSentences(const TokenizerModel& m, Document& doc,
                    const std::vector<uint8_t>& hard_break);

// Serialisation of the model's sections; used by Tokenizer::Load and by training.
void WriteTokenizerSections(const TokenizerModel& m,
                            std::vector<std::pair<std::string, std::string>>& sections);
Status ReadTokenizerSections(const std::vector<std::pair<std::string, std::string>>& sections,
                             const std::string& path, TokenizerModel& m);

// The self-test notation: tokens separated by spaces, sentences by " | ".
std::string SegmentationString(const Document& doc);

}  // namespace nlp

class Tokenizer {
 public:
  // Loads models/tokenizer.rmd (component "tokenizer"), checks its self-tests; a model whose
  // output differs from the recorded one is refused.
  static Result<std::unique_ptr<Tokenizer>> Load(const std::string& path);
  // A tokenizer over an in-memory model (training, tests).
  explicit Tokenizer(nlp::TokenizerModel model) : m_(std::move(model)) {}

  // Replaces doc.tokens and doc.sentences by the segmentation of doc.text (other
  // annotations are cleared). Thread-safe.
  void Tokenize(Document& doc) const;

  const nlp::TokenizerModel& model() const { return m_; }

 private:
  nlp::TokenizerModel m_;
};

}  // namespace relata
