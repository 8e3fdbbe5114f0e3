#include "relata/nlp.h"

#include <cstdlib>
#include <filesystem>

#include "nlp/lemmatizer.h"
#include "nlp/ner.h"
#include "nlp/parser.h"
#include "nlp/tagger.h"
#include "nlp/tokenizer.h"

namespace relata {
namespace fs = std::filesystem;

Pipeline::Pipeline() = default;
Pipeline::~Pipeline() = default;

std::string DefaultModelDir() {
  if (const char* env = std::getenv("RELATA_MODELS"); env && *env) return env;
#ifdef RELATA_SOURCE_DIR
  std::string built_in = std::string(RELATA_SOURCE_DIR) + "/models";
  if (fs::is_directory(built_in)) return built_in;
#endif
  return "models";
}

Result<std::unique_ptr<Pipeline>> Pipeline::Load(const std::string& dir, Stage last) {
  std::unique_ptr<Pipeline> p(new Pipeline());
  auto path = [&](const char* name) { return (fs::path(dir) / name).string(); };
  {
    auto t = Tokenizer::Load(path("tokenizer.rmd"));
    if (!t.ok()) return t.status();
    p->tokenizer_ = std::move(t).value();
  }
  if (last >= Stage::kTag) {
    auto t = Tagger::Load(path("tagger.rmd"));
    if (!t.ok()) return t.status();
    p->tagger_ = std::move(t).value();
  }
  if (last >= Stage::kLemma) {
    auto t = Lemmatizer::Load(path("lemmatizer.rmd"));
    if (!t.ok()) return t.status();
    p->lemmatizer_ = std::move(t).value();
  }
  if (last >= Stage::kParse) {
    auto t = Parser::Load(path("parser.rmd"));
    if (!t.ok()) return t.status();
    p->parser_ = std::move(t).value();
  }
  if (last >= Stage::kNer) {
    auto t = EntityRecognizer::Load(path("ner.rmd"));
    if (!t.ok()) return t.status();
    p->ner_ = std::move(t).value();
  }
  return p;
}

void Pipeline::set_parser_beam(int width) {
  if (parser_) parser_->set_beam(width);
}

Status Pipeline::Run(Document& doc, Stage last, bool pretokenized) const {
  if (!pretokenized) tokenizer_->Tokenize(doc);
  if (last < Stage::kTag) return Status::Ok();
  if (!tagger_) return Status::Error("pipeline: no tagger loaded");
  // The second best tags only for a parser that may choose them (docs/parser.md).
  tagger_->Tag(doc, last >= Stage::kParse && parser_ && parser_->OffersTagChoice());
  if (last < Stage::kLemma) return Status::Ok();
  if (!lemmatizer_) return Status::Error("pipeline: no lemmatizer loaded");
  lemmatizer_->Lemmatize(doc);
  if (last < Stage::kParse) return Status::Ok();
  if (!parser_) return Status::Error("pipeline: no parser loaded");
  // A joint parser may change tags (docs/parser.md); the lemmas follow them.
  if (parser_->Parse(doc) > 0) lemmatizer_->Lemmatize(doc);
  if (last < Stage::kNer) return Status::Ok();
  if (!ner_) return Status::Error("pipeline: no recogniser loaded");
  ner_->Recognize(doc);
  return Status::Ok();
}

}  // namespace relata
