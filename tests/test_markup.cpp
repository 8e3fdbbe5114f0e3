// The graph exporters for visual and analysis tools: GraphML, GEXF, DOT and relata's JSON.
// Consumer checks (xmllint, networkx, igraph, dot) are described in docs/graph-formats.md;
// these tests pin the structure those consumers rely on.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/schema.h>

#include "exporters/formats.h"
#include "relata/exporter.h"
#include "relata/graph.h"
#include "relata/store.h"
#include "relata/types.h"

using namespace std::string_literals;

using namespace relata;

namespace {

TripleInput T(std::string s, std::string r, std::string o, std::string st = "PER",
              std::string ot = "ORG", std::string source = "doc1", double conf = 0.9,
              std::string date = "2020-01-02", std::string sentence = "") {
  TripleInput t;
  t.subject = std::move(s);
  t.relation = std::move(r);
  t.object = std::move(o);
  t.subject_type = std::move(st);
  t.object_type = std::move(ot);
  t.confidence = conf;
  t.source = std::move(source);
  t.date = std::move(date);
  t.sentence = sentence.empty() ? t.subject + " " + t.relation + " " + t.object + "." : sentence;
  t.extractor = "test";
  return t;
}

void AddAll(Store& s, const std::vector<TripleInput>& ts) {
  for (const auto& t : ts) {
    Status st = s.Add(t);
    INFO(st.message());
    REQUIRE(st.ok());
  }
}

std::string Export(ExportFn fn, const Graph& g, const ExportOptions& o = {}) {
  StringSink sink;
  Status st = fn(g, o, sink);
  INFO(st.message());
  REQUIRE(st.ok());
  return sink.str();
}

size_t Count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

// Triples whose strings hold everything that breaks careless writers.
std::vector<TripleInput> Hostile() {
  std::vector<TripleInput> v;
  v.push_back(T("Jens \"The Boss\" Stoltenberg", "said <that>", "NATO & Co", "PER", "ORG",
                "doc \\1", 0.75, "2021-03-04",
                "He said \"]]>\" -- <!-- & \\ \0 \x01 \x1f \x7f tab\there\r\nnew"s +
                    " line \xe2\x80\xa8 \xef\xbf\xbe 🚀 Zürich"));
  v.push_back(T("Zoë 🚀 Ünal", "visits", "東京", "person", "GPE", "https://example.com/a?x=1&y=\"2\"",
                1.0, "", "\t"));
  v.push_back(T("back\\slash", "a--b", "x]]>y", "", "work of art", "doc-3", 0.1));
  v.push_back(T("NATO & Co", "said <that>", "Jens \"The Boss\" Stoltenberg", "ORG", "PER",
                "doc \\1", 0.5, "2021-03-05T10:00:00Z", "second"));
  return v;
}

// The inner text of every `<tag ...>` start tag's attribute `attr`, in order.
std::vector<std::string> Attrs(const std::string& doc, const std::string& tag,
                               const std::string& attr) {
  std::vector<std::string> out;
  const std::string open = "<" + tag + " ";
  for (size_t p = doc.find(open); p != std::string::npos; p = doc.find(open, p + 1)) {
    const size_t end = doc.find('>', p);
    const std::string el = doc.substr(p, end - p);
    const std::string key = " " + attr + "=\"";
    const size_t a = el.find(key);
    if (a == std::string::npos) {
      out.push_back("<none>");
      continue;
    }
    const size_t b = a + key.size();
    out.push_back(el.substr(b, el.find('"', b) - b));
  }
  return out;
}

bool HasRawControl(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 && c != '\n';
  });
}

}  // namespace

TEST_CASE("graphml keys carry for and attr.type and ids equal to their names", "[markup]") {
  Store s;
  AddAll(s, Hostile());
  Graph g = Graph::Build(s);
  const std::string x = Export(exporters::WriteGraphMl, g);

  CHECK(x.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 0) == 0);  // no BOM
  const auto ids = Attrs(x, "key", "id");
  const auto names = Attrs(x, "key", "attr.name");
  const auto fors = Attrs(x, "key", "for");
  const auto types = Attrs(x, "key", "attr.type");
  REQUIRE(ids.size() == 17);
  CHECK(ids == names);
  CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == ids.size());  // unique
  for (size_t i = 0; i < ids.size(); ++i) {
    INFO(ids[i]);
    CHECK((fors[i] == "node" || fors[i] == "edge"));
    CHECK((types[i] == "string" || types[i] == "int" || types[i] == "double" ||
           (ids[i] == "hedged" && types[i] == "boolean")));
  }
  // The keys consumers look for, with their types.
  auto type_of = [&](const std::string& id) {
    return types[std::find(ids.begin(), ids.end(), id) - ids.begin()];
  };
  CHECK(type_of("mentions") == "int");
  CHECK(type_of("weight") == "double");
  CHECK(type_of("confidence") == "double");
  CHECK(type_of("label") == "string");
  CHECK(type_of("sentence") == "string");

  CHECK(x.find("<graph id=\"G\" edgedefault=\"directed\">") != std::string::npos);
  // Nodes before edges, one element per node and per edge, edge ids unique.
  CHECK(x.rfind("<node ") < x.find("<edge "));
  CHECK(Count(x, "<node ") == g.nodes.size());
  CHECK(Count(x, "<edge ") == g.edges.size());
  const auto eids = Attrs(x, "edge", "id");
  CHECK(std::set<std::string>(eids.begin(), eids.end()).size() == g.edges.size());
  CHECK(Attrs(x, "node", "id").front() == g.nodes.front().id);
  // Flat values: no control character, no list.
  CHECK_FALSE(HasRawControl(x));
  CHECK(x.find("\xef\xbf\xbe") == std::string::npos);
  CHECK(x.find("]]>") == std::string::npos);
  CHECK(x.find("&quot;The Boss&quot;") != std::string::npos);
  CHECK(x.find("<data key=\"edgelabel\">said &lt;that&gt;</data>") != std::string::npos);
  CHECK(x.find("<data key=\"relation\">said &lt;that&gt;</data>") != std::string::npos);
  CHECK(x.rfind("</graphml>\n") == x.size() - 11);
}

TEST_CASE("graphml joins lists and writes the first evidence sentence", "[markup]") {
  Store s;
  AddAll(s, {T("Ann", "meets", "Bob Corp", "PER", "ORG", "b-doc", 0.5, "2020-01-01", "First."),
             T("ann", "meets", "Bob Corp", "PER", "ORG", "a-doc", 0.25, "2020-02-01", ""),
             T("ANN", "meets", "Bob Corp", "PER", "ORG", "c-doc", 1, "2020-03-01", "Third.")});
  Graph g = Graph::Build(s);
  REQUIRE(g.edges.size() == 1);
  const std::string x = Export(exporters::WriteGraphMl, g);
  CHECK(x.find("<data key=\"weight\">3</data>") != std::string::npos);
  CHECK(x.find("<data key=\"confidence\">1</data>") != std::string::npos);
  CHECK(x.find("<data key=\"edge_documents\">a-doc; b-doc; c-doc</data>") != std::string::npos);
  CHECK(x.find("<data key=\"first_date\">2020-01-01</data>") != std::string::npos);
  CHECK(x.find("<data key=\"last_date\">2020-03-01</data>") != std::string::npos);
  CHECK(Count(x, "<data key=\"sentence\">") == 1);
  CHECK(Count(x, "<data key=\"aliases\">") == 1);
  CHECK(x.find("; ") != std::string::npos);
}

TEST_CASE("gexf 1.3 and 1.2draft carry typed attributes, kind where allowed, viz", "[markup]") {
  Store s;
  AddAll(s, Hostile());
  Graph g = Graph::Build(s);
  ExportOptions o;
  const std::string v13 = Export(exporters::WriteGexf, g, o);
  o.gexf_12draft = true;
  const std::string v12 = Export(exporters::WriteGexf, g, o);

  CHECK(v13.find("xmlns=\"http://gexf.net/1.3\"") != std::string::npos);
  CHECK(v13.find("xmlns:viz=\"http://gexf.net/1.3/viz\"") != std::string::npos);
  CHECK(v13.find("version=\"1.3\"") != std::string::npos);
  CHECK(v12.find("xmlns=\"http://www.gexf.net/1.2draft\"") != std::string::npos);
  CHECK(v12.find("xmlns:viz=\"http://www.gexf.net/1.2draft/viz\"") != std::string::npos);
  CHECK(v12.find("version=\"1.2\"") != std::string::npos);
  for (const std::string* x : {&v13, &v12}) {
    CHECK(x->find("defaultedgetype=\"directed\"") != std::string::npos);
    CHECK(x->find("<attributes class=\"node\">") != std::string::npos);
    CHECK(x->find("<attributes class=\"edge\">") != std::string::npos);
    CHECK(x->find("<attribute id=\"mentions\" title=\"mentions\" type=\"integer\"/>") !=
          std::string::npos);
    CHECK(x->find("<attribute id=\"confidence\" title=\"confidence\" type=\"double\"/>") !=
          std::string::npos);
    CHECK(Count(*x, "<node ") == g.nodes.size());
    CHECK(Count(*x, "<edge ") == g.edges.size());
    CHECK(Count(*x, "<viz:color r=\"") == g.nodes.size());
    CHECK(Count(*x, "<viz:size value=\"") == g.nodes.size());
    CHECK_FALSE(HasRawControl(*x));
    CHECK(x->find("]]>") == std::string::npos);
    CHECK(x->find("label=\"said &lt;that&gt;\"") != std::string::npos);
    CHECK(x->find("<attvalue for=\"relation\" value=\"said &lt;that&gt;\"/>") !=
          std::string::npos);
  }
  // kind only where the version has it.
  CHECK(Count(v13, " kind=\"") == g.edges.size());
  CHECK(Count(v12, " kind=\"") == 0);
  CHECK(v13.find("kind=\"said &lt;that&gt;\"") != std::string::npos);
}

TEST_CASE("gexf viz size grows with mentions and is printed with fixed precision", "[markup]") {
  Store s;
  AddAll(s, {T("Ann", "meets", "Bob Corp"), T("Ann", "calls", "Bob Corp"),
             T("Ann", "sees", "Cid Ltd")});
  Graph g = Graph::Build(s);
  const std::string x = Export(exporters::WriteGexf, g);
  // Ann: 3 mentions -> 4 + 4*log2(4) = 12; Bob Corp: 2 -> 4 + 4*log2(3) = 10.34; Cid: 1 -> 8.
  CHECK(x.find("<viz:size value=\"12.00\"/>") != std::string::npos);
  CHECK(x.find("<viz:size value=\"10.34\"/>") != std::string::npos);
  CHECK(x.find("<viz:size value=\"8.00\"/>") != std::string::npos);
}

TEST_CASE("dot output for a two-node graph", "[markup]") {
  Store s;
  AddAll(s, {T("Jens \"J\" Stoltenberg", "leads", "NATO", "PER", "ORG", "d1"),
             T("Jens \"J\" Stoltenberg", "leads", "NATO", "PER", "ORG", "d2")});
  Graph g = Graph::Build(s);
  REQUIRE(g.nodes.size() == 2);
  const std::string x = Export(exporters::WriteDot, g);
  auto color = [&](const Node& n) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%06x", TypeColor(n.type) & 0xFFFFFFu);
    return std::string("#") + buf;
  };
  auto font = [&](const Node& n) {
    const uint32_t c = TypeColor(n.type);
    const uint32_t luma = 299 * ((c >> 16) & 0xFF) + 587 * ((c >> 8) & 0xFF) + 114 * (c & 0xFF);
    return luma < 128000 ? std::string(", fontcolor=\"#ffffff\"") : std::string();
  };
  const Node& nato = g.nodes[0];  // "org:nato" sorts before "person:..."
  const Node& jens = g.nodes[1];
  REQUIRE(nato.id == "org:nato");
  const std::string expected =
      "digraph \"relata\" {\n"
      "  node [style=filled];\n"
      "  \"org:nato\" [label=\"NATO\", fillcolor=\"" + color(nato) + "\"" + font(nato) + "];\n"
      "  \"" + jens.id + "\" [label=\"Jens \\\"J\\\" Stoltenberg\", fillcolor=\"" + color(jens) +
      "\"" + font(jens) + "];\n"
      "  \"" + jens.id + "\" -> \"org:nato\" [label=\"leads\", penwidth=2.00, weight=2];\n"
      "}\n";
  CHECK(x == expected);
}

TEST_CASE("dot guard keeps the heaviest nodes and says what it cut", "[markup]") {
  Store s;
  // hub: 4 mentions; a: 2; b, c, d: 1 each (ties broken by id).
  AddAll(s, {T("Hub", "meets", "A Org"), T("Hub", "meets", "B Org"), T("Hub", "calls", "C Org"),
             T("Hub", "calls", "D Org"), T("Hub", "meets", "A Org", "PER", "ORG", "doc2")});
  Graph g = Graph::Build(s);
  REQUIRE(g.nodes.size() == 5);
  REQUIRE(g.edges.size() == 4);

  SECTION("no cut, no comment") {
    const std::string x = Export(exporters::WriteDot, g);
    CHECK(x.rfind("digraph", 0) == 0);
    CHECK(Count(x, " -> ") == 4);
  }
  SECTION("max nodes") {
    ExportOptions o;
    o.dot_max_nodes = 3;
    const std::string x = Export(exporters::WriteDot, g, o);
    CHECK(x.rfind("// relata guard: kept 3 of 5 nodes (max nodes 3, most mentions first) and 2 of 4 "
                  "edges (2 touched a dropped node, 0 had weight below 0)\n",
                  0) == 0);
    CHECK(x.find("\"person:hub\" [") != std::string::npos);
    CHECK(x.find("\"org:a-org\" [") != std::string::npos);
    CHECK(x.find("\"org:b-org\" [") != std::string::npos);  // tie with c, d: lowest id wins
    CHECK(x.find("\"org:c-org\"") == std::string::npos);
    CHECK(x.find("\"org:d-org\"") == std::string::npos);
    CHECK(Count(x, " -> ") == 2);
  }
  SECTION("min weight") {
    ExportOptions o;
    o.dot_min_weight = 2;
    const std::string x = Export(exporters::WriteDot, g, o);
    CHECK(x.rfind("// relata guard: kept 5 of 5 nodes (max nodes 2000, most mentions first) and 1 of 4 "
                  "edges (0 touched a dropped node, 3 had weight below 2)\n",
                  0) == 0);
    CHECK(Count(x, " -> ") == 1);
    CHECK(x.find("\"person:hub\" -> \"org:a-org\" [label=\"meets\", penwidth=2.00, weight=2]") !=
          std::string::npos);
  }
  SECTION("no limit") {
    ExportOptions o;
    o.dot_max_nodes = 0;
    const std::string x = Export(exporters::WriteDot, g, o);
    CHECK(x.rfind("digraph", 0) == 0);
    CHECK(Count(x, "[label=") == 9);
  }
}

TEST_CASE("dot escapes hostile ids and labels", "[markup]") {
  Store s;
  AddAll(s, Hostile());
  Graph g = Graph::Build(s);
  const std::string x = Export(exporters::WriteDot, g);
  CHECK_FALSE(HasRawControl(x));
  CHECK(x.find("[label=\"Jens \\\"The Boss\\\" Stoltenberg\"") != std::string::npos);
  CHECK(x.find("[label=\"back\\\\slash\"") != std::string::npos);
  CHECK(Count(x, " -> ") == g.edges.size());
}

namespace {

rapidjson::Document ParseJson(const std::string& text) {
  rapidjson::Document d;
  d.Parse(text.c_str(), text.size());
  INFO(rapidjson::GetParseError_En(d.GetParseError()) << " at " << d.GetErrorOffset());
  REQUIRE_FALSE(d.HasParseError());
  return d;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("json graph parses and has the required fields", "[markup]") {
  Store s;
  AddAll(s, Hostile());
  Graph g = Graph::Build(s);
  const std::string text = Export(exporters::WriteJson, g);
  rapidjson::Document d = ParseJson(text);
  REQUIRE(d.IsObject());
  REQUIRE(d.MemberCount() == 2);
  const auto& nodes = d["nodes"];
  const auto& edges = d["edges"];
  REQUIRE(nodes.Size() == g.nodes.size());
  REQUIRE(edges.Size() == g.edges.size());
  std::set<std::string> ids;
  for (rapidjson::SizeType i = 0; i < nodes.Size(); ++i) {
    const auto& n = nodes[i];
    CHECK(n["id"].GetString() == g.nodes[i].id);
    CHECK(n["label"].GetString() == g.nodes[i].label);
    CHECK((n["type"].IsNull() ? std::string() : std::string(n["type"].GetString())) ==
          g.nodes[i].type);
    CHECK(n["aliases"].IsArray());
    CHECK(n["mentions"].GetUint() == g.nodes[i].mentions);
    ids.insert(n["id"].GetString());
  }
  for (rapidjson::SizeType i = 0; i < edges.Size(); ++i) {
    const auto& e = edges[i];
    const Edge& ge = g.edges[i];
    CHECK(e["id"].GetString() == g.EdgeId(ge));
    CHECK(ids.count(e["source"].GetString()) == 1);
    CHECK(ids.count(e["target"].GetString()) == 1);
    CHECK(e["relation"].GetString() == g.relations[ge.relation].key);
    CHECK(e["weight"].IsUint());
    CHECK(e["weight"].GetUint() == ge.weight);
    REQUIRE(e["evidence"].Size() == g.EvidenceOf(ge).size());
    for (rapidjson::SizeType k = 0; k < e["evidence"].Size(); ++k) {
      const auto& ev = e["evidence"][k];
      const EvidenceView v = g.Evidence(g.EvidenceOf(ge)[k]);
      CHECK(ev["source"].GetString() == v.source);
      CHECK(ev.HasMember("date"));
      CHECK(ev.HasMember("extractor"));
      CHECK(ev["confidence"].GetDouble() == Approx(v.confidence));
      if (!v.sentence.empty()) {  // sentences survive byte for byte (the store drops NUL)
        REQUIRE(ev["sentence"].IsString());
        CHECK(std::string(ev["sentence"].GetString(), ev["sentence"].GetStringLength()) ==
              v.sentence);
      }
    }
  }
  CHECK(text.find("\"confidence\":0.75") != std::string::npos);  // shortest round-trip form
  CHECK(text.find("\\u2028") != std::string::npos);
}

TEST_CASE("json graph validates against schema/graph.schema.json", "[markup]") {
  std::string schema_text = ReadFile(RELATA_SOURCE_DIR "/schema/graph.schema.json");
  REQUIRE(schema_text.find("draft/2020-12") != std::string::npos);
  // RapidJSON validates draft-04, where "$defs" was "definitions"; every other keyword the
  // schema uses means the same in both drafts.
  for (size_t p = schema_text.find("$defs"); p != std::string::npos;
       p = schema_text.find("$defs", p))
    schema_text.replace(p, 5, "definitions");
  rapidjson::Document sd = ParseJson(schema_text);
  rapidjson::SchemaDocument schema(sd);

  Store s;
  AddAll(s, Hostile());
  Graph g = Graph::Build(s);
  rapidjson::Document d = ParseJson(Export(exporters::WriteJson, g));
  rapidjson::SchemaValidator validator(schema);
  CHECK(d.Accept(validator));

  // The schema is not vacuous: a graph with a string weight fails.
  rapidjson::Document bad = ParseJson(
      R"({"nodes":[],"edges":[{"id":"e1","source":"a:b","target":"a:c","relation":"r",)"
      R"("weight":"2","evidence":[]}]})");
  rapidjson::SchemaValidator v2(schema);
  CHECK_FALSE(bad.Accept(v2));
  rapidjson::Document extra = ParseJson(R"({"nodes":[],"edges":[],"x":1})");
  rapidjson::SchemaValidator v3(schema);
  CHECK_FALSE(extra.Accept(v3));
  rapidjson::Document bad_id = ParseJson(
      R"({"nodes":[{"id":"no colon","label":"a","type":null,"aliases":[],"mentions":1}],)"
      R"("edges":[]})");
  rapidjson::SchemaValidator v4(schema);
  CHECK_FALSE(bad_id.Accept(v4));
}

TEST_CASE("markup exporters are byte-identical for any order of input", "[markup]") {
  std::vector<TripleInput> ts = Hostile();
  ts.push_back(T("Ann", "meets", "Bob Corp", "PER", "ORG", "z", 0.3));
  ts.push_back(T("ann", "meets", "Bob Corp", "PER", "ORG", "y", 0.6, "", "Ann meets Bob."));
  Store a, b;
  AddAll(a, ts);
  std::reverse(ts.begin(), ts.end());
  std::rotate(ts.begin(), ts.begin() + 2, ts.end());
  AddAll(b, ts);
  Graph ga = Graph::Build(a), gb = Graph::Build(b);
  ExportOptions o;
  o.dot_max_nodes = 3;
  for (ExportFn fn : {exporters::WriteGraphMl, exporters::WriteGexf, exporters::WriteDot,
                      exporters::WriteJson}) {
    CHECK(Export(fn, ga, o) == Export(fn, gb, o));
  }
  o.gexf_12draft = true;
  CHECK(Export(exporters::WriteGexf, ga, o) == Export(exporters::WriteGexf, gb, o));
}

TEST_CASE("markup exporters write an empty graph", "[markup]") {
  Store s;
  Graph g = Graph::Build(s);
  CHECK(Export(exporters::WriteJson, g) == "{\"nodes\":[\n],\n\"edges\":[\n]}\n");
  CHECK(Export(exporters::WriteDot, g) == "digraph \"relata\" {\n  node [style=filled];\n}\n");
  CHECK(Export(exporters::WriteGraphMl, g).find("<graph id=\"G\" edgedefault=\"directed\">\n"
                                                "  </graph>") != std::string::npos);
  CHECK(Export(exporters::WriteGexf, g).find("<nodes count=\"0\">") != std::string::npos);
}

TEST_CASE("markup exporters hand large outputs to the sink in pieces", "[markup]") {
  Store s;
  for (int i = 0; i < 3000; ++i)
    REQUIRE(s.Add(T("Person " + std::to_string(i), "knows", "Org " + std::to_string(i % 97)))
                .ok());
  Graph g = Graph::Build(s);
  for (ExportFn fn : {exporters::WriteGraphMl, exporters::WriteGexf, exporters::WriteDot,
                      exporters::WriteJson}) {
    const std::string x = Export(fn, g);
    CHECK(x.size() > (1u << 17));
    CHECK(Count(x, "org:org-96") >= 1);
  }
  rapidjson::Document d = ParseJson(Export(exporters::WriteJson, g));
  CHECK(d["edges"].Size() == 3000);
}
