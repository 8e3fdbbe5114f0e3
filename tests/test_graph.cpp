#include <catch2/catch.hpp>

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
  // NATO -train-> Iraqi forces: one edge, weight 3 (three distinct mentions).
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
  CHECK(g.type_conflicts == 1);
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
  CHECK(widget.weight == 3);
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
}
