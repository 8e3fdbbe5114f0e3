// The relation schema (docs/relations.md) and repeated reports: per-source weight, events
// and GEXF spells (docs/graph-formats.md).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>

#include "relata/exporter.h"
#include "relata/graph.h"
#include "relata/relations.h"

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
  t.sentence = t.subject + " " + t.relation + " " + t.object + " (" + t.source + ")";
  return s.Add(t);
}

const char* kSchema = R"({
  "$comment": "test",
  "killed": {"from": ["kill", "assassinate", "Slay"], "subject": ["PERSON", "ORG", "GPE"],
             "object": ["person"]},
  "met": {"from": ["meet", "meet with"], "label": "met with"}
})";

RelationSchema Schema() {
  auto r = ParseRelationSchema(kSchema, "test.json");
  REQUIRE(r.ok());
  return std::move(r).value();
}

const Relation* FindRelation(const Graph& g, std::string_view key) {
  for (const auto& r : g.relations)
    if (r.key == key) return &r;
  return nullptr;
}

std::string ErrorOf(std::string_view text) {
  auto r = ParseRelationSchema(text, "bad.json");
  REQUIRE_FALSE(r.ok());
  return r.status().message();
}

}  // namespace

TEST_CASE("relation schema: forms and types are normalised", "[relations]") {
  RelationSchema s = Schema();
  REQUIRE(s.relations.size() == 2);
  CHECK(s.relations[0].key == "killed");
  CHECK(s.relations[0].from == std::vector<std::string>{"kill", "assassinate", "slay"});
  CHECK(s.relations[0].object == std::vector<std::string>{"PERSON"});
  CHECK(s.relations[1].label == "met with");
  CHECK(s.relations[1].subject.empty());
  CHECK(s.Map("slay", "GPE", "PERSON") == &s.relations[0]);
  CHECK(s.Map("slay", "GPE", "ORG") == nullptr);   // object type does not fit
  CHECK(s.Map("slay", "", "PERSON") == nullptr);   // an untyped node fits no type list
  CHECK(s.Map("meet with", "", "") == &s.relations[1]);  // no list: any type
  CHECK(s.Map("greet", "PERSON", "PERSON") == nullptr);
}

TEST_CASE("relation schema maps relations whose argument types fit", "[relations]") {
  Store st;
  REQUIRE(Add(st, "John Smith", "Assassinate", "Jane Doe", "a", "PERSON", "PERSON").ok());
  REQUIRE(Add(st, "John Smith", "kill", "Jane Doe", "b", "PERSON", "PERSON").ok());
  // The object is an organisation: "killed" wants a PERSON, so "kill" stays as written.
  REQUIRE(Add(st, "Acme", "kill", "Widget Corp", "a", "ORG", "ORG").ok());
  REQUIRE(Add(st, "John Smith", "greet", "Jane Doe", "a", "PERSON", "PERSON").ok());
  GraphOptions opt;
  opt.relations = Schema();
  Graph g = Graph::Build(st, opt);
  const Relation* killed = FindRelation(g, "killed");
  REQUIRE(killed);
  CHECK(killed->canonical);
  CHECK(killed->label == "killed");
  CHECK(killed->slug == "killed");
  REQUIRE(FindRelation(g, "kill"));
  CHECK_FALSE(FindRelation(g, "kill")->canonical);
  REQUIRE(FindRelation(g, "greet"));  // unmapped relations are kept
  CHECK_FALSE(FindRelation(g, "assassinate"));
  CHECK(g.mentions_mapped == 2);
  CHECK(g.mentions_unmapped_dropped == 0);
  for (const Edge& e : g.edges) {
    if (g.relations[e.relation].key != "killed") continue;
    CHECK(e.weight == 2);  // two sources
    // The original wording stays in the evidence.
    std::vector<std::string_view> texts;
    for (uint32_t m : g.EvidenceOf(e)) texts.push_back(g.Evidence(m).relation_text);
    CHECK(texts == std::vector<std::string_view>{"Assassinate", "kill"});
  }
  // Without the schema: as written.
  Graph raw = Graph::Build(st);
  CHECK_FALSE(FindRelation(raw, "killed"));
  CHECK(FindRelation(raw, "assassinate"));
}

TEST_CASE("inverse forms map with subject and object swapped", "[relations]") {
  auto schema = ParseRelationSchema(R"({"killed": {"from": ["kill"], "inverse": ["be killed"],
                                                   "subject": ["GPE", "PERSON"], "object": ["PERSON"]}})", "t");
  REQUIRE(schema.ok());
  bool inv = false;
  CHECK(schema->Map("be killed", "PERSON", "GPE", &inv) == &schema->relations[0]);
  CHECK(inv);
  CHECK(schema->Map("kill", "GPE", "PERSON", &inv) == &schema->relations[0]);
  CHECK_FALSE(inv);
  CHECK(schema->Map("be killed", "GPE", "PERSON", &inv) == nullptr);  // swapped: object GPE does not fit
  Store st;
  REQUIRE(Add(st, "United States", "kill", "Qasem Soleimani", "a", "GPE", "PERSON", "2020-01-03").ok());
  REQUIRE(Add(st, "Qasem Soleimani", "be killed", "United States", "b", "PERSON", "GPE", "2020-01-04").ok());
  REQUIRE(Add(st, "Baghdad", "be killed", "Qasem Soleimani", "c", "GPE", "PERSON", "2020-01-04").ok());
  GraphOptions opt;
  opt.relations = *schema;
  Graph g = Graph::Build(st, opt);
  const Edge* killed = nullptr;
  for (const Edge& e : g.edges)
    if (g.relations[e.relation].key == "killed") {
      CHECK(killed == nullptr);
      killed = &e;
    }
  REQUIRE(killed);
  CHECK(g.nodes[killed->source].id == "gpe:united-states");
  CHECK(g.nodes[killed->target].id == "person:qasem-soleimani");
  CHECK(killed->weight == 2);
  CHECK(g.Evidence(g.EvidenceOf(*killed)[1]).relation_text == "be killed");
  CHECK(g.Evidence(g.EvidenceOf(*killed)[1]).subject_text == "Qasem Soleimani");
  // (Baghdad, be killed, Soleimani): swapped, the object would be a GPE: unmapped.
  CHECK(FindRelation(g, "be killed"));
  CHECK(g.mentions_mapped == 2);
}

TEST_CASE("--schema-only drops unmapped relations and nodes left without edges", "[relations]") {
  Store st;
  REQUIRE(Add(st, "John Smith", "kill", "Jane Doe", "a", "PERSON", "PERSON").ok());
  REQUIRE(Add(st, "Acme", "kill", "Widget Corp", "a", "ORG", "ORG").ok());
  REQUIRE(Add(st, "Jane Doe", "greet", "Bob Roe", "a", "PERSON", "PERSON").ok());
  GraphOptions opt;
  opt.relations = Schema();
  opt.schema_only = true;
  Graph g = Graph::Build(st, opt);
  REQUIRE(g.relations.size() == 1);
  CHECK(g.relations[0].key == "killed");
  REQUIRE(g.edges.size() == 1);
  REQUIRE(g.nodes.size() == 2);  // Acme, Widget Corp and Bob Roe are gone
  CHECK(g.nodes[g.edges[0].source].id == "person:john-smith");
  CHECK(g.nodes[g.edges[0].target].id == "person:jane-doe");
  CHECK(g.mentions_unmapped_dropped == 2);
  CHECK(g.Mentions(g.edges[0]) == 1);
  // Every exporter writes the smaller graph.
  for (const auto& e : Exporters()) {
    StringSink sink;
    CHECK(e.write(g, ExportOptions{}, sink).ok());
    CHECK(sink.str().find("Widget") == std::string::npos);
  }
}

TEST_CASE("a bad relation schema fails with its line and column", "[relations]") {
  CHECK(ErrorOf("{\n  \"killed\": {\"from\": [\"kill\",]}\n}") == "bad.json:2:30: unexpected character ']'");
  CHECK(ErrorOf("{\n  \"killed\": {\"from\": \"kill\"}\n}") ==
        "bad.json:2:22: \"killed\".from: expected an array of strings, found a string");
  CHECK(ErrorOf("{\"killed\": {\"subject\": [\"PERSON\"]}}") == "bad.json:1:12: \"killed\": missing \"from\" (or \"inverse\")");
  CHECK(ErrorOf("{\"killed\": {\"from\": [\"kill\"], \"subjects\": []}}") ==
        "bad.json:1:31: \"killed\": unknown member \"subjects\" (from, inverse, subject, object, label)");
  CHECK(ErrorOf("{\"a\": {\"from\": [\"x\"]},\n\"A\": {\"from\": [\"y\"]}}") ==
        "bad.json:2:1: canonical relation \"A\" defined twice (same key as an earlier one)");
  CHECK(ErrorOf("[1]") == "bad.json:1:1: the schema must be a JSON object, not an array");
  CHECK(ErrorOf("{\"a\": {\"from\": [\"x\"]}} x") == "bad.json:1:24: text after the JSON value");
  CHECK(ErrorOf("{\"a\": {\"from\": [\"x\"], \"object\": []}}") ==
        "bad.json:1:33: \"a\".object: empty list (leave the member out to allow any type)");
  CHECK(ErrorOf("{\"a\": {\"from\": [\"x\"]") == "bad.json:1:21: unexpected end of file in an object");
  CHECK(ErrorOf("{}") == "bad.json:1:1: no canonical relation defined");
  CHECK(ErrorOf("{\"a\": {\"from\": [\"\\q\"]}}") == "bad.json:1:18: bad escape '\\q'");
  auto missing = LoadRelationSchema("/nonexistent/relations.json");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().message() == "/nonexistent/relations.json: cannot read the relation schema");
}

TEST_CASE("the shipped news schema is valid and compiled in", "[relations]") {
  std::ifstream in(std::string(RELATA_SOURCE_DIR) + "/schema/relations-news.json", std::ios::binary);
  REQUIRE(in);
  std::string file((std::istreambuf_iterator<char>(in)), {});
  INFO("src/graph/relations_news.cpp must hold schema/relations-news.json (docs/relations.md)");
  CHECK(file == NewsRelationSchemaText());
  auto news = LoadRelationSchema("news");
  REQUIRE(news.ok());
  const RelationSchema& s = *news;
  CHECK(s.relations.size() >= 18);
  for (std::string_view key : {"attacked", "killed", "met", "visited", "signed", "accused", "criticised",
                               "supported", "led", "trained", "funded", "sanctioned", "arrested",
                               "elected", "appointed", "resigned from", "left", "joined"}) {
    bool found = false;
    for (const auto& r : s.relations) found |= r.key == key;
    CHECK(found);
  }
  CHECK(s.Map("assassinate", "PERSON", "PERSON")->key == "killed");
  CHECK(s.Map("withdraw from", "GPE", "ORG")->key == "left");
  CHECK(s.Map("not join", "GPE", "ORG") == nullptr);  // negations stay as written
  bool inv = false;
  CHECK(s.Map("be assassinated", "PERSON", "ORG", &inv)->key == "killed");
  CHECK(inv);
}

TEST_CASE("weight counts sources, mentions stay available", "[events]") {
  Store st;
  // Three mentions in article a, one in b, one in c: weight 3, mentions 5.
  REQUIRE(Add(st, "NATO", "train", "Iraqi forces", "a", "ORG", "ORG", "2024-01-01").ok());
  REQUIRE(Add(st, "NATO", "trains", "Iraqi forces", "a", "ORG", "ORG", "2024-01-01").ok());
  REQUIRE(Add(st, "NATO", "trained", "Iraqi forces", "a", "ORG", "ORG", "2024-01-01").ok());
  REQUIRE(Add(st, "NATO", "train", "Iraqi forces", "b", "ORG", "ORG", "2024-01-02").ok());
  REQUIRE(Add(st, "NATO", "train", "Iraqi forces", "c", "ORG", "ORG", "2024-01-02").ok());
  RelationSchema schema = *ParseRelationSchema(R"({"trained": {"from": ["train", "trains", "trained"]}})", "t");
  GraphOptions opt;
  opt.relations = schema;
  Graph g = Graph::Build(st, opt);
  REQUIRE(g.edges.size() == 1);
  const Edge& e = g.edges[0];
  CHECK(e.weight == 3);
  CHECK(g.Sources(e) == 3);
  CHECK(g.Mentions(e) == 5);
  CHECK(g.EvidenceOf(e).size() == 5);
  Edge copy = e;  // a copy finds its evidence too
  CHECK(g.Mentions(copy) == 5);
  StringSink json;
  REQUIRE(FindExporter("json")->write(g, ExportOptions{}, json).ok());
  CHECK(json.str().find("\"weight\":3,\"sources\":3,\"mentions\":5,") != std::string::npos);
  // One event (within 7 days): counted, not listed.
  CHECK(json.str().find("\"last_date\":\"2024-01-02\",\"events\":1,\"evidence\":[") != std::string::npos);
}

TEST_CASE("reports of one edge are grouped into events by date", "[events]") {
  Store st;
  // Three reports within two days, one a month later, one undated.
  REQUIRE(Add(st, "Alice", "meet", "Bob", "a", "PERSON", "PERSON", "2024-03-01").ok());
  REQUIRE(Add(st, "Alice", "meet", "Bob", "b", "PERSON", "PERSON", "2024-03-02T10:00:00Z").ok());
  REQUIRE(Add(st, "Alice", "meet", "Bob", "c", "PERSON", "PERSON", "2024-03-03").ok());
  REQUIRE(Add(st, "Alice", "meet", "Bob", "d", "PERSON", "PERSON", "2024-04-02").ok());
  GraphOptions opt;
  opt.event_window = 7;
  Graph g = Graph::Build(st, opt);
  REQUIRE(g.edges.size() == 1);
  const Edge& e = g.edges[0];
  std::vector<EdgeEvent> events = g.Events(e);
  REQUIRE(events.size() == 2);
  CHECK(events[0].first_date == "2024-03-01");
  CHECK(events[0].last_date == "2024-03-03");
  CHECK(events[0].evidence == std::vector<uint32_t>{0, 1, 2});  // evidence sorted by source
  CHECK(events[1].first_date == "2024-04-02");
  CHECK(events[1].evidence == std::vector<uint32_t>{3});
  CHECK(events[1].last_day - events[0].first_day == 32);

  // A one-day window splits the first three: 03-01..03-02, then 03-03 alone.
  opt.event_window = 1;
  Graph g1 = Graph::Build(st, opt);
  CHECK(g1.Events(g1.edges[0]).size() == 3);
  // A window of 40 days makes one event.
  opt.event_window = 40;
  Graph g40 = Graph::Build(st, opt);
  CHECK(g40.Events(g40.edges[0]).size() == 1);

  // An undated report makes an undated event, listed last.
  REQUIRE(Add(st, "Alice", "meet", "Bob", "e", "PERSON", "PERSON", "").ok());
  opt.event_window = 7;
  Graph gu = Graph::Build(st, opt);
  events = gu.Events(gu.edges[0]);
  REQUIRE(events.size() == 3);
  CHECK_FALSE(events[2].dated);
  CHECK(events[2].first_date.empty());
  CHECK(events[2].evidence == std::vector<uint32_t>{4});
  StringSink json;
  REQUIRE(FindExporter("json")->write(gu, ExportOptions{}, json).ok());
  CHECK(json.str().find("\"events\":3,\"event_list\":[{\"first_date\":\"2024-03-01\",\"last_date\":\"2024-03-03\",\"evidence\":[0,1,2]},"
                        "{\"first_date\":\"2024-04-02\",\"last_date\":\"2024-04-02\",\"evidence\":[3]},"
                        "{\"first_date\":null,\"last_date\":null,\"evidence\":[4]}]") != std::string::npos);
}

TEST_CASE("day numbers of ISO 8601 dates", "[events]") {
  int32_t d = -1;
  CHECK(Graph::DayNumber("1970-01-01", d));
  CHECK(d == 0);
  CHECK(Graph::DayNumber("2024-03-01", d));
  CHECK(d == 19783);
  CHECK(Graph::DayNumber("2024-03-01T23:59:59+05:00", d));
  CHECK(d == 19783);
  CHECK(Graph::DayNumber("2024", d));
  CHECK(d == 19723);
  CHECK(Graph::DayNumber("1969-12-31", d));
  CHECK(d == -1);
  CHECK_FALSE(Graph::DayNumber("March 2024", d));
  CHECK_FALSE(Graph::DayNumber("2024-13-01", d));
  CHECK_FALSE(Graph::DayNumber("", d));
}

TEST_CASE("GEXF is a dynamic graph with spells from the events", "[events]") {
  Store st;
  REQUIRE(Add(st, "Alice", "meet", "Bob", "a", "PERSON", "PERSON", "2024-03-01").ok());
  REQUIRE(Add(st, "Alice", "meet", "Bob", "a", "PERSON", "PERSON", "2024-03-03").ok());
  REQUIRE(Add(st, "Alice", "meet", "Bob", "d", "PERSON", "PERSON", "2024-04-02").ok());
  REQUIRE(Add(st, "Bob", "call", "Carol", "d", "PERSON", "PERSON", "2024-03-02").ok());
  REQUIRE(Add(st, "Carol", "like", "Dave", "x", "PERSON", "PERSON", "").ok());
  Graph g = Graph::Build(st);
  for (bool draft : {false, true}) {
    ExportOptions o;
    o.gexf_12draft = draft;
    StringSink sink;
    REQUIRE(FindExporter("gexf")->write(g, o, sink).ok());
    const std::string& x = sink.str();
    CHECK(x.find("<graph mode=\"dynamic\" timeformat=\"date\" defaultedgetype=\"directed\">") != std::string::npos);
    // Alice-meet->Bob: two events, two spells.
    CHECK(x.find("<spells><spell start=\"2024-03-01\" end=\"2024-03-03\"/><spell start=\"2024-04-02\" "
                 "end=\"2024-04-02\"/></spells></edge>") != std::string::npos);
    // Bob: the union of his edges' spells (03-01..03-03 holds 03-02).
    std::regex bob("<node id=\"person:bob\"[^\\n]*<spells><spell start=\"2024-03-01\" end=\"2024-03-03\"/>"
                   "<spell start=\"2024-04-02\" end=\"2024-04-02\"/></spells>");
    CHECK(std::regex_search(x, bob));
    // Carol has an undated edge: no spells (present at every time), nor has Dave or that edge.
    std::regex carol("<node id=\"person:carol\"[^\\n]*<spells>");
    CHECK_FALSE(std::regex_search(x, carol));
    CHECK(x.find("<attvalue for=\"sources\" value=\"2\"/><attvalue for=\"mentions\" value=\"3\"/>"
                 "<attvalue for=\"events\" value=\"2\"/>") != std::string::npos);
  }
  // Without dates the graph stays static.
  Store undated;
  REQUIRE(Add(undated, "Carol", "like", "Dave", "x", "PERSON", "PERSON", "").ok());
  Graph gs = Graph::Build(undated);
  StringSink sink;
  REQUIRE(FindExporter("gexf")->write(gs, ExportOptions{}, sink).ok());
  CHECK(sink.str().find("mode=\"static\"") != std::string::npos);
  CHECK(sink.str().find("<spells>") == std::string::npos);
}
