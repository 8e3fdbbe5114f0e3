#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "nlp/lemmatizer.h"
#include "nlp/model_file.h"
#include "train/train.h"

using namespace relata;
namespace fs = std::filesystem;

namespace {
std::string ModelPath() { return std::string(RELATA_SOURCE_DIR) + "/models/lemmatizer.rmd"; }
std::string Slurp(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}
void Spit(const std::string& p, const std::string& s) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << s;
}
}  // namespace

TEST_CASE("lemmatizer: edit rules", "[lemma]") {
  nlp::LemmaRule r = nlp::LemmaRuleFor("Forces", "force");
  CHECK(r.lower);
  CHECK(r.strip == 1);
  CHECK(r.append.empty());
  std::string out;
  REQUIRE(nlp::ApplyLemmaRule(r, "Trains", out));
  CHECK(out == "train");
  nlp::LemmaRule g = nlp::LemmaRuleFor("went", "go");
  CHECK(g.strip == 4);
  CHECK(g.append == "go");
  CHECK_FALSE(nlp::ApplyLemmaRule(g, "is", out));
  nlp::LemmaRule k = nlp::LemmaRuleFor("NATO", "NATO");
  CHECK_FALSE(k.lower);
  CHECK(k.strip == 0);
  CHECK(nlp::LowerAscii("Été ABC") == "Été abc");
}

TEST_CASE("lemmatizer: the committed model on hand-made cases", "[lemma]") {
  auto l = Lemmatizer::Load(ModelPath());
  REQUIRE(l.ok());
  const Lemmatizer& lem = **l;
  CHECK(lem.Lemma("went", "VBD", "VERB") == "go");
  CHECK(lem.Lemma("forces", "NNS", "NOUN") == "force");
  CHECK(lem.Lemma("Forces", "NNS", "NOUN") == "force");
  CHECK(lem.Lemma("was", "VBD", "AUX") == "be");
  CHECK(lem.Lemma("better", "JJR", "ADJ") == "good");
  CHECK(lem.Lemma("Soleimani", "NNP", "PROPN") == "Soleimani");
  CHECK(lem.Lemma("children", "NNS", "NOUN") == "child");
  CHECK(lem.Lemma("trains", "VBZ", "VERB") == "train");
  CHECK(lem.Lemma("studying", "VBG", "VERB") == "study");
  CHECK(lem.Lemma("The", "DT", "DET") == "the");
  CHECK(lem.Lemma("'s", "VBZ", "AUX") == "be");
  CHECK(lem.Lemma("'s", "POS", "PART") == "'s");
  CHECK(lem.Lemma("n't", "RB", "PART") == "not");
  // Unseen words and tags still get a lemma.
  CHECK(lem.Lemma("Zworkify", "NNP", "PROPN") == "Zworkify");
  CHECK(lem.Lemma("zworkified", "VBD", "VERB") == "zworkify");
  CHECK(lem.Lemma("Blah", "NOSUCHTAG", "") == "blah");

  Document d;
  for (auto [form, xpos, upos] : {std::tuple{"Iran", "NNP", "PROPN"}, {"denied", "VBD", "VERB"}, {"it", "PRP", "PRON"}}) {
    Token t;
    t.form = form;
    t.xpos = xpos;
    t.upos = upos;
    d.tokens.push_back(t);
  }
  lem.Lemmatize(d);
  CHECK(d.tokens[0].lemma == "Iran");
  CHECK(d.tokens[1].lemma == "deny");
  CHECK(d.tokens[2].lemma == "it");
}

TEST_CASE("lemmatizer: model round trip, truncation, self-test mismatch", "[lemma]") {
  auto m = nlp::ModelFile::Load(ModelPath(), "lemmatizer");
  REQUIRE(m.ok());
  REQUIRE(m->self_tests.size() >= 3);
  const std::string p = (fs::temp_directory_path() / "relata-lemmatizer-test.rmd").string();
  REQUIRE(m->Save(p).ok());
  CHECK(Slurp(p) == Slurp(ModelPath()));
  REQUIRE(Lemmatizer::Load(p).ok());

  const std::string bytes = Slurp(p);
  Spit(p, bytes.substr(0, bytes.size() - 7));
  auto cut = Lemmatizer::Load(p);
  REQUIRE_FALSE(cut.ok());
  CHECK(cut.status().message().find(p) == 0);

  nlp::ModelFile bad = *m;
  bad.self_tests[0].expected += " extra";
  auto refused = Lemmatizer::FromModel(bad, true);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().message().find("self-test failed") != std::string::npos);

  nlp::ModelFile broken = *m;
  for (auto& [name, data] : broken.sections)
    if (name == "table") data.resize(data.size() - 3);
  auto damaged = Lemmatizer::FromModel(broken, true);
  REQUIRE_FALSE(damaged.ok());
  CHECK(damaged.status().message().find("section table") != std::string::npos);
  fs::remove(p);
}

TEST_CASE("lemmatizer: training on a tiny treebank", "[lemma]") {
  const fs::path dir = fs::temp_directory_path();
  const std::string data = (dir / "relata-lemma-tiny.conllu").string();
  // form, lemma, upos, xpos
  const char* words[][4] = {{"Dogs", "dog", "NOUN", "NNS"},  {"barked", "bark", "VERB", "VBD"},
                            {"cats", "cat", "NOUN", "NNS"},  {"walked", "walk", "VERB", "VBD"},
                            {"went", "go", "VERB", "VBD"},   {"It", "it", "PRON", "PRP"},
                            {"I", "I", "PRON", "PRP"},       {"i", "I", "PRON", "PRP"},
                            {"it", "it", "PRON", "PRP"},     {"Paris", "Paris", "PROPN", "NNP"},
                            {"hats", "hat", "NOUN", "NNS"},  {"jumped", "jump", "VERB", "VBD"}};
  std::string conllu = "# text = tiny\n";
  int id = 0;
  for (const auto& w : words) {
    ++id;
    conllu += std::to_string(id) + "\t" + w[0] + "\t" + w[1] + "\t" + w[2] + "\t" + w[3] +
              "\t_\t" + (id == 1 ? "0" : "1") + "\t" + (id == 1 ? "root" : "dep") + "\t_\t_\n";
  }
  conllu += "\n";
  Spit(data, conllu);
  train::TrainOptions o;
  o.train_files = {data};
  o.verbose = false;
  o.output = (dir / "relata-lemma-tiny-a.rmd").string();
  REQUIRE(train::TrainLemmatizer(o).ok());
  const std::string first = Slurp(o.output);
  REQUIRE(train::TrainLemmatizer(o).ok());
  CHECK(Slurp(o.output) == first);
  auto l = Lemmatizer::Load(o.output);
  REQUIRE(l.ok());
  CHECK((*l)->Lemma("went", "VBD", "VERB") == "go");
  CHECK((*l)->Lemma("talked", "VBD", "VERB") == "talk");  // the suffix rule, not the exception
  CHECK((*l)->Lemma("Birds", "NNS", "NOUN") == "bird");
  CHECK((*l)->Lemma("It", "PRP", "PRON") == "it");
  CHECK((*l)->Lemma("i", "PRP", "PRON") == "I");
  CHECK((*l)->Lemma("London", "NNP", "PROPN") == "London");
  fs::remove(data);
  fs::remove(o.output);
}
