#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "nlp/model_file.h"
#include "nlp/ner.h"
#include "nlp/ner_eval.h"
#include "relata/extract.h"
#include "train/train.h"

using namespace relata;
using namespace relata::nlp;
namespace fs = std::filesystem;

namespace {

int L(Bilou part, const char* type) { return MakeLabel(part, NerTypeIndex(type)); }

std::string ModelPath() { return std::string(RELATA_SOURCE_DIR) + "/models/ner.rmd"; }

// A CoNLL-U sentence of (form, upos, xpos, head, deprel, misc) rows.
ConlluSentence OneSentence(const std::string& conllu) {
  auto r = ParseConllu(conllu, "test");
  REQUIRE(r.ok());
  REQUIRE(r->size() == 1);
  return (*r)[0];
}

std::string Row(int id, const char* form, const char* upos, const char* xpos, int head, const char* deprel,
                const char* misc) {
  return std::to_string(id) + "\t" + form + "\t" + form + "\t" + upos + "\t" + xpos + "\t_\t" +
         std::to_string(head) + "\t" + deprel + "\t_\t" + misc + "\n";
}

// Writes `x` (a gazetteer, word classes or casing lexicon) and reads it back.
template <typename T>
T RoundTrip(const T& x, const char* what) {
  ByteWriter w;
  x.Write(w);
  T back;
  ByteReader r(w.bytes(), what);
  REQUIRE(back.Read(r));
  return back;
}

Document Tagged(const std::vector<std::array<const char*, 3>>& words) {
  Document doc;
  for (const auto& w : words) {
    Token t;
    t.form = w[0];
    t.upos = w[1];
    t.xpos = w[2];
    doc.tokens.push_back(t);
  }
  doc.sentences.push_back({0, static_cast<uint32_t>(doc.tokens.size())});
  return doc;
}

// The mentions of a document as "first-last:TYPE " items.
std::string Spans(const Document& d) {
  std::string out;
  for (const EntityMention& e : d.entities)
    out += std::to_string(e.first) + "-" + std::to_string(e.last) + ":" + std::string(e.type) + " ";
  return out;
}

}  // namespace

TEST_CASE("BILOU: valid transitions and spans from labels", "[ner]") {
  const int bper = L(Bilou::kB, "PERSON"), iper = L(Bilou::kI, "PERSON"), lper = L(Bilou::kL, "PERSON");
  const int uorg = L(Bilou::kU, "ORG"), lorg = L(Bilou::kL, "ORG"), bgpe = L(Bilou::kB, "GPE");
  CHECK(LabelName(bper) == "B-PERSON");
  CHECK(LabelName(uorg) == "U-ORG");
  CHECK(LabelName(0) == "O");
  CHECK(BilouAllowed(0, bper, false));
  CHECK_FALSE(BilouAllowed(0, bper, true));   // a B cannot end a sentence
  CHECK_FALSE(BilouAllowed(0, iper, false));  // I needs a B
  CHECK_FALSE(BilouAllowed(0, lper, false));
  CHECK(BilouAllowed(bper, iper, false));
  CHECK_FALSE(BilouAllowed(bper, iper, true));
  CHECK(BilouAllowed(bper, lper, true));
  CHECK_FALSE(BilouAllowed(bper, lorg, false));  // type must continue
  CHECK_FALSE(BilouAllowed(bper, 0, false));
  CHECK_FALSE(BilouAllowed(iper, uorg, false));
  CHECK(BilouAllowed(lper, uorg, false));
  CHECK(BilouAllowed(uorg, bgpe, false));

  std::vector<LabelSpan> spans = {{0, 3, NerTypeIndex("PERSON")}, {4, 5, NerTypeIndex("ORG")},
                                  {5, 7, NerTypeIndex("GPE")}};
  std::vector<int> labels = LabelsFromSpans(spans, 8);
  REQUIRE(labels.size() == 8);
  CHECK(labels[0] == bper);
  CHECK(labels[1] == iper);
  CHECK(labels[2] == lper);
  CHECK(labels[3] == 0);
  CHECK(labels[4] == uorg);
  CHECK(labels[5] == bgpe);
  CHECK(SpansFromLabels(labels) == spans);
  // Lenient reading of invalid sequences: a dangling B becomes a span, an I without B starts one.
  CHECK(SpansFromLabels({bper, 0, iper, lper}) ==
        std::vector<LabelSpan>{{0, 1, NerTypeIndex("PERSON")}, {2, 4, NerTypeIndex("PERSON")}});
  CHECK(SpansFromLabels({bper, lorg}) ==
        std::vector<LabelSpan>{{0, 1, NerTypeIndex("PERSON")}, {1, 2, NerTypeIndex("ORG")}});
}

TEST_CASE("NerViterbi never produces an invalid BILOU sequence", "[ner]") {
  // A scorer that prefers I-PERSON everywhere: constrained decoding must still be valid.
  Document doc = Tagged({{"a", "X", "X"}, {"b", "X", "X"}, {"c", "X", "X"}});
  NerScratch s;
  Gazetteer gaz;
  gaz.Finish();
  NerPrepare(doc, 0, 3, gaz, nullptr, s);
  const int iper = L(Bilou::kI, "PERSON");
  auto scorer = [&](const uint64_t*, size_t, float* sc) {
    sc[iper] = 10;
    sc[L(Bilou::kB, "PERSON")] = 5;
    sc[L(Bilou::kL, "ORG")] = 4;
  };
  std::vector<int> labels;
  NerViterbi(s, scorer, labels);
  REQUIRE(labels.size() == 3);
  int prev = 0;
  for (size_t i = 0; i < labels.size(); ++i) {
    CHECK(BilouAllowed(prev, labels[i], i + 1 == labels.size()));
    prev = labels[i];
  }
  CHECK(SpansFromLabels(labels) == std::vector<LabelSpan>{{0, 3, NerTypeIndex("PERSON")}});
}

TEST_CASE("NerViterbi finds the best sequence where greedy choice would not", "[ner]") {
  // Token 0 prefers B-PERSON (5) over U-ORG (4); token 1, the last, prefers O (10), which
  // cannot follow B. Greedy: B-PERSON L-PERSON (5); best: U-ORG O (14).
  Document doc = Tagged({{"a", "X", "X"}, {"b", "X", "X"}});
  NerScratch s;
  Gazetteer gaz;
  gaz.Finish();
  NerPrepare(doc, 0, 2, gaz, nullptr, s);
  std::vector<uint64_t> f0, f1;
  NerTokenFeatures(s, 0, f0);
  NerTokenFeatures(s, 1, f1);
  REQUIRE(f0 != f1);
  auto scorer = [&](const uint64_t* f, size_t n, float* sc) {
    if (n == f0.size() && std::equal(f, f + n, f0.begin())) {
      sc[L(Bilou::kB, "PERSON")] = 5;
      sc[L(Bilou::kU, "ORG")] = 4;
    } else if (n == f1.size() && std::equal(f, f + n, f1.begin())) {
      sc[0] = 10;
    }
  };
  std::vector<int> labels;
  NerViterbi(s, scorer, labels);
  CHECK(labels == std::vector<int>{L(Bilou::kU, "ORG"), 0});
}

TEST_CASE("span scoring: exact span and type", "[ner]") {
  SpanScorer sc;
  sc.Add({{0, 2, "PERSON"}, {3, 4, "GPE"}, {6, 8, "ORG"}},
         {{0, 2, "PERSON"}, {3, 4, "LOC"}, {6, 7, "ORG"}, {9, 10, "DATE"}});
  CHECK(sc.total().gold == 3);
  CHECK(sc.total().predicted == 4);
  CHECK(sc.total().correct == 1);
  CHECK(sc.total().Precision() == Approx(25.0));
  CHECK(sc.total().Recall() == Approx(100.0 / 3));
  CHECK(sc.total().F1() == Approx(2 * 25.0 * (100.0 / 3) / (25.0 + 100.0 / 3)));
  CHECK(sc.by_type().at("PERSON").F1() == Approx(100.0));
  CHECK(sc.by_type().at("GPE").correct == 0);
  CHECK(sc.by_type().at("DATE").gold == 0);
  CHECK(sc.Report().find("all") == 0);
  SpanScorer empty;
  CHECK(empty.total().F1() == 0);
  CHECK(UnerType("GPE") == "LOC");
  CHECK(UnerType("FAC") == "LOC");
  CHECK(UnerType("PERSON") == "PER");
  CHECK(UnerType("DATE").empty());
}

TEST_CASE("GUM Entity= parsing: nested, one-token and multiple mentions per word", "[ner]") {
  // "Claire Ross , University of Portsmouth , United Kingdom" (shape of GUM's annotation).
  std::string c = "# sent_id = t1\n";
  c += Row(1, "Claire", "PROPN", "NNP", 0, "root", "Entity=(6-person-new-nnnnn-cf1-1,2-coref");
  c += Row(2, "Ross", "PROPN", "NNP", 1, "flat", "Entity=6)");
  c += Row(3, ",", "PUNCT", ",", 4, "punct", "_");
  c += Row(4, "University", "PROPN", "NNP", 1, "list", "Entity=(8-organization-new-nnnnn-cf3-3-sgl");
  c += Row(5, "of", "ADP", "IN", 6, "case", "_");
  c += Row(6, "Portsmouth", "PROPN", "NNP", 4, "nmod", "Entity=(9-place-new-nnnnn-cf4-3,4-sgl-Portsmouth)");
  c += Row(7, ",", "PUNCT", ",", 9, "punct", "_");
  c += Row(8, "United", "PROPN", "NNP", 9, "amod", "Entity=(10-place-new-nnnnn-cf5-1,2-coref-United_Kingdom");
  c += Row(9, "Kingdom", "PROPN", "NNP", 4, "list", "Entity=10)8)|SpaceAfter=No");
  c += "\n";
  ConlluSentence s = OneSentence(c);
  auto m = GumMentions(s);
  REQUIRE(m.ok());
  REQUIRE(m->size() == 4);
  CHECK((*m)[0].first == 0);
  CHECK((*m)[0].last == 2);
  CHECK((*m)[0].type == "person");
  CHECK((*m)[1].first == 3);  // the organization, longest first
  CHECK((*m)[1].last == 9);
  CHECK((*m)[1].type == "organization");
  CHECK((*m)[2].first == 5);  // one-token place
  CHECK((*m)[2].last == 6);
  CHECK((*m)[3].first == 7);
  CHECK((*m)[3].last == 9);
  CHECK((*m)[3].type == "place");

  // Named entities: outermost; the organization is cut at the comma after its head, which
  // frees the place it contained after the comma; the place inside the cut span stays hidden.
  auto named = GumNamedEntities(s);
  REQUIRE(named.size() == 3);
  CHECK(named[0] == TypedSpan{0, 2, "PERSON"});
  CHECK(named[1] == TypedSpan{3, 6, "ORG"});
  CHECK(named[2] == TypedSpan{7, 9, "GPE"});

  // Unbalanced annotation is an error naming the line.
  std::string bad = "# sent_id = t2\n";
  bad += Row(1, "Paris", "PROPN", "NNP", 0, "root", "Entity=(3-place-new-nnnnn-cf1-1-sgl");
  bad += "\n";
  auto r = GumMentions(OneSentence(bad));
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("not closed") != std::string::npos);
  CHECK(r.status().message().find("line ") == 0);
}

TEST_CASE("GUM named mentions: head PROPN, trimming, dates, place types", "[ner]") {
  std::string c = "# sent_id = t3\n";
  c += Row(1, "the", "DET", "DT", 2, "det", "Entity=(1-place-new-nnnnn-cf1-2-coref");
  c += Row(2, "Netherlands", "PROPN", "NNP", 4, "nmod:poss", "_");
  c += Row(3, "'s", "PART", "POS", 2, "case", "Entity=1)");
  c += Row(4, "king", "NOUN", "NN", 5, "nsubj", "Entity=(2-person-new-nnnnn-cf1-1-sgl)");
  c += Row(5, "visited", "VERB", "VBD", 0, "root", "_");
  c += Row(6, "the", "DET", "DT", 8, "det", "Entity=(3-place-new-nnnnn-cf1-2-sgl");
  c += Row(7, "Hudson", "PROPN", "NNP", 8, "compound", "_");
  c += Row(8, "River", "PROPN", "NNP", 5, "obj", "Entity=3)");
  c += Row(9, "in", "ADP", "IN", 10, "case", "_");
  c += Row(10, "2010", "NUM", "CD", 5, "obl", "Entity=(4-time-new-nnnnn-cf1-1-sgl)|SpaceAfter=No");
  c += Row(11, ".", "PUNCT", ".", 5, "punct", "_");
  c += "\n";
  auto named = GumNamedEntities(OneSentence(c));
  REQUIRE(named.size() == 3);
  CHECK(named[0] == TypedSpan{1, 2, "GPE"});  // "the" and "'s" trimmed
  CHECK(named[1] == TypedSpan{6, 8, "LOC"});  // a river
  CHECK(named[2] == TypedSpan{9, 10, "DATE"});
  CHECK(PlaceType({"Fort", "Lee"}) == "FAC");
  CHECK(PlaceType({"Europe"}) == "LOC");
  CHECK(PlaceType({"Middle", "East"}) == "LOC");
  CHECK(PlaceType({"New", "York"}) == "GPE");
}

TEST_CASE("GUM named mentions: modifiers that are not part of the name are trimmed", "[ner]") {
  // "ancient Athens", "43 million Americans with federally held loans", "Vane himself",
  // "the Court of Appeal" (a post-modifier with a name in it stays), "de Gaulle".
  std::string c = "# sent_id = t4\n";
  c += Row(1, "ancient", "ADJ", "JJ", 2, "amod", "Entity=(1-place-new-nnnnn-cf1-2-sgl");
  c += Row(2, "Athens", "PROPN", "NNP", 0, "root", "Entity=1)");
  c += Row(3, "43", "NUM", "CD", 4, "compound", "Entity=(2-person-new-nnnnn-cf1-3-sgl");
  c += Row(4, "million", "NUM", "CD", 5, "nummod", "_");
  c += Row(5, "Americans", "PROPN", "NNPS", 2, "appos", "_");
  c += Row(6, "with", "ADP", "IN", 9, "case", "_");
  c += Row(7, "federally", "ADV", "RB", 8, "advmod", "_");
  c += Row(8, "held", "VERB", "VBN", 9, "amod", "_");
  c += Row(9, "loans", "NOUN", "NNS", 5, "nmod", "Entity=2)");
  c += Row(10, "Vane", "PROPN", "NNP", 2, "dep", "Entity=(3-person-new-nnnnn-cf1-1-sgl");
  c += Row(11, "himself", "PRON", "PRP", 10, "nmod:npmod", "Entity=3)");
  c += Row(12, "the", "DET", "DT", 13, "det", "Entity=(4-organization-new-nnnnn-cf1-2-sgl");
  c += Row(13, "Court", "PROPN", "NNP", 2, "dep", "_");
  c += Row(14, "of", "ADP", "IN", 15, "case", "_");
  c += Row(15, "Appeal", "PROPN", "NNP", 13, "nmod", "Entity=4)");
  c += Row(16, "de", "PROPN", "NNP", 17, "compound", "Entity=(5-person-new-nnnnn-cf1-2-sgl");
  c += Row(17, "Gaulle", "PROPN", "NNP", 2, "dep", "Entity=5)");
  c += "\n";
  auto named = GumNamedEntities(OneSentence(c));
  REQUIRE(named.size() == 5);
  CHECK(named[0] == TypedSpan{1, 2, "GPE"});
  CHECK(named[1] == TypedSpan{4, 5, "NORP"});
  CHECK(named[2] == TypedSpan{9, 10, "PERSON"});
  CHECK(named[3] == TypedSpan{12, 15, "ORG"});
  CHECK(named[4] == TypedSpan{15, 17, "PERSON"});
}

TEST_CASE("GUM named mentions: relative clauses, a person's prepositional phrase, a description before the name", "[ner]") {
  // "Tagbanuas who ...", "Rezwan from Bangladesh", "World Cups we 've", "US political activist
  // Noam Chomsky", and "Catherine of Aragon" (`of` may belong to a person's name).
  std::string c = "# sent_id = t5\n";
  c += Row(1, "Tagbanuas", "PROPN", "NNPS", 0, "root", "Entity=(1-person-new-nnnnn-cf1-1-sgl");
  c += Row(2, "who", "PRON", "WP", 3, "nsubj", "_");
  c += Row(3, "fish", "VERB", "VBP", 1, "acl:relcl", "Entity=1)");
  c += Row(4, "Rezwan", "PROPN", "NNP", 1, "dep", "Entity=(2-person-new-nnnnn-cf1-1-sgl");
  c += Row(5, "from", "ADP", "IN", 6, "case", "_");
  c += Row(6, "Bangladesh", "PROPN", "NNP", 4, "nmod", "Entity=(3-place-new-nnnnn-cf1-1-sgl)2)");
  c += Row(7, "World", "PROPN", "NNP", 8, "compound", "Entity=(4-event-new-nnnnn-cf1-1-sgl");
  c += Row(8, "Cups", "PROPN", "NNPS", 1, "dep", "_");
  c += Row(9, "we", "PRON", "PRP", 10, "nsubj", "_");
  c += Row(10, "'ve", "AUX", "VBP", 8, "acl:relcl", "Entity=4)");
  c += Row(11, "US", "PROPN", "NNP", 13, "compound", "Entity=(5-person-new-nnnnn-cf1-1-sgl");
  c += Row(12, "political", "ADJ", "JJ", 13, "amod", "_");
  c += Row(13, "activist", "NOUN", "NN", 14, "nmod:desc", "_");
  c += Row(14, "Noam", "PROPN", "NNP", 1, "dep", "_");
  c += Row(15, "Chomsky", "PROPN", "NNP", 14, "flat", "Entity=5)");
  c += Row(16, "Catherine", "PROPN", "NNP", 1, "dep", "Entity=(6-person-new-nnnnn-cf1-1-sgl");
  c += Row(17, "of", "ADP", "IN", 18, "case", "_");
  c += Row(18, "Aragon", "PROPN", "NNP", 16, "nmod", "Entity=6)");
  c += "\n";
  auto named = GumNamedEntities(OneSentence(c));
  REQUIRE(named.size() == 6);
  CHECK(named[0] == TypedSpan{0, 1, "NORP"});
  CHECK(named[1] == TypedSpan{3, 4, "PERSON"});  // the place after `from` is its own mention
  CHECK(named[2] == TypedSpan{5, 6, "GPE"});
  CHECK(named[3] == TypedSpan{6, 8, "EVENT"});
  CHECK(named[4] == TypedSpan{13, 15, "PERSON"});
  CHECK(named[5] == TypedSpan{15, 18, "PERSON"});
}

TEST_CASE("GUM named mentions: a legal form after a comma stays, an apposition goes", "[ner]") {
  std::string c = "# sent_id = t6\n";
  c += Row(1, "Atlantic", "ADJ", "JJ", 3, "amod", "Entity=(1-organization-new-nnnnn-cf1-1-sgl");
  c += Row(2, "Lottery", "PROPN", "NNP", 3, "compound", "_");
  c += Row(3, "Corporation", "PROPN", "NNP", 0, "root", "_");
  c += Row(4, ",", "PUNCT", ",", 5, "punct", "_");
  c += Row(5, "Inc.", "PROPN", "NNP", 3, "appos", "Entity=1)");
  c += Row(6, "Acme", "PROPN", "NNP", 3, "dep", "Entity=(2-organization-new-nnnnn-cf1-1-sgl");
  c += Row(7, ",", "PUNCT", ",", 9, "punct", "_");
  c += Row(8, "the", "DET", "DT", 9, "det", "_");
  c += Row(9, "Company", "PROPN", "NNP", 6, "appos", "Entity=2)");
  c += "\n";
  auto named = GumNamedEntities(OneSentence(c));
  REQUIRE(named.size() == 2);
  CHECK(named[0] == TypedSpan{0, 5, "ORG"});
  CHECK(named[1] == TypedSpan{5, 6, "ORG"});
}

TEST_CASE("one type per name in a document", "[ner]") {
  Document doc = Tagged({{"Coron", "", ""}, {"x", "", ""}, {"Coron", "", ""}, {"y", "", ""}, {"Coron", "", ""},
                         {"Jo", "", ""}, {"Lee", "", ""}, {"Jo", "", ""}, {"Lee", "", ""}});
  static const std::string kPer = "PERSON", kGpe = "GPE", kOrg = "ORG", kOther = "WORK_OF_ART";
  doc.entities = {{0, 1, kGpe}, {2, 3, kPer}, {4, 5, kGpe}, {5, 7, kPer}, {7, 9, kOrg}};
  VoteMentionTypes(doc);
  CHECK(doc.entities[1].type == "GPE");  // 2 of 3 say GPE
  CHECK(doc.entities[0].type == "GPE");
  CHECK(doc.entities[3].type == "PERSON");  // a tie: each keeps its own
  CHECK(doc.entities[4].type == "ORG");
  doc.entities = {{0, 1, kOther}, {2, 3, kPer}};
  VoteMentionTypes(doc);
  CHECK(doc.entities[0].type == "WORK_OF_ART");  // not one of ours: untouched
  CHECK(doc.entities[1].type == "PERSON");
}

TEST_CASE("names cut short on the left grow over the proper nouns the parse attaches", "[ner]") {
  // his wife Manju Sam , Ann Lee and Bo Ray Li
  Document doc = Tagged({{"his", "PRON", "PRP$"}, {"wife", "NOUN", "NN"}, {"Manju", "PROPN", "NNP"},
                         {"Sam", "PROPN", "NNP"}, {",", "PUNCT", ","}, {"Ann", "PROPN", "NNP"},
                         {"Lee", "PROPN", "NNP"}, {"and", "CCONJ", "CC"}, {"Bo", "PROPN", "NNP"},
                         {"Ray", "PROPN", "NNP"}, {"Li", "PROPN", "NNP"}});
  auto arc = [&](uint32_t i, int32_t head, const char* rel) { doc.tokens[i].head = head, doc.tokens[i].deprel = rel; };
  arc(0, 1, "nmod:poss");
  arc(1, -1, "root");
  arc(2, 3, "compound");  // Manju -> Sam: into the mention
  arc(3, 1, "appos");
  arc(4, 5, "punct");
  arc(5, 1, "conj");      // Ann is the head, Lee its flat dependent: the mention holds Lee only
  arc(6, 5, "flat");
  arc(7, 8, "cc");
  arc(8, 1, "conj");      // Bo Ray Li: Bo is another mention's, Ray is attached into Li's
  arc(9, 10, "flat");
  arc(10, 8, "flat");
  static const std::string kPer = "PERSON";
  doc.entities = {{3, 4, kPer}, {6, 7, kPer}, {8, 9, kPer}, {10, 11, kPer}};
  ExtendNamesLeft(doc);
  CHECK(doc.entities[0].first == 2);  // Manju Sam
  CHECK(doc.entities[1].first == 5);  // Ann Lee
  CHECK(doc.entities[2].first == 8);  // Bo
  CHECK(doc.entities[3].first == 9);  // Ray Li, not over Bo (another mention)
  doc.tokens[2].form = "manju";       // not capitalised: not a name part
  doc.entities = {{3, 4, kPer}};
  ExtendNamesLeft(doc);
  CHECK(doc.entities[0].first == 3);
  doc.tokens[2].form = "Manju";
  doc.tokens[2].upos = "NOUN";       // not a proper noun
  ExtendNamesLeft(doc);
  CHECK(doc.entities[0].first == 3);
  doc.tokens[2].upos = "PROPN";
  arc(2, 1, "amod");                 // not attached into the mention
  ExtendNamesLeft(doc);
  CHECK(doc.entities[0].first == 3);
}

TEST_CASE("company names by their legal form", "[ner]") {
  static const std::string kOrg = "ORG", kPer = "PERSON", kGpe = "GPE";
  // Shares of Acme Widgets , Inc. rose ; Microsoft Corp. said
  Document doc = Tagged({{"Shares", "NOUN", "NNS"}, {"of", "ADP", "IN"}, {"Acme", "PROPN", "NNP"},
                         {"Widgets", "PROPN", "NNPS"}, {",", "PUNCT", ","}, {"Inc.", "PROPN", "NNP"},
                         {"rose", "VERB", "VBD"}, {";", "PUNCT", ":"}, {"Microsoft", "PROPN", "NNP"},
                         {"Corp.", "PROPN", "NNP"}, {"said", "VERB", "VBD"}});
  MarkCompanyNames(doc, kOrg);  // new mentions: not over `of`, with the comma before `Inc.`
  CHECK(Spans(doc) == "2-6:ORG 8-10:ORG ");
  doc.entities = {{8, 10, kPer}};  // a mention holding the designator becomes ORG
  MarkCompanyNames(doc, kOrg);
  CHECK(Spans(doc) == "2-6:ORG 8-10:ORG ");
  doc.entities = {{2, 4, kGpe}, {5, 6, kPer}, {8, 9, kOrg}};  // grows over `, Inc.`; `Inc.` alone goes
  MarkCompanyNames(doc, kOrg);
  CHECK(Spans(doc) == "2-6:ORG 8-10:ORG ");
  doc.tokens[5].form = "Corporation";  // written without a comma before it only
  doc.entities.clear();
  MarkCompanyNames(doc, kOrg);
  CHECK(Spans(doc) == "8-10:ORG ");

  // The Corporation said ; Today Acme Corp. and Procter & Gamble Co. ; Co. Kerry
  doc = Tagged({{"The", "DET", "DT"}, {"Corporation", "PROPN", "NNP"}, {"said", "VERB", "VBD"}});
  MarkCompanyNames(doc, kOrg);  // a determiner is no name
  CHECK(doc.entities.empty());
  doc = Tagged({{"Today", "NOUN", "NN"}, {"Acme", "PROPN", "NNP"}, {"Corp.", "PROPN", "NNP"},
                {"and", "CCONJ", "CC"}, {"Procter", "PROPN", "NNP"}, {"&", "CCONJ", "CC"},
                {"Gamble", "PROPN", "NNP"}, {"Co.", "PROPN", "NNP"}, {"sued", "VERB", "VBD"},
                {"Co.", "PROPN", "NNP"}, {"Kerry", "PROPN", "NNP"}});
  MarkCompanyNames(doc, kOrg);  // a sentence-initial common noun stays out; `Co. Kerry` is a county
  CHECK(Spans(doc) == "1-3:ORG 4-8:ORG ");
  doc.sentences = {{0, 1}, {1, 11}};  // not across a sentence boundary
  doc.tokens[0].upos = "PROPN";
  doc.entities.clear();
  MarkCompanyNames(doc, kOrg);
  CHECK(Spans(doc) == "1-3:ORG 4-8:ORG ");
  doc.entities = {{1, 2, "DATE"}};  // a date is not extended
  MarkCompanyNames(doc, kOrg);
  CHECK(Spans(doc) == "1-2:DATE 4-8:ORG ");
  CHECK(IsCompanyDesignator("Ltd"));
  CHECK(IsCompanyDesignator("LLC", true));
  CHECK_FALSE(IsCompanyDesignator("Corporation", true));
  CHECK_FALSE(IsCompanyDesignator("corp."));
}

TEST_CASE("storms by their names", "[ner]") {
  static const std::string kEvent = "EVENT", kPer = "PERSON", kOrg = "ORG";
  // Hurricane Rita hit ; Rita Moreno said Rita grew ; the National Hurricane Center said ;
  // Tropical Storm Bonnie
  Document doc = Tagged({{"Hurricane", "PROPN", "NNP"}, {"Rita", "PROPN", "NNP"}, {"hit", "VERB", "VBD"},
                         {"Rita", "PROPN", "NNP"}, {"Moreno", "PROPN", "NNP"}, {"said", "VERB", "VBD"},
                         {"Rita", "PROPN", "NNP"}, {"grew", "VERB", "VBD"}, {"the", "DET", "DT"},
                         {"National", "PROPN", "NNP"}, {"Hurricane", "PROPN", "NNP"}, {"Center", "PROPN", "NNP"},
                         {"said", "VERB", "VBD"}, {"Tropical", "ADJ", "JJ"}, {"Storm", "PROPN", "NNP"},
                         {"Bonnie", "PROPN", "NNP"}});
  doc.entities = {{1, 2, kPer}, {3, 5, kPer}, {6, 7, kPer}};
  MarkStormNames(doc, kEvent);
  // The storm replaces the mention inside it; the bare name becomes an EVENT, the person whose
  // given name it is does not; `National Hurricane Center` is no storm.
  CHECK(Spans(doc) == "0-2:EVENT 3-5:PERSON 6-7:EVENT 13-16:EVENT ");
  doc.entities = {{0, 3, kOrg}};  // not against a mention that reaches out of the storm's words
  MarkStormNames(doc, kEvent);
  CHECK(Spans(doc) == "0-3:ORG 13-16:EVENT ");
  doc.entities = {{9, 12, kOrg}};
  MarkStormNames(doc, kEvent);
  CHECK(Spans(doc) == "0-2:EVENT 9-12:ORG 13-16:EVENT ");
  doc.tokens[1].form = "hit";  // a cue without a capitalised name after it
  doc.tokens[14].form = "storm";
  doc.entities.clear();
  MarkStormNames(doc, kEvent);
  CHECK(doc.entities.empty());
}

TEST_CASE("a name placed by `in` a known place is two mentions", "[ner]") {
  std::vector<std::string> types(std::begin(kNerTypes), std::end(kNerTypes));
  Gazetteer gaz;
  gaz.Add({"Florida"}, NerTypeIndex("GPE"));
  gaz.Add({"San", "Francisco"}, NerTypeIndex("GPE"));
  gaz.Add({"Pacific"}, NerTypeIndex("LOC"));
  gaz.Finish();
  // Kennedy Space Center in Florida ; Music Hall in San Francisco ; Bank in Florida ;
  // Museum in Zorbania ; Joe in Florida
  Document doc = Tagged({{"Kennedy", "PROPN", "NNP"}, {"Space", "PROPN", "NNP"}, {"Center", "PROPN", "NNP"},
                         {"in", "ADP", "IN"}, {"Florida", "PROPN", "NNP"}, {"Music", "PROPN", "NNP"},
                         {"Hall", "PROPN", "NNP"}, {"in", "ADP", "IN"}, {"San", "PROPN", "NNP"},
                         {"Francisco", "PROPN", "NNP"}, {"Bank", "PROPN", "NNP"}, {"in", "ADP", "IN"},
                         {"Florida", "PROPN", "NNP"}, {"Museum", "PROPN", "NNP"}, {"in", "ADP", "IN"},
                         {"Zorbania", "PROPN", "NNP"}, {"Joe", "PROPN", "NNP"}, {"in", "ADP", "IN"},
                         {"Florida", "PROPN", "NNP"}});
  static const std::string kGpe = "GPE", kOrg = "ORG", kPer = "PERSON";
  doc.entities = {{0, 5, kGpe}, {5, 10, kGpe}, {10, 13, kOrg}, {13, 16, kGpe}, {16, 19, kPer}};
  SplitPlacedNames(doc, gaz, types);
  // Places take the type their words give (Center, Hall: facilities); an ORG stays ORG; an
  // unknown place after `in` and a person are left whole.
  CHECK(Spans(doc) == "0-3:FAC 4-5:GPE 5-7:FAC 8-10:GPE 10-11:ORG 12-13:GPE 13-16:GPE 16-19:PERSON ");
}

TEST_CASE("GUM named mentions as names: a person's titles left out, titles alone no name", "[ner]") {
  std::string c = "# sent_id = t7\n";
  c += Row(1, "Vice", "PROPN", "NNP", 2, "compound", "Entity=(1-person-new-nnnnn-cf1-1-sgl");
  c += Row(2, "President", "PROPN", "NNP", 3, "nmod:desc", "_");
  c += Row(3, "Joe", "PROPN", "NNP", 6, "nsubj", "_");
  c += Row(4, "Biden", "PROPN", "NNP", 3, "flat", "Entity=1)");
  c += Row(5, "and", "CCONJ", "CC", 6, "cc", "_");
  c += Row(6, "thanked", "VERB", "VBD", 0, "root", "_");
  c += Row(7, "Madam", "PROPN", "NNP", 8, "nmod:desc", "Entity=(2-person-new-nnnnn-cf1-1-sgl");
  c += Row(8, "Speaker", "PROPN", "NNP", 6, "obj", "Entity=2)");
  c += "\n";
  const ConlluSentence s = OneSentence(c);
  // As the recogniser learns them: the whole mentions.
  auto mentions = GumNamedEntities(s);
  REQUIRE(mentions.size() == 2);
  CHECK(mentions[0] == TypedSpan{0, 4, "PERSON"});
  CHECK(mentions[1] == TypedSpan{6, 8, "PERSON"});
  // As names: the `nmod:desc` subtree goes; `Madam Speaker` names no one.
  auto names = GumNamedEntities(s, SpanExtent::kName);
  REQUIRE(names.size() == 1);
  CHECK(names[0] == TypedSpan{2, 4, "PERSON"});
}

TEST_CASE("where a mention's name starts: after a person's titles", "[ner]") {
  // Syrian President Bashar al-Assad met Madam Speaker and Gen. Smith of the United States ,
  // President of France
  Document doc = Tagged({{"Syrian", "ADJ", "JJ"},         {"President", "PROPN", "NNP"}, {"Bashar", "PROPN", "NNP"},
                         {"al", "PROPN", "NNP"},           {"-", "PUNCT", "HYPH"},       {"Assad", "PROPN", "NNP"},
                         {"met", "VERB", "VBD"},           {"Madam", "PROPN", "NNP"},     {"Speaker", "PROPN", "NNP"},
                         {"and", "CCONJ", "CC"},           {"Gen.", "PROPN", "NNP"},      {"Smith", "PROPN", "NNP"},
                         {"of", "ADP", "IN"},              {"the", "DET", "DT"},          {"United", "PROPN", "NNP"},
                         {"States", "PROPN", "NNP"},       {",", "PUNCT", ","},           {"President", "PROPN", "NNP"},
                         {"of", "ADP", "IN"},              {"France", "PROPN", "NNP"}});
  // Offsets: one space between words but none around the hyphen of `al-Assad`.
  uint32_t at = 0;
  for (size_t i = 0; i < doc.tokens.size(); ++i) {
    if (i > 0 && i != 4 && i != 5) ++at;
    doc.tokens[i].begin = at;
    at += static_cast<uint32_t>(doc.tokens[i].form.size());
    doc.tokens[i].end = at;
  }
  static const std::string kPer = "PERSON", kGpe = "GPE";
  const EntityMention assad{0, 6, kPer}, speaker{7, 9, kPer}, smith{10, 12, kPer}, us{14, 16, kGpe},
      president{17, 20, kPer};
  CHECK(NameStart(doc, assad) == 2);      // `Bashar al-Assad`: the hyphen joins the name
  CHECK(NameStart(doc, speaker) == 9);    // titles only: no name
  CHECK(NameStart(doc, smith) == 11);
  {
    // King Charles III: the regnal number belongs to the name.
    Document king = Tagged({{"King", "PROPN", "NNP"}, {"Charles", "PROPN", "NNP"}, {"III", "NUM", "CD"}});
    CHECK(NameStart(king, EntityMention{0, 3, kPer}) == 1);
  }
  CHECK(NameStart(doc, us) == 14);        // not a person
  CHECK(NameStart(doc, president) == 17); // cut badly: taken whole
  CHECK(PersonNameStart(doc, speaker) == 7);  // the extractor keeps such a mention whole
  // With spaces around it, the hyphen is a dash: the name is what follows it.
  doc.tokens[4].begin += 1;
  doc.tokens[4].end += 1;
  CHECK(NameStart(doc, assad) == 0);
  // `relata eval` scores names: spans start at NameStart, mentions without a name are left out.
  doc.entities = {assad, speaker, smith, us};
  std::vector<TypedSpan> names = EntitiesIn(doc, 0, 20, false, SpanExtent::kName);
  REQUIRE(names.size() == 3);
  CHECK(names[1] == TypedSpan{11, 12, "PERSON"});
  CHECK(EntitiesIn(doc, 0, 20, false, SpanExtent::kMention).size() == 4);
}

TEST_CASE("Arabic names keep their article", "[ner]") {
  // Ahmed al - Sadr met al - Qaida ; Sadr al - Din
  Document doc = Tagged({{"Ahmed", "PROPN", "NNP"}, {"al", "PROPN", "NNP"}, {"-", "PUNCT", "HYPH"},
                         {"Sadr", "PROPN", "NNP"},  {"met", "VERB", "VBD"}, {"al", "X", "FW"},
                         {"-", "PUNCT", "HYPH"},    {"Qaida", "PROPN", "NNP"}, {";", "PUNCT", ":"},
                         {"Sadr", "PROPN", "NNP"},  {"al", "PROPN", "NNP"}, {"-", "PUNCT", "HYPH"},
                         {"din", "PROPN", "NNP"}});
  static const std::string kPer = "PERSON", kOrg = "ORG";
  doc.entities = {{0, 1, kPer}, {3, 4, kPer}, {7, 8, kOrg}, {9, 10, kPer}};
  JoinNameParticles(doc);
  // The mention of `Sadr` joins `Ahmed`; `Qaida` grows over its article; `al - din` (lower
  // case after the hyphen) is no name.
  CHECK(Spans(doc) == "0-4:PERSON 5-8:ORG 9-10:PERSON ");
  // Mohammed bin Salman met ; Osama bin Laden ; Ali bin . (no name after it)
  Document bin = Tagged({{"Mohammed", "PROPN", "NNP"}, {"bin", "PROPN", "NNP"}, {"Salman", "PROPN", "NNP"},
                         {"met", "VERB", "VBD"},       {"Osama", "PROPN", "NNP"}, {"bin", "PROPN", "NNP"},
                         {"Laden", "PROPN", "NNP"},    {"Ali", "PROPN", "NNP"},   {"bin", "PROPN", "NNP"},
                         {".", "PUNCT", "."}});
  bin.entities = {{0, 1, kPer}, {4, 5, kPer}, {6, 7, kPer}, {7, 8, kPer}};
  JoinNameParticles(bin);
  CHECK(Spans(bin) == "0-3:PERSON 4-7:PERSON 7-8:PERSON ");
}

TEST_CASE("acronyms of the document's names, and organisation words", "[ner]") {
  // the Coalition Provisional Authority ... the CPA ; United States ... US ; Acme Baking Co ...
  // AB ; Housing Authority of New Orleans ( HANO ) ; CPA
  Document doc = Tagged({{"the", "DET", "DT"},          {"Coalition", "PROPN", "NNP"}, {"Provisional", "PROPN", "NNP"},
                         {"Authority", "PROPN", "NNP"},  {"the", "DET", "DT"},          {"CPA", "PROPN", "NNP"},
                         {"United", "PROPN", "NNP"},     {"States", "PROPN", "NNP"},    {"US", "PROPN", "NNP"},
                         {"Acme", "PROPN", "NNP"},       {"Baking", "PROPN", "NNP"},    {"AB", "PROPN", "NNP"},
                         {"Housing", "PROPN", "NNP"},    {"Authority", "PROPN", "NNP"}, {"of", "ADP", "IN"},
                         {"New", "PROPN", "NNP"},        {"Orleans", "PROPN", "NNP"},   {"(", "PUNCT", "-LRB-"},
                         {"HANO", "PROPN", "NNP"},       {")", "PUNCT", "-RRB-"},       {"CPA", "PROPN", "NNP"}});
  static const std::string kOrg = "ORG", kGpe = "GPE", kLoc = "LOC", kPer = "PERSON";
  doc.entities = {{1, 4, kOrg}, {6, 8, kGpe}, {9, 11, kOrg}, {12, 17, kLoc}, {20, 21, kPer}};
  Gazetteer given;
  given.Add({"Margaret"}, kGazFirstName);
  given.Finish();
  MarkOrganisationNames(doc, given, kOrg);
  CHECK(Spans(doc) == "1-4:ORG 6-8:GPE 9-11:ORG 12-17:ORG 20-21:PERSON ");
  // A person named with a given name keeps the type: Margaret Court.
  Document court = Tagged({{"Margaret", "PROPN", "NNP"}, {"Court", "PROPN", "NNP"}, {"Supreme", "PROPN", "NNP"},
                           {"Court", "PROPN", "NNP"}});
  court.entities = {{0, 2, kPer}, {2, 4, kPer}};
  MarkOrganisationNames(court, given, kOrg);
  CHECK(Spans(court) == "0-2:PERSON 2-4:ORG ");
  MarkAcronyms(doc);
  // Two letters only for places; a one-token mention of an acronym takes its type.
  CHECK(Spans(doc) == "1-4:ORG 5-6:ORG 6-8:GPE 8-9:GPE 9-11:ORG 12-17:ORG 18-19:ORG 20-21:ORG ");
  // An acronym that names of two types give is left alone.
  Document two = Tagged({{"Coalition", "PROPN", "NNP"}, {"Provisional", "PROPN", "NNP"}, {"Authority", "PROPN", "NNP"},
                         {"Central", "PROPN", "NNP"},   {"Park", "PROPN", "NNP"},        {"Avenue", "PROPN", "NNP"},
                         {"CPA", "PROPN", "NNP"}});
  two.entities = {{0, 3, kOrg}, {3, 6, kLoc}};
  MarkAcronyms(two);
  CHECK(Spans(two) == "0-3:ORG 3-6:LOC ");
}

TEST_CASE("an office of a place or organisation is no person", "[ner]") {
  std::vector<std::string> types(std::begin(kNerTypes), std::end(kNerTypes));
  Gazetteer gaz;
  gaz.Add({"Norway"}, NerTypeIndex("GPE"));
  gaz.Add({"United", "States"}, NerTypeIndex("GPE"));
  gaz.Finish();
  // Secretary General of NATO ; Prime Minister of Norway ; Duke of Wellington ; President of
  // Freedonia ; President of the United States
  Document doc = Tagged({{"Secretary", "PROPN", "NNP"}, {"General", "PROPN", "NNP"}, {"of", "ADP", "IN"},
                         {"NATO", "PROPN", "NNP"},      {"Prime", "PROPN", "NNP"},   {"Minister", "PROPN", "NNP"},
                         {"of", "ADP", "IN"},           {"Norway", "PROPN", "NNP"},  {"Duke", "PROPN", "NNP"},
                         {"of", "ADP", "IN"},           {"Wellington", "PROPN", "NNP"}, {"President", "PROPN", "NNP"},
                         {"of", "ADP", "IN"},           {"Freedonia", "PROPN", "NNP"}, {"President", "PROPN", "NNP"},
                         {"of", "ADP", "IN"},           {"the", "DET", "DT"},        {"United", "PROPN", "NNP"},
                         {"States", "PROPN", "NNP"}});
  static const std::string kPer = "PERSON", kOrg = "ORG";
  doc.entities = {{0, 4, kPer}, {4, 8, kOrg}, {8, 11, kPer}, {11, 14, kPer}, {14, 19, kPer}};
  SplitOfficeTitles(doc, gaz, types);
  // An acronym is an ORG; a known country keeps its type; a rank stays a person; an unknown
  // place leaves the mention alone.
  CHECK(Spans(doc) == "3-4:ORG 7-8:GPE 8-11:PERSON 11-14:PERSON 17-19:GPE ");

  // The GUM gold as names: the office goes, the place inside it stays.
  std::string c = "# sent_id = t8\n";
  c += Row(1, "the", "DET", "DT", 2, "det", "Entity=(1-person-new-nnnnn-cf1-1-sgl");
  c += Row(2, "President", "PROPN", "NNP", 0, "root", "_");
  c += Row(3, "of", "ADP", "IN", 6, "case", "_");
  c += Row(4, "the", "DET", "DT", 6, "det", "Entity=(2-place-new-nnnnn-cf1-1-sgl");
  c += Row(5, "United", "PROPN", "NNP", 6, "compound", "_");
  c += Row(6, "States", "PROPN", "NNP", 2, "nmod", "Entity=2)1)");
  c += "\n";
  const ConlluSentence s = OneSentence(c);
  auto mentions = GumNamedEntities(s);
  REQUIRE(mentions.size() == 1);
  CHECK(mentions[0] == TypedSpan{1, 6, "PERSON"});
  auto names = GumNamedEntities(s, SpanExtent::kName);
  REQUIRE(names.size() == 1);
  CHECK(names[0] == TypedSpan{4, 6, "GPE"});
}

TEST_CASE("craft and missions by the noun they name", "[ner]") {
  Gazetteer gaz;
  gaz.Add({"Iran"}, NerTypeIndex("GPE"));
  gaz.Finish();
  // its Euclid telescope ; Euclid will ; the Orion spacecraft ; Orion flew ; an Iran drone ;
  // a SpaceX rocket ; the Artemis mission ; Vega met
  Document doc = Tagged({{"its", "PRON", "PRP$"},     {"Euclid", "PROPN", "NNP"},   {"telescope", "NOUN", "NN"},
                         {"Euclid", "PROPN", "NNP"},  {"will", "AUX", "MD"},        {"the", "DET", "DT"},
                         {"Orion", "PROPN", "NNP"},   {"spacecraft", "NOUN", "NN"}, {"Orion", "PROPN", "NNP"},
                         {"flew", "VERB", "VBD"},     {"an", "DET", "DT"},          {"Iran", "PROPN", "NNP"},
                         {"drone", "NOUN", "NN"},     {"a", "DET", "DT"},           {"SpaceX", "PROPN", "NNP"},
                         {"rocket", "NOUN", "NN"},    {"the", "DET", "DT"},         {"Artemis", "PROPN", "NNP"},
                         {"mission", "NOUN", "NN"},   {"Vega", "PROPN", "NNP"},     {"met", "VERB", "VBD"}});
  static const std::string kPer = "PERSON", kOrg = "ORG", kGpe = "GPE", kProduct = "PRODUCT", kEvent = "EVENT";
  doc.entities = {{3, 4, kPer}, {6, 7, kPer}, {8, 9, kGpe}, {11, 12, kGpe}, {14, 15, kOrg}, {17, 18, kPer},
                  {19, 20, kPer}};
  MarkCraftNames(doc, gaz, kProduct, kEvent);
  // `Euclid` before `telescope` is no mention but a PERSON elsewhere: both PRODUCT; `Orion`
  // before `spacecraft` takes the unknown place `Orion` with it; the known country, the ORG and
  // the person without a cue stay.
  CHECK(Spans(doc) ==
        "1-2:PRODUCT 3-4:PRODUCT 6-7:PRODUCT 8-9:PRODUCT 11-12:GPE 14-15:ORG 17-18:EVENT 19-20:PERSON ");
  // An ORG before a cue counts when the same words are a PERSON elsewhere.
  doc.entities = {{1, 2, kOrg}, {3, 4, kPer}, {14, 15, kOrg}};
  MarkCraftNames(doc, gaz, kProduct, kEvent);
  CHECK(Spans(doc) == "1-2:PRODUCT 3-4:PRODUCT 14-15:ORG ");
  // A ship by its prefix, whatever its type.
  Document ship = Tagged({{"USS", "PROPN", "NNP"}, {"Carney", "PROPN", "NNP"}, {"sailed", "VERB", "VBD"}});
  ship.entities = {{0, 2, kPer}};
  MarkCraftNames(ship, gaz, kProduct, kEvent);
  CHECK(Spans(ship) == "0-2:PRODUCT ");
  // In apposition: the next flight , Artemis II , is ...
  Document app = Tagged({{"the", "DET", "DT"},     {"next", "ADJ", "JJ"}, {"flight", "NOUN", "NN"},
                         {",", "PUNCT", ","},      {"Artemis", "PROPN", "NNP"}, {"II", "NUM", "CD"},
                         {",", "PUNCT", ","},      {"is", "AUX", "VBZ"}});
  const int32_t heads[] = {2, 2, 7, 4, 2, 4, 2, -1};
  const char* rels[] = {"det", "amod", "nsubj", "punct", "appos", "flat", "punct", "root"};
  for (size_t i = 0; i < app.tokens.size(); ++i) {
    app.tokens[i].head = heads[i];
    app.tokens[i].deprel = rels[i];
    app.tokens[i].lemma = app.tokens[i].form;
  }
  app.entities = {{4, 6, kPer}};
  MarkCraftNames(app, gaz, kProduct, kEvent);
  CHECK(Spans(app) == "4-6:EVENT ");
  app.tokens[4].deprel = "conj";  // not in apposition: stays
  app.entities = {{4, 6, kPer}};
  MarkCraftNames(app, gaz, kProduct, kEvent);
  CHECK(Spans(app) == "4-6:PERSON ");
}

TEST_CASE("a country taken for a given name", "[ner]") {
  // Jordan signed ; Jordanian minister ; Jordan Mills ; Chad spoke ; Michael Jordan ... Jordan
  Document doc = Tagged({{"Jordan", "PROPN", "NNP"}, {"signed", "VERB", "VBD"}, {"Jordanian", "ADJ", "JJ"},
                         {"minister", "NOUN", "NN"}, {"Jordan", "PROPN", "NNP"}, {"Mills", "PROPN", "NNP"},
                         {"Chad", "PROPN", "NNP"},   {"spoke", "VERB", "VBD"}});
  static const std::string kPer = "PERSON", kGpe = "GPE";
  doc.entities = {{0, 1, kPer}, {4, 6, kPer}, {6, 7, kPer}};
  MarkDemonymCountries(doc, kGpe);
  // The demonym names Jordan, not Chad; the fuller name stays a person.
  CHECK(Spans(doc) == "0-1:GPE 4-6:PERSON 6-7:PERSON ");
  doc.tokens[4].form = "Michael";
  doc.tokens[5].form = "Jordan";
  doc.entities = {{0, 1, kPer}, {4, 6, kPer}};
  MarkDemonymCountries(doc, kGpe);
  CHECK(Spans(doc) == "0-1:PERSON 4-6:PERSON ");  // a surname of the document
}

TEST_CASE("word classes: lookup, round trip, features", "[ner]") {
  WordClusters c;
  c.Add(Gazetteer::TokenHash("london"), 7, 9);
  c.Add(Gazetteer::TokenHash("said"), 3, 4);
  c.Finish();
  CHECK(c.size() == 2);
  CHECK(c.Lookup(Gazetteer::TokenHash("LONDON")) == std::pair<uint8_t, uint8_t>{7, 9});
  CHECK(c.Lookup(Gazetteer::TokenHash("paris")) == std::pair<uint8_t, uint8_t>{0, 0});
  const WordClusters back = RoundTrip(c, "classes");
  CHECK(back.Lookup(Gazetteer::TokenHash("said")) == std::pair<uint8_t, uint8_t>{3, 4});
  Document doc = Tagged({{"London", "PROPN", "NNP"}, {"said", "VERB", "VBD"}, {"Paris", "PROPN", "NNP"}});
  Gazetteer g;
  g.Finish();
  NerScratch s;
  NerPrepare(doc, 0, 3, g, &c, s);
  CHECK(s.toks[0].clu_r == 7);
  CHECK(s.toks[1].clu_l == 4);
  CHECK(s.toks[2].clu_r == 0);
  std::vector<uint64_t> with, without;
  NerFeatures(s, 0, 0, with);
  NerPrepare(doc, 0, 3, g, nullptr, s);
  NerFeatures(s, 0, 0, without);
  CHECK(with.size() == without.size());
  CHECK(with != without);
  // Unsorted or truncated tables are refused.
  ByteWriter bad;
  bad.U64(2);
  bad.U64(9);
  bad.U16(1);
  bad.U64(3);
  bad.U16(1);
  ByteReader rb(bad.bytes(), "classes");
  CHECK_FALSE(WordClusters().Read(rb));
}

TEST_CASE("casing lexicon: flags, round trip, the true-cased view", "[ner]") {
  CaseLexicon lex;
  for (const char* w : {"white", "White", "Kerala", "NASA", "said", "Mexico", "mexico's", "Tampa", "Na", "x-ray", "3D"})
    lex.Add(w);
  lex.Finish();
  CHECK(lex.size() == 8);  // white, kerala, nasa, said, mexico, tampa, na, x-ray
  CHECK(lex.Lookup(Gazetteer::TokenHash("white")) == (CaseLexicon::kCommon | CaseLexicon::kCapital));
  CHECK(lex.Lookup(Gazetteer::TokenHash("KERALA")) == CaseLexicon::kCapital);
  CHECK(lex.Lookup(Gazetteer::TokenHash("nasa")) == CaseLexicon::kAllCaps);
  CHECK(lex.Lookup(Gazetteer::TokenHash("3d")) == 0);
  const CaseLexicon back = RoundTrip(lex, "casing");
  CHECK(back.size() == lex.size());
  CHECK(back.Lookup(Gazetteer::TokenHash("said")) == CaseLexicon::kCommon);

  Gazetteer g;
  g.Finish();
  NerScratch s, plain;
  // Lower-case web text: names the lexicon knows only capitalised are seen capitalised (not
  // two-letter words: "na" in "gon na"); ordinary words and unknown words stay as they are.
  Document doc = Tagged({{"kerala", "", ""}, {"and", "", ""}, {"white", "", ""}, {"nasa", "", ""},
                         {"na", "", ""}, {"zzyzx", "", ""}});
  NerPrepare(doc, 0, 6, g, nullptr, s, &lex);
  NerPrepare(doc, 0, 6, g, nullptr, plain);
  CHECK(s.toks[0].cap == 1);
  CHECK(s.toks[0].recased == 1);
  CHECK(s.toks[0].run_pos == static_cast<uint8_t>(Bilou::kU));
  CHECK(plain.toks[0].cap == 0);
  CHECK(s.toks[0].lower == plain.toks[0].lower);
  CHECK(s.toks[0].form != plain.toks[0].form);
  CHECK(s.toks[2].cap == 0);
  CHECK(s.toks[3].cap == 2);  // NASA
  CHECK(s.toks[4].cap == 0);
  CHECK(s.toks[5].cap == 0);
  CHECK(s.toks[5].dict == 0);
  CHECK(s.toks[2].dict == (CaseLexicon::kCommon | CaseLexicon::kCapital));
  // An all-capitals sentence: its words as the lexicon spells them; unknown ones stay.
  Document caps = Tagged({{"WHITE", "", ""}, {"SAID", "", ""}, {"MEXICO", "", ""}, {"ZZYZX", "", ""}});
  NerPrepare(caps, 0, 4, g, nullptr, s, &lex);
  CHECK(s.toks[0].cap == 0);
  CHECK(s.toks[1].cap == 0);
  CHECK(s.toks[2].cap == 1);
  CHECK(s.toks[3].cap == 2);
  // Capitals in an ordinary sentence are left alone.
  Document mixed = Tagged({{"WHITE", "", ""}, {"said", "", ""}, {"Mexico", "", ""}});
  NerPrepare(mixed, 0, 3, g, nullptr, s, &lex);
  CHECK(s.toks[0].cap == 2);
  CHECK(s.toks[0].recased == 0);
  // Bad flags or an unsorted table are refused.
  ByteWriter bad;
  bad.U64(1);
  bad.U64(5);
  bad.U8(9);
  ByteReader rb(bad.bytes(), "casing");
  CHECK_FALSE(CaseLexicon().Read(rb));
  ByteWriter unsorted;
  unsorted.U64(2);
  unsorted.U64(9);
  unsorted.U8(1);
  unsorted.U64(3);
  unsorted.U8(1);
  ByteReader ru(unsorted.bytes(), "casing");
  CHECK_FALSE(CaseLexicon().Read(ru));
}

TEST_CASE("describing nouns: types, round trip, one cue for every mention of the name", "[ner]") {
  NounTypes types;
  types.Add(NounTypeKey("group"), static_cast<uint8_t>(NounTypes::TypeOf("organization")));
  types.Add(NounTypeKey("Procession"), static_cast<uint8_t>(NounTypes::TypeOf("event")));
  types.Finish();
  CHECK(NounTypes::TypeOf("plant") == 7);
  CHECK(types.Lookup(NounTypeKey("GROUP")) == 2);  // 1 + organization
  CHECK(types.Lookup(NounTypeKey("procession")) == 4);  // 1 + event
  CHECK(types.Lookup(NounTypeKey("city")) == 0);
  CHECK(RoundTrip(types, "noun types").Lookup(NounTypeKey("group")) == 2);
  // "Hamas , the militant group , said ." / "Mangal Shobhajatra is a procession ." / "Hamas won ."
  // / "Mangal smiled ." (heads are document-level indices; lemmas from the lemmatizer).
  Document doc = Tagged({{"Hamas", "PROPN", "NNP"}, {",", "PUNCT", ","}, {"the", "DET", "DT"},
                         {"militant", "ADJ", "JJ"}, {"groups", "NOUN", "NNS"}, {",", "PUNCT", ","},
                         {"said", "VERB", "VBD"}, {".", "PUNCT", "."},
                         {"Mangal", "PROPN", "NNP"}, {"Shobhajatra", "PROPN", "NNP"}, {"is", "AUX", "VBZ"},
                         {"a", "DET", "DT"}, {"procession", "NOUN", "NN"}, {".", "PUNCT", "."},
                         {"Hamas", "PROPN", "NNP"}, {"won", "VERB", "VBD"}, {".", "PUNCT", "."}});
  const std::array<std::pair<int32_t, const char*>, 17> tree = {{
      {6, "nsubj"}, {4, "punct"}, {4, "det"}, {4, "amod"}, {0, "appos"}, {4, "punct"}, {-1, "root"}, {6, "punct"},
      {12, "nsubj"}, {8, "flat"}, {12, "cop"}, {12, "det"}, {-1, "root"}, {12, "punct"},
      {15, "nsubj"}, {-1, "root"}, {15, "punct"}}};
  for (size_t i = 0; i < tree.size(); ++i) {
    doc.tokens[i].head = tree[i].first;
    doc.tokens[i].deprel = tree[i].second;
  }
  doc.tokens[4].lemma = "group";
  doc.sentences = {{0, 8}, {8, 14}, {14, 17}};
  NerDescriptions d;
  d.Build(doc, types);
  CHECK(d.Of(doc, 0) == 2);   // Hamas, described as a group: organisation
  CHECK(d.Of(doc, 14) == 2);  // the same name in another sentence
  CHECK(d.Of(doc, 8) == 4);   // Mangal Shobhajatra, a procession: event
  CHECK(d.Of(doc, 9) == 4);
  CHECK(d.Of(doc, 6) == 0);   // not capitalised
  // Only the given sentences count.
  d.Build(doc, types, nullptr, 2, 3);
  CHECK(d.Of(doc, 14) == 0);
  // Without a tree there is no description.
  Document flat = doc;
  for (Token& t : flat.tokens) t.head = -1, t.deprel = {};
  d.Build(flat, types);
  CHECK(d.Of(flat, 0) == 0);
  // The features: the recogniser sees the cue only with noun types in its model.
  d.Build(doc, types);
  Gazetteer g;
  g.Finish();
  NerScratch s;
  NerPrepare(doc, 14, 17, g, nullptr, s, nullptr, nullptr, &types, &d);
  CHECK(s.toks[0].desc == 2);
  std::vector<uint64_t> with, without;
  NerFeatures(s, 0, 0, with);
  NerPrepare(doc, 14, 17, g, nullptr, s);
  CHECK(s.toks[0].desc == 0);
  NerFeatures(s, 0, 0, without);
  CHECK(with.size() == without.size() + 2);
  // Unsorted tables and unknown types are refused.
  for (int bad_case = 0; bad_case < 2; ++bad_case) {
    ByteWriter bad;
    bad.U64(2);
    bad.U64(9);
    bad.U8(1);
    bad.U64(bad_case == 0 ? 3 : 12);
    bad.U8(bad_case == 0 ? 1 : 8);
    NounTypes t;
    ByteReader r(bad.bytes(), "noun types");
    CHECK_FALSE(t.Read(r));
  }
}

TEST_CASE("IOB2 reading", "[ner]") {
  auto r = ParseIob2(
      "# newdoc id = d\n# sent_id = s1\n# text = Jo Smith went to New York\n"
      "1\tJo\tB-PER\t-\t-\n2\tSmith\tI-PER\t-\t-\n3\twent\tO\t-\t-\n4\tto\tO\t-\t-\n"
      "5\tNew\tB-LOC\t-\t-\n6\tYork\tI-LOC\t-\t-\n\n"
      "# sent_id = s2\n1\tAcme\tI-ORG\t-\t-\n2\tInc\tI-ORG\t-\t-\n",
      "x.iob2");
  REQUIRE(r.ok());
  REQUIRE(r->size() == 2);
  CHECK((*r)[0].sent_id == "s1");
  CHECK((*r)[0].newdoc);
  CHECK_FALSE((*r)[1].newdoc);
  CHECK((*r)[0].forms.size() == 6);
  CHECK((*r)[0].entities == std::vector<TypedSpan>{{0, 2, "PER"}, {4, 6, "LOC"}});
  CHECK((*r)[1].entities == std::vector<TypedSpan>{{0, 2, "ORG"}});
  auto bad = ParseIob2("1\tJo\tX-PER\n", "bad.iob2");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message().find("bad.iob2:1:") == 0);
}

TEST_CASE("gazetteer marks the longest match per type", "[ner]") {
  Gazetteer g;
  g.Add({"New", "York"}, NerTypeIndex("GPE"));
  g.Add({"New", "York", "City"}, NerTypeIndex("GPE"));
  g.Add({"York"}, NerTypeIndex("PERSON"));
  g.Finish();
  Document doc = Tagged({{"in", "ADP", "IN"}, {"new", "ADJ", "JJ"}, {"york", "PROPN", "NNP"}, {"City", "PROPN", "NNP"}});
  NerScratch s;
  NerPrepare(doc, 0, 4, g, nullptr, s);
  const int gpe = NerTypeIndex("GPE"), per = NerTypeIndex("PERSON");
  CHECK(s.toks[0].gaz[gpe] == 0);
  CHECK(s.toks[1].gaz[gpe] == static_cast<uint16_t>(Bilou::kB));  // case-insensitive
  CHECK(s.toks[2].gaz[gpe] == static_cast<uint16_t>(Bilou::kI));
  CHECK(s.toks[3].gaz[gpe] == static_cast<uint16_t>(Bilou::kL));
  CHECK(s.toks[2].gaz[per] == static_cast<uint16_t>(Bilou::kU));
  const Gazetteer back = RoundTrip(g, "gaz");
  CHECK(back.size() == g.size());
  CHECK(back.max_len() == 3);
  // Given names and surnames are classes of their own, beside the types.
  Gazetteer names;
  names.Add({"Jo"}, kGazFirstName);
  names.Add({"Smyth"}, kGazSurname);
  names.Finish();
  Document d2 = Tagged({{"Jo", "PROPN", "NNP"}, {"Smyth", "PROPN", "NNP"}});
  NerPrepare(d2, 0, 2, names, nullptr, s);
  CHECK(s.toks[0].gaz[kGazFirstName] == static_cast<uint16_t>(Bilou::kU));
  CHECK(s.toks[1].gaz[kGazSurname] == static_cast<uint16_t>(Bilou::kU));
  CHECK(s.toks[1].gaz[kGazFirstName] == 0);
}

TEST_CASE("committed NER model finds people, organisations and places in news", "[ner]") {
  auto rec = EntityRecognizer::Load(ModelPath());
  REQUIRE(rec.ok());
  Document doc = Tagged({{"President", "PROPN", "NNP"}, {"Barack", "PROPN", "NNP"}, {"Obama", "PROPN", "NNP"},
                         {"met", "VERB", "VBD"},       {"leaders", "NOUN", "NNS"},  {"of", "ADP", "IN"},
                         {"the", "DET", "DT"},         {"United", "PROPN", "NNP"},   {"Nations", "PROPN", "NNPS"},
                         {"in", "ADP", "IN"},          {"France", "PROPN", "NNP"},   {"on", "ADP", "IN"},
                         {"Monday", "PROPN", "NNP"},   {".", "PUNCT", "."}});
  (*rec)->Recognize(doc);
  auto has = [&](uint32_t tok, std::string_view type) {
    for (const auto& e : doc.entities)
      if (e.first <= tok && tok < e.last) return e.type == type;
    return false;
  };
  CHECK(has(2, "PERSON"));  // Obama
  CHECK(has(8, "ORG"));     // United Nations
  CHECK(has(10, "GPE"));    // France
  CHECK_FALSE(has(3, "PERSON"));
  for (size_t i = 1; i < doc.entities.size(); ++i) CHECK(doc.entities[i - 1].last <= doc.entities[i].first);
  // Lower-case web text: the casing lexicon's true-cased view sees `california` as `California`.
  Document low = Tagged({{"i", "PRON", "PRP"}, {"am", "AUX", "VBP"}, {"traveling", "VERB", "VBG"},
                         {"to", "ADP", "IN"}, {"california", "PROPN", "NNP"}, {"next", "ADJ", "JJ"},
                         {"week", "NOUN", "NN"}, {".", "PUNCT", "."}});
  (*rec)->Recognize(low);
  REQUIRE(low.entities.size() == 1);
  CHECK(low.entities[0].first == 4);
  CHECK(low.entities[0].last == 5);
  CHECK(low.entities[0].type == "GPE");
  // Untagged input still works (features degrade, nothing crashes).
  Document plain = Tagged({{"Obama", "", ""}, {"visited", "", ""}, {"France", "", ""}, {".", "", ""}});
  (*rec)->Recognize(plain);
  for (const auto& e : plain.entities) CHECK(e.last <= plain.tokens.size());
  Document empty;
  (*rec)->Recognize(empty);
  CHECK(empty.entities.empty());
  // Sentence ranges beyond the tokens are clamped, not trusted.
  Document odd = Tagged({{"Obama", "PROPN", "NNP"}, {"spoke", "VERB", "VBD"}});
  odd.sentences = {{1, 9}, {7, 3}};
  (*rec)->Recognize(odd);
  for (const auto& e : odd.entities) CHECK(e.last <= odd.tokens.size());
}

TEST_CASE("NER model round trip, corrupt file and failed self-test refused", "[ner]") {
  auto rec = EntityRecognizer::Load(ModelPath());
  REQUIRE(rec.ok());
  const std::string dir = fs::temp_directory_path().string();
  const std::string p = dir + "/relata-ner-test.rmd";
  const std::string input = "Angela/PROPN/NNP Merkel/PROPN/NNP visited/VERB/VBD Paris/PROPN/NNP ./PUNCT/.";
  REQUIRE(SaveNerModel(**rec, "{}", {input}, p).ok());
  auto back = EntityRecognizer::Load(p);
  REQUIRE(back.ok());
  CHECK((*back)->RunSelfTest(input) == (*rec)->RunSelfTest(input));
  CHECK((*back)->weights().features() == (*rec)->weights().features());
  CHECK((*back)->gazetteer().size() == (*rec)->gazetteer().size());
  CHECK((*back)->clusters().size() == (*rec)->clusters().size());
  CHECK((*rec)->clusters().size() > 1000);
  CHECK((*back)->lexicon().size() == (*rec)->lexicon().size());
  CHECK((*rec)->lexicon().size() > 50000);

  // Corrupt: one flipped byte fails the container's checksum.
  std::string bytes;
  {
    std::ifstream in(p, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  std::string flipped = bytes;
  flipped[flipped.size() / 2] ^= 0x20;
  std::ofstream(p, std::ios::binary | std::ios::trunc) << flipped;
  auto bad = EntityRecognizer::Load(p);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message().find(p) == 0);

  // Self-test mismatch: a valid container whose recorded output differs.
  auto file = ModelFile::Load(ModelPath(), "ner");
  REQUIRE(file.ok());
  REQUIRE_FALSE(file->self_tests.empty());
  file->self_tests[0].expected += " 0-1:EVENT";
  REQUIRE(file->Save(p).ok());
  auto mismatch = EntityRecognizer::Load(p);
  REQUIRE_FALSE(mismatch.ok());
  CHECK(mismatch.status().message().find("self-test 1 failed") != std::string::npos);

  // A model of another component is refused.
  file->component = "tagger";
  REQUIRE(file->Save(p).ok());
  CHECK_FALSE(EntityRecognizer::Load(p).ok());
  fs::remove(p);
  CHECK_FALSE(EntityRecognizer::Load(p).ok());
}

TEST_CASE("NER model of layout 5 keeps its language-model classes and noun types", "[ner]") {
  auto rec = EntityRecognizer::Load(ModelPath());
  REQUIRE(rec.ok());
  WordClusters lm;
  lm.Add(WordClassKey("procession"), 5, 6);
  lm.Finish();
  NounTypes types;
  types.Add(NounTypeKey("group"), 1);
  types.Add(NounClassKey(6), 3);  // nouns of left class 6 head events
  types.Finish();
  EntityRecognizer extended((*rec)->weights(), (*rec)->gazetteer(), (*rec)->clusters(), (*rec)->lexicon(), lm, types);
  const std::string p = (fs::temp_directory_path() / "relata-ner-layout5.rmd").string();
  const std::string input = "Sweden/PROPN/NNP Joins/VERB/VBZ NATO/PROPN/NNP After/ADP/IN Long/ADJ/JJ Wait/NOUN/NN";
  REQUIRE(SaveNerModel(extended, "{}", {input}, p).ok());
  auto file = ModelFile::Load(p, "ner");
  REQUIRE(file.ok());
  CHECK(file->component_version == 5);
  auto back = EntityRecognizer::Load(p);
  REQUIRE(back.ok());
  CHECK((*back)->lm_classes().Lookup(WordClassKey("Procession")) == std::pair<uint8_t, uint8_t>{5, 6});
  CHECK((*back)->noun_types().size() == 2);
  CHECK((*back)->RunSelfTest(input) == extended.RunSelfTest(input));
  // A layout-5 file without its sections is refused by name.
  for (auto it = file->sections.begin(); it != file->sections.end(); ++it)
    if (it->first == "noun_types") {
      file->sections.erase(it);
      break;
    }
  REQUIRE(file->Save(p).ok());
  auto missing = EntityRecognizer::Load(p);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().message().find("noun_types") != std::string::npos);
  fs::remove(p);
}

TEST_CASE("title-case lines are seen in lower case by layout-5 models", "[ner]") {
  CaseLexicon lex;
  for (const char* w : {"joins", "after", "wait", "long", "Sweden"}) lex.Add(w);
  lex.Finish();
  Document doc = Tagged({{"Sweden", "PROPN", "NNP"}, {"Joins", "VERB", "VBZ"}, {"NATO", "PROPN", "NNP"},
                         {"After", "ADP", "IN"}, {"Long", "ADJ", "JJ"}, {"Wait", "NOUN", "NN"}});
  Gazetteer g;
  g.Finish();
  WordClusters lm;
  lm.Add(WordClassKey("wait"), 1, 1);
  lm.Finish();
  NerScratch layout4, layout5;
  NerPrepare(doc, 0, 6, g, nullptr, layout4, &lex);
  NerPrepare(doc, 0, 6, g, nullptr, layout5, &lex, &lm);
  CHECK(layout4.toks[1].recased == 0);
  CHECK(layout5.toks[1].recased == 5);  // Joins -> joins
  CHECK(layout5.toks[1].cap == 0);
  CHECK(layout5.toks[0].recased == 0);  // Sweden: a name
  CHECK(layout5.toks[2].recased == 0);  // NATO: not known in lower case
  // An ordinary sentence is left alone: it has a long lower-case word.
  Document plain = Tagged({{"Sweden", "PROPN", "NNP"}, {"joins", "VERB", "VBZ"}, {"After", "ADP", "IN"},
                           {"Wait", "NOUN", "NN"}});
  NerPrepare(plain, 0, 4, g, nullptr, layout5, &lex, &lm);
  CHECK(layout5.toks[2].recased == 0);
}

TEST_CASE("NER trainer: tiny treebank, deterministic, learns its names and word classes", "[ner]") {
  // Ten documents of two sentences: "<Name> <Surname> visited <City> ." and "<City> is large .",
  // the names annotated the way GUM does.
  const char* first[] = {"Anna", "Boris", "Carla", "Dmitri", "Elena", "Farid", "Greta", "Hugo", "Ines", "Jonas"};
  const char* last[] = {"Kowal", "Lund", "Moreau", "Novak", "Olsen", "Petrov", "Quist", "Rossi", "Sato", "Tanaka"};
  const char* city[] = {"Utrecht", "Vilnius", "Warsaw", "Xanthi", "Yerevan", "Zagreb", "Aarhus", "Bergen", "Cork", "Dijon"};
  std::string conllu;
  for (int d = 0; d < 10; ++d) {
    conllu += "# newdoc id = d" + std::to_string(d) + "\n# sent_id = d" + std::to_string(d) + "-1\n";
    conllu += Row(1, first[d], "PROPN", "NNP", 3, "nsubj", ("Entity=(" + std::to_string(d) + "1-person-new-nnnnn-cf1-1-sgl").c_str());
    conllu += Row(2, last[d], "PROPN", "NNP", 1, "flat", ("Entity=" + std::to_string(d) + "1)").c_str());
    conllu += Row(3, "visited", "VERB", "VBD", 0, "root", "_");
    conllu += Row(4, city[d], "PROPN", "NNP", 3, "obj", ("Entity=(" + std::to_string(d) + "2-place-new-nnnnn-cf1-1-sgl)|SpaceAfter=No").c_str());
    conllu += Row(5, ".", "PUNCT", ".", 3, "punct", "_");
    conllu += "\n# sent_id = d" + std::to_string(d) + "-2\n";
    conllu += Row(1, city[d], "PROPN", "NNP", 3, "nsubj", ("Entity=(" + std::to_string(d) + "2-place-giv-nnnnn-cf1-1-sgl)").c_str());
    conllu += Row(2, "is", "AUX", "VBZ", 3, "cop", "_");
    conllu += Row(3, "large", "ADJ", "JJ", 0, "root", "SpaceAfter=No");
    conllu += Row(4, ".", "PUNCT", ".", 3, "punct", "_");
    conllu += "\n";
  }
  const fs::path dir = fs::temp_directory_path();
  const std::string data = (dir / "relata-ner-tiny.conllu").string();
  std::ofstream(data, std::ios::binary | std::ios::trunc) << conllu;
  train::TrainOptions o;
  o.train_files = {data};
  o.epochs = 8;
  o.verbose = false;
  o.output = (dir / "relata-ner-tiny-a.rmd").string();
  REQUIRE(train::TrainNer(o).ok());
  o.output = (dir / "relata-ner-tiny-b.rmd").string();
  REQUIRE(train::TrainNer(o).ok());
  auto slurp = [](const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  CHECK(slurp((dir / "relata-ner-tiny-a.rmd").string()) == slurp(o.output));
  auto rec = EntityRecognizer::Load(o.output);
  REQUIRE(rec.ok());
  // "visited", "is", "large" and "." occur ten times or more: they get word classes; the
  // names (twice at most) do not.
  CHECK((*rec)->clusters().size() == 4);
  CHECK((*rec)->clusters().Lookup(Gazetteer::TokenHash("visited")).first != 0);
  CHECK((*rec)->clusters().Lookup(Gazetteer::TokenHash("Utrecht")).first == 0);
  // A training sentence with its tags and tree, as the recogniser meets it after the parser.
  Document doc = Tagged({{"Carla", "PROPN", "NNP"}, {"Moreau", "PROPN", "NNP"}, {"visited", "VERB", "VBD"},
                         {"Warsaw", "PROPN", "NNP"}, {".", "PUNCT", "."}});
  const std::array<std::pair<int32_t, const char*>, 5> tree = {
      {{2, "nsubj"}, {0, "flat"}, {-1, "root"}, {2, "obj"}, {2, "punct"}}};
  for (size_t i = 0; i < tree.size(); ++i) {
    doc.tokens[i].head = tree[i].first;
    doc.tokens[i].deprel = tree[i].second;
  }
  (*rec)->Recognize(doc);
  std::string got;
  for (const EntityMention& e : doc.entities)
    got += std::to_string(e.first) + "-" + std::to_string(e.last) + ":" + std::string(e.type) + " ";
  CHECK(got == "0-2:PERSON 3-4:GPE ");
  CHECK((*rec)->RunSelfTest("Carla/PROPN/NNP Moreau/PROPN/NNP visited/VERB/VBD Warsaw/PROPN/NNP ./PUNCT/.") ==
        "0-2:PERSON 3-4:GPE");
  o.train_files = {(dir / "relata-no-such-file.conllu").string()};
  CHECK_FALSE(train::TrainNer(o).ok());
  fs::remove(data);
  fs::remove((dir / "relata-ner-tiny-a.rmd").string());
  fs::remove((dir / "relata-ner-tiny-b.rmd").string());
}

TEST_CASE("NerViterbi with the previous-label cache gives the same labels", "[ner]") {
  // Random weights for every feature (token and previous-label ones) of a sentence with
  // repeated words, shapes and tags: decoding with and without NerPrevCache must agree (the
  // cache adds the same scores in the same order).
  Document doc = Tagged({{"Jens", "PROPN", "NNP"}, {"Stoltenberg", "PROPN", "NNP"}, {"met", "VERB", "VBD"},
                         {"Jens", "PROPN", "NNP"}, {"in", "ADP", "IN"}, {"Oslo", "PROPN", "NNP"},
                         {"and", "CCONJ", "CC"}, {"Oslo", "PROPN", "NNP"}, {".", "PUNCT", "."}});
  NerScratch s;
  Gazetteer gaz;
  gaz.Add({"oslo"}, NerTypeIndex("GPE"));
  gaz.Finish();
  NerPrepare(doc, 0, static_cast<uint32_t>(doc.tokens.size()), gaz, nullptr, s);
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    // A feature's weight for a label: a hash of (seed, feature, label), some of them zero.
    auto weight = [&](uint64_t f, int c) {
      uint64_t x = (f ^ (seed * 0x9E3779B97F4A7C15ull)) + static_cast<uint64_t>(c) * 0xBF58476D1CE4E5B9ull;
      x ^= x >> 31;
      x *= 0x94D049BB133111EBull;
      x ^= x >> 29;
      if (x % 3 == 0) return 0.0f;
      return static_cast<float>(static_cast<int64_t>(x % 2001) - 1000) * 0.37f;
    };
    auto scorer = [&](const uint64_t* f, size_t n, float* sc) {
      for (size_t i = 0; i < n; ++i)
        for (int c = 0; c < kNerLabelCount; ++c) sc[c] += weight(f[i], c);
    };
    std::vector<int> plain, cached;
    NerViterbi(s, scorer, plain);
    NerPrevCache cache;
    NerViterbi(s, scorer, cached, &cache);
    NerViterbi(s, scorer, cached, &cache);  // the second time from the cache only
    CHECK(plain == cached);
  }
}
