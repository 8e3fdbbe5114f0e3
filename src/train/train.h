// Training entry points, one per component (src/train/). Training is deterministic for a
// given seed and input; it reads CoNLL-U (and IOB2) files and writes a model file
// (docs/model-format.md). Nothing in relata_core depends on this code.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "relata/status.h"

namespace relata::train {

// Where Debian's pocketsphinx-en-us puts its US English language model.
inline constexpr const char* kPackagedLm = "/usr/share/pocketsphinx/model/en-us/en-us.lm.bin";

struct TrainOptions {
  std::vector<std::string> train_files;  // CoNLL-U
  std::vector<std::string> dev_files;    // CoNLL-U, for reporting progress only
  std::string output;                    // model file to write
  int epochs = 0;                        // 0: the component's default
  uint64_t seed = 1;
  bool verbose = true;                   // progress and dev scores on stderr
  // Parser only: train on tags predicted by jackknifed taggers (this many folds) instead of
  // gold tags. -1: the default (5 folds when there are at least 1,000 training sentences,
  // else gold tags); 0: gold tags.
  int tag_folds = -1;
  // Parser only, with jackknifed tags: the parser chooses between the tagger's two best tags
  // of the words the tagger is least sure of (joint tagging, docs/parser.md; opt-in).
  bool joint_tags = false;
  // Tagger and parser (and the parser's jackknifed taggers): a language model whose bigrams
  // give word classes (docs/word-classes.md; kPackagedLm of Debian's pocketsphinx-en-us).
  // Empty (the default: the committed models have none), or a file that does not exist:
  // trained without them. For the recogniser (not its jackknifed taggers), a non-empty path
  // trains layout 5: these classes, describing nouns (GUM's and WordNet's) and the title-case
  // view (docs/ner.md); `relata train` passes kPackagedLm by default.
  std::string word_class_lm;
};

Status TrainTokenizer(const TrainOptions& o);  // train_tokenizer.cpp
Status TrainTagger(const TrainOptions& o);     // train_tagger.cpp
Status TrainLemmatizer(const TrainOptions& o); // train_lemmatizer.cpp
Status TrainParser(const TrainOptions& o);     // train_parser.cpp
Status TrainNer(const TrainOptions& o);        // train_ner.cpp

}  // namespace relata::train

#include "nlp/conllu.h"

namespace relata::train {

// Reads and concatenates CoNLL-U files in the order given.
Result<std::vector<nlp::ConlluSentence>> ReadTreebanks(const std::vector<std::string>& files);

// The training files for a model's configuration JSON: a JSON array of their file names
// without folders, so that a model does not depend on where the data lay when it was trained.
std::string TrainFilesJson(const std::vector<std::string>& files);

// Jackknifed tags (docs/parser.md, docs/ner.md): replaces the UPOS and XPOS of `sents` by
// predictions. For each fold k in [0, folds), a tagger trained by TrainTagger (`epochs`, 0 =
// its default; `seed`) on the sentences of the other folds tags fold k's sentences;
// fold_of[s] is sentence s's fold. Every fold's training file is written from the gold tags
// first. Heads and labels stay gold. The fold taggers train two at a time (they are
// independent: the result is the same). Deterministic for a given input and seed. Temporary
// files go to a directory removed afterwards; `who` names the caller in messages;
// `word_class_lm` is TrainOptions::word_class_lm of the fold taggers. With `second`, also
// each word's second best tags and the tagger's margin (Tagger::TagForms; empty tags and
// infinity for the words the tag dictionary decides), in the order of the words.
struct SecondTags {
  std::string xpos, upos;
  float margin = 0;
};
Status JackknifeTags(std::vector<nlp::ConlluSentence>& sents, const std::vector<int>& fold_of, int folds,
                     int epochs, uint64_t seed, const std::string& who, bool verbose,
                     const std::string& word_class_lm,
                     std::vector<std::vector<SecondTags>>* second = nullptr);

}  // namespace relata::train
