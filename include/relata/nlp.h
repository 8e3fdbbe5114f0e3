// The English NLP pipeline: tokenizer and sentence splitter, tagger (UPOS + Penn XPOS),
// lemmatizer, dependency parser (UD basic trees) and named-entity recogniser.
//
// Models are loaded once (Pipeline::Load), are immutable afterwards and may be shared by any
// number of threads: Run() keeps its scratch space in a per-call State. Expected failures
// (missing or corrupt model files, a failed self-test) are Status values.
#pragma once

#include <memory>
#include <string>

#include "relata/document.h"
#include "relata/status.h"

namespace relata {

enum class Stage { kTokenize = 1, kTag = 2, kLemma = 3, kParse = 4, kNer = 5 };

class Tokenizer;
class Tagger;
class Lemmatizer;
class Parser;
class EntityRecognizer;

class Pipeline {
 public:
  // Loads the models found in `model_dir` (tokenizer.rmd, tagger.rmd, parser.rmd, ner.rmd),
  // checking each file's checksum and self-test sentences. Stages whose model is needed
  // up to `last` must be present.
  static Result<std::unique_ptr<Pipeline>> Load(const std::string& model_dir,
                                                Stage last = Stage::kNer);
  ~Pipeline();

  // Splits doc.text into tokens and sentences (unless `pretokenized`: then the tokens and
  // sentences already in `doc` are kept), then runs the stages up to `last`.
  Status Run(Document& doc, Stage last = Stage::kNer, bool pretokenized = false) const;

  // Beam width of the dependency parser: 1 (default) parses greedily, the fastest; wider
  // beams are slower and more accurate (docs/parser.md has the measured trade-off). Clamped
  // to [1, 64]. Call before the pipeline is shared by threads; no effect without a parser.
  void set_parser_beam(int width);

 private:
  Pipeline();
  std::unique_ptr<Tokenizer> tokenizer_;
  std::unique_ptr<Tagger> tagger_;
  std::unique_ptr<Lemmatizer> lemmatizer_;
  std::unique_ptr<Parser> parser_;
  std::unique_ptr<EntityRecognizer> ner_;
};

// The folder holding the committed models: $RELATA_MODELS, else <source dir>/models as
// compiled in, else "models".
std::string DefaultModelDir();

}  // namespace relata
