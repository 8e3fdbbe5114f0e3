// Extraction rules on hand-made parses (no model needed): each construction of
// docs/extraction.md with what it must and must not give.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "relata/extract.h"

namespace {

using relata::Document;
using relata::Extraction;
using relata::GraphTriple;

// One sentence from "form/UPOS/HEAD/deprel[/lemma[/xpos]]" items separated by spaces; HEAD
// counts from 1 (0 = root). Entities: (first, last, type) with 0-based token indices.
struct Parsed {
  Document doc;
  std::vector<std::string> labels;  // keeps the deprel/upos strings alive
};

Parsed Parse(std::string_view spec, std::vector<std::tuple<uint32_t, uint32_t, const char*>> ents = {}) {
  Parsed p;
  p.labels.reserve(4096);
  std::vector<std::string> items;
  size_t i = 0;
  while (i < spec.size()) {
    size_t j = spec.find(' ', i);
    if (j == std::string_view::npos) j = spec.size();
    if (j > i) items.emplace_back(spec.substr(i, j - i));
    i = j + 1;
  }
  for (const std::string& it : items) {
    std::vector<std::string> f;
    size_t a = 0;
    // The form may itself be "/": split from the right for the fixed fields.
    while (true) {
      size_t b = it.find('/', a == 0 ? 1 : a);
      if (b == std::string::npos) {
        f.push_back(it.substr(a));
        break;
      }
      f.push_back(it.substr(a, b - a));
      a = b + 1;
    }
    REQUIRE(f.size() >= 4);
    relata::Token t;
    if (!p.doc.text.empty()) p.doc.text += ' ';
    t.begin = uint32_t(p.doc.text.size());
    p.doc.text += f[0];
    t.end = uint32_t(p.doc.text.size());
    t.form = f[0];
    p.labels.push_back(f[1]);
    t.upos = p.labels.back();
    t.head = std::stoi(f[2]) - 1;
    p.labels.push_back(f[3]);
    t.deprel = p.labels.back();
    t.lemma = f.size() > 4 ? f[4] : f[0];
    for (char& c : t.lemma)
      if (c >= 'A' && c <= 'Z' && f.size() <= 4) c = char(c - 'A' + 'a');
    if (f.size() > 5) {
      p.labels.push_back(f[5]);
      t.xpos = p.labels.back();
    }
    p.doc.tokens.push_back(t);
  }
  p.doc.sentences.push_back({0, uint32_t(p.doc.tokens.size())});
  for (auto& [a, b, ty] : ents) p.doc.entities.push_back({a, b, ty});
  p.doc.id = "test";
  return p;
}

const Extraction* Find(const std::vector<Extraction>& xs, std::string_view rel, std::string_view subj,
                       std::string_view obj) {
  for (const Extraction& e : xs)
    if (e.relation_text == rel && e.subject.text == subj && e.object.text == obj) return &e;
  return nullptr;
}

const GraphTriple* FindTriple(const std::vector<GraphTriple>& gs, std::string_view s, std::string_view r,
                              std::string_view o) {
  for (const GraphTriple& g : gs)
    if (g.subject == s && g.relation == r && g.object == o) return &g;
  return nullptr;
}

std::string Dump(const std::vector<Extraction>& xs) {
  std::string out;
  for (const Extraction& e : xs) {
    out += e.relation_text + " | " + e.subject.text + " | " + e.object.text;
    for (const auto& a : e.extra) out += " | " + a.text;
    out += "  [" + e.relation + "]\n";
  }
  return out;
}

}  // namespace

TEST_CASE("extract: subject, verb, object with a normalised relation", "[extract]") {
  auto p = Parse("NATO/PROPN/4/nsubj has/AUX/4/aux been/AUX/4/aux training/VERB/0/root/train "
                 "Iraqi/ADJ/6/amod forces/NOUN/4/obj/force ./PUNCT/4/punct",
                 {{0, 1, "ORG"}, {4, 5, "NORP"}});
  auto xs = relata::Extract(p.doc);
  INFO(Dump(xs));
  const Extraction* e = Find(xs, "has been training", "NATO", "Iraqi forces");
  REQUIRE(e);
  CHECK(e->relation == "train");
  CHECK(e->subject.entity == 0);
  CHECK_FALSE(e->negated);
  CHECK(e->sentence == 0);
  CHECK(p.doc.text.substr(e->char_begin, e->char_end - e->char_begin) == "NATO has been training Iraqi forces");
  auto gs = relata::ToGraphTriples(p.doc, xs);
  const GraphTriple* g = FindTriple(gs, "NATO", "train", "Iraqi forces");
  REQUIRE(g);
  CHECK(g->subject_type == "ORG");
}

TEST_CASE("extract: a passive with its agent becomes active in the graph", "[extract]") {
  auto p = Parse("Soleimani/PROPN/3/nsubj:pass was/AUX/3/aux:pass killed/VERB/0/root/kill by/ADP/6/case "
                 "the/DET/6/det US/PROPN/3/obl:agent ./PUNCT/3/punct",
                 {{0, 1, "PERSON"}, {5, 6, "GPE"}});
  auto xs = relata::Extract(p.doc);
  INFO(Dump(xs));
  const Extraction* e = Find(xs, "was killed by", "Soleimani", "the US");
  REQUIRE(e);
  CHECK(e->passive);
  CHECK(e->relation == "kill");
  auto gs = relata::ToGraphTriples(p.doc, xs);
  CHECK(FindTriple(gs, "US", "kill", "Soleimani"));
  CHECK_FALSE(FindTriple(gs, "Soleimani", "kill", "US"));
}

TEST_CASE("extract: a passive without agent keeps its direction", "[extract]") {
  auto p = Parse("Soleimani/PROPN/3/nsubj:pass was/AUX/3/aux:pass killed/VERB/0/root/kill in/ADP/5/case "
                 "Baghdad/PROPN/3/obl ./PUNCT/3/punct",
                 {{0, 1, "PERSON"}, {4, 5, "GPE"}});
  auto xs = relata::Extract(p.doc);
  INFO(Dump(xs));
  const Extraction* e = Find(xs, "was killed in", "Soleimani", "Baghdad");
  REQUIRE(e);
  auto gs = relata::ToGraphTriples(p.doc, xs);
  CHECK(FindTriple(gs, "Soleimani", "be killed in", "Baghdad"));
}

TEST_CASE("extract: negation is flagged and never asserted as positive", "[extract]") {
  auto p = Parse("Iraq/PROPN/4/nsubj did/AUX/4/aux not/PART/4/advmod expel/VERB/0/root "
                 "the/DET/6/det troops/NOUN/4/obj/troop ./PUNCT/4/punct",
                 {{0, 1, "GPE"}});
  auto xs = relata::Extract(p.doc);
  INFO(Dump(xs));
  const Extraction* e = Find(xs, "did not expel", "Iraq", "the troops");
  REQUIRE(e);
  CHECK(e->negated);
  CHECK(e->relation == "expel");
  auto gs = relata::ToGraphTriples(p.doc, xs);
  CHECK(FindTriple(gs, "Iraq", "not expel", "troops"));
  CHECK_FALSE(FindTriple(gs, "Iraq", "expel", "troops"));
}

TEST_CASE("extract: hedges by modal and by adverb", "[extract]") {
  auto p = Parse("Iran/PROPN/3/nsubj may/AUX/3/aux retaliate/VERB/0/root against/ADP/5/case "
                 "Washington/PROPN/3/obl ./PUNCT/3/punct");
  auto xs = relata::Extract(p.doc);
  INFO(Dump(xs));
  const Extraction* e = Find(xs, "may retaliate against", "Iran", "Washington");
  REQUIRE(e);
  CHECK(e->hedged);
  CHECK(e->relation == "retaliate against");

  auto q = Parse("Iran/PROPN/3/nsubj reportedly/ADV/3/advmod attacked/VERB/0/root/attack "
                 "the/DET/5/det base/NOUN/3/obj ./PUNCT/3/punct");
  auto ys = relata::Extract(q.doc);
  INFO(Dump(ys));
  REQUIRE(ys.size() >= 1);
  CHECK(ys[0].hedged);

  auto r = Parse("Iran/PROPN/2/nsubj attacked/VERB/0/root/attack the/DET/4/det base/NOUN/2/obj ./PUNCT/2/punct");
  auto zs = relata::Extract(r.doc);
  REQUIRE(zs.size() == 1);
  CHECK_FALSE(zs[0].hedged);
  CHECK_FALSE(zs[0].negated);
  CHECK(zs[0].speaker.empty());
}

TEST_CASE("extract: reported speech is attributed to the speaker", "[extract]") {
  auto p = Parse("Stoltenberg/PROPN/2/nsubj said/VERB/0/root/say NATO/PROPN/5/nsubj would/AUX/5/aux "
                 "stay/VERB/2/ccomp in/ADP/7/case Iraq/PROPN/5/obl ./PUNCT/2/punct",
                 {{0, 1, "PERSON"}, {2, 3, "ORG"}, {6, 7, "GPE"}});
  auto xs = relata::Extract(p.doc);
  INFO(Dump(xs));
  const Extraction* inner = Find(xs, "would stay in", "NATO", "Iraq");
  REQUIRE(inner);
  CHECK(inner->speaker.text == "Stoltenberg");
  CHECK(inner->hedged);
  const Extraction* outer = Find(xs, "said", "Stoltenberg", "NATO would stay in Iraq");
  REQUIRE(outer);
  CHECK(outer->speaker.empty());
  auto gs = relata::ToGraphTriples(p.doc, xs);
  const GraphTriple* g = FindTriple(gs, "NATO", "stay in", "Iraq");
  REQUIRE(g);
  CHECK(g->speaker == "Stoltenberg");
  // A clause is not a node: "said" gives no graph triple.
  for (const GraphTriple& t : gs) CHECK(t.relation != "say");
}

TEST_CASE("extract: xcomp chains join the relation", "[extract]") {
  auto p = Parse("NATO/PROPN/2/nsubj agreed/VERB/0/root/agree to/PART/4/mark expand/VERB/2/xcomp "
                 "its/PRON/6/nmod:poss mission/NOUN/4/obj ./PUNCT/2/punct",
                 {{0, 1, "ORG"}});
  auto xs = relata::Extract(p.doc);
  INFO(Dump(xs));
  const Extraction* e = Find(xs, "agreed to expand", "NATO", "its mission");
  REQUIRE(e);
  CHECK(e->relation == "agree to expand");
  // The chained verb gives no extraction of its own.
  CHECK_FALSE(Find(xs, "expand", "NATO", "its mission"));
}

TEST_CASE("extract: copula with a relational noun", "[extract]") {
  auto p = Parse("Baghdad/PROPN/4/nsubj is/AUX/4/cop/be the/DET/4/det capital/NOUN/0/root of/ADP/6/case "
                 "Iraq/PROPN/4/nmod ./PUNCT/4/punct",
                 {{0, 1, "GPE"}, {5, 6, "GPE"}});
  auto xs = relata::Extract(p.doc);
  INFO(Dump(xs));
  const Extraction* e = Find(xs, "is", "Baghdad", "the capital of Iraq");
  REQUIRE(e);
  CHECK(e->kind == "copula");
  auto gs = relata::ToGraphTriples(p.doc, xs);
  CHECK(FindTriple(gs, "Baghdad", "capital of", "Iraq"));
}

TEST_CASE("extract: copula with a preposition folds it into the relation", "[extract]") {
  auto p = Parse("The/DET/2/det embassy/NOUN/5/nsubj is/AUX/5/cop/be in/ADP/5/case Baghdad/PROPN/0/root ./PUNCT/5/punct");
  auto xs = relata::Extract(p.doc);
  INFO(Dump(xs));
  CHECK(Find(xs, "is in", "The embassy", "Baghdad"));
}

TEST_CASE("extract: apposition and titles give roles", "[extract]") {
  // Jens Stoltenberg , the NATO Secretary General , arrived .
  auto p = Parse("Jens/PROPN/9/nsubj Stoltenberg/PROPN/1/flat ,/PUNCT/7/punct the/DET/7/det "
                 "NATO/PROPN/7/compound Secretary/PROPN/7/compound General/PROPN/1/appos ,/PUNCT/7/punct "
                 "arrived/VERB/0/root/arrive ./PUNCT/9/punct",
                 {{0, 2, "PERSON"}, {4, 5, "ORG"}});
  auto xs = relata::Extract(p.doc);
  INFO(Dump(xs));
  const Extraction* e = Find(xs, "is", "Jens Stoltenberg", "the NATO Secretary General");
  REQUIRE(e);
  CHECK(e->kind == "apposition");
  // The subject of "arrived" leaves the apposition out.
  CHECK(std::any_of(xs.begin(), xs.end(), [](const Extraction& x) {
    return x.relation_text == "arrived" && x.subject.text == "Jens Stoltenberg";
  }));

  // Jens Stoltenberg , the former Secretary General of NATO , arrived . (GUM's `nmod:desc`)
  auto o = Parse("Jens/PROPN/11/nsubj Stoltenberg/PROPN/1/flat ,/PUNCT/7/punct the/DET/7/det former/ADJ/7/amod "
                 "Secretary/PROPN/7/nmod:desc General/PROPN/1/appos of/ADP/9/case NATO/PROPN/7/nmod "
                 ",/PUNCT/7/punct arrived/VERB/0/root/arrive ./PUNCT/11/punct",
                 {{0, 2, "PERSON"}, {8, 9, "ORG"}});
  auto os = relata::Extract(o.doc);
  INFO(Dump(os));
  auto og = relata::ToGraphTriples(o.doc, os);
  CHECK(FindTriple(og, "Jens Stoltenberg", "former secretary general of", "NATO"));

  // US President Donald Trump spoke .
  auto q = Parse("US/PROPN/4/compound President/PROPN/4/compound Donald/PROPN/4/compound Trump/PROPN/5/nsubj "
                 "spoke/VERB/0/root/speak ./PUNCT/5/punct",
                 {{0, 1, "GPE"}, {2, 4, "PERSON"}});
  auto ys = relata::Extract(q.doc);
  INFO(Dump(ys));
  const Extraction* r = Find(ys, "is", "Donald Trump", "US President");
  REQUIRE(r);
  CHECK(r->kind == "role");
  auto gs = relata::ToGraphTriples(q.doc, ys);
  CHECK(FindTriple(gs, "Donald Trump", "president of", "US"));
  // A demonym before the title names the country of the office, tagged or not.
  for (const char* type : {"NORP", ""}) {
    std::vector<std::tuple<uint32_t, uint32_t, const char*>> ents = {{1, 5, "PERSON"}};
    if (*type) ents.insert(ents.begin(), {0, 1, type});
    else ents = {{0, 5, "PERSON"}};
    auto f = Parse("Finnish/ADJ/5/amod Foreign/PROPN/3/compound Minister/PROPN/5/compound Pekka/PROPN/5/compound "
                   "Haavisto/PROPN/6/nsubj spoke/VERB/0/root/speak ./PUNCT/6/punct",
                   ents);
    auto fs = relata::Extract(f.doc);
    INFO(type << "\n" << Dump(fs));
    auto fg = relata::ToGraphTriples(f.doc, fs);
    const GraphTriple* t = FindTriple(fg, "Pekka Haavisto", "foreign minister of", "Finland");
    REQUIRE(t);
    CHECK(t->object_type == "GPE");
    CHECK(t->object_form == "Finnish");
    CHECK(t->object_rule == "demonym");
  }
  // A bare name with no title words gives no role.
  auto z = Parse("Donald/PROPN/2/compound Trump/PROPN/3/nsubj spoke/VERB/0/root/speak", {{0, 2, "PERSON"}});
  for (const Extraction& x : relata::Extract(z.doc)) CHECK(x.kind != "role");
}

TEST_CASE("extract: relative clauses take their antecedent", "[extract]") {
  // NATO , which has a mission in Iraq , met .
  auto p = Parse("NATO/PROPN/10/nsubj ,/PUNCT/4/punct which/PRON/4/nsubj has/VERB/1/acl:relcl/have "
                 "a/DET/6/det mission/NOUN/4/obj in/ADP/8/case Iraq/PROPN/6/nmod ,/PUNCT/4/punct "
                 "met/VERB/0/root/meet ./PUNCT/10/punct",
                 {{0, 1, "ORG"}, {7, 8, "GPE"}});
  auto xs = relata::Extract(p.doc);
  INFO(Dump(xs));
  CHECK(Find(xs, "has", "NATO", "a mission in Iraq"));
  for (const Extraction& e : xs) CHECK(e.subject.text != "which");
  // The antecedent's phrase leaves the relative clause out.
  CHECK(std::any_of(xs.begin(), xs.end(),
                    [](const Extraction& x) { return x.relation_text == "met" && x.subject.text == "NATO"; }));
}

TEST_CASE("extract: coordination is split", "[extract]") {
  auto p = Parse("Britain/PROPN/4/nsubj and/CCONJ/3/cc France/PROPN/1/conj condemned/VERB/0/root/condemn "
                 "the/DET/6/det attack/NOUN/4/obj and/CCONJ/8/cc left/VERB/4/conj/leave ./PUNCT/4/punct",
                 {{0, 1, "GPE"}, {2, 3, "GPE"}});
  auto xs = relata::Extract(p.doc);
  INFO(Dump(xs));
  CHECK(Find(xs, "condemned", "Britain", "the attack"));
  CHECK(Find(xs, "condemned", "France", "the attack"));
  CHECK_FALSE(Find(xs, "condemned", "Britain and France", "the attack"));
  // The second verb inherits both subjects.
  CHECK(Find(xs, "left", "Britain", ""));
  CHECK(Find(xs, "left", "France", ""));
  // Coordination inside one name stays whole.
  auto q = Parse("Bosnia/PROPN/4/nsubj and/CCONJ/3/cc Herzegovina/PROPN/1/conj joined/VERB/0/root/join "
                 "NATO/PROPN/4/obj", {{0, 3, "GPE"}, {4, 5, "ORG"}});
  auto ys = relata::Extract(q.doc);
  INFO(Dump(ys));
  CHECK(Find(ys, "joined", "Bosnia and Herzegovina", "NATO"));
}

TEST_CASE("extract: compound participles and event nouns", "[extract]") {
  // the US - led coalition attacked .
  auto p = Parse("the/DET/5/det US/PROPN/4/obl:npmod -/PUNCT/4/punct led/VERB/5/amod/lead "
                 "coalition/NOUN/6/nsubj attacked/VERB/0/root/attack",
                 {{1, 2, "GPE"}});
  auto xs = relata::Extract(p.doc);
  INFO(Dump(xs));
  auto gs = relata::ToGraphTriples(p.doc, xs);
  CHECK(FindTriple(gs, "US", "lead", "coalition"));

  // the US killing of a top Iranian general
  auto q = Parse("the/DET/3/det US/PROPN/3/compound killing/NOUN/0/root/killing of/ADP/7/case a/DET/7/det "
                 "top/ADJ/7/amod general/NOUN/3/nmod",
                 {{1, 2, "GPE"}});
  auto ys = relata::Extract(q.doc);
  INFO(Dump(ys));
  auto hs = relata::ToGraphTriples(q.doc, ys);
  CHECK(FindTriple(hs, "US", "kill", "top general"));
  // A noun that names no event gives nothing.
  auto r = Parse("the/DET/3/det US/PROPN/3/compound embassy/NOUN/0/root of/ADP/5/case Iraq/PROPN/3/nmod",
                 {{1, 2, "GPE"}, {4, 5, "GPE"}});
  for (const Extraction& x : relata::Extract(r.doc)) CHECK(x.kind != "event");
}

TEST_CASE("extract: pronoun arguments are kept but never become graph nodes", "[extract]") {
  auto p = Parse("He/PRON/2/nsubj visited/VERB/0/root/visit Baghdad/PROPN/2/obj", {{2, 3, "GPE"}});
  auto xs = relata::Extract(p.doc);
  REQUIRE(Find(xs, "visited", "He", "Baghdad"));
  CHECK(relata::ToGraphTriples(p.doc, xs).empty());
  relata::ExtractOptions o;
  o.keep_pronouns = false;
  CHECK(relata::Extract(p.doc, o).empty());
}

TEST_CASE("extract: output is the same whatever the entity order in memory", "[extract]") {
  auto p = Parse("NATO/PROPN/2/nsubj trains/VERB/0/root/train Iraqi/ADJ/4/amod forces/NOUN/2/obj/force",
                 {{0, 1, "ORG"}});
  auto a = relata::Extract(p.doc);
  auto b = relata::Extract(p.doc);
  REQUIRE(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].relation_text == b[i].relation_text);
    CHECK(a[i].confidence == b[i].confidence);
  }
}

TEST_CASE("extract: malformed trees and empty sentences do not crash", "[extract]") {
  Document d;
  d.text = "a b c";
  for (uint32_t i = 0; i < 3; ++i) {
    relata::Token t;
    t.begin = 2 * i;
    t.end = 2 * i + 1;
    t.form = d.text.substr(t.begin, 1);
    t.upos = "VERB";
    t.deprel = "conj";
    t.head = int32_t((i + 1) % 3);  // a cycle: no root
    d.tokens.push_back(t);
  }
  d.sentences.push_back({0, 3});
  d.sentences.push_back({3, 3});
  d.sentences.push_back({2, 99});  // out of range: skipped
  auto xs = relata::Extract(d);
  (void)relata::ToGraphTriples(d, xs);
  SUCCEED();
}

// ---- names within a document (ResolveNames) ---------------------------------------------------

namespace {

// A document of one sentence per spec, entity spans given per sentence (token indices within
// that sentence).
Document Doc(std::vector<std::pair<std::string, std::vector<std::tuple<uint32_t, uint32_t, const char*>>>> sents,
             std::vector<Parsed>& keep) {
  Document d;
  for (auto& [spec, ents] : sents) {
    keep.push_back(Parse(spec, ents));
    const Document& s = keep.back().doc;
    uint32_t base = uint32_t(d.tokens.size()), off = uint32_t(d.text.size()) + (d.text.empty() ? 0 : 1);
    if (!d.text.empty()) d.text += ' ';
    d.text += s.text;
    for (relata::Token t : s.tokens) {
      t.begin += off;
      t.end += off;
      if (t.head >= 0) t.head += int32_t(base);
      d.tokens.push_back(t);
    }
    d.sentences.push_back({base, uint32_t(d.tokens.size())});
    for (const auto& m : s.entities) d.entities.push_back({m.first + base, m.last + base, m.type});
  }
  return d;
}

}  // namespace

TEST_CASE("resolve: a surname or Mr. + surname is the earlier full name", "[extract][resolve]") {
  std::vector<Parsed> keep;
  Document d = Doc({{"Jens/PROPN/3/nsubj Stoltenberg/PROPN/1/flat spoke/VERB/0/root", {{0, 2, "PERSON"}}},
                    {"Stoltenberg/PROPN/2/nsubj left/VERB/0/root", {{0, 1, "PERSON"}}},
                    {"Mr./PROPN/2/compound Stoltenberg/PROPN/3/nsubj smiled/VERB/0/root", {{0, 2, "PERSON"}}}},
                   keep);
  auto r = relata::ResolveNames(d);
  REQUIRE(r.size() == 3);
  CHECK(r[0].name == "Jens Stoltenberg");
  CHECK(r[0].rule == "name");
  CHECK(r[1].name == "Jens Stoltenberg");
  CHECK(r[1].rule == "name-part");
  CHECK(r[1].antecedent == 0);
  CHECK(r[2].name == "Jens Stoltenberg");
}

TEST_CASE("resolve: a storm's bare name is the storm; types must agree", "[extract][resolve]") {
  std::vector<Parsed> keep;
  Document d = Doc({{"Cyclone/PROPN/2/compound Phailin/PROPN/3/nsubj hit/VERB/0/root", {{0, 2, "EVENT"}}},
                    {"Phailin/PROPN/2/nsubj weakened/VERB/0/root", {{0, 1, "EVENT"}}},
                    {"Phailin/PROPN/2/nsubj spoke/VERB/0/root", {{0, 1, "PERSON"}}}},
                   keep);
  auto r = relata::ResolveNames(d);
  REQUIRE(r.size() == 3);
  CHECK(r[1].name == "Cyclone Phailin");
  CHECK(r[1].rule == "name-part");
  CHECK(r[2].name == "Phailin");  // a person is not the storm
  CHECK(r[2].rule == "name");
}

TEST_CASE("resolve: a hyphenated surname alone; an administrator's title", "[extract][resolve]") {
  std::vector<Parsed> keep;
  Document d = Doc({{"Berit/PROPN/5/nsubj Reiss/PROPN/4/compound -/PUNCT/4/punct Andersen/PROPN/1/flat spoke/VERB/0/root",
                     {{0, 4, "PERSON"}}},
                    {"Reiss/PROPN/3/compound -/PUNCT/3/punct Andersen/PROPN/4/nsubj left/VERB/0/root", {{0, 3, "PERSON"}}},
                    {"NASA/PROPN/4/compound Administrator/PROPN/4/compound Bill/PROPN/4/flat Nelson/PROPN/5/nsubj "
                     "spoke/VERB/0/root",
                     {{0, 4, "PERSON"}}},
                    {"Nelson/PROPN/2/nsubj left/VERB/0/root", {{0, 1, "PERSON"}}}},
                   keep);
  auto r = relata::ResolveNames(d);
  REQUIRE(r.size() == 4);
  CHECK(r[1].antecedent == 0);  // Berit Reiss-Andersen
  CHECK(r[1].rule == "name-part");
  CHECK(r[2].name == "Bill Nelson");  // the title is no part of the name
  CHECK(r[3].name == "Bill Nelson");
}

TEST_CASE("resolve: two different Smiths keep a bare Smith apart", "[extract][resolve]") {
  std::vector<Parsed> keep;
  Document d = Doc({{"John/PROPN/2/compound Smith/PROPN/3/nsubj met/VERB/0/root Mary/PROPN/5/compound Smith/PROPN/3/obj",
                     {{0, 2, "PERSON"}, {3, 5, "PERSON"}}},
                    {"Smith/PROPN/2/nsubj left/VERB/0/root", {{0, 1, "PERSON"}}}},
                   keep);
  auto r = relata::ResolveNames(d);
  REQUIRE(r.size() == 3);
  CHECK(r[2].name == "Smith");
  CHECK(r[2].rule == "name");
  CHECK(r[2].antecedent == -1);
}

TEST_CASE("resolve: Jordan the country is not Michael Jordan", "[extract][resolve]") {
  std::vector<Parsed> keep;
  Document d = Doc({{"Michael/PROPN/2/compound Jordan/PROPN/3/nsubj visited/VERB/0/root Jordan/PROPN/3/obj",
                     {{0, 2, "PERSON"}, {3, 4, "GPE"}}}},
                   keep);
  auto r = relata::ResolveNames(d);
  CHECK(r[1].name == "Jordan");
  CHECK(r[1].type == "GPE");
  CHECK(r[1].rule == "name");
}

TEST_CASE("resolve: a title alone is the one person who had it before the name, not a later one", "[extract][resolve]") {
  std::vector<Parsed> keep;
  Document d = Doc({{"President/PROPN/2/compound Trump/PROPN/3/nsubj spoke/VERB/0/root", {{0, 2, "PERSON"}}},
                    {"the/DET/2/det President/PROPN/3/nsubj left/VERB/0/root", {{1, 2, "PERSON"}}},
                    {"a/DET/2/det President/PROPN/3/nsubj may/AUX/0/root", {{1, 2, "PERSON"}}},
                    {"the/DET/2/det Secretary/PROPN/3/nsubj agreed/VERB/0/root", {{1, 2, "PERSON"}}},
                    {"Secretary/PROPN/2/compound Cardona/PROPN/3/nsubj replied/VERB/0/root", {{0, 2, "PERSON"}}},
                    {"the/DET/2/det President/PROPN/4/nsubj of/ADP/4/case Mexico/PROPN/5/nmod came/VERB/0/root",
                     {{1, 2, "PERSON"}, {3, 4, "GPE"}}}},
                   keep);
  auto r = relata::ResolveNames(d);
  REQUIRE(r.size() == 7);
  CHECK(r[0].name == "Trump");
  CHECK(r[1].name == "Trump");  // "the President" after "President Trump"
  CHECK(r[1].rule == "title");
  CHECK(r[1].antecedent == 0);
  CHECK(r[2].name == "President");  // "a President": anyone who holds the office
  CHECK(r[2].rule == "name");
  CHECK(r[3].name == "Secretary");  // before "Secretary Cardona" is named: not linked
  CHECK(r[3].rule == "name");
  CHECK(r[5].name == "President");  // "the President of Mexico" is someone else
  CHECK(r[5].rule == "name");
  // Two people with the title: a bare one stays as it is.
  Document two = Doc({{"President/PROPN/2/compound Trump/PROPN/3/nsubj met/VERB/0/root President/PROPN/5/compound "
                       "Macron/PROPN/3/obj",
                       {{0, 2, "PERSON"}, {3, 5, "PERSON"}}},
                      {"the/DET/2/det President/PROPN/3/nsubj left/VERB/0/root", {{1, 2, "PERSON"}}}},
                     keep);
  auto r2 = relata::ResolveNames(two);
  REQUIRE(r2.size() == 3);
  CHECK(r2[2].name == "President");
  CHECK(r2[2].rule == "name");
  // A title of two words alone.
  Document pm = Doc({{"Prime/PROPN/2/compound Minister/PROPN/3/compound Rutte/PROPN/4/nsubj spoke/VERB/0/root",
                      {{0, 3, "PERSON"}}},
                     {"the/DET/3/det Prime/PROPN/3/compound Minister/PROPN/4/nsubj left/VERB/0/root", {{1, 3, "PERSON"}}}},
                    keep);
  auto r3 = relata::ResolveNames(pm);
  REQUIRE(r3.size() == 2);
  CHECK(r3[0].name == "Rutte");
  CHECK(r3[1].name == "Rutte");
  CHECK(r3[1].rule == "title");
}

TEST_CASE("resolve: a given name alone is the one fuller name that starts with it", "[extract][resolve]") {
  std::vector<Parsed> keep;
  Document d = Doc({{"Isabel/PROPN/3/nsubj Ruiz/PROPN/1/flat spoke/VERB/0/root", {{0, 2, "PERSON"}}},
                    {"Isabel/PROPN/2/nsubj laughed/VERB/0/root", {{0, 1, "PERSON"}}}},
                   keep);
  auto r = relata::ResolveNames(d);
  REQUIRE(r.size() == 2);
  CHECK(r[1].name == "Isabel Ruiz");
  CHECK(r[1].rule == "given-name");
  // Two fuller names that start with it, or one that ends with it (a surname): no link.
  Document two = Doc({{"Isabel/PROPN/3/nsubj Ruiz/PROPN/1/flat met/VERB/0/root Isabel/PROPN/3/obj Diaz/PROPN/4/flat",
                       {{0, 2, "PERSON"}, {3, 5, "PERSON"}}},
                      {"Isabel/PROPN/2/nsubj laughed/VERB/0/root", {{0, 1, "PERSON"}}}},
                     keep);
  auto r2 = relata::ResolveNames(two);
  REQUIRE(r2.size() == 3);
  CHECK(r2[2].name == "Isabel");
  CHECK(r2[2].rule == "name");
  Document both = Doc({{"Thomas/PROPN/3/nsubj Sam/PROPN/1/flat met/VERB/0/root Manju/PROPN/3/obj Thomas/PROPN/4/flat",
                        {{0, 2, "PERSON"}, {3, 5, "PERSON"}}},
                       {"Thomas/PROPN/2/nsubj laughed/VERB/0/root", {{0, 1, "PERSON"}}}},
                      keep);
  auto r3 = relata::ResolveNames(both);
  REQUIRE(r3.size() == 3);
  CHECK(r3[2].rule != "given-name");
  // A word that also names a place of the document, or the country of a demonym it uses, is not
  // taken for the given name ("Jordan" beside "Ambassador Jordan Mills").
  Document place = Doc({{"Jordan/PROPN/2/nsubj signed/VERB/0/root", {{0, 1, "GPE"}}},
                        {"Jordan/PROPN/3/nsubj Mills/PROPN/1/flat spoke/VERB/0/root", {{0, 2, "PERSON"}}},
                        {"she/PRON/2/nsubj praised/VERB/0/root Jordan/PROPN/2/obj", {{2, 3, "PERSON"}}}},
                       keep);
  auto r4 = relata::ResolveNames(place);
  REQUIRE(r4.size() == 3);
  CHECK(r4[2].name == "Jordan");
  Document demonym = Doc({{"Jordanian/ADJ/2/amod officials/NOUN/3/nsubj met/VERB/0/root", {}},
                          {"Jordan/PROPN/3/nsubj Mills/PROPN/1/flat spoke/VERB/0/root", {{0, 2, "PERSON"}}},
                          {"she/PRON/2/nsubj praised/VERB/0/root Jordan/PROPN/2/obj", {{2, 3, "PERSON"}}}},
                         keep);
  auto r5 = relata::ResolveNames(demonym);
  REQUIRE(r5.size() == 2);
  CHECK(r5[1].name == "Jordan");
  CHECK(r5[1].type == "GPE");
}

TEST_CASE("resolve: an organisation's head word alone is the one fuller name it heads", "[extract][resolve]") {
  std::vector<Parsed> keep;
  Document d = Doc({{"Pennsylvania/PROPN/3/compound State/PROPN/3/compound University/PROPN/4/nsubj grew/VERB/0/root",
                     {{0, 3, "ORG"}}},
                    {"the/DET/2/det University/PROPN/3/nsubj agreed/VERB/0/root", {{1, 2, "ORG"}}},
                    {"House/PROPN/4/nsubj of/ADP/3/case Representatives/PROPN/1/nmod voted/VERB/0/root",
                     {{0, 3, "ORG"}}},
                    {"the/DET/2/det House/PROPN/3/nsubj adjourned/VERB/0/root", {{1, 2, "ORG"}}}},
                   keep);
  auto r = relata::ResolveNames(d);
  REQUIRE(r.size() == 4);
  CHECK(r[1].name == "Pennsylvania State University");
  CHECK(r[1].rule == "head-word");
  CHECK(r[3].name == "House of Representatives");
  CHECK(r[3].rule == "head-word");
  // Two universities: "the University" stays as it is.
  Document two = Doc({{"Penn/PROPN/2/compound University/PROPN/4/nsubj and/CCONJ/4/cc Drexel/PROPN/4/compound "
                       "University/PROPN/1/conj met/VERB/0/root",
                       {{0, 2, "ORG"}, {3, 5, "ORG"}}},
                      {"the/DET/2/det University/PROPN/3/nsubj agreed/VERB/0/root", {{1, 2, "ORG"}}}},
                     keep);
  auto r2 = relata::ResolveNames(two);
  REQUIRE(r2.size() == 3);
  CHECK(r2[2].name == "University");
  CHECK(r2[2].rule == "name");
}

TEST_CASE("resolve: a one-word 'person' named like the country of a demonym in the text is the country", "[extract][resolve]") {
  std::vector<Parsed> keep;
  // The recogniser took the country for a given name; the document says "Jordanian".
  Document d = Doc({{"Jordanian/ADJ/2/amod officials/NOUN/3/nsubj met/VERB/0/root", {}},
                    {"Jordan/PROPN/2/nsubj signed/VERB/0/root", {{0, 1, "PERSON"}}},
                    {"Michael/PROPN/2/compound Jordan/PROPN/3/nsubj smiled/VERB/0/root", {{0, 2, "PERSON"}}}},
                   keep);
  auto r = relata::ResolveNames(d);
  REQUIRE(r.size() == 2);
  // "Jordan" would be a name part of Michael Jordan: that link comes first and wins.
  CHECK(r[0].type == "PERSON");
  CHECK(r[0].name == "Michael Jordan");
  CHECK(r[1].type == "PERSON");
  // Without the full name, the country.
  std::vector<Parsed> keep2;
  Document d2 = Doc({{"Jordanian/ADJ/2/amod officials/NOUN/3/nsubj met/VERB/0/root", {}},
                     {"Jordan/PROPN/2/nsubj signed/VERB/0/root", {{0, 1, "PERSON"}}}},
                    keep2);
  auto r2 = relata::ResolveNames(d2);
  REQUIRE(r2.size() == 1);
  CHECK(r2[0].name == "Jordan");
  CHECK(r2[0].type == "GPE");
  // Without the demonym, the recogniser's type stays.
  std::vector<Parsed> keep3;
  Document d3 = Doc({{"Jordan/PROPN/2/nsubj signed/VERB/0/root", {{0, 1, "PERSON"}}}}, keep3);
  auto r3 = relata::ResolveNames(d3);
  REQUIRE(r3.size() == 1);
  CHECK(r3[0].type == "PERSON");
}

TEST_CASE("resolve: an acronym defined in brackets names both forms", "[extract][resolve]") {
  std::vector<Parsed> keep;
  Document d = Doc({{"Finland/PROPN/2/nsubj joined/VERB/0/root/join the/DET/7/det North/PROPN/7/compound "
                     "Atlantic/PROPN/7/compound Treaty/PROPN/7/compound Organization/PROPN/2/obj "
                     "(/PUNCT/9/punct NATO/PROPN/7/appos )/PUNCT/9/punct",
                     {{0, 1, "GPE"}, {2, 7, "ORG"}, {8, 9, "ORG"}}},
                    {"NATO/PROPN/2/nsubj grew/VERB/0/root", {{0, 1, "ORG"}}},
                    {"Kennedy/PROPN/3/compound Space/PROPN/3/compound Center/PROPN/4/nsubj (/PUNCT/5/punct "
                     "FBI/PROPN/3/appos )/PUNCT/5/punct", {{0, 3, "FAC"}, {4, 5, "ORG"}}}},
                   keep);
  auto r = relata::ResolveNames(d);
  REQUIRE(r.size() == 6);
  CHECK(r[1].name == "NATO");
  CHECK(r[1].rule == "acronym-definition");
  CHECK(r[2].name == "NATO");
  CHECK(r[3].name == "NATO");
  CHECK(r[3].rule == "acronym");
  // Letters that are not the name's initials define nothing.
  CHECK(r[4].name == "Kennedy Space Center");
  CHECK(r[5].name == "FBI");
  CHECK(r[5].rule == "name");
  // The graph uses the resolved names.
  auto gs = relata::ToGraphTriples(d, relata::Extract(d));
  CHECK(FindTriple(gs, "Finland", "join", "NATO"));
}

TEST_CASE("resolve: first and last name of a longer name, honorifics and ranks", "[extract][resolve]") {
  std::vector<Parsed> keep;
  Document d = Doc({{"Joshua/PROPN/3/compound Abraham/PROPN/3/compound Norton/PROPN/4/nsubj arrived/VERB/0/root",
                     {{0, 3, "PERSON"}}},
                    {"Joshua/PROPN/2/compound Norton/PROPN/3/nsubj left/VERB/0/root", {{0, 2, "PERSON"}}},
                    {"Emperor/PROPN/2/compound Norton/PROPN/3/nsubj ruled/VERB/0/root", {{0, 2, "PERSON"}}},
                    {"Miss/PROPN/2/compound Norton/PROPN/3/nsubj sang/VERB/0/root", {{0, 2, "PERSON"}}},
                    {"President/PROPN/0/root of/ADP/5/case the/DET/5/det United/PROPN/5/compound States/PROPN/1/nmod",
                     {{0, 5, "PERSON"}}}},
                   keep);
  auto r = relata::ResolveNames(d);
  REQUIRE(r.size() == 5);
  CHECK(r[1].name == "Joshua Abraham Norton");
  CHECK(r[1].own == "Joshua Norton");
  CHECK(r[2].own == "Norton");  // the rank is no part of the name
  CHECK(r[2].name == "Joshua Abraham Norton");
  CHECK(r[3].name == "Joshua Abraham Norton");
  // A badly cut mention is taken whole, not cut to its last words.
  CHECK(r[4].own == "President of the United States");
}

TEST_CASE("extract: a relative clause hung on the verb takes the noun before it", "[extract]") {
  // The parser attached "won" to "founded"; the antecedent is Shirin Ebadi, not the clause.
  auto p = Parse("The/DET/2/det center/NOUN/4/nsubj:pass was/AUX/4/aux:pass founded/VERB/0/root/found "
                 "by/ADP/6/case Shirin/PROPN/4/obl:agent Ebadi/PROPN/6/flat ,/PUNCT/10/punct who/PRON/10/nsubj "
                 "won/VERB/4/acl:relcl/win the/DET/12/det prize/NOUN/10/obj",
                 {{5, 7, "PERSON"}});
  auto xs = relata::Extract(p.doc);
  INFO(Dump(xs));
  CHECK(Find(xs, "won", "Shirin Ebadi", "the prize"));
  for (const Extraction& e : xs) CHECK(e.subject.text.find("founded") == std::string::npos);
  // The same clause labelled parataxis: "who" right after the comma still makes it relative.
  auto q = Parse("The/DET/2/det center/NOUN/4/nsubj:pass was/AUX/4/aux:pass founded/VERB/0/root/found "
                 "by/ADP/6/case Shirin/PROPN/4/obl:agent Ebadi/PROPN/6/flat ,/PUNCT/10/punct who/PRON/10/nsubj "
                 "won/VERB/4/parataxis/win the/DET/12/det prize/NOUN/10/obj",
                 {{5, 7, "PERSON"}});
  auto ys = relata::Extract(q.doc);
  INFO(Dump(ys));
  CHECK(Find(ys, "won", "Shirin Ebadi", "the prize"));
  for (const Extraction& e : ys) CHECK(e.subject.text != "who");
  // A parataxis whose "who" does not open it (a question) is left as it is.
  auto r = Parse("Ebadi/PROPN/2/nsubj spoke/VERB/0/root/speak :/PUNCT/5/punct who/PRON/5/nsubj "
                 "won/VERB/2/parataxis/win ?/PUNCT/5/punct",
                 {{0, 1, "PERSON"}});
  for (const Extraction& e : relata::Extract(r.doc)) CHECK((e.subject.text != "Ebadi" || e.relation_text != "won"));
}
