#include <catch2/catch.hpp>

#include <array>
#include <set>

#include "relata/graph.h"

using namespace relata;

namespace {

Status Add(Store& s, std::string sub, std::string rel, std::string obj, std::string source,
           std::string st = "", std::string ot = "", std::string date = "") {
  TripleInput t;
  t.subject = std::move(sub);
  t.relation = std::move(rel);
  t.object = std::move(obj);
  t.source = std::move(source);
  t.subject_type = std::move(st);
  t.object_type = std::move(ot);
  t.date = std::move(date);
  t.extractor = "test";
  return s.Add(t);
}

const Node* FindNode(const Graph& g, std::string_view id) {
  for (const auto& n : g.nodes)
    if (n.id == id) return &n;
  return nullptr;
}

}  // namespace

TEST_CASE("names that normalise alike are one entity with aliases", "[graph]") {
  Store s;
  REQUIRE(Add(s, "NATO", "train", "Iraqi forces", "d1", "ORG").ok());
  REQUIRE(Add(s, "NATO", "train", "Iraqi forces", "d2", "ORG").ok());
  REQUIRE(Add(s, "nato", "train", "Iraqi Forces", "d3", "ORG").ok());
  REQUIRE(Add(s, "“NATO”", "meet", "Iraq", "d3", "ORG", "GPE").ok());
  Graph g = Graph::Build(s);
  const Node* nato = FindNode(g, "org:nato");
  REQUIRE(nato);
  CHECK(nato->label == "NATO");
  CHECK(nato->iri_path == "entity/org/nato");
  CHECK(nato->aliases == std::vector<std::string>{"nato", "“NATO”"});
  CHECK(nato->mentions == 4);
  CHECK(nato->documents.size() == 3);
  // NATO -train-> Iraqi forces: one edge, weight 3 (three distinct sources).
  REQUIRE(g.edges.size() == 2);
  const Edge& train = g.edges[1];
  CHECK(g.relations[train.relation].key == "train");
  CHECK(train.weight == 3);
  CHECK(g.DocumentsOf(train).size() == 3);
  CHECK(g.EdgeId(train).size() == 15);
}

TEST_CASE("entities of conflicting types are never merged", "[graph]") {
  Store s;
  REQUIRE(Add(s, "Jordan", "border", "Syria", "d1", "GPE", "GPE").ok());
  REQUIRE(Add(s, "Jordan", "play for", "Chicago Bulls", "d2", "PERSON", "ORG").ok());
  REQUIRE(Add(s, "Jordan", "say", "something", "d3").ok());  // untyped and ambiguous
  Graph g = Graph::Build(s);
  CHECK(FindNode(g, "gpe:jordan"));
  CHECK(FindNode(g, "person:jordan"));
  CHECK(FindNode(g, "thing:jordan"));  // not guessed into either
  CHECK(g.types_kept_apart == 1);
  CHECK(g.type_conflicts == 0);
  CHECK(g.merges.empty());
}

TEST_CASE("an untyped name joins the single typed entity of that name", "[graph]") {
  Store s;
  REQUIRE(Add(s, "Jens Stoltenberg", "lead", "NATO", "d1", "PERSON", "ORG").ok());
  REQUIRE(Add(s, "jens stoltenberg", "visit", "Baghdad", "d2").ok());
  Graph g = Graph::Build(s);
  const Node* js = FindNode(g, "person:jens-stoltenberg");
  REQUIRE(js);
  CHECK(js->mentions == 2);
  CHECK_FALSE(FindNode(g, "thing:jens-stoltenberg"));
  REQUIRE(g.merges.size() == 1);
  CHECK(g.merges[0].surface == "jens stoltenberg");
  CHECK(g.merges[0].into == "person:jens-stoltenberg");
  CHECK(g.merges[0].rule == "untyped");
  CHECK(g.merges[0].type == "");
  CHECK(g.merges[0].documents == std::vector<uint32_t>{1});
}

TEST_CASE("edges carry evidence, dates and the highest confidence", "[graph]") {
  Store s;
  //                 subject relation  object       types   conf source date          sentence                    extractor
  REQUIRE(s.Add(TripleInput{"US", "killed", "Soleimani", "", "", 0.5, "b", "2020-01-04", "The US killed Soleimani.", "x"}).ok());
  REQUIRE(s.Add(TripleInput{"US", "killed", "Soleimani", "", "", 0.9, "a", "2020-01-03", "The US killed Soleimani.", "x"}).ok());
  Graph g = Graph::Build(s);
  REQUIRE(g.edges.size() == 1);
  const Edge& e = g.edges[0];
  CHECK(e.weight == 2);
  CHECK(e.confidence == Approx(0.9));
  CHECK(g.FirstDate(e) == "2020-01-03");
  CHECK(g.LastDate(e) == "2020-01-04");
  EvidenceView ev = g.Evidence(g.EvidenceOf(e)[0]);  // sorted by source: "a" first
  CHECK(ev.source == "a");
  CHECK(ev.sentence == "The US killed Soleimani.");
  CHECK(g.documents[ev.document].name == "a");
  CHECK(num_edges(g.topology) == 1);
}

TEST_CASE("documents: URLs are their own IRIs, others get slugs", "[graph]") {
  Store s;
  REQUIRE(Add(s, "A", "r", "B", "https://news.example/story?id=1").ok());
  REQUIRE(Add(s, "A", "r", "B", "my file.tsv").ok());
  Graph g = Graph::Build(s);
  REQUIRE(g.documents.size() == 2);
  CHECK(g.documents[0].name == "https://news.example/story?id=1");
  CHECK(g.documents[0].iri == g.documents[0].name);
  CHECK(g.documents[1].iri.empty());
  CHECK(g.documents[1].slug.rfind("my-file-tsv--", 0) == 0);
}

TEST_CASE("sources that differ only in case or punctuation get distinct slugs", "[graph]") {
  Store s;
  REQUIRE(Add(s, "A", "r", "B", "Report.tsv").ok());
  REQUIRE(Add(s, "A", "r", "B", "report.tsv").ok());
  REQUIRE(Add(s, "A", "r", "B", "report tsv").ok());
  Graph g = Graph::Build(s);
  REQUIRE(g.documents.size() == 3);
  CHECK(g.documents[0].slug != g.documents[1].slug);
  CHECK(g.documents[1].slug != g.documents[2].slug);
  CHECK(g.documents[0].slug != g.documents[2].slug);
}

TEST_CASE("graph does not depend on the order mentions were added", "[graph]") {
  std::vector<std::array<std::string, 4>> rows = {
      {"NATO", "train", "Iraqi forces", "d1"}, {"US", "kill", "Soleimani", "d2"},
      {"Iran", "attack", "US bases", "d3"},    {"nato", "Train", "iraqi forces", "d4"}};
  Store a, b;
  for (auto& r : rows) REQUIRE(Add(a, r[0], r[1], r[2], r[3]).ok());
  for (auto it = rows.rbegin(); it != rows.rend(); ++it) REQUIRE(Add(b, (*it)[0], (*it)[1], (*it)[2], (*it)[3]).ok());
  Graph ga = Graph::Build(a), gb = Graph::Build(b);
  REQUIRE(ga.nodes.size() == gb.nodes.size());
  for (size_t i = 0; i < ga.nodes.size(); ++i) {
    CHECK(ga.nodes[i].id == gb.nodes[i].id);
    CHECK(ga.nodes[i].label == gb.nodes[i].label);
  }
  REQUIRE(ga.edges.size() == gb.edges.size());
  for (size_t i = 0; i < ga.edges.size(); ++i) CHECK(ga.EdgeId(ga.edges[i]) == gb.EdgeId(gb.edges[i]));
}

TEST_CASE("evidence carries position, flags and speaker; all_flags is what every mention has", "[graph]") {
  auto mention = [](int64_t sentence, int64_t begin, int64_t end, uint8_t flags, std::string speaker,
                    std::string object = "Widget") {
    TripleInput t;
    t.subject = "Acme";
    t.relation = "may acquire";
    t.object = std::move(object);
    t.source = "a";
    t.sentence = "Acme may acquire Widget, its chief said.";
    t.extractor = "test";
    t.sentence_index = sentence;
    t.char_begin = begin;
    t.char_end = end;
    t.flags = flags;
    t.speaker = std::move(speaker);
    return t;
  };
  const uint8_t kHA = TripleInput::kHedged | TripleInput::kAttributed;
  Store s, r;
  std::vector<TripleInput> ts = {mention(3, 120, 170, kHA, "its chief"),
                                 mention(3, 120, 150, TripleInput::kHedged, ""),
                                 mention(-1, -1, -1, TripleInput::kHedged | TripleInput::kNegated, ""),
                                 mention(0, 0, 10, 0, "", "Gadget"),
                                 mention(1, 0, 10, TripleInput::kHedged, "", "Gadget")};
  for (auto& t : ts) REQUIRE(s.Add(t).ok());
  for (auto it = ts.rbegin(); it != ts.rend(); ++it) REQUIRE(r.Add(*it).ok());
  Graph g = Graph::Build(s), h = Graph::Build(r);
  REQUIRE(g.edges.size() == 2);
  const Edge& gadget = g.edges[0];
  const Edge& widget = g.edges[1];
  REQUIRE(g.nodes[widget.target].label == "Widget");
  CHECK(widget.weight == 1);           // one source ...
  CHECK(g.Mentions(widget) == 3);      // ... three mentions
  CHECK(widget.all_flags == TripleInput::kHedged);  // every Widget mention is hedged
  CHECK(gadget.all_flags == 0);                      // one Gadget mention is not
  // Evidence order: the same fields first, then sentence index, span, flags, speaker
  // (kNone, the largest u32, sorts last).
  std::vector<uint32_t> begins;
  for (uint32_t m : g.EvidenceOf(widget)) begins.push_back(g.Evidence(m).char_begin);
  CHECK(begins == std::vector<uint32_t>{120, 120, Store::Mention::kNone});
  EvidenceView first = g.Evidence(g.EvidenceOf(widget)[0]);
  CHECK(first.char_end == 150);
  CHECK(first.speaker.empty());
  EvidenceView second = g.Evidence(g.EvidenceOf(widget)[1]);
  CHECK(second.sentence_index == 3);
  CHECK(second.char_end == 170);
  CHECK(second.hedged());
  CHECK(second.attributed());
  CHECK_FALSE(second.negated());
  CHECK(second.speaker == "its chief");
  CHECK(g.Evidence(g.EvidenceOf(widget)[2]).negated());
  // Ids: distinct per mention, independent of the order of adding.
  std::vector<std::string> ids, ids_h;
  for (uint32_t m : g.EvidenceOf(widget)) ids.push_back(g.MentionId(m));
  for (uint32_t m : h.EvidenceOf(h.edges[1])) ids_h.push_back(h.MentionId(m));
  CHECK(ids == ids_h);
  CHECK(ids[0] != ids[1]);
  CHECK(ids[1] != ids[2]);
}

TEST_CASE("a mention id without the format 2 fields is the id it always had", "[graph]") {
  Store s;
  REQUIRE(s.Add(TripleInput{"US", "killed", "Soleimani", "", "", 0.5, "b", "2020-01-04", "The US killed Soleimani.", "x"}).ok());
  Graph g = Graph::Build(s);
  // (relata build of this line with --provenance reification at commit 3cb668c wrote the
  // evidence IRI .../evidence/m3810a8caf9da4a.)
  const std::string old_id = g.MentionId(0);
  CHECK(old_id == "m3810a8caf9da4a");
  TripleInput t{"US", "killed", "Soleimani", "", "", 0.5, "b", "2020-01-04", "The US killed Soleimani.", "x"};
  t.sentence_index = 0;
  Store s2;
  REQUIRE(s2.Add(t).ok());
  Graph g2 = Graph::Build(s2);
  CHECK(g2.MentionId(0) != old_id);
  // Store format 3: a mention that differs only by how the text named its subject is another
  // mention with another id; without forms the id is the format 2 one.
  const std::string v2_id = g2.MentionId(0);
  TripleInput f = t;
  f.subject_form = "they";
  f.subject_rule = "pronoun";
  REQUIRE(s2.Add(f).ok());
  REQUIRE(s2.size() == 2);
  Graph g3 = Graph::Build(s2);
  std::set<std::string> ids;
  for (uint32_t m = 0; m < 2; ++m) ids.insert(g3.MentionId(m));
  CHECK(ids.size() == 2);
  CHECK(ids.count(v2_id) == 1);
}

// ---- Across documents (docs/merging.md) ----

namespace {

const MergeRecord* FindMerge(const Graph& g, std::string_view surface, std::string_view rule) {
  for (const auto& m : g.merges)
    if (m.surface == surface && m.rule == rule) return &m;
  return nullptr;
}

}  // namespace

TEST_CASE("US, U.S., USA and United States are one node across documents", "[graph]") {
  Store s;
  REQUIRE(Add(s, "United States", "killed", "Qassem Soleimani", "d1", "GPE", "PERSON").ok());
  REQUIRE(Add(s, "U.S.", "sanctioned", "Iran", "d2", "GPE", "GPE").ok());
  REQUIRE(Add(s, "US", "struck", "Baghdad", "d3", "GPE", "GPE").ok());
  REQUIRE(Add(s, "USA", "struck", "Baghdad", "d4", "ORG", "GPE").ok());  // NER said ORG once
  REQUIRE(Add(s, "U.S.", "struck", "Baghdad", "d5", "GPE", "GPE").ok());
  Graph g = Graph::Build(s);
  std::vector<const Node*> us;
  for (const auto& n : g.nodes)
    if (n.label == "U.S." || n.label == "US" || n.label == "USA" || n.label == "United States") us.push_back(&n);
  REQUIRE(us.size() == 1);
  const Node& n = *us[0];
  CHECK(n.label == "U.S.");  // the most frequent form
  CHECK(n.type == "GPE");
  CHECK(n.mentions == 5);
  CHECK(n.documents.size() == 5);
  CHECK(n.type_votes == std::vector<std::pair<std::string, uint32_t>>{{"GPE", 4}, {"ORG", 1}});
  CHECK(g.type_conflicts == 1);
  // One edge "struck" from the one node to Baghdad, weight 3.
  size_t struck = 0;
  for (const Edge& e : g.edges)
    if (g.relations[e.relation].key == "struck") { ++struck; CHECK(e.weight == 3); }
  CHECK(struck == 1);
  REQUIRE(FindMerge(g, "US", "name-key"));
  CHECK(FindMerge(g, "US", "name-key")->into == n.id);
  REQUIRE(FindMerge(g, "United States", "variant"));
  REQUIRE(FindMerge(g, "USA", "variant"));
  CHECK(FindMerge(g, "USA", "variant")->type == "ORG");

  // The reference rules (no cross-document merging) keep them apart.
  GraphOptions off;
  off.cross_document = false;
  Graph g0 = Graph::Build(s, off);
  CHECK(g0.nodes.size() == g.nodes.size() + 3);
}

TEST_CASE("keys fold case, punctuation, diacritics and white space", "[graph]") {
  Store s;
  REQUIRE(Add(s, "São Paulo", "hosts", "summit", "d1", "GPE").ok());
  REQUIRE(Add(s, "Sao  Paulo", "hosts", "summit", "d2", "GPE").ok());
  REQUIRE(Add(s, "SAO PAULO", "hosts", "summit", "d3", "GPE").ok());
  Graph g = Graph::Build(s);
  size_t places = 0;
  for (const auto& n : g.nodes) places += n.type == "GPE";
  CHECK(places == 1);
  CHECK(FindMerge(g, "São Paulo", "name-key") != nullptr);
  CHECK(FindMerge(g, "Sao Paulo", "name-key") == nullptr);  // the same NameKey as the label: no merge
}

TEST_CASE("Jordan the country and Michael Jordan stay apart; PERSON Ford and ORG Ford too", "[graph]") {
  Store s;
  REQUIRE(Add(s, "Jordan", "borders", "Syria", "d1", "GPE", "GPE").ok());
  REQUIRE(Add(s, "Michael Jordan", "played for", "Chicago Bulls", "d2", "PERSON", "ORG").ok());
  REQUIRE(Add(s, "Ford", "founded", "Ford", "d3", "PERSON", "ORG").ok());
  REQUIRE(Add(s, "Ford", "recalled", "cars", "d4", "ORG").ok());
  Graph g = Graph::Build(s);
  CHECK(FindNode(g, "gpe:jordan"));
  CHECK(FindNode(g, "person:michael-jordan"));
  REQUIRE(FindNode(g, "person:ford"));
  REQUIRE(FindNode(g, "org:ford"));
  CHECK(FindNode(g, "org:ford")->mentions == 2);
  CHECK(FindNode(g, "person:ford")->mentions == 1);
  CHECK(g.types_kept_apart == 1);  // ford
  CHECK(g.merges.empty());
}

TEST_CASE("an acronym joins the one multi-word name whose initials spell it", "[graph]") {
  Store s;
  REQUIRE(Add(s, "Kennedy Space Center", "hosts", "Artemis", "d1", "FAC", "PRODUCT").ok());
  REQUIRE(Add(s, "KSC", "launched", "Artemis", "d2", "FAC", "PRODUCT").ok());
  REQUIRE(Add(s, "Kennedy Space Center", "is in", "Florida", "d3", "FAC", "GPE").ok());
  Graph g = Graph::Build(s);
  const Node* k = FindNode(g, "fac:kennedy-space-center");
  REQUIRE(k);
  CHECK(k->mentions == 3);
  CHECK(k->aliases == std::vector<std::string>{"KSC"});
  REQUIRE(FindMerge(g, "KSC", "initials"));

  // Two candidates: no merge.
  REQUIRE(Add(s, "Kansas Science Council", "met", "teachers", "d4", "FAC").ok());
  Graph g2 = Graph::Build(s);
  CHECK(FindNode(g2, "fac:ksc"));
  CHECK(FindMerge(g2, "KSC", "initials") == nullptr);

  // A person's initials are not an organisation's.
  Store p;
  REQUIRE(Add(p, "Kennedy Space Center", "hosts", "Artemis", "d1", "FAC", "PRODUCT").ok());
  REQUIRE(Add(p, "KSC", "won", "a race", "d2", "PERSON").ok());
  Graph g3 = Graph::Build(p);
  CHECK(FindNode(g3, "person:ksc"));
  CHECK(g3.merges.empty());
}

TEST_CASE("a demonym is the country only as the organisation of a title", "[graph]") {
  Store s;
  REQUIRE(Add(s, "Adil Abdul-Mahdi", "prime minister of", "Iraqi", "d1", "PERSON", "NORP").ok());
  REQUIRE(Add(s, "Iraq", "expelled", "troops", "d2", "GPE").ok());
  REQUIRE(Add(s, "Iraqi", "protested", "corruption", "d3", "NORP").ok());  // the people: apart
  Graph g = Graph::Build(s);
  const Node* iraq = FindNode(g, "gpe:iraq");
  REQUIRE(iraq);
  CHECK(iraq->label == "Iraq");
  CHECK(iraq->mentions == 2);
  CHECK(FindNode(g, "norp:iraqi"));
  const MergeRecord* m = FindMerge(g, "Iraqi", "demonym");
  REQUIRE(m);
  CHECK(m->into == "gpe:iraq");
  CHECK(m->type == "NORP");
  // Not a title: "visited Iraqi" stays NORP.
  Store t;
  REQUIRE(Add(t, "Adil Abdul-Mahdi", "met", "Iraqi", "d1", "PERSON", "NORP").ok());
  Graph gt = Graph::Build(t);
  CHECK(FindNode(gt, "norp:iraqi"));
  CHECK_FALSE(FindNode(gt, "gpe:iraq"));
}

TEST_CASE("a lower-case untyped word does not read the variant table", "[graph]") {
  Store s;
  REQUIRE(Add(s, "United States", "struck", "Baghdad", "d1", "GPE", "GPE").ok());
  REQUIRE(Add(s, "Trump", "told", "us", "d2", "PERSON").ok());  // the pronoun
  REQUIRE(Add(s, "Trump", "praised", "US", "d3", "PERSON").ok());  // the country, untyped
  Graph g = Graph::Build(s);
  CHECK(FindNode(g, "thing:us"));
  const Node* us = FindNode(g, "gpe:us");  // label: a 1-1 tie of forms, "US" first in byte order
  REQUIRE(us);
  CHECK(us->mentions == 2);
  CHECK(FindMerge(g, "United States", "variant"));
  CHECK(FindMerge(g, "US", "untyped"));
  CHECK(FindMerge(g, "us", "untyped") == nullptr);
  // Lower case still joins by the key itself ("u.s" = "U.S."), but a pronoun never does.
  Store t;
  REQUIRE(Add(t, "U.S.", "struck", "Baghdad", "d1", "GPE", "GPE").ok());
  REQUIRE(Add(t, "u.s", "is part of", "Americas", "d2").ok());
  REQUIRE(Add(t, "Trump", "told", "us", "d3", "PERSON").ok());
  Graph gt = Graph::Build(t);
  CHECK(FindMerge(gt, "u.s", "untyped"));
  CHECK(FindNode(gt, "thing:us"));
}

TEST_CASE("an alias file merges its forms into one node with owl:sameAs", "[graph]") {
  Store s;
  REQUIRE(Add(s, "Ford Motor", "recalled", "cars", "d1", "ORG").ok());
  REQUIRE(Add(s, "Ford", "recalled", "trucks", "d2", "ORG").ok());
  REQUIRE(Add(s, "Ford", "founded", "Ford", "d3", "PERSON", "ORG").ok());
  auto aliases = ParseAliases(
      "# Ford the company\nFord Motor\twd:Q44294\tFord Motor Company\tORG\n"
      "Ford\twd:Q44294\tFord Motor Company\tORG\n",
      "aliases.tsv");
  REQUIRE(aliases.ok());
  GraphOptions o;
  o.aliases = *aliases;
  Graph g = Graph::Build(s, o);
  const Node* f = FindNode(g, "org:ford-motor-company");
  REQUIRE(f);
  CHECK(f->label == "Ford Motor Company");
  CHECK(f->same_as == "http://www.wikidata.org/entity/Q44294");
  CHECK(f->canonical_id == "wd:Q44294");
  CHECK(f->mentions == 3);  // the ORG Ford of d3 too, not the PERSON
  CHECK(FindNode(g, "person:ford"));
  CHECK(FindMerge(g, "Ford Motor", "alias"));
  CHECK(FindMerge(g, "Ford", "alias"));
}

TEST_CASE("bad alias and keep-apart lines fail with the line number", "[graph]") {
  auto a = ParseAliases("# ok\nUS\twd:Q30\tUnited States\nUK\tQ145\tUnited Kingdom\n", "al.tsv");
  REQUIRE_FALSE(a.ok());
  CHECK(a.status().message().rfind("al.tsv:3: ", 0) == 0);
  auto b = ParseAliases("US\twd:Q30\n", "al.tsv");
  REQUIRE_FALSE(b.ok());
  CHECK(b.status().message().rfind("al.tsv:1: expected 3 or 4", 0) == 0);
  auto c = ParseAliases("US\twd:Q30\tUnited States\nU.S.\twd:Q30\tUSA\n", "al.tsv");
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().message().rfind("al.tsv:2: ", 0) == 0);
  auto d = ParseAliases("US\twd:Q30\tUnited States\nus\twd:Q31\tBelgium\n", "al.tsv");
  REQUIRE_FALSE(d.ok());  // one form, two ids
  CHECK(d.status().message().rfind("al.tsv:2: ", 0) == 0);
  auto e = ParseKeepApart("\n# c\nJordan\n", "ka.tsv");
  REQUIRE_FALSE(e.ok());
  CHECK(e.status().message().rfind("ka.tsv:3: ", 0) == 0);
  auto f = ParseKeepApart("US\tU.S.\n", "ka.tsv");
  REQUIRE_FALSE(f.ok());  // the same name
  CHECK(ParseKeepApart("gpe:united-states\tUSA\r\nUS\tUnited States\n", "ka.tsv").ok());
}

TEST_CASE("keep-apart splits rule merges and within-document renames", "[graph]") {
  Store s;
  REQUIRE(Add(s, "United States", "struck", "Baghdad", "d1", "GPE", "GPE").ok());
  REQUIRE(Add(s, "United States", "bombed", "Baghdad", "d1", "GPE", "GPE").ok());
  REQUIRE(Add(s, "USA", "struck", "Baghdad", "d2", "GPE", "GPE").ok());
  TripleInput t;
  t.subject = "Jens Stoltenberg";
  t.subject_type = "PERSON";
  t.relation = "visited";
  t.object = "Baghdad";
  t.object_type = "GPE";
  t.source = "d3";
  t.subject_form = "Stoltenberg";
  t.subject_rule = "name-part";
  REQUIRE(s.Add(t).ok());
  Graph g = Graph::Build(s);
  CHECK(FindNode(g, "gpe:united-states"));
  CHECK_FALSE(FindNode(g, "gpe:usa"));
  REQUIRE(FindMerge(g, "Stoltenberg", "name-part"));
  CHECK(FindMerge(g, "Stoltenberg", "name-part")->into == "person:jens-stoltenberg");

  auto k = ParseKeepApart("gpe:united-states\tUSA\nJens Stoltenberg\tStoltenberg\n", "ka.tsv");
  REQUIRE(k.ok());
  GraphOptions o;
  o.keep_apart = *k;
  Graph g2 = Graph::Build(s, o);
  CHECK(FindNode(g2, "gpe:united-states"));
  CHECK(FindNode(g2, "gpe:usa"));
  CHECK(FindNode(g2, "person:stoltenberg"));
  CHECK_FALSE(FindNode(g2, "person:jens-stoltenberg"));
  CHECK(FindMerge(g2, "Stoltenberg", "name-part") == nullptr);
}

TEST_CASE("merges and ids do not depend on the order of the mentions", "[graph]") {
  std::vector<std::array<std::string, 6>> rows = {
      {"US", "struck", "Baghdad", "d1", "GPE", "GPE"},
      {"United States", "struck", "Baghdad", "d2", "ORG", "GPE"},
      {"KSC", "launched", "Artemis", "d3", "FAC", "PRODUCT"},
      {"Kennedy Space Center", "hosts", "Artemis", "d4", "FAC", "PRODUCT"},
      {"US", "said", "it", "d5", "", ""},
  };
  auto build = [&](bool reverse) {
    Store s;
    for (size_t i = 0; i < rows.size(); ++i) {
      const auto& r = rows[reverse ? rows.size() - 1 - i : i];
      REQUIRE(Add(s, r[0], r[1], r[2], r[3], r[4], r[5]).ok());
    }
    Graph g = Graph::Build(s);
    std::string out;
    for (const auto& n : g.nodes) out += n.id + "|" + n.label + "|" + n.type + "\n";
    for (const auto& m : g.merges) out += m.surface + ">" + m.into + ":" + m.rule + "\n";
    return out;
  };
  CHECK(build(false) == build(true));
}

TEST_CASE("two nodes that would share an id get --2", "[graph]") {
  Store s;
  REQUIRE(Add(s, "Iraq", "expelled", "troops", "d1", "GPE").ok());
  REQUIRE(Add(s, "Mesopotamia", "had", "cities", "d2", "GPE").ok());
  auto a = ParseAliases("Mesopotamia\twd:Q11767\tIraq\tGPE\n", "al.tsv");
  REQUIRE(a.ok());
  GraphOptions o;
  o.aliases = *a;
  Graph g = Graph::Build(s, o);
  REQUIRE(FindNode(g, "gpe:iraq"));
  CHECK(FindNode(g, "gpe:iraq")->same_as.empty());
  REQUIRE(FindNode(g, "gpe:iraq--2"));
  CHECK(FindNode(g, "gpe:iraq--2")->same_as == "http://www.wikidata.org/entity/Q11767");
  CHECK(FindNode(g, "gpe:iraq--2")->iri_path == "entity/gpe/iraq--2");
}
