#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "nlp/model_file.h"
#include "nlp/parser.h"
#include "train/parser_oracle.h"
#include "train/train.h"

using namespace relata;
using nlp::parsing::Config;

namespace {

const std::string kModel = std::string(RELATA_SOURCE_DIR) + "/models/parser.rmd";

uint64_t Mix(uint64_t& s) {
  uint64_t z = (s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// heads: sentence-relative, -1 = root. Checks: heads in range, exactly one root, no cycle.
bool WellFormed(const std::vector<int>& heads) {
  const int n = static_cast<int>(heads.size());
  int roots = 0;
  for (int h : heads) {
    if (h < -1 || h >= n) return false;
    if (h == -1) ++roots;
  }
  if (n > 0 && roots != 1) return false;
  for (int i = 0; i < n; ++i) {
    int k = i, steps = 0;
    while (k != -1 && steps <= n) {
      k = heads[static_cast<size_t>(k)];
      ++steps;
    }
    if (k != -1) return false;
  }
  return true;
}

// Follows the oracle's cheapest transitions; returns the sentence-relative heads and labels.
void RunOracle(const std::vector<int>& gold_head, const std::vector<int>& gold_label, int labels,
               std::vector<int>& heads, std::vector<int>& labs, int& total_cost) {
  const int n = static_cast<int>(gold_head.size());
  Config c;
  c.Init(n);
  train::ArcHybridOracle o;
  o.Init(gold_head, gold_label);
  std::vector<int> cost(static_cast<size_t>(1 + 2 * labels));
  total_cost = 0;
  while (!c.Terminal()) {
    o.Costs(c, labels, cost.data());
    int best = 0;
    for (int k = 1; k < static_cast<int>(cost.size()); ++k)
      if (cost[static_cast<size_t>(k)] < cost[static_cast<size_t>(best)]) best = k;
    REQUIRE(cost[static_cast<size_t>(best)] < train::ArcHybridOracle::kInvalid);
    REQUIRE(c.Valid(best, labels));
    total_cost += cost[static_cast<size_t>(best)];
    o.Apply(c, best, labels);
  }
  heads.resize(static_cast<size_t>(n));
  labs.resize(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    int h = c.head[static_cast<size_t>(i)];
    heads[static_cast<size_t>(i)] = h == n ? -1 : h;
    labs[static_cast<size_t>(i)] = c.label[static_cast<size_t>(i)];
  }
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
void WriteAll(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

Document MakeDoc(const std::vector<std::vector<std::string>>& words) {
  // Tag strings must outlive the document: keep them in static storage.
  static std::vector<std::unique_ptr<std::string>> pool;
  Document doc;
  for (const auto& w : words) {
    Token t;
    t.form = w[0];
    pool.push_back(std::make_unique<std::string>(w[1]));
    t.xpos = *pool.back();
    pool.push_back(std::make_unique<std::string>(w[2]));
    t.upos = *pool.back();
    doc.tokens.push_back(t);
  }
  doc.sentences.push_back({0, static_cast<uint32_t>(doc.tokens.size())});
  return doc;
}

}  // namespace

TEST_CASE("arc-hybrid oracle reproduces projective gold trees exactly", "[parser]") {
  // Gold heads 0-based with n = ROOT; labels 1..3 (0 is root).
  struct Case {
    std::vector<int> head, label;
  };
  const std::vector<Case> cases = {
      {{1, 5, 3, 1, 1}, {1, 0, 2, 3, 1}},                 // NATO trains Iraqi forces .
      {{1}, {0}},                                         // one word
      {{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, {1, 1, 2, 3, 1, 2, 3, 1, 2, 0}},  // left chain
      {{10, 0, 1, 2, 3, 4, 5, 6, 7, 8}, {0, 1, 2, 3, 1, 2, 3, 1, 2, 3}},  // right chain
      {{2, 2, 7, 4, 2, 4, 2}, {1, 2, 0, 3, 1, 2, 3}},     // root in the middle
      {{1, 8, 3, 1, 5, 3, 1, 1}, {2, 0, 1, 3, 2, 1, 3, 1}},
  };
  for (const Case& cs : cases) {
    std::vector<int> heads, labs;
    int total = 0;
    RunOracle(cs.head, cs.label, 4, heads, labs, total);
    CHECK(total == 0);
    const int n = static_cast<int>(cs.head.size());
    for (int i = 0; i < n; ++i) {
      int want = cs.head[static_cast<size_t>(i)] == n ? -1 : cs.head[static_cast<size_t>(i)];
      CHECK(heads[static_cast<size_t>(i)] == want);
      CHECK(labs[static_cast<size_t>(i)] == cs.label[static_cast<size_t>(i)]);
    }
  }
}

TEST_CASE("projectivising lifts crossing arcs and the oracle then follows the tree", "[parser]") {
  // ROOT = 4. Already projective: 0 <- 1 <- 3 -> 2.
  std::vector<int> head = {1, 3, 3, 4};
  std::vector<int> crossing = {3, 3, 0, 4};  // 2 -> 0 spans 1 (headed by 3): crossing
  int lifts = train::Projectivise(crossing);
  CHECK(lifts == 1);
  CHECK(crossing == std::vector<int>({3, 3, 3, 4}));
  CHECK(train::Projectivise(head) == 0);
  std::vector<int> heads, labs;
  int total = 0;
  RunOracle(crossing, {1, 1, 1, 0}, 2, heads, labs, total);
  CHECK(total == 0);
  CHECK(heads == std::vector<int>({3, 3, 3, -1}));
}

TEST_CASE("any sequence of valid transitions gives a well-formed tree", "[parser]") {
  uint64_t seed = 42;
  const int labels = 5;
  for (int trial = 0; trial < 300; ++trial) {
    const int n = static_cast<int>(Mix(seed) % 40);
    Config c;
    c.Init(n);
    int steps = 0;
    while (!c.Terminal()) {
      std::vector<int> valid;
      for (int k = 0; k < 1 + 2 * labels; ++k)
        if (c.Valid(k, labels)) valid.push_back(k);
      REQUIRE(!valid.empty());
      c.Apply(valid[Mix(seed) % valid.size()], labels);
      REQUIRE(++steps <= 2 * n + 1);
    }
    std::vector<int> heads(static_cast<size_t>(n));
    int root_labels = 0;
    for (int i = 0; i < n; ++i) {
      int h = c.head[static_cast<size_t>(i)];
      heads[static_cast<size_t>(i)] = h == n ? -1 : h;
      if (c.label[static_cast<size_t>(i)] == nlp::parsing::kRootLabel) ++root_labels;
      CHECK((h == n) == (c.label[static_cast<size_t>(i)] == nlp::parsing::kRootLabel));
    }
    CHECK(WellFormed(heads));
    CHECK(root_labels == (n > 0 ? 1 : 0));
  }
}

TEST_CASE("the committed parser model parses an easy sentence sensibly", "[parser]") {
  auto p = Parser::Load(kModel);
  REQUIRE(p.ok());
  Document doc = MakeDoc({{"NATO", "NNP", "PROPN"},
                           {"trains", "VBZ", "VERB"},
                           {"Iraqi", "JJ", "ADJ"},
                           {"forces", "NNS", "NOUN"},
                           {".", ".", "PUNCT"}});
  (*p)->Parse(doc);
  CHECK(doc.tokens[1].head == -1);
  CHECK(doc.tokens[1].deprel == "root");
  CHECK(doc.tokens[0].head == 1);
  CHECK(doc.tokens[0].deprel == "nsubj");
  CHECK(doc.tokens[3].head == 1);
  CHECK(doc.tokens[3].deprel == "obj");
  CHECK(doc.tokens[2].head == 3);
  CHECK(doc.tokens[4].head == 1);
}

TEST_CASE("parser heads are document-level across sentences, empty sentences are fine",
          "[parser]") {
  auto p = Parser::Load(kModel);
  REQUIRE(p.ok());
  Document doc = MakeDoc({{"Rebels", "NNS", "NOUN"},
                           {"fled", "VBD", "VERB"},
                           {".", ".", "PUNCT"},
                           {"Troops", "NNS", "NOUN"},
                           {"arrived", "VBD", "VERB"},
                           {".", ".", "PUNCT"}});
  doc.sentences = {{0, 3}, {3, 3}, {3, 6}};
  (*p)->Parse(doc);
  std::vector<int> first, second;
  for (int i = 0; i < 3; ++i) first.push_back(doc.tokens[static_cast<size_t>(i)].head);
  for (int i = 3; i < 6; ++i) {
    int h = doc.tokens[static_cast<size_t>(i)].head;
    CHECK((h == -1 || (h >= 3 && h < 6)));
    second.push_back(h < 0 ? -1 : h - 3);
  }
  CHECK(WellFormed(first));
  CHECK(WellFormed(second));
  for (const Token& t : doc.tokens) CHECK(!t.deprel.empty());
}

TEST_CASE("beam search: well-formed trees, deterministic, width 1 is the greedy parse",
          "[parser]") {
  auto loaded = Parser::Load(kModel);
  REQUIRE(loaded.ok());
  Parser& p = **loaded;
  CHECK(p.beam() == 1);
  p.set_beam(0);
  CHECK(p.beam() == 1);
  p.set_beam(1000);
  CHECK(p.beam() == Parser::kMaxBeam);
  const std::vector<std::vector<std::string>> vocab = {
      {"the", "DT", "DET"},  {"army", "NN", "NOUN"},    {"said", "VBD", "VERB"},
      {",", ",", "PUNCT"},   {"and", "CC", "CCONJ"},    {"in", "IN", "ADP"},
      {"that", "IN", "SCONJ"}, {"Baghdad", "NNP", "PROPN"}, {"troops", "NNS", "NOUN"},
      {"would", "MD", "AUX"}, {"leave", "VB", "VERB"},   {"xyzzy", "", ""}};
  uint64_t seed = 11;
  int differ = 0;
  for (int s = 0; s < 200; ++s) {
    std::vector<nlp::parsing::PToken> toks;
    const int n = 1 + static_cast<int>(Mix(seed) % 40);
    for (int i = 0; i < n; ++i) {
      const auto& w = vocab[Mix(seed) % vocab.size()];
      toks.push_back(p.MakeToken(w[0], w[1], w[2]));
    }
    std::vector<int> greedy_h, greedy_l, h1, l1, h8, l8, again_h, again_l;
    p.set_beam(1);
    p.ParseSentence(toks, greedy_h, greedy_l);
    CHECK(WellFormed(greedy_h));
    p.set_beam(8);
    p.ParseSentence(toks, h8, l8);
    CHECK(WellFormed(h8));
    p.ParseSentence(toks, again_h, again_l);
    CHECK(again_h == h8);
    CHECK(again_l == l8);
    for (int l : l8) CHECK((l >= 0 && l < static_cast<int>(p.labels().size())));
    if (h8 != greedy_h || l8 != greedy_l) ++differ;
  }
  // On random word salad the wider beam finds other trees than the greedy parser at times.
  CHECK(differ > 0);
  // A document parsed with a beam: the easy sentence keeps its parse.
  p.set_beam(8);
  Document doc = MakeDoc({{"NATO", "NNP", "PROPN"},
                          {"trains", "VBZ", "VERB"},
                          {"Iraqi", "JJ", "ADJ"},
                          {"forces", "NNS", "NOUN"},
                          {".", ".", "PUNCT"}});
  p.Parse(doc);
  CHECK(doc.tokens[1].head == -1);
  CHECK(doc.tokens[0].head == 1);
  CHECK(doc.tokens[0].deprel == "nsubj");
  CHECK(doc.tokens[3].head == 1);
  CHECK(doc.tokens[3].deprel == "obj");
  // Longer than kBeamMaxWords: parsed greedily, so the same tree as width 1.
  std::vector<nlp::parsing::PToken> longer;
  for (size_t i = 0; i < Parser::kBeamMaxWords + 50; ++i) {
    const auto& w = vocab[Mix(seed) % vocab.size()];
    longer.push_back(p.MakeToken(w[0], w[1], w[2]));
  }
  std::vector<int> bh, bl, gh, gl;
  p.set_beam(64);
  p.ParseSentence(longer, bh, bl);
  p.set_beam(1);
  p.ParseSentence(longer, gh, gl);
  CHECK(WellFormed(bh));
  CHECK(bh == gh);
  CHECK(bl == gl);
}

TEST_CASE("a 5,000-token sentence parses to a well-formed tree", "[parser]") {
  auto p = Parser::Load(kModel);
  REQUIRE(p.ok());
  const std::vector<std::vector<std::string>> vocab = {
      {"the", "DT", "DET"}, {"army", "NN", "NOUN"}, {"said", "VBD", "VERB"},
      {",", ",", "PUNCT"},  {"and", "CC", "CCONJ"}, {"in", "IN", "ADP"},
      {"Baghdad", "NNP", "PROPN"}, {"xyzzy", "", ""}};
  std::vector<std::vector<std::string>> words;
  uint64_t seed = 7;
  for (int i = 0; i < 5000; ++i) words.push_back(vocab[Mix(seed) % vocab.size()]);
  Document doc = MakeDoc(words);
  (*p)->Parse(doc);
  std::vector<int> heads;
  for (const Token& t : doc.tokens) heads.push_back(t.head);
  CHECK(WellFormed(heads));
}

TEST_CASE("parser model round trip, damaged files and failed self-tests are refused",
          "[parser]") {
  auto p = Parser::Load(kModel);
  REQUIRE(p.ok());
  auto mf = nlp::ModelFile::Load(kModel, "parser");
  REQUIRE(mf.ok());
  REQUIRE(mf->self_tests.size() >= 3);

  const std::string tmp =
      (std::filesystem::temp_directory_path() / "relata-test-parser.rmd").string();
  std::vector<std::string> inputs;
  for (const auto& t : mf->self_tests) inputs.push_back(t.input);
  REQUIRE((*p)->Save(tmp, mf->config_json, inputs).ok());
  CHECK(ReadAll(tmp) == ReadAll(kModel));  // same contents, same bytes
  auto again = Parser::Load(tmp);
  REQUIRE(again.ok());
  CHECK((*again)->labels() == (*p)->labels());
  CHECK((*again)->weights().features() == (*p)->weights().features());

  const std::string bytes = ReadAll(kModel);
  WriteAll(tmp, bytes.substr(0, bytes.size() / 2));
  auto cut = Parser::Load(tmp);
  REQUIRE_FALSE(cut.ok());
  CHECK(cut.status().message().find(tmp) != std::string::npos);

  std::string flipped = bytes;
  flipped[flipped.size() / 3] = static_cast<char>(flipped[flipped.size() / 3] ^ 0x5A);
  WriteAll(tmp, flipped);
  CHECK_FALSE(Parser::Load(tmp).ok());

  nlp::ModelFile bad = *mf;
  bad.self_tests[0].expected = "1:root 1:nsubj 1:obj 1:punct 1:punct";
  REQUIRE(bad.Save(tmp).ok());
  auto refused = Parser::Load(tmp);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().message().find("self-test") != std::string::npos);

  CHECK_FALSE(Parser::Load(tmp + ".missing").ok());
  std::remove(tmp.c_str());
}

TEST_CASE("parser lexicon: word classes, round trip, damaged data refused", "[parser]") {
  using nlp::parsing::Lexicon;
  using nlp::parsing::UposIndex;
  CHECK(UposIndex("ADJ") == 0);
  CHECK(UposIndex("X") == 16);
  CHECK(UposIndex("NNP") == -1);
  std::vector<std::pair<uint64_t, uint32_t>> entries;
  for (uint64_t k = 0; k < 500; ++k) entries.emplace_back(k * 0x9E3779B97F4A7C15ull, 1 + (k % 1000));
  Lexicon lex;
  lex.Build(entries);
  REQUIRE(lex.size() == 500);
  for (const auto& [key, set] : entries) CHECK(lex.Class(key) == ((uint64_t{1} << 32) | set));
  CHECK(lex.Class(12345) == nlp::parsing::kUnknownWord);
  CHECK(Lexicon().Class(entries[3].first) == nlp::parsing::kUnknownWord);

  nlp::ByteWriter w;
  lex.Write(w);
  const std::string bytes(w.bytes());
  Lexicon back;
  nlp::ByteReader r(bytes, "lexicon");
  REQUIRE(back.Read(r));
  CHECK(back.size() == 500);
  nlp::ByteWriter w2;
  back.Write(w2);
  CHECK(std::string(w2.bytes()) == bytes);

  Lexicon cut;
  nlp::ByteReader rc(std::string_view(bytes).substr(0, bytes.size() - 5), "lexicon");
  CHECK_FALSE(cut.Read(rc));
  std::string zero = bytes;
  for (int b = 0; b < 4; ++b) zero[8 + 8 + static_cast<size_t>(b)] = 0;  // first set = 0
  Lexicon bad;
  nlp::ByteReader rz(zero, "lexicon");
  CHECK_FALSE(bad.Read(rz));
}

TEST_CASE("parser training is deterministic and learns a tiny treebank", "[parser]") {
  const auto dir = std::filesystem::temp_directory_path();
  const std::string conllu = (dir / "relata-test-parser-train.conllu").string();
  WriteAll(conllu,
           "# text = NATO trains Iraqi forces .\n"
           "1\tNATO\tNATO\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n"
           "2\ttrains\ttrain\tVERB\tVBZ\t_\t0\troot\t_\t_\n"
           "3\tIraqi\tIraqi\tADJ\tJJ\t_\t4\tamod\t_\t_\n"
           "4\tforces\tforce\tNOUN\tNNS\t_\t2\tobj\t_\t_\n"
           "5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n"
           "\n"
           "# text = The talks resumed in Geneva .\n"
           "1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_\n"
           "2\ttalks\ttalk\tNOUN\tNNS\t_\t3\tnsubj\t_\t_\n"
           "3\tresumed\tresume\tVERB\tVBD\t_\t0\troot\t_\t_\n"
           "4\tin\tin\tADP\tIN\t_\t5\tcase\t_\t_\n"
           "5\tGeneva\tGeneva\tPROPN\tNNP\t_\t3\tobl\t_\t_\n"
           "6\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n"
           "\n");
  train::TrainOptions o;
  o.train_files = {conllu};
  o.epochs = 8;
  o.verbose = false;
  o.output = (dir / "relata-test-parser-a.rmd").string();
  REQUIRE(train::TrainParser(o).ok());
  o.output = (dir / "relata-test-parser-b.rmd").string();
  REQUIRE(train::TrainParser(o).ok());
  CHECK(ReadAll((dir / "relata-test-parser-a.rmd").string()) ==
        ReadAll((dir / "relata-test-parser-b.rmd").string()));
  auto p = Parser::Load(o.output);
  REQUIRE(p.ok());
  Document doc = MakeDoc({{"The", "DT", "DET"},
                          {"talks", "NNS", "NOUN"},
                          {"resumed", "VBD", "VERB"},
                          {"in", "IN", "ADP"},
                          {"Geneva", "NNP", "PROPN"},
                          {".", ".", "PUNCT"}});
  (*p)->Parse(doc);
  const std::vector<int> want = {1, 2, -1, 4, 2, 2};
  for (size_t i = 0; i < want.size(); ++i) CHECK(doc.tokens[i].head == want[i]);
  CHECK(doc.tokens[4].deprel == "obl");
  // The model's lexicon: the UPOS set of each training word, case and digits normalised.
  const uint64_t noun = (uint64_t{1} << 32) | (1u << nlp::parsing::UposIndex("NOUN"));
  CHECK((*p)->MakeToken("Talks", "NNS", "NOUN").amb == noun);
  CHECK((*p)->MakeToken("talks", "VBZ", "VERB").amb == noun);
  CHECK((*p)->MakeToken("Baghdad", "NNP", "PROPN").amb == nlp::parsing::kUnknownWord);
  CHECK((*p)->lexicon().size() == 10);  // "." is shared
  std::remove(conllu.c_str());
  std::remove((dir / "relata-test-parser-a.rmd").string().c_str());
  std::remove(o.output.c_str());
}

TEST_CASE("packed parser weights: rows in their slot or apart give the same sums and bytes", "[parser]") {
  // Rows of 1, 2 (kept in the slot) and 3, 5 entries (kept apart), and a model with more than
  // 256 classes, where every row is kept apart.
  for (uint32_t classes : {109u, 300u}) {
    nlp::ByteWriter w;
    w.U32(classes);
    w.F32(0.5f);
    const std::vector<std::pair<uint64_t, std::vector<std::pair<uint16_t, int16_t>>>> rows = {
        {11, {{3, 7}}},
        {22, {{0, -5}, {108, 32767}}},
        {33, {{1, 2}, {2, -3}, {3, 4}}},
        {44, {{10, 1}, {20, 2}, {30, 3}, {40, 4}, {50, -32768}}},
    };
    w.U64(rows.size());
    for (const auto& [key, row] : rows) {
      w.U64(key);
      w.U16(static_cast<uint16_t>(row.size()));
      for (const auto& [c, v] : row) w.U16(c), w.U16(static_cast<uint16_t>(v));
    }
    const std::string bytes = w.Take();
    nlp::parsing::PackedWeights pw;
    nlp::ByteReader r(bytes, "weights");
    REQUIRE(pw.Read(r));
    CHECK(pw.features() == 4);
    CHECK(pw.entries() == 11);
    const uint64_t feats[] = {44, 99, 11, 22, 33, 11};  // 99 is not in the table
    std::vector<int32_t> got(classes, 0), want(classes, 0);
    pw.Score(feats, 6, got.data());
    for (uint64_t f : feats)
      for (const auto& [key, row] : rows)
        if (key == f)
          for (const auto& [c, v] : row) want[c] += v;
    CHECK(got == want);
    nlp::ByteWriter back;
    pw.Write(back);
    CHECK(back.Take() == bytes);
  }
}

TEST_CASE("joint tagging: the parser chooses between the tagger's two best tags", "[parser]") {
  using nlp::parsing::PToken;
  const int nl = 2;  // root, dep
  const std::vector<std::string> labels = {"root", "dep"};
  nlp::parsing::TagChoice choice;
  choice.pairs = {{"NNS", "NOUN"}, {"VBZ", "VERB"}, {"NNP", "PROPN"}};
  choice.margin = 10.0f;

  // A word gets candidates only below the threshold, with two known, different pairs.
  PToken u = nlp::parsing::MakePToken("trains", "NNS", "NOUN");
  nlp::parsing::SetTagCandidates(u, "trains", 0, 1, "VBZ", "VERB", 10.0f, 10.0f);
  CHECK(u.c2 == -1);
  nlp::parsing::SetTagCandidates(u, "trains", 0, -1, "VB", "VERB", 2.0f, 10.0f);
  CHECK(u.c2 == -1);
  nlp::parsing::SetTagCandidates(u, "trains", 0, 1, "VBZ", "VERB", 2.0f, 10.0f);
  CHECK(u.c1 == 0);
  CHECK(u.c2 == 1);
  CHECK(u.mb == 0);
  CHECK(u.tag2 == nlp::parsing::MakePToken("trains", "VBZ", "VERB").tag);

  // Transitions: when word 1 reaches the buffer front, only its two TAG classes are valid.
  std::vector<PToken> toks = {nlp::parsing::MakePToken("NATO", "NNP", "PROPN"), u,
                              nlp::parsing::MakePToken("forces", "NNS", "NOUN")};
  const int classes = 1 + 2 * nl + static_cast<int>(choice.pairs.size());
  Config c;
  c.Init(3);
  c.SetCandidates(toks.data());
  CHECK_FALSE(c.pending);
  CHECK_FALSE(c.Valid(Config::TagClass(nl, 0), nl));
  c.Apply(nlp::parsing::kShift, nl);
  REQUIRE(c.pending);
  for (int k = 0; k < classes; ++k)
    CHECK(c.Valid(k, nl) == (k == Config::TagClass(nl, 0) || k == Config::TagClass(nl, 1)));
  uint64_t pending_feats[nlp::parsing::kMaxFeatures];
  const int npf = nlp::parsing::ExtractFeatures(c, toks.data(), pending_feats);
  // The oracle: choosing the gold pair costs nothing, the other one.
  train::ArcHybridOracle o;
  const std::vector<int> head = {1, 3, 1}, label = {1, 0, 1}, gold_tag = {2, 1, 0};
  o.Init(head, label, &gold_tag, static_cast<int>(choice.pairs.size()));
  std::vector<int> cost(static_cast<size_t>(classes));
  o.Costs(c, nl, cost.data());
  CHECK(cost[static_cast<size_t>(Config::TagClass(nl, 1))] == 0);
  CHECK(cost[static_cast<size_t>(Config::TagClass(nl, 0))] == 1);
  CHECK(cost[0] == train::ArcHybridOracle::kInvalid);
  c.Apply(Config::TagClass(nl, 1), nl);
  CHECK_FALSE(c.pending);
  CHECK(c.pick2[1] == 1);
  uint64_t chosen_feats[nlp::parsing::kMaxFeatures];
  const int ncf = nlp::parsing::ExtractFeatures(c, toks.data(), chosen_feats);
  CHECK(ncf == npf - 4);  // the choice's own four templates are gone
  CHECK(std::vector<uint64_t>(pending_feats, pending_feats + ncf) !=
        std::vector<uint64_t>(chosen_feats, chosen_feats + ncf));

  // A parser whose only weights make TAG(VBZ) win in that configuration swaps the token's
  // tags with the tagger's second choice when it parses with a beam, and the model keeps its
  // tag pairs.
  nlp::SparseWeights w;
  w.Reset(classes, 1.0f);
  for (int i = 0; i < npf; ++i)
    w.AddRow(pending_feats[i], {{static_cast<uint16_t>(Config::TagClass(nl, 1)), 100}});
  auto p = Parser::FromParts(labels, w, nlp::parsing::Lexicon(), nlp::WordClusters(), choice);
  auto parse = [](const Parser& parser, float margin) {
    Document doc = MakeDoc({{"NATO", "NNP", "PROPN"}, {"trains", "NNS", "NOUN"}, {"forces", "NNS", "NOUN"}});
    static const std::string kVbz = "VBZ", kVerb = "VERB";
    doc.tokens[1].xpos2 = kVbz;
    doc.tokens[1].upos2 = kVerb;
    doc.tokens[1].tag_margin = margin;
    const size_t retagged = parser.Parse(doc);
    std::vector<int> heads;
    for (const Token& t : doc.tokens) heads.push_back(t.head);
    CHECK(WellFormed(heads));
    return std::make_pair(retagged, doc);
  };
  CHECK(parse(*p, 2.0f).first == 0);  // the greedy parser keeps the tagger's tags
  p->set_beam(2);
  auto [n1, d1] = parse(*p, 2.0f);
  CHECK(n1 == 1);
  CHECK(d1.tokens[1].xpos == "VBZ");
  CHECK(d1.tokens[1].upos == "VERB");
  CHECK(d1.tokens[1].xpos2 == "NNS");
  auto [n2, d2] = parse(*p, 20.0f);  // the tagger was sure: no choice
  CHECK(n2 == 0);
  CHECK(d2.tokens[1].xpos == "NNS");

  const auto dir = std::filesystem::temp_directory_path();
  const std::string path = (dir / "relata-test-parser-joint.rmd").string();
  REQUIRE(p->Save(path, "{}", {}).ok());
  auto loaded = Parser::Load(path);
  REQUIRE(loaded.ok());
  CHECK((*loaded)->tag_choice().pairs == choice.pairs);
  CHECK((*loaded)->tag_choice().margin == choice.margin);
  CHECK((*loaded)->TagPair("VBZ", "VERB") == 1);
  CHECK((*loaded)->TagPair("VB", "VERB") == -1);
  (*loaded)->set_beam(2);
  CHECK(parse(**loaded, 2.0f).first == 1);
  // Weights without the TAG classes do not fit the tag pairs: refused.
  nlp::SparseWeights small;
  small.Reset(1 + 2 * nl, 1.0f);
  REQUIRE(Parser::FromParts(labels, small, nlp::parsing::Lexicon(), nlp::WordClusters(), choice)
              ->Save(path, "{}", {})
              .ok());
  auto bad = Parser::Load(path);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message().find("classes") != std::string::npos);
  std::remove(path.c_str());
}
