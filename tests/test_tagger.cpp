#include <catch2/catch.hpp>

#include <cmath>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "nlp/model_file.h"
#include "nlp/tagger.h"
#include "train/train.h"

using namespace relata;
namespace fs = std::filesystem;

namespace {

std::string ModelPath() { return std::string(RELATA_SOURCE_DIR) + "/models/tagger.rmd"; }
std::string Slurp(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}
void Spit(const std::string& p, const std::string& s) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << s;
}

Document MakeSentence(const std::vector<std::string>& words) {
  Document d;
  for (const std::string& w : words) {
    Token t;
    t.begin = static_cast<uint32_t>(d.text.size());
    d.text += w;
    t.end = static_cast<uint32_t>(d.text.size());
    d.text += ' ';
    t.form = w;
    d.tokens.push_back(t);
  }
  d.sentences.push_back({0, static_cast<uint32_t>(d.tokens.size())});
  return d;
}

}  // namespace

TEST_CASE("tagger: the committed model tags a hand-made sentence sensibly", "[tagger]") {
  auto t = Tagger::Load(ModelPath());
  REQUIRE(t.ok());
  Document d = MakeSentence({"NATO", "trains", "Iraqi", "forces", "."});
  (*t)->Tag(d, true);
  CHECK(d.tokens[0].xpos == "NNP");
  CHECK(d.tokens[0].upos == "PROPN");
  CHECK(d.tokens[1].xpos == "VBZ");
  CHECK(d.tokens[1].upos == "VERB");
  CHECK(d.tokens[3].xpos == "NNS");
  CHECK(d.tokens[4].upos == "PUNCT");

  Document e = MakeSentence({"The", "soldiers", "were", "sent", "to", "Baghdad", "on", "Friday", "."});
  (*t)->Tag(e);
  CHECK(e.tokens[0].xpos == "DT");
  CHECK(e.tokens[0].upos == "DET");
  CHECK(e.tokens[1].xpos == "NNS");
  CHECK(e.tokens[2].upos == "AUX");
  CHECK(e.tokens[3].xpos == "VBN");
  CHECK(e.tokens[6].xpos == "IN");
  CHECK(e.tokens[5].upos == "PROPN");
  // The second best tags: for every word the tag dictionary does not decide, a different
  // class with a margin >= 0; dictionary words (the full stop) have none.
  std::vector<std::string_view> forms = {"NATO", "trains", "Iraqi", "forces", "."};
  std::vector<int> classes, second;
  std::vector<float> margins;
  (*t)->TagForms(forms, classes, &second, &margins);
  REQUIRE(second.size() == forms.size());
  REQUIRE(margins.size() == forms.size());
  for (size_t i = 0; i + 1 < forms.size(); ++i) {
    if (second[i] < 0) continue;  // a dictionary word
    CHECK(second[i] != classes[i]);
    CHECK(margins[i] >= 0);
  }
  CHECK(second[1] >= 0);  // `trains` is ambiguous
  CHECK(second[4] == -1);
  CHECK(std::isinf(margins[4]));
  CHECK(d.tokens[1].xpos2 == (*t)->xpos(second[1]));
  CHECK(d.tokens[1].tag_margin == margins[1]);
  CHECK(d.tokens[4].xpos2.empty());
  // Not asked for, the second choices are left out (and cleared), the tags the same.
  Document plain = MakeSentence({"NATO", "trains", "Iraqi", "forces", "."});
  plain.tokens[1].xpos2 = "stale";
  (*t)->Tag(plain);
  for (size_t i = 0; i < plain.tokens.size(); ++i) {
    CHECK(plain.tokens[i].xpos == d.tokens[i].xpos);
    CHECK(plain.tokens[i].xpos2.empty());
  }
  // Every token gets a tag, whether or not it lies in a sentence.
  Document f = MakeSentence({"He", "left", "."});
  f.sentences.clear();
  (*t)->Tag(f);
  for (const Token& tok : f.tokens) {
    CHECK_FALSE(tok.upos.empty());
    CHECK_FALSE(tok.xpos.empty());
  }
}

TEST_CASE("tagger: model round trip, truncation, self-test mismatch", "[tagger]") {
  auto m = nlp::ModelFile::Load(ModelPath(), "tagger");
  REQUIRE(m.ok());
  REQUIRE(m->self_tests.size() >= 3);
  const std::string p = (fs::temp_directory_path() / "relata-tagger-test.rmd").string();

  // Round trip: the re-saved model loads and tags like the original.
  REQUIRE(m->Save(p).ok());
  auto a = Tagger::Load(ModelPath());
  auto b = Tagger::Load(p);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  for (const auto& st : m->self_tests) CHECK((*b)->SelfTestOutput(st.input) == (*a)->SelfTestOutput(st.input));
  CHECK(Slurp(p) == Slurp(ModelPath()));

  // Truncated file.
  const std::string bytes = Slurp(p);
  Spit(p, bytes.substr(0, bytes.size() / 2));
  auto cut = Tagger::Load(p);
  REQUIRE_FALSE(cut.ok());
  CHECK(cut.status().message().find(p) == 0);

  // A model whose self-test no longer matches is refused (checked on the container in memory:
  // saving compresses hard and is slow).
  nlp::ModelFile bad = *m;
  bad.self_tests[0].expected = "NN/NOUN NN/NOUN";
  auto refused = Tagger::FromModel(bad, true);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().message().find("self-test failed") != std::string::npos);
  CHECK(Tagger::FromModel(bad, false).ok());

  // Damaged sections are refused with the section named.
  nlp::ModelFile broken = *m;
  for (auto& [name, data] : broken.sections)
    if (name == "weights") data.resize(data.size() - 5);
  auto damaged = Tagger::FromModel(broken, true);
  REQUIRE_FALSE(damaged.ok());
  CHECK(damaged.status().message().find("section weights") != std::string::npos);

  // The committed model has two passes; a damaged second-pass section is named too.
  CHECK(m->component_version == 2);
  nlp::ModelFile broken2 = *m;
  for (auto& [name, data] : broken2.sections)
    if (name == "weights2") data.resize(data.size() - 5);
  auto damaged2 = Tagger::FromModel(broken2, true);
  REQUIRE_FALSE(damaged2.ok());
  CHECK(damaged2.status().message().find("section weights2") != std::string::npos);
  nlp::ModelFile no_second = *m;
  for (size_t i = 0; i < no_second.sections.size(); ++i)
    if (no_second.sections[i].first == "weights2") no_second.sections.erase(no_second.sections.begin() + i);
  CHECK(Tagger::FromModel(no_second, true).status().message().find("lacks a section") != std::string::npos);

  nlp::ModelFile missing = *m;
  missing.sections.erase(missing.sections.begin());
  CHECK_FALSE(Tagger::FromModel(missing, true).ok());
  nlp::ModelFile future = *m;
  future.component_version = nlp::kTaggerVersion + 1;
  CHECK(Tagger::FromModel(future, true).status().message().find("not supported") != std::string::npos);
  fs::remove(p);
  CHECK_FALSE(Tagger::Load(p).ok());
}

TEST_CASE("tagger: training on a tiny treebank is deterministic and learns it", "[tagger]") {
  const fs::path dir = fs::temp_directory_path();
  const std::string data = (dir / "relata-tagger-tiny.conllu").string();
  std::string conllu;
  const char* sents[][2] = {{"Dogs bark .", "NNS/NOUN VBP/VERB ./PUNCT"},
                            {"The dog barks .", "DT/DET NN/NOUN VBZ/VERB ./PUNCT"},
                            {"A cat sleeps .", "DT/DET NN/NOUN VBZ/VERB ./PUNCT"},
                            {"Cats sleep .", "NNS/NOUN VBP/VERB ./PUNCT"}};
  for (int rep = 0; rep < 3; ++rep)
    for (const auto& s : sents) {
      std::vector<std::string> words, tags;
      for (std::string_view x = s[0]; !x.empty();) {
        size_t sp = x.find(' ');
        words.emplace_back(x.substr(0, sp));
        x = sp == std::string_view::npos ? std::string_view() : x.substr(sp + 1);
      }
      for (std::string_view x = s[1]; !x.empty();) {
        size_t sp = x.find(' ');
        tags.emplace_back(x.substr(0, sp));
        x = sp == std::string_view::npos ? std::string_view() : x.substr(sp + 1);
      }
      REQUIRE(words.size() == tags.size());
      conllu += "# text = " + std::string(s[0]) + "\n";
      for (size_t i = 0; i < words.size(); ++i) {
        size_t slash = tags[i].find('/');
        conllu += std::to_string(i + 1) + "\t" + words[i] + "\t_\t" + tags[i].substr(slash + 1) + "\t" +
                  tags[i].substr(0, slash) + "\t_\t" + (i ? "1" : "0") + "\t" + (i ? "dep" : "root") +
                  "\t_\t_\n";
      }
      conllu += "\n";
    }
  Spit(data, conllu);
  train::TrainOptions o;
  o.train_files = {data};
  o.epochs = 10;
  o.verbose = false;
  o.output = (dir / "relata-tagger-tiny-a.rmd").string();
  REQUIRE(train::TrainTagger(o).ok());
  o.output = (dir / "relata-tagger-tiny-b.rmd").string();
  REQUIRE(train::TrainTagger(o).ok());
  CHECK(Slurp((dir / "relata-tagger-tiny-a.rmd").string()) == Slurp(o.output));
  auto t = Tagger::Load(o.output);
  REQUIRE(t.ok());
  for (const auto& s : sents) CHECK((*t)->SelfTestOutput(s[0]) == s[1]);
  auto tiny = nlp::ModelFile::Load(o.output, "tagger");
  REQUIRE(tiny.ok());
  CHECK(tiny->component_version == 1);  // fewer than 1,000 sentences: one pass
  CHECK(tiny->Section("weights2") == nullptr);
  o.train_files = {(dir / "relata-no-such-file.conllu").string()};
  CHECK_FALSE(train::TrainTagger(o).ok());
  fs::remove(data);
  fs::remove((dir / "relata-tagger-tiny-a.rmd").string());
  fs::remove(o.output);
}

TEST_CASE("tagger: a larger treebank trains two passes, deterministically, and they tag it", "[tagger]") {
  // 1,200 sentences where "light" is a verb before "the", an adjective before a noun and a
  // noun at the end: the right context decides. Words come from small lists so that the
  // jackknifed folds see them all.
  const fs::path dir = fs::temp_directory_path();
  const std::string data = (dir / "relata-tagger-two-pass.conllu").string();
  const char* nouns[] = {"lamp", "room", "box", "car", "door", "tree"};
  const char* dets[] = {"the", "a", "this", "that"};
  std::string conllu;
  auto add = [&conllu](const std::vector<std::pair<std::string, std::string>>& words) {
    std::string text;
    for (const auto& w : words) text += (text.empty() ? "" : " ") + w.first;
    conllu += "# text = " + text + "\n";
    for (size_t i = 0; i < words.size(); ++i) {
      size_t slash = words[i].second.find('/');
      conllu += std::to_string(i + 1) + "\t" + words[i].first + "\t_\t" + words[i].second.substr(slash + 1) +
                "\t" + words[i].second.substr(0, slash) + "\t_\t" + (i ? "1" : "0") + "\t" +
                (i ? "dep" : "root") + "\t_\t_\n";
    }
    conllu += "\n";
  };
  for (int k = 0; k < 400; ++k) {
    std::string n = nouns[k % 6], d = dets[(k / 6) % 4];
    add({{"we", "PRP/PRON"}, {"light", "VBP/VERB"}, {d, "DT/DET"}, {n, "NN/NOUN"}, {".", "./PUNCT"}});
    add({{d, "DT/DET"}, {"light", "JJ/ADJ"}, {n, "NN/NOUN"}, {"fell", "VBD/VERB"}, {".", "./PUNCT"}});
    add({{"we", "PRP/PRON"}, {"saw", "VBD/VERB"}, {d, "DT/DET"}, {"light", "NN/NOUN"}, {".", "./PUNCT"}});
  }
  Spit(data, conllu);
  train::TrainOptions o;
  o.train_files = {data};
  o.epochs = 4;
  o.verbose = false;
  o.output = (dir / "relata-tagger-two-a.rmd").string();
  REQUIRE(train::TrainTagger(o).ok());
  o.output = (dir / "relata-tagger-two-b.rmd").string();
  REQUIRE(train::TrainTagger(o).ok());
  CHECK(Slurp((dir / "relata-tagger-two-a.rmd").string()) == Slurp(o.output));
  auto m = nlp::ModelFile::Load(o.output, "tagger");
  REQUIRE(m.ok());
  CHECK(m->component_version == 2);
  CHECK(m->Section("weights2") != nullptr);
  CHECK(m->config_json.find("\"passes\":2") != std::string::npos);
  auto t = Tagger::Load(o.output);
  REQUIRE(t.ok());
  CHECK((*t)->SelfTestOutput("we light the box .") == "PRP/PRON VBP/VERB DT/DET NN/NOUN ./PUNCT");
  CHECK((*t)->SelfTestOutput("a light car fell .") == "DT/DET JJ/ADJ NN/NOUN VBD/VERB ./PUNCT");
  CHECK((*t)->SelfTestOutput("we saw this light .") == "PRP/PRON VBD/VERB DT/DET NN/NOUN ./PUNCT");
  fs::remove(data);
  fs::remove((dir / "relata-tagger-two-a.rmd").string());
  fs::remove(o.output);
}
