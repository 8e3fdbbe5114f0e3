// Training entry points, one per component (src/train/). Training is deterministic for a
// given seed and input; it reads CoNLL-U (and IOB2) files and writes a model file
// (docs/model-format.md). Nothing in relata_core depends on this code.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "relata/status.h"

namespace relata::train {

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

}  // namespace relata::train
