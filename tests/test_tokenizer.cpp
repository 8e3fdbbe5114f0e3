#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "nlp/model_file.h"
#include "nlp/seg_eval.h"
#include "nlp/tokenizer.h"

using namespace relata;
namespace fs = std::filesystem;

namespace {

const std::string kModel = RELATA_SOURCE_DIR "/models/tokenizer.rmd";

const Tokenizer& Trained() {
  static std::unique_ptr<Tokenizer> tok = [] {
    auto r = Tokenizer::Load(kModel);
    if (!r.ok()) FAIL(r.status().message());
    return std::move(r).value();
  }();
  return *tok;
}

Document Run(const Tokenizer& t, const std::string& text) {
  Document d;
  d.text = text;
  t.Tokenize(d);
  return d;
}

// Checks the tokens' forms and that their offsets tile the text: each token's span spells
// its form, and only white space lies between consecutive tokens.
void CheckTokens(const Document& d, const std::vector<std::string>& expected) {
  INFO("text: " << d.text);
  std::vector<std::string> got;
  for (const Token& t : d.tokens) got.push_back(t.form);
  CHECK(got == expected);
  uint32_t prev = 0;
  for (const Token& t : d.tokens) {
    REQUIRE(t.begin < t.end);
    REQUIRE(t.end <= d.text.size());
    CHECK(d.text.substr(t.begin, t.end - t.begin) == t.form);
    for (uint32_t i = prev; i < t.begin; ++i) CHECK(std::isspace(static_cast<unsigned char>(d.text[i])));
    prev = t.end;
  }
}

Token Tok(uint32_t b, uint32_t e, const char* form) {
  Token t;
  t.begin = b;
  t.end = e;
  t.form = form;
  return t;
}
Sentence Sent(uint32_t f, uint32_t l) {
  Sentence s;
  s.first = f;
  s.last = l;
  return s;
}

std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = s.find(' ', i);
    if (j == std::string::npos) j = s.size();
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

}  // namespace

TEST_CASE("tokenizer: hard cases with offsets", "[tokenizer]") {
  const Tokenizer& t = Trained();
  struct Case {
    const char* text;
    const char* tokens;  // expected forms, space-separated
  };
  const Case cases[] = {
      {"I don't know, we won't go and can't stop.", "I do n't know , we wo n't go and ca n't stop ."},
      {"It's gonna rain; they're sure I'm wrong, you've seen it, we'll see, he'd go.",
       "It 's gon na rain ; they 're sure I 'm wrong , you 've seen it , we 'll see , he 'd go ."},
      {"We cannot wait.", "We can not wait ."},
      {"The army\xE2\x80\x99s plan isn\xE2\x80\x99t new.", "The army \xE2\x80\x99s plan is n\xE2\x80\x99t new ."},
      {"Mr. Smith of the U.S. Army met Maj.-Gen. Jones.", "Mr. Smith of the U.S. Army met Maj.-Gen. Jones ."},
      {"Shares fell 3.5% to $4.25 on 5,200 trades.", "Shares fell 3.5 % to $ 4.25 on 5,200 trades ."},
      {"Write to jane.doe@example.com or see https://example.org/a-b?x=1.",
       "Write to jane.doe@example.com or see https://example.org/a-b?x=1 ."},
      {"He said \xE2\x80\x9Cno\xE2\x80\x9D \xE2\x80\x94 then left\xE2\x80\xA6", "He said \xE2\x80\x9C no \xE2\x80\x9D \xE2\x80\x94 then left \xE2\x80\xA6"},
      {"``Fine,'' she said (quietly)...", "`` Fine , '' she said ( quietly ) ..."},
      {"\"Yes,\" he said \xE2\x80\x93 \xC2\xAB" "bien\xC2\xBB.", "\" Yes , \" he said \xE2\x80\x93 \xC2\xAB bien \xC2\xBB ."},
      {"The 500-person rally sent an e-mail at 10:30 a.m. on 11/28/2000.",
       "The 500 - person rally sent an e-mail at 10:30 a.m. on 11/28/2000 ."},
      {"The writers' union, O'Brien's 1990's band.", "The writers ' union , O'Brien 's 1990's band ."},
      {"\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0, \xC2\xA1Hola! \xC2\xBFQu\xC3\xA9? 20\xE2\x82\xAC",
       "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 , \xC2\xA1 Hola ! \xC2\xBF Qu\xC3\xA9 ? 20 \xE2\x82\xAC"},
  };
  for (const Case& c : cases) CheckTokens(Run(t, c.text), Split(c.tokens));

  // Explicit offsets for one line.
  Document d = Run(t, "Don't   go.");
  REQUIRE(d.tokens.size() == 4);
  CHECK(d.tokens[0].begin == 0);
  CHECK(d.tokens[0].end == 2);
  CHECK(d.tokens[1].begin == 2);
  CHECK(d.tokens[1].end == 5);
  CHECK_FALSE(d.tokens[0].space_after);
  CHECK(d.tokens[1].space_after);
  CHECK(d.tokens[2].begin == 8);
  CHECK(d.tokens[3].begin == 10);
  CHECK_FALSE(d.tokens[2].space_after);
}

TEST_CASE("tokenizer: sentence splitting", "[tokenizer]") {
  const Tokenizer& t = Trained();
  struct Case {
    const char* text;
    const char* expected;  // SegmentationString
  };
  const Case cases[] = {
      {"Mr. Smith went to Washington. He met Dr. Jones there.",
       "Mr. Smith went to Washington . | He met Dr. Jones there ."},
      {"The U.S. Army said so. Really? Yes!", "The U.S. Army said so . | Really ? | Yes !"},
      {"\"We will win.\" The crowd cheered.", "\" We will win . \" | The crowd cheered ."},
      {"Storm hits coast\n\nWASHINGTON (Reuters) - A storm hit the coast on Monday. It was big.",
       "Storm hits coast | WASHINGTON ( Reuters ) - | A storm hit the coast on Monday . | It was big ."},
      {"He arrived on Jan. 5 with Gen. Smith.", "He arrived on Jan. 5 with Gen. Smith ."},
      {"Prices rose (see below.) Then they fell.", "Prices rose ( see below . ) | Then they fell ."},
      {"Storm hits coast\nLONDON (AP) \xE2\x80\x94 The storm hit the\ncoast today.",
       "Storm hits coast | LONDON ( AP ) \xE2\x80\x94 | The storm hit the coast today ."},
      {"BEIRUT, March 3 (Reuters) - Talks resumed. Both sides agreed.",
       "BEIRUT , March 3 ( Reuters ) - | Talks resumed . | Both sides agreed ."},
      {"He cited Smith et al., then left.", "He cited Smith et al. , then left ."},
      {"AMMAN, June 12, 2024 - Jordan and Peru signed it.",
       "AMMAN , June 12 , 2024 - | Jordan and Peru signed it ."},
      {"PARIS, Sept. 3 - Talks resumed.", "PARIS , Sept. 3 - | Talks resumed ."},
      // Not a date after the comma: no dateline.
      {"NATO, the alliance - as always - met.", "NATO , the alliance - as always - met ."},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    CHECK(nlp::SegmentationString(Run(t, c.text)) == c.expected);
  }
}

TEST_CASE("tokenizer: robustness and linear time", "[tokenizer]") {
  const Tokenizer& t = Trained();
  CHECK(Run(t, "").tokens.empty());
  CHECK(Run(t, "").sentences.empty());
  CHECK(Run(t, " \n\n\t ").tokens.empty());

  // Invalid UTF-8 and arbitrary bytes: no crash, spans in range and ordered.
  std::string junk;
  uint64_t x = 12345;
  for (int i = 0; i < 20000; ++i) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    junk.push_back(static_cast<char>(x >> 56));
  }
  junk += "\xE2\x82";  // truncated sequence at the end
  Document d = Run(t, junk);
  uint32_t prev = 0;
  for (const Token& tok : d.tokens) {
    REQUIRE(tok.begin >= prev);
    REQUIRE(tok.end > tok.begin);
    REQUIRE(tok.end <= junk.size());
    prev = tok.end;
  }
  for (const Sentence& s : d.sentences) CHECK(s.last - s.first <= nlp::kMaxSentenceTokens);

  // Valid multi-byte text is never cut inside a code point.
  Document u = Run(t, "Caf\xC3\xA9s \xE2\x80\x9Cna\xC3\xAFve\xE2\x80\x9D \xF0\x9F\x98\x80 \xE4\xB8\xAD\xE6\x96\x87\xE2\x80\x94ok.");
  for (const Token& tok : u.tokens) {
    CHECK((static_cast<unsigned char>(u.text[tok.begin]) & 0xC0) != 0x80);
    if (tok.end < u.text.size()) CHECK((static_cast<unsigned char>(u.text[tok.end]) & 0xC0) != 0x80);
  }

  // A single 200,000-character line and a 5,000-token sentence without punctuation.
  std::string line;
  while (line.size() < 200000) line += "word, don't U.S. 3.5% (x) ";
  std::string nopunct;
  for (int i = 0; i < 5000; ++i) nopunct += "word ";
  // Long chunks without white space, of the kinds the rules treat specially.
  std::string hyphens, dots, apostrophes, ats;
  while (hyphens.size() < 200000) hyphens += "ab-";
  while (dots.size() < 200000) dots += "x.y";
  while (apostrophes.size() < 200000) apostrophes += "a'";
  while (ats.size() < 200000) ats += "a@b.";
  for (const std::string* text : {&line, &nopunct, &hyphens, &dots, &apostrophes, &ats}) {
    auto t0 = std::chrono::steady_clock::now();
    Document big = Run(t, *text);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    CHECK(secs < 2.0);
    REQUIRE_FALSE(big.sentences.empty());
    CHECK(big.sentences.front().first == 0);
    CHECK(big.sentences.back().last == big.tokens.size());
    for (size_t i = 0; i < big.sentences.size(); ++i) {
      CHECK(big.sentences[i].last - big.sentences[i].first <= nlp::kMaxSentenceTokens);
      if (i) CHECK(big.sentences[i].first == big.sentences[i - 1].last);
    }
  }
}

TEST_CASE("tokenizer: rules without a learnt model", "[tokenizer]") {
  Tokenizer t{nlp::TokenizerModel{}};
  Document d = Run(t, "They'd say it isn't so.\n\nNext paragraph");
  CheckTokens(d, Split("They 'd say it is n't so . Next paragraph"));
  REQUIRE(d.sentences.size() == 2);  // the blank line is a hard break
  CHECK(d.sentences[0].last == 8);
}

TEST_CASE("tokenizer: model round trip and self-test refusal", "[tokenizer]") {
  auto file = nlp::ModelFile::Load(kModel, "tokenizer");
  REQUIRE(file.ok());
  REQUIRE(file->self_tests.size() >= 3);
  const Tokenizer& t = Trained();

  // Rewrite the model from the loaded tokenizer: identical behaviour.
  nlp::ModelFile copy = *file;
  copy.sections.clear();
  nlp::WriteTokenizerSections(t.model(), copy.sections);
  std::string p = (fs::temp_directory_path() / "relata-tokenizer-test.rmd").string();
  REQUIRE(copy.Save(p).ok());
  auto back = Tokenizer::Load(p);
  REQUIRE(back.ok());
  const char* text = "Mr. Jones can't say. The U.S. said \xE2\x80\x9Cno\xE2\x80\x9D.";
  CHECK(nlp::SegmentationString(Run(**back, text)) == nlp::SegmentationString(Run(t, text)));

  // A model whose output differs from its recorded self-test is refused.
  nlp::ModelFile bad = *file;
  bad.self_tests[0].expected += " X";
  REQUIRE(bad.Save(p).ok());
  auto refused = Tokenizer::Load(p);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().message().find(p + ": self-test 1 failed") == 0);

  // A damaged section is reported with the file and the section.
  nlp::ModelFile broken = *file;
  for (auto& [name, bytes] : broken.sections)
    if (name == "mwt") bytes.resize(bytes.size() / 2);
  REQUIRE(broken.Save(p).ok());
  auto damaged = Tokenizer::Load(p);
  REQUIRE_FALSE(damaged.ok());
  CHECK(damaged.status().message().find(p + ": section mwt: byte") == 0);
  fs::remove(p);
  CHECK_FALSE(Tokenizer::Load(p).ok());
}

TEST_CASE("segmentation scores on hand-made documents", "[tokenizer]") {
  // Text "ab cd. ef": gold tokens ab, cd, ., ef; sentences [ab cd .] [ef].
  Document gold;
  gold.text = "ab cd. ef";
  gold.tokens = {Tok(0, 2, "ab"), Tok(3, 5, "cd"), Tok(5, 6, "."), Tok(7, 9, "ef")};
  gold.sentences = {Sent(0, 3), Sent(3, 4)};
  // Predicted: "cd." kept whole (one wrong token, two gold tokens missed), one sentence.
  Document pred;
  pred.text = gold.text;
  pred.tokens = {Tok(0, 2, "ab"), Tok(3, 6, "cd."), Tok(7, 9, "ef")};
  pred.sentences = {Sent(0, 3)};
  nlp::SegmentationScores s = nlp::Evaluate(gold, pred);
  CHECK(s.tokens.gold == 4);
  CHECK(s.tokens.predicted == 3);
  CHECK(s.tokens.correct == 2);
  CHECK(s.tokens.Precision() == Approx(200.0 / 3));
  CHECK(s.tokens.Recall() == Approx(50.0));
  CHECK(s.tokens.F1() == Approx(2 * (200.0 / 3) * 50.0 / (200.0 / 3 + 50.0)));
  CHECK(s.sentences.correct == 0);
  CHECK(s.sentences.F1() == 0.0);

  nlp::SegmentationScores same = nlp::Evaluate(gold, gold);
  CHECK(same.tokens.F1() == Approx(100.0));
  CHECK(same.sentences.F1() == Approx(100.0));

  // Words of a multi-word token sharing one span count as a multiset.
  Document mwt;
  mwt.text = "its";
  mwt.tokens = {Tok(0, 3, "it"), Tok(0, 3, "s")};
  mwt.sentences = {Sent(0, 2)};
  Document one = mwt;
  one.tokens = {Tok(0, 3, "its")};
  one.sentences = {Sent(0, 1)};
  nlp::SegmentationScores m = nlp::Evaluate(mwt, one);
  CHECK(m.tokens.correct == 1);
  CHECK(m.tokens.Recall() == Approx(50.0));
  CHECK(m.sentences.correct == 1);
  CHECK(nlp::Evaluate(Document{}, Document{}).tokens.F1() == 0.0);
}
