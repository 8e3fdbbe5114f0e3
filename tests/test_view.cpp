// relata view's page builder (src/view/view.h): filtering, escaping, determinism.
#include <catch2/catch.hpp>

#include <string>

#include "view/view.h"

namespace relata::viewer_assets {
extern const std::string_view kPage, kLibrary, kLibraryName, kMissing;
}

using namespace relata;

namespace {

Status Add(Store& s, std::string sub, std::string rel, std::string obj, std::string source,
           std::string sentence = "", std::string st = "ORG", std::string ot = "ORG") {
  TripleInput t;
  t.subject = std::move(sub);
  t.relation = std::move(rel);
  t.object = std::move(obj);
  t.source = std::move(source);
  t.sentence = std::move(sentence);
  t.subject_type = std::move(st);
  t.object_type = std::move(ot);
  t.extractor = "test";
  return s.Add(t);
}

constexpr std::string_view kTemplate =
    "<title>@@RELATA_TITLE@@</title><!-- @@RELATA_LIBRARY_NAME@@ -->"
    "<script type=\"application/json\">@@RELATA_DATA@@</script><script>@@RELATA_LIBRARY@@</script>";

size_t Count(std::string_view text, std::string_view what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string_view::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("view data cannot end its script element", "[view]") {
  Store s;
  // U+2028 and U+2029 in UTF-8.
  REQUIRE(Add(s, "Evil</script><script>alert(1)</script>", "says", "A\xE2\x80\xA8" "B\xE2\x80\xA9",
              "doc<!--1", "He said </SCRIPT> & <!-- it\xE2\x80\xA8 then\xE2\x80\xA9.").ok());
  Graph g = Graph::Build(s);
  view::ViewOptions o;
  o.title = "a <b> & \"c\"";
  auto page = view::ViewPage(g, o, kTemplate, "/* lib */", "lib 1.0");
  REQUIRE(page.ok());
  CHECK(Count(*page, "</script") == 2);  // the template's own two
  CHECK(Count(*page, "</SCRIPT") == 0);
  CHECK(Count(*page, "<!--") == 1);      // the template's comment
  CHECK(page->find("\xE2\x80\xA8") == std::string::npos);
  CHECK(page->find("\xE2\x80\xA9") == std::string::npos);
  CHECK(page->find("\\u2028") != std::string::npos);
  CHECK(page->find("Evil\\u003c/script\\u003e") != std::string::npos);
  CHECK(page->find("<title>a &lt;b&gt; &amp; &quot;c&quot;</title>") != std::string::npos);
  CHECK(page->find("<script>/* lib */</script>") != std::string::npos);
}

TEST_CASE("view refuses a library that would break the page, and a template without markers", "[view]") {
  Store s;
  REQUIRE(Add(s, "A", "x", "B", "d").ok());
  Graph g = Graph::Build(s);
  CHECK(!view::ViewPage(g, {}, kTemplate, "var s = '</ScRiPt>';", "x").ok());
  CHECK(!view::ViewPage(g, {}, kTemplate, "var s = '<!--';", "x").ok());
  CHECK(!view::ViewPage(g, {}, "<html>@@RELATA_DATA@@</html>", "", "x").ok());
  // A marker's text inside the data is not replaced again.
  Store t;
  REQUIRE(Add(t, "@@RELATA_LIBRARY@@", "x", "B", "d").ok());
  Graph h = Graph::Build(t);
  auto page = view::ViewPage(h, {}, kTemplate, "THE-LIBRARY-TEXT", "x");
  REQUIRE(page.ok());
  CHECK(Count(*page, "THE-LIBRARY-TEXT") == 1);
  const std::string data = view::ViewData(h, {});
  CHECK(Count(data, "@@RELATA_LIBRARY@@") >= 1);
  CHECK(page->find(data) != std::string::npos);
}

TEST_CASE("view keeps the most mentioned nodes and says how many were left out", "[view]") {
  Store s;
  // hub: 4 mentions; a, b: 2; c, d, e: 1 each.
  REQUIRE(Add(s, "Hub", "meets", "A", "d1", "Hub meets A.").ok());
  REQUIRE(Add(s, "Hub", "meets", "A", "d2", "Hub met A again.").ok());
  REQUIRE(Add(s, "Hub", "meets", "B", "d1").ok());
  REQUIRE(Add(s, "B", "meets", "C", "d3").ok());
  REQUIRE(Add(s, "Hub", "sees", "D", "d3").ok());
  REQUIRE(Add(s, "E", "sees", "Z", "d4").ok());
  Graph g = Graph::Build(s);
  REQUIRE(g.nodes.size() == 7);
  view::ViewOptions o;
  o.max_nodes = 3;
  const std::string data = view::ViewData(g, o);
  CHECK(data.find("\"total_nodes\":7,\"total_edges\":5,\"max_nodes\":3") != std::string::npos);
  CHECK(data.find("\"label\":\"Hub\"") != std::string::npos);
  CHECK(data.find("\"label\":\"A\"") != std::string::npos);
  CHECK(data.find("\"label\":\"B\"") != std::string::npos);
  CHECK(data.find("\"label\":\"C\"") == std::string::npos);
  CHECK(data.find("\"label\":\"Z\"") == std::string::npos);
  // Hub-A and Hub-B are on the page; B-C and Hub-D are not (one end left out).
  CHECK(Count(data, "{\"s\":") == 2);
  CHECK(data.find("\"label\":\"Hub\",\"type\":\"ORG\",\"color\":") != std::string::npos);
  CHECK(data.find("\"hidden_edges\":1") != std::string::npos);
  // Only the sources of evidence on the page: d1, d2 (not d3, d4).
  CHECK(data.find("\"sources\":[\n\"d1\",\n\"d2\"]") != std::string::npos);
  CHECK(data.find("\"sentence\":\"Hub met A again.\"") != std::string::npos);
  // Evidence cut per edge.
  o.max_evidence = 1;
  const std::string cut = view::ViewData(g, o);
  CHECK(Count(cut, "\"more_evidence\":1") == 1);
  CHECK(Count(cut, "\"sentence\":") == 2);
  // 0: everything.
  o.max_nodes = 0;
  CHECK(view::ViewData(g, o).find("\"label\":\"Z\"") != std::string::npos);
}

TEST_CASE("view output is the same bytes whatever order the store was filled in", "[view]") {
  Store a, b;
  REQUIRE(Add(a, "NATO", "trains", "Iraqi forces", "d1", "NATO trains Iraqi forces.").ok());
  REQUIRE(Add(a, "Stoltenberg", "leads", "NATO", "d2", "Stoltenberg leads NATO.", "PERSON").ok());
  REQUIRE(Add(b, "Stoltenberg", "leads", "NATO", "d2", "Stoltenberg leads NATO.", "PERSON").ok());
  REQUIRE(Add(b, "NATO", "trains", "Iraqi forces", "d1", "NATO trains Iraqi forces.").ok());
  Graph ga = Graph::Build(a), gb = Graph::Build(b);
  auto pa = view::ViewPage(ga, {}, viewer_assets::kPage, "/*lib*/", "lib");
  auto pb = view::ViewPage(gb, {}, viewer_assets::kPage, "/*lib*/", "lib");
  REQUIRE(pa.ok());
  REQUIRE(pb.ok());
  CHECK(*pa == *pb);
  CHECK(pa->find("NATO trains Iraqi forces.") != std::string::npos);
}
