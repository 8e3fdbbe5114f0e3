// CaRB formats and scorer (src/extract/carb.h), the extraction JSON writer, and the reader of
// pre-tokenized lines behind `relata oie`. Every expected score below is worked out by hand
// in the comments.
#include <catch2/catch.hpp>

#include <string>

#include "extract/carb.h"
#include "extract/extraction_json.h"

using namespace relata;
using namespace relata::carb;

namespace {

Tuple T(std::string rel, std::vector<std::string> args, double conf = 1) {
  Tuple t;
  t.relation = std::move(rel);
  t.args = std::move(args);
  t.confidence = conf;
  return t;
}

TupleSet Gold(const std::string& text) {
  auto r = ParseGold(text, "gold.tsv");
  REQUIRE(r.ok());
  return std::move(r).value();
}

TupleSet System(const std::string& text) {
  auto r = ParseSystem(text, "sys.tsv");
  REQUIRE(r.ok());
  return std::move(r).value();
}

}  // namespace

TEST_CASE("sentence keys drop spaces, PTB bracket escapes and ASCII punctuation", "[carb]") {
  CHECK(SentenceKey("Mr. Baker -LRB- 1941 -RRB- left .") == "MrBaker1941left");
  CHECK(SentenceKey("Mr . Baker ( 1941 ) left") == "MrBaker1941left");
  CHECK(SentenceKey("`` Hi , '' he said !") == "Hihesaid");
  // Only U+0020 goes: other white space and non-ASCII punctuation stay.
  CHECK(SentenceKey("a\xC2\xA0" "b \xE2\x80\x9C") == "a\xC2\xA0" "b\xE2\x80\x9C");
  // The escapes are read as brackets before the punctuation goes, so no new escape appears.
  CHECK(SentenceKey("-RR-LRB-B-") == "RRB");
}

TEST_CASE("tuple match: token overlap part by part, arguments folded to two", "[carb]") {
  // Gold: found | Mr. Baker | an opening | under the house -> arg2 = "an opening under the house".
  Tuple gold = T("found", {"Mr. Baker", "an opening", "under the house"});
  // Relation 1/1, arg1 2/2, arg2: both system words found. Precision 5/5; recall 5/(1+2+5).
  MatchScore m = MatchTuples(gold, T("found", {"Mr. Baker", "an opening"}));
  CHECK(m.precision == Approx(1.0));
  CHECK(m.recall == Approx(5.0 / 8));
  // System further arguments fold into arg2 too: "an opening" + "under the house".
  m = MatchTuples(gold, T("found", {"Mr. Baker", "an opening", "under the house"}));
  CHECK(m.precision == Approx(1.0));
  CHECK(m.recall == Approx(1.0));
  // Extra words lower precision: arg2 "an opening near the house" matches 4 of 5 gold words
  // ("an", "opening", "the", "house"); precision (1+2+4)/(1+2+5), recall the same.
  m = MatchTuples(gold, T("found", {"Mr. Baker", "an opening near the house"}));
  CHECK(m.precision == Approx(7.0 / 8));
  CHECK(m.recall == Approx(7.0 / 8));
  // No relation word in common: no match, whatever the arguments.
  m = MatchTuples(gold, T("discovered", {"Mr. Baker", "an opening under the house"}));
  CHECK(m.precision == 0);
  CHECK(m.recall == 0);
  // Fewer arguments than the gold tuple: no match.
  m = MatchTuples(gold, T("found", {"Mr. Baker"}));
  CHECK(m.precision == 0);
  CHECK(m.recall == 0);
  // Case counts (as in the reference scorer): "mr." and "baker" match nothing. Relation 1/1,
  // arg1 0/2, arg2 2/2 -> precision 3/5; recall 3/8.
  m = MatchTuples(gold, T("found", {"mr. baker", "an opening"}));
  CHECK(m.precision == Approx(3.0 / 5));
  CHECK(m.recall == Approx(3.0 / 8));
  // Words match as multisets: gold "the the" against system "the" is 1 word.
  m = MatchTuples(T("r", {"the the"}), T("r", {"the"}));
  CHECK(m.precision == Approx(1.0));       // (1+1)/(1+1)
  CHECK(m.recall == Approx(2.0 / 3));      // (1+1)/(1+2)
}

TEST_CASE("tuple match: 'be' in a system relation matches a form of be", "[carb]") {
  // Gold "is" vs system "be": no word in common, but "be" counts as one match.
  MatchScore m = MatchTuples(T("is", {"Bush", "President"}), T("be", {"Bush", "President"}));
  CHECK(m.precision == Approx(1.0));
  CHECK(m.recall == Approx(1.0));
  // "was capital of" vs "be capital of": 2 direct + 1 for be -> 3/3 both ways.
  m = MatchTuples(T("was capital of", {"Bonn", "Germany"}), T("be capital of", {"Bonn", "Germany"}));
  CHECK(m.precision == Approx(1.0));
  CHECK(m.recall == Approx(1.0));
  // Any other relation word gets no such help.
  m = MatchTuples(T("is", {"Bush", "President"}), T("become", {"Bush", "President"}));
  CHECK(m.precision == 0);
}

TEST_CASE("tuple match: said-type gold relations also try the system arguments swapped", "[carb]") {
  Tuple gold = T("said", {"he", "the deal was done"});
  // Straight: arg1 "he" vs "the deal was done" 0, arg2 4 words vs "he" 0: 1/6 both ways.
  // Swapped: everything matches. The better (by precision, then recall) is kept.
  MatchScore m = MatchTuples(gold, T("said", {"the deal was done", "he"}));
  CHECK(m.precision == Approx(1.0));
  CHECK(m.recall == Approx(1.0));
  // Not a said-type relation: no swapping.
  m = MatchTuples(T("signed", {"he", "the deal"}), T("signed", {"the deal", "he"}));
  CHECK(m.precision == Approx(1.0 / 4));  // relation only, of 1+2+1 words
  CHECK(m.recall == Approx(1.0 / 4));
}

TEST_CASE("tuple match: system arguments beyond the gold tuple's are not counted", "[carb]") {
  // Gold with one argument; the system's arg2 "Y Z" enters neither count (reference rule).
  MatchScore m = MatchTuples(T("r", {"X"}), T("r", {"X", "Y Z"}));
  CHECK(m.precision == Approx(1.0));
  CHECK(m.recall == Approx(1.0));
}

TEST_CASE("gold reader: trimmed fields, context arguments dropped, trailing empty fields gone", "[carb]") {
  TupleSet g = Gold(
      "A b c .\tr1\tx\ty\r\n"
      "\n"
      "A b c . \tr2\tu\tC: they said\tv\n"  // the same sentence: trailing space ignored
      "B .\ts\tp\t\n");                      // the empty arg2 goes with the line's white space
  REQUIRE(g.sentences.size() == 2);
  REQUIRE(g.sentences[0].tuples.size() == 2);
  CHECK(g.sentences[0].tuples[0].args == std::vector<std::string>{"x", "y"});
  CHECK(g.sentences[0].tuples[1].args == std::vector<std::string>{"u", "v"});
  CHECK(g.sentences[0].tuples[1].line == 3);
  CHECK(g.sentences[1].tuples[0].args == std::vector<std::string>{"p"});
  CHECK(g.TupleCount() == 3);

  auto bad = ParseGold("ok\tr\ta\nonly one field\n", "g.tsv");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message() == "g.tsv:2: expected sentence<TAB>relation<TAB>arg1...");
  bad = ParseGold("ok\tr\ta\nbad \xFF\tr\ta\n", "g.tsv");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message() == "g.tsv:2: invalid UTF-8");
}

TEST_CASE("system reader: confidence must be a finite number", "[carb]") {
  TupleSet s = System("A b c .\t0.25\tr1\tx\ty\tz\n\nA b c .\t 1 \tr2\tu\n");
  REQUIRE(s.sentences.size() == 1);
  REQUIRE(s.sentences[0].tuples.size() == 2);
  CHECK(s.sentences[0].tuples[0].confidence == 0.25);
  CHECK(s.sentences[0].tuples[0].args == std::vector<std::string>{"x", "y", "z"});
  CHECK(s.sentences[0].tuples[1].confidence == 1);
  for (const char* bad : {"A\tabc\tr\tx\n", "A\tnan\tr\tx\n", "A\tinf\tr\tx\n", "A\t0.5x\tr\tx\n", "A\t\tr\tx\n"}) {
    auto r = ParseSystem(std::string("A\t0.5\tr\tx\n") + bad, "sys.tsv");
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message().rfind("sys.tsv:2: confidence", 0) == 0);
  }
  auto r = ParseSystem("A\t0.5\n", "sys.tsv");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message() == "sys.tsv:1: expected sentence<TAB>confidence<TAB>relation<TAB>arg1...");
}

TEST_CASE("scores: one-to-one precision, best recall per gold tuple, threshold sweep, AUC", "[carb]") {
  // Sentence A has two gold tuples, B one; the system answers A twice, B never, and a
  // sentence C that is not in the gold file.
  TupleSet gold = Gold(
      "A b c .\tr1\tx\ty\n"
      "A b c .\tr2\tu\tv\n"
      "B .\ts\tp\tq\n");
  TupleSet sys = System(
      "A b c .\t0.9\tr1\tx\ty\n"    // s1: vs g1 P=1, R=1; vs g2 0
      "A b c .\t0.5\tr1\tx\ty w\n"  // s2: vs g1 P=(1+1+1)/(1+1+2)=3/4, R=1; vs g2 0
      "C .\t0.7\tk\tl\n");          // s3: outside the gold: only adds the threshold 0.7
  // Thresholds 0.5, 0.7, 0.9.
  // t=0.5, A: s1 and s2. Recall: g1 best 1, g2 0 -> 1 of 2. Precision, one-to-one: the best
  //   pair (g1,s1)=1 first, then s2 can only take g2: 0 -> 1 of 2 tuples (without the
  //   one-to-one rule s2 would count 3/4). B: 0 of 1. P = 1/2, R = 1/3, F1 = 0.4.
  // t=0.7 and t=0.9, A: s1 only: P = 1/1; R = 1/3 (with B) -> F1 = 0.5.
  // Best F1 0.5, first reached at t=0.7.
  // AUC: points (R,P) (1/3,1/2) (1/3,1) (1/3,1) then (0,1): only the last step has width:
  //   1/3 * (1+1)/2 = 1/3.
  Scores sc = Score(gold, sys);
  REQUIRE(sc.curve.size() == 3);
  CHECK(sc.curve[0].threshold == 0.5);
  CHECK(sc.curve[0].precision == Approx(0.5));
  CHECK(sc.curve[0].recall == Approx(1.0 / 3));
  CHECK(sc.curve[0].f1 == Approx(0.4));
  CHECK(sc.curve[1].threshold == 0.7);
  CHECK(sc.curve[1].precision == Approx(1.0));
  CHECK(sc.curve[1].recall == Approx(1.0 / 3));
  CHECK(sc.curve[2].precision == Approx(1.0));
  CHECK(sc.curve[2].recall == Approx(1.0 / 3));
  CHECK(sc.f1 == Approx(0.5));
  CHECK(sc.precision == Approx(1.0));
  CHECK(sc.recall == Approx(1.0 / 3));
  CHECK(sc.threshold == 0.7);
  CHECK(sc.auc == Approx(1.0 / 3));
  CHECK(sc.gold_sentences == 2);
  CHECK(sc.gold_tuples == 3);
  CHECK(sc.system_tuples == 3);
  CHECK(sc.system_tuples_scored == 2);
  CHECK(sc.system_sentences_not_in_gold == 1);
  CHECK(sc.gold_sentences_without_output == 1);
}

TEST_CASE("scores: a system tuple serves one gold tuple for precision, any number for recall", "[carb]") {
  // g2 = g1 with one more arg2 word. s1 matches g1 fully and g2 with P=1, R=3/4; s2 nothing.
  TupleSet gold = Gold("S .\tr\tx\ty\nS .\tr\tx\ty z\n");
  TupleSet sys = System("S .\t0.5\tr\tx\ty\nS .\t0.5\tq\tw\n");
  // Recall: g1 best 1 (s1), g2 best 3/4 (s1 again) -> 1.75/2.
  // Precision: (g1,s1)=1 is paired first; g2 is left with s2: 0 -> 1/2 (not 2/2).
  Scores sc = Score(gold, sys);
  REQUIRE(sc.curve.size() == 1);
  CHECK(sc.precision == Approx(0.5));
  CHECK(sc.recall == Approx(0.875));
  CHECK(sc.f1 == Approx(2 * 0.5 * 0.875 / 1.375));
}

TEST_CASE("scores: the precision pairing is greedy in gold then system order, not optimal", "[carb]") {
  // (g1,s1)=1, (g1,s2)=1, (g2,s1)=1, (g2,s2)=0 in precision. The first pair of highest
  // precision is (g1,s1); s2 then only has g2: 0. Total 1 of 2, where the best assignment
  // ((g1,s2), (g2,s1)) would give 2 of 2.
  TupleSet gold = Gold("S .\tr p\ta\tb\nS .\tr q\ta\tb\n");
  TupleSet sys = System("S .\t0.5\tr\ta\tb\nS .\t0.5\tp\ta\tb\n");
  CHECK(MatchTuples(gold.sentences[0].tuples[0], sys.sentences[0].tuples[1]).precision == Approx(1.0));
  CHECK(MatchTuples(gold.sentences[0].tuples[1], sys.sentences[0].tuples[0]).precision == Approx(1.0));
  CHECK(MatchTuples(gold.sentences[0].tuples[1], sys.sentences[0].tuples[1]).precision == 0);
  // Recall: g1 3 of its 4 words with either; g2 3 of 4 with s1 -> 0.75.
  Scores sc = Score(gold, sys);
  CHECK(sc.precision == Approx(0.5));
  CHECK(sc.recall == Approx(0.75));
}

TEST_CASE("scores: the sweep trades recall for precision", "[carb]") {
  // One sentence, two gold tuples. s1 (0.8) matches g1 fully; s2 (0.3) matches g2 fully;
  // s3 (0.3) matches nothing.
  TupleSet gold = Gold("S .\ta\tb\tc\nS .\td\te\tf\n");
  TupleSet sys = System("S .\t0.8\ta\tb\tc\nS .\t0.3\td\te\tf\nS .\t0.3\tz\tz\tz\n");
  // t=0.3: all three. Recall 2/2. Precision: greedy (g1,s1)=1, (g2,s2)=1; s3 unmatched:
  //   2/3. F1 = 2*(2/3)/(2/3+1) = 0.8.
  // t=0.8: s1 only. Recall 1/2, precision 1: F1 = 2/3.
  // AUC: (1, 2/3) -> (1/2, 1) -> (0, 1): 1/2*(2/3+1)/2 + 1/2*1 = 5/12 + 1/2 = 11/12.
  Scores sc = Score(gold, sys);
  REQUIRE(sc.curve.size() == 2);
  CHECK(sc.curve[0].precision == Approx(2.0 / 3));
  CHECK(sc.curve[0].recall == Approx(1.0));
  CHECK(sc.curve[1].precision == Approx(1.0));
  CHECK(sc.curve[1].recall == Approx(0.5));
  CHECK(sc.f1 == Approx(0.8));
  CHECK(sc.threshold == 0.3);
  CHECK(sc.auc == Approx(11.0 / 12));
}

TEST_CASE("scores: gold against itself is perfect; no output scores zero", "[carb]") {
  const std::string gold_text = "A b .\tr\tx\ty\tz\nA b .\tq\tx\nB .\tis\tp\tq\n";
  TupleSet gold = Gold(gold_text);
  TupleSet self = System("A b .\t1\tr\tx\ty\tz\nA b .\t1\tq\tx\nB .\t1\tis\tp\tq\n");
  Scores sc = Score(gold, self);
  CHECK(sc.precision == Approx(1.0));
  CHECK(sc.recall == Approx(1.0));
  CHECK(sc.f1 == Approx(1.0));
  CHECK(sc.auc == Approx(1.0));  // (1,1) then (0,1)

  Scores none = Score(gold, TupleSet{});
  CHECK(none.curve.empty());
  CHECK(none.f1 == 0);
  CHECK(none.auc == 0);
  CHECK(none.gold_sentences_without_output == 2);
}

TEST_CASE("pre-tokenized lines: offsets, tagger forms, blank lines, errors with the line", "[carb]") {
  const std::string text = "`` Hi , '' he said .\r\n\n  -LRB- x -RRB-  \nlast";
  auto r = TokenizeLines(text, "in.txt", 10);
  REQUIRE(r.ok());
  const TokenizedLines& t = *r;
  REQUIRE(t.doc.sentences.size() == 3);
  CHECK(t.line_number == std::vector<uint32_t>{10, 12, 13});
  CHECK(t.doc.text == text);
  const Token& q = t.doc.tokens[0];
  CHECK(text.substr(q.begin, q.end - q.begin) == "``");
  CHECK(q.form == "\"");
  CHECK(t.doc.tokens[3].form == "\"");
  CHECK(t.doc.tokens[4].form == "he");
  CHECK(text.substr(t.line_begin[0], t.line_end[0] - t.line_begin[0]) == "`` Hi , '' he said .");
  const Sentence& s2 = t.doc.sentences[1];
  REQUIRE(s2.last - s2.first == 3);
  CHECK(t.doc.tokens[s2.first].form == "(");
  CHECK(t.doc.tokens[s2.first + 2].form == ")");
  CHECK(text.substr(t.doc.tokens[s2.first].begin, 5) == "-LRB-");
  CHECK(t.doc.tokens.back().form == "last");
  CHECK_FALSE(t.doc.tokens.back().space_after);
  auto slash = TokenizeLines("1\\/2 \\* a\\b\n", "in.txt");
  REQUIRE(slash.ok());
  REQUIRE(slash->doc.tokens.size() == 3);
  CHECK(slash->doc.tokens[0].form == "1/2");
  CHECK(slash->doc.tokens[1].form == "*");
  CHECK(slash->doc.tokens[2].form == "a\\b");
  CHECK(slash->doc.tokens[0].end == 4);

  auto bad = TokenizeLines("fine\nbad \xC3\x28 x\n", "in.txt");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message() == "in.txt:2: invalid UTF-8 at byte 5 of the line");
  bad = TokenizeLines(std::string("a b\nc\0d\n", 8), "in.txt");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message().rfind("in.txt:2: control character 0x00 at byte 2", 0) == 0);
  bad = TokenizeLines("a\tb\n", "in.txt");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message().rfind("in.txt:1: control character 0x09", 0) == 0);
  bad = TokenizeLines("ok\n" + std::string(kMaxLineBytes + 1, 'a') + "\n", "in.txt");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message() == "in.txt:2: line longer than 65536 bytes");
}

namespace {

// "Mr. Baker found an opening ." with an extraction made by hand.
struct Fixture {
  Document doc;
  Extraction e;
  Fixture() {
    doc.text = "x .\nMr. Baker found an opening .";
    auto add = [&](uint32_t b, uint32_t e2) {
      Token t;
      t.begin = b;
      t.end = e2;
      t.form = doc.text.substr(b, e2 - b);
      doc.tokens.push_back(t);
    };
    add(0, 1);
    add(2, 3);
    add(4, 7);
    add(8, 13);
    add(14, 19);
    add(20, 22);
    add(23, 30);
    add(31, 32);
    doc.sentences = {{0, 2}, {2, 8}};
    doc.entities = {{2, 4, "PERSON"}};
    e.sentence = 1;
    e.subject.tokens = {2, 3};
    e.subject.head = 3;
    e.subject.entity = 0;
    e.subject.text = "Mr. Baker";
    e.relation_tokens = {4};
    e.relation_text = "found";
    e.relation = "find";
    e.object.tokens = {5, 6};
    e.object.head = 6;
    e.object.text = "an opening";
    ExtractedArg when;
    when.tokens = {7};
    when.head = 7;
    when.text = "in\t\"1941\"";  // a tab and quotes, to see them escaped
    e.extra.push_back(when);
    e.confidence = 0.75;
    e.kind = "clause";
    e.char_begin = 4;
    e.char_end = 30;
  }
};

}  // namespace

TEST_CASE("CaRB line of an extraction", "[carb]") {
  Fixture f;
  std::string out;
  AppendCarbLine("Mr. Baker found an opening .", f.e, out);
  CHECK(out == "Mr. Baker found an opening .\t0.75\tfound\tMr. Baker\tan opening\tin \"1941\"\n");
  f.e.object = {};
  f.e.extra.clear();
  out.clear();
  AppendCarbLine("S", f.e, out);
  CHECK(out == "S\t0.75\tfound\tMr. Baker\t\n");
  // Read back as the scorer reads it: the empty arg2 goes with the line's trailing white space.
  TupleSet s = System(out);
  REQUIRE(s.sentences.size() == 1);
  CHECK(s.sentences[0].tuples[0].args == std::vector<std::string>{"Mr. Baker"});
}

TEST_CASE("extraction JSON: fixed keys, sentence-relative tokens, escaped strings", "[carb]") {
  Fixture f;
  std::string out;
  AppendExtractionJson(f.doc, f.e, out);
  CHECK(out ==
        "{\"sentence\":1,\"kind\":\"clause\",\"confidence\":0.75,"
        "\"subject\":{\"text\":\"Mr. Baker\",\"tokens\":[0,1],\"head\":1,"
        "\"entity\":{\"type\":\"PERSON\",\"first\":0,\"last\":2}},"
        "\"relation\":\"find\",\"relation_text\":\"found\",\"relation_tokens\":[2],"
        "\"object\":{\"text\":\"an opening\",\"tokens\":[3,4],\"head\":4,\"entity\":null},"
        "\"extra\":[{\"text\":\"in\\t\\\"1941\\\"\",\"tokens\":[5],\"head\":5,\"entity\":null}],"
        "\"passive\":false,\"negated\":false,\"hedged\":false,\"speaker\":null,"
        "\"char_begin\":4,\"char_end\":30,\"evidence\":\"Mr. Baker found an opening\"}");
  out.clear();
  ExtractionJsonOptions o;
  o.sentence_offset = 10;
  o.char_base = 4;
  f.e.object = {};
  AppendExtractionJson(f.doc, f.e, out, o);
  CHECK(out.find("\"sentence\":11,") != std::string::npos);
  CHECK(out.find("\"object\":null,") != std::string::npos);
  CHECK(out.find("\"char_begin\":0,\"char_end\":26,") != std::string::npos);
  std::string s;
  AppendJsonString(std::string("a\x01\\b\x7f", 5), s);
  CHECK(s == "\"a\\u0001\\\\b\\u007f\"");
}
