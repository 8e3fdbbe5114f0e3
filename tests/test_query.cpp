#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "relata/graph.h"
#include "relata/query.h"

using namespace relata;

namespace {

void Add(Store& s, std::string sub, std::string st, std::string rel, std::string obj, std::string ot,
         std::string source, std::string date = "", double conf = 1.0, std::string sentence = "") {
  TripleInput t;
  t.subject = std::move(sub);
  t.subject_type = std::move(st);
  t.relation = std::move(rel);
  t.object = std::move(obj);
  t.object_type = std::move(ot);
  t.source = std::move(source);
  t.date = std::move(date);
  t.confidence = conf;
  t.sentence = sentence.empty() ? t.subject + " " + t.relation + " " + t.object + "." : sentence;
  t.extractor = "test";
  Status st2 = s.Add(t);
  REQUIRE(st2.ok());
}

// Alice - Bob - Acme - Carol - Paris, and a shortcut Alice - Dan - Carol.
Store People() {
  Store s;
  Add(s, "Alice Smith", "PERSON", "meet", "Bob Jones", "PERSON", "d1", "2024-01-10");
  Add(s, "Bob Jones", "PERSON", "lead", "Acme Corp", "ORG", "d2", "2024-02-01");
  Add(s, "Carol White", "PERSON", "work for", "Acme Corp", "ORG", "d3", "2024-03-05");
  Add(s, "Carol White", "PERSON", "visit", "Paris", "GPE", "d4", "2024-04-01");
  Add(s, "Alice Smith", "PERSON", "criticise", "Dan Brown", "PERSON", "d5", "2024-05-01T10:00:00Z");
  Add(s, "Dan Brown", "PERSON", "support", "Carol White", "PERSON", "d6");
  Add(s, "Jordan", "PERSON", "meet", "Carol White", "PERSON", "d7", "2024-06-01");
  Add(s, "Jordan", "GPE", "sign", "water deal", "", "d8", "2024-06-02");
  return s;
}

uint32_t Id(const Graph& g, std::string_view id) {
  for (uint32_t i = 0; i < g.nodes.size(); ++i)
    if (g.nodes[i].id == id) return i;
  FAIL("no node " << id);
  return 0;
}

std::vector<std::string> PathIds(const Graph& g, const Path& p) {
  std::vector<std::string> out{g.nodes[p.front().from].id};
  for (const PathHop& h : p) out.push_back(g.nodes[h.to].id);
  return out;
}

}  // namespace

TEST_CASE("entities are found by id, name, alias or merged form", "[query]") {
  Store s = People();
  Add(s, "alice smith", "PERSON", "meet", "Dan Brown", "PERSON", "d9");
  Graph g = Graph::Build(s);
  const uint32_t alice = Id(g, "person:alice-smith");
  for (std::string_view name : {"person:alice-smith", "PERSON:Alice-Smith", "Alice Smith", "ALICE  smith"}) {
    auto r = FindEntity(g, name);
    REQUIRE(r.ok());
    CHECK(*r == alice);
  }
  // Ambiguous: one line listing both candidates.
  auto amb = FindEntity(g, "jordan");
  REQUIRE_FALSE(amb.ok());
  CHECK(amb.status().message() ==
        "\"jordan\" names 2 entities: gpe:jordan (Jordan), person:jordan (Jordan); give one id");
  CHECK(FindEntity(g, "gpe:jordan").ok());
  // Unknown: close names suggested (edit distance, then prefix of a word).
  auto typo = FindEntity(g, "Alise Smith");
  REQUIRE_FALSE(typo.ok());
  CHECK(typo.status().message() ==
        "no entity has the id, name or alias \"Alise Smith\"; did you mean: Alice Smith (person:alice-smith)?");
  auto prefix = SuggestNodes(g, "caro");  // a prefix first, then "corp" of Acme Corp (2 edits)
  REQUIRE(prefix.size() == 2);
  CHECK(g.nodes[prefix[0]].id == "person:carol-white");
  CHECK(g.nodes[prefix[1]].id == "org:acme-corp");
  auto word = SuggestNodes(g, "white");
  REQUIRE(word.size() == 1);
  CHECK(g.nodes[word[0]].id == "person:carol-white");
  auto none = FindEntity(g, "Zebulon Quarterhorse");
  REQUIRE_FALSE(none.ok());
  CHECK(none.status().message() == "no entity has the id, name or alias \"Zebulon Quarterhorse\"");
}

TEST_CASE("shortest paths go either way along edges and carry their evidence", "[query]") {
  Store s = People();
  Graph g = Graph::Build(s);
  QueryIndex ix(g);
  const uint32_t alice = Id(g, "person:alice-smith"), paris = Id(g, "gpe:paris"), acme = Id(g, "org:acme-corp");
  PathAnswer p = ShortestPaths(ix, alice, paris, 6, false, 10);
  REQUIRE(p.paths.size() == 1);
  CHECK(PathIds(g, p.paths[0]) ==
        std::vector<std::string>{"person:alice-smith", "person:dan-brown", "person:carol-white", "gpe:paris"});
  CHECK(p.paths[0][0].forward);
  // Backwards: Paris <- Carol <- Dan <- Alice.
  PathAnswer back = ShortestPaths(ix, paris, alice, 6, false, 10);
  REQUIRE(back.paths.size() == 1);
  CHECK_FALSE(back.paths[0][0].forward);
  CHECK(g.relations[g.edges[back.paths[0][0].edge].relation].key == "visit");
  // Too short a limit: no path.
  CHECK(ShortestPaths(ix, alice, paris, 2, false, 10).paths.empty());
  // Alice -> Acme: two hops through Bob (the route through Dan and Carol is three).
  PathAnswer a2 = ShortestPaths(ix, alice, acme, 6, true, 10);
  REQUIRE(a2.paths.size() == 1);
  CHECK(PathIds(g, a2.paths[0]) == std::vector<std::string>{"person:alice-smith", "person:bob-jones", "org:acme-corp"});
  EvidenceView ev = g.Evidence(BestEvidence(g, g.edges[a2.paths[0][1].edge]));
  CHECK(ev.sentence == "Bob Jones lead Acme Corp.");
  CHECK(ev.source == "d2");
  // Not connected: the GPE Jordan is apart.
  CHECK(ShortestPaths(ix, alice, Id(g, "gpe:jordan"), 10, true, 10).paths.empty());
}

TEST_CASE("all shortest paths, in node order, bounded", "[query]") {
  Store s;
  // A diamond A-B-D, A-C-D plus a long way round A-E-F-D.
  Add(s, "Aa", "ORG", "fund", "Bb", "ORG", "x");
  Add(s, "Aa", "ORG", "fund", "Cc", "ORG", "x");
  Add(s, "Dd", "ORG", "praise", "Bb", "ORG", "x");
  Add(s, "Cc", "ORG", "fund", "Dd", "ORG", "x");
  Add(s, "Cc", "ORG", "sue", "Dd", "ORG", "y");  // a second, parallel edge C - D
  Add(s, "Cc", "ORG", "sue", "Dd", "ORG", "z");  // ... heavier than "fund"
  Add(s, "Aa", "ORG", "fund", "Ee", "ORG", "x");
  Add(s, "Ee", "ORG", "fund", "Ff", "ORG", "x");
  Add(s, "Ff", "ORG", "fund", "Dd", "ORG", "x");
  Graph g = Graph::Build(s);
  QueryIndex ix(g);
  PathAnswer p = ShortestPaths(ix, Id(g, "org:aa"), Id(g, "org:dd"), 6, true, 10);
  REQUIRE(p.paths.size() == 2);
  CHECK_FALSE(p.truncated);
  CHECK(PathIds(g, p.paths[0]) == std::vector<std::string>{"org:aa", "org:bb", "org:dd"});
  CHECK(PathIds(g, p.paths[1]) == std::vector<std::string>{"org:aa", "org:cc", "org:dd"});
  CHECK_FALSE(p.paths[0][1].forward);  // Dd praise Bb: the hop B -> D goes against the edge
  const PathHop& cd = p.paths[1][1];
  CHECK(cd.parallel == 2);
  CHECK(g.relations[g.edges[cd.edge].relation].key == "sue");  // weight 2 beats weight 1
  PathAnswer one = ShortestPaths(ix, Id(g, "org:aa"), Id(g, "org:dd"), 6, true, 1);
  CHECK(one.paths.size() == 1);
  CHECK(one.truncated);
  CHECK(PathIds(g, one.paths[0]) == PathIds(g, p.paths[0]));
}

TEST_CASE("neighbours: both directions, depth, relation, type and date filters", "[query]") {
  Store s = People();
  Graph g = Graph::Build(s);
  QueryIndex ix(g);
  const uint32_t alice = Id(g, "person:alice-smith"), carol = Id(g, "person:carol-white");
  auto rel = [&](const NeighbourEdge& n) { return g.relations[g.edges[n.edge].relation].key; };
  auto d1 = Neighbours(ix, alice, 1, {});
  REQUIRE(d1.size() == 2);
  CHECK(rel(d1[0]) == "criticise");  // same weight: edge order (alice criticise < alice meet)
  CHECK(rel(d1[1]) == "meet");
  // Carol: work for, visit (out) and support, meet (in), each once.
  auto c1 = Neighbours(ix, carol, 1, {});
  CHECK(c1.size() == 4);
  auto d2 = Neighbours(ix, alice, 2, {});
  REQUIRE(d2.size() == 4);  // + Bob lead Acme, Dan support Carol
  CHECK(d2[2].depth == 2);
  CHECK(d2[3].depth == 2);
  EdgeFilter since;
  since.since = "2024-02-01";
  auto ds = Neighbours(ix, alice, 1, since);
  REQUIRE(ds.size() == 1);
  CHECK(rel(ds[0]) == "criticise");
  EdgeFilter until;
  until.until = "2024-05-01";  // a date-time on that day is within it
  CHECK(Neighbours(ix, alice, 1, until).size() == 2);
  until.until = "2024-04-30";
  auto du = Neighbours(ix, alice, 1, until);
  REQUIRE(du.size() == 1);
  CHECK(rel(du[0]) == "meet");
  // Undated edges go when a date bound is set: Carol's "support" from Dan.
  EdgeFilter any_date;
  any_date.since = "2000";
  CHECK(Neighbours(ix, carol, 1, any_date).size() == 3);
  EdgeFilter r;
  r.relation = Pattern("*OR*", Pattern::kRelation);
  auto cr = Neighbours(ix, carol, 1, r);
  REQUIRE(cr.size() == 2);  // work for, support
  EdgeFilter t;
  t.type = "ORG";
  auto ct = Neighbours(ix, carol, 1, t);
  REQUIRE(ct.size() == 1);
  CHECK(g.nodes[ct[0].to].id == "org:acme-corp");
}

TEST_CASE("patterns: * wildcards over ids, labels and aliases, case-insensitive", "[query]") {
  Store s = People();
  Add(s, "A. Smith", "PERSON", "meet", "Bob Jones", "PERSON", "d1", "2024-01-10");
  GraphOptions o;
  o.aliases = {AliasEntry{"A. Smith", "wd:Q1", "http://www.wikidata.org/entity/Q1", "Alice Smith", "PERSON", 1},
               AliasEntry{"Alice Smith", "wd:Q1", "http://www.wikidata.org/entity/Q1", "Alice Smith", "PERSON", 2}};
  Graph g = Graph::Build(s, o);
  Pattern any("*", Pattern::kName);
  auto keys = [&](const std::vector<uint32_t>& es) {
    std::vector<std::string> out;
    for (uint32_t e : es)
      out.push_back(g.nodes[g.edges[e].source].label + "|" + g.relations[g.edges[e].relation].key + "|" +
                    g.nodes[g.edges[e].target].label);
    return out;
  };
  CHECK(keys(MatchEdges(g, Pattern("ALICE*", Pattern::kName), Pattern("", Pattern::kRelation), any)) ==
        std::vector<std::string>{"Alice Smith|criticise|Dan Brown", "Alice Smith|meet|Bob Jones"});
  // By alias ("a. smith" is a form of the node), by id, by a middle piece.
  CHECK(MatchEdges(g, Pattern("a. smith", Pattern::kName), Pattern("meet", Pattern::kRelation), any).size() == 1);
  CHECK(keys(MatchEdges(g, Pattern("person:carol*", Pattern::kName), any, Pattern("*corp", Pattern::kName))) ==
        std::vector<std::string>{"Carol White|work for|Acme Corp"});
  CHECK(keys(MatchEdges(g, any, Pattern("*i*E", Pattern::kRelation), any)) ==
        std::vector<std::string>{"Alice Smith|criticise|Dan Brown"});
  CHECK(MatchEdges(g, any, Pattern("m*", Pattern::kRelation), any).size() == 2);
  CHECK(MatchEdges(g, any, Pattern("eet", Pattern::kRelation), any).empty());  // no star: whole key
  Pattern mid("*ite*", Pattern::kName);
  CHECK(mid.MatchesKey("carol white"));
  CHECK_FALSE(mid.MatchesKey("carol"));
  Pattern ends("a*a", Pattern::kName);
  CHECK(ends.MatchesKey("aa"));
  CHECK(ends.MatchesKey("alba"));
  CHECK_FALSE(ends.MatchesKey("a"));
  CHECK_FALSE(ends.MatchesKey("ab"));
}

TEST_CASE("timeline: by first date, undated last", "[query]") {
  Store s = People();
  Graph g = Graph::Build(s);
  QueryIndex ix(g);
  auto t = Timeline(ix, Id(g, "person:carol-white"), {});
  std::vector<std::string> got;
  for (uint32_t e : t) got.push_back(std::string(g.FirstDate(g.edges[e])) + " " + g.relations[g.edges[e].relation].key);
  CHECK(got == std::vector<std::string>{"2024-03-05 work for", "2024-04-01 visit", "2024-06-01 meet", " support"});
}

TEST_CASE("PageRank on a star and a chain, degree ties by id", "[query]") {
  Store s;
  for (std::string leaf : {"Leaf One", "Leaf Two", "Leaf Three", "Leaf Four"})
    Add(s, leaf, "ORG", "fund", "Centre", "ORG", "x");
  Add(s, "Xx", "ORG", "fund", "Yy", "ORG", "x");
  Add(s, "Yy", "ORG", "fund", "Zz", "ORG", "x");
  Graph g = Graph::Build(s);
  QueryIndex ix(g);
  auto pr = ComputeCentrality(ix, Centrality::kPageRank);
  REQUIRE(pr.ok());
  // PR(v) = 0.15 + 0.85 * sum PR(u) / outdeg(u): leaves and sources 0.15, the centre
  // 0.15 + 0.85 * 4 * 0.15 = 0.66, Y = 0.2775, Z = 0.15 + 0.85 * 0.2775 = 0.385875.
  CHECK((*pr)[Id(g, "org:centre")] == Approx(0.66).epsilon(1e-9));
  CHECK((*pr)[Id(g, "org:leaf-one")] == Approx(0.15).epsilon(1e-9));
  CHECK((*pr)[Id(g, "org:yy")] == Approx(0.2775).epsilon(1e-9));
  CHECK((*pr)[Id(g, "org:zz")] == Approx(0.385875).epsilon(1e-9));
  auto top = TopNodes(g, *pr, "", 3);
  REQUIRE(top.size() == 3);
  CHECK(g.nodes[top[0]].id == "org:centre");
  CHECK(g.nodes[top[1]].id == "org:zz");
  CHECK(g.nodes[top[2]].id == "org:yy");
  auto deg = ComputeCentrality(ix, Centrality::kDegree);
  REQUIRE(deg.ok());
  auto td = TopNodes(g, *deg, "", 0);
  REQUIRE(td.size() == g.nodes.size());
  CHECK(g.nodes[td[0]].id == "org:centre");
  CHECK((*deg)[td[0]] == 4);
  CHECK(g.nodes[td[1]].id == "org:yy");  // degree 2
  CHECK(g.nodes[td[2]].id == "org:leaf-four");  // degree 1: ties by id
  CHECK(g.nodes[td[3]].id == "org:leaf-one");
  CHECK(TopNodes(g, *deg, "PERSON", 5).empty());
}

TEST_CASE("betweenness on a path graph", "[query]") {
  Store s;
  // a - b - c - d - e, with edges in mixed directions and a parallel edge (one link).
  Add(s, "Pa", "ORG", "fund", "Pb", "ORG", "x");
  Add(s, "Pc", "ORG", "fund", "Pb", "ORG", "x");
  Add(s, "Pb", "ORG", "sue", "Pc", "ORG", "x");
  Add(s, "Pc", "ORG", "fund", "Pd", "ORG", "x");
  Add(s, "Pe", "ORG", "fund", "Pd", "ORG", "x");
  Graph g = Graph::Build(s);
  QueryIndex ix(g);
  auto b = ComputeCentrality(ix, Centrality::kBetweenness);
  REQUIRE(b.ok());
  // Pairs through b: (a,c) (a,d) (a,e) = 3; through c: (a,d) (a,e) (b,d) (b,e) = 4; d: 3.
  CHECK((*b)[Id(g, "org:pa")] == 0);
  CHECK((*b)[Id(g, "org:pb")] == Approx(3));
  CHECK((*b)[Id(g, "org:pc")] == Approx(4));
  CHECK((*b)[Id(g, "org:pd")] == Approx(3));
  auto top = TopNodes(g, *b, "", 3);
  CHECK(g.nodes[top[0]].id == "org:pc");
  CHECK(g.nodes[top[1]].id == "org:pb");
  CHECK(g.nodes[top[2]].id == "org:pd");
  auto refused = ComputeCentrality(ix, Centrality::kBetweenness, 10);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().message().find("too much work") != std::string::npos);
}

TEST_CASE("an answer's subgraph keeps the nodes of the full graph and the words written", "[query]") {
  Store s;
  Add(s, "Kennedy Space Center", "ORG", "host", "launch", "", "a", "2024-01-01");
  Add(s, "KSC", "ORG", "welcome", "Ann Lee", "PERSON", "b", "2024-01-02");
  Add(s, "Ann Lee", "PERSON", "visit", "Kennedy Space Center", "ORG", "c", "2024-01-03");
  Graph g = Graph::Build(s);
  QueryIndex ix(g);
  auto edges = MatchEdges(g, Pattern("*", Pattern::kName), Pattern("welcome", Pattern::kRelation),
                          Pattern("*", Pattern::kName));
  REQUIRE(edges.size() == 1);
  Store sub = SubgraphStore(g, edges);
  CHECK(sub.size() == 1);
  Graph sg = Graph::Build(sub, SubgraphOptions(g, edges, {}));
  REQUIRE(sg.nodes.size() == 2);
  CHECK(sg.nodes[0].id == "org:kennedy-space-center");  // not a node "KSC" of its own
  CHECK(sg.nodes[1].id == "person:ann-lee");
  REQUIRE(sg.edges.size() == 1);
  EvidenceView ev = sg.Evidence(sg.EvidenceOf(sg.edges[0])[0]);
  CHECK(ev.subject_form == "KSC");
  CHECK(ev.subject_rule == "initials");
  CHECK(ev.sentence == "KSC welcome Ann Lee.");
  CHECK(ev.date == "2024-01-02");
  // Induced edges of a node set.
  std::vector<uint32_t> nodes{Id(g, "org:kennedy-space-center"), Id(g, "person:ann-lee")};
  std::sort(nodes.begin(), nodes.end());
  CHECK(InducedEdges(ix, nodes).size() == 2);
}

TEST_CASE("tables: aligned text, TSV, JSON", "[query]") {
  Table t;
  t.columns = {{"name"}, {"n", Table::kInt}, {"score", Table::kReal}, {"id", Table::kText, true},
               {"note", Table::kText, false, 5}};
  t.rows = {{"Zoë", "7", "0.5", "x:1", "short"}, {"Bo\tb", "12", "", "x:2", "much longer"}};
  CHECK(t.Text() ==
        "name   n  score  note\n"
        "----  --  -----  -----\n"
        "Zoë    7    0.5  short\n"
        "Bo b  12         much\xE2\x80\xA6\n");
  CHECK(t.Tsv() == "name\tn\tscore\tid\tnote\nZoë\t7\t0.5\tx:1\tshort\nBo\\tb\t12\t\tx:2\tmuch longer\n");
  CHECK(t.Json("top", {{"by", "\"degree\""}}) ==
        "{\"command\":\"top\",\"by\":\"degree\",\"rows\":[{\"name\":\"Zoë\",\"n\":7,\"score\":0.5,\"id\":\"x:1\","
        "\"note\":\"short\"},{\"name\":\"Bo\\tb\",\"n\":12,\"score\":null,\"id\":\"x:2\",\"note\":\"much longer\"}]}\n");
}

TEST_CASE("lookup by name: every label and alias finds its node, ASCII or not", "[query]") {
  Store s;
  Add(s, "Zoë Brown", "PERSON", "visit", "São Paulo", "GPE", "a");
  Add(s, "ZOË BROWN", "PERSON", "praise", "AT&T", "ORG", "b");
  Add(s, "“NATO”", "ORG", "train", "Jean-Luc Picard", "PERSON", "c");
  Add(s, "NATO", "ORG", "meet", "Ǆemal Bijedić", "PERSON", "d");
  Add(s, "Kelvin Group", "ORG", "fund", "K-pop Fans", "NORP", "e");
  Graph g = Graph::Build(s);
  size_t names = 0;
  for (uint32_t i = 0; i < g.nodes.size(); ++i) {
    std::vector<std::string> forms = g.nodes[i].aliases;
    forms.push_back(g.nodes[i].label);
    for (const std::string& f : forms) {
      std::vector<uint32_t> found = FindNodes(g, f);
      CHECK(std::find(found.begin(), found.end(), i) != found.end());
      ++names;
    }
  }
  CHECK(names >= 10);
  // Case, spacing and surrounding punctuation as NameKey() folds them; inner dashes as spaces.
  auto one = [&](std::string_view name) {
    auto r = FindEntity(g, name);
    return r.ok() ? g.nodes[*r].id : "error: " + r.status().message();
  };
  const std::string zoe = one("Zoë Brown");
  CHECK(zoe.rfind("person:zoe-brown", 0) == 0);  // an inexact slug gets a hash suffix
  CHECK(one("zoë  brown") == zoe);
  CHECK(one("ZOË BROWN") == zoe);
  CHECK(one("\"nato\"") == "org:nato");
  CHECK(one("jean luc picard") == "person:jean-luc-picard");
  CHECK(one("ǆemal bijedić").rfind("person:", 0) == 0);
  CHECK(one("at&t").rfind("org:at-t", 0) == 0);
  CHECK(FindNodes(g, "at t").empty());  // '&' is part of the key
  CHECK(FindNodes(g, "sao paulo").empty());  // NameKey keeps diacritics (CanonicalKey would not)
}
