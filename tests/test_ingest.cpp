#include <catch2/catch.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "ingest/articles_internal.h"
#include "relata/ingest.h"
#include "relata/text.h"

using namespace relata;
namespace fs = std::filesystem;

namespace {

fs::path TestDir() {
  static fs::path dir = [] {
    fs::path d = fs::temp_directory_path() / ("relata-ingest-test-" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
  }();
  return dir;
}

std::string Write(const std::string& name, const std::string& content) {
  fs::path p = TestDir() / name;
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary | std::ios::trunc) << content;
  return p.string();
}

std::string Data(const std::string& name) {
  return std::string(RELATA_SOURCE_DIR) + "/tests/data/ingest/" + name;
}

struct Read {
  Status status;
  std::vector<Document> docs;
};

Read ReadFile(const std::string& path, IngestOptions options = {}) {
  Read r;
  r.status = ReadArticles(path, options, [&](Document&& d) {
    r.docs.push_back(std::move(d));
    return Status::Ok();
  });
  return r;
}

Document ReadOne(const std::string& path, IngestOptions options = {}) {
  Read r = ReadFile(path, options);
  INFO(r.status.message());
  REQUIRE(r.status.ok());
  REQUIRE(r.docs.size() == 1);
  return r.docs[0];
}

// The message of a failed read; fails the test when the read succeeded.
std::string ErrorOf(const std::string& path, IngestOptions options = {}) {
  Read r = ReadFile(path, options);
  REQUIRE_FALSE(r.status.ok());
  CHECK(r.status.message().find('\n') == std::string::npos);  // one line
  return r.status.message();
}

bool Contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

// ------------------------------------------------------------------ plain text

TEST_CASE("Plain text: a title line, paragraphs, hard-wrapped lines, dateline date", "[ingest]") {
  std::string p = Write("story.txt",
                        "\xEF\xBB\xBFLeaders Meet in Brussels\r\n\r\n"
                        "BRUSSELS, April 4, 2023 - The leaders of the alliance met in Brussels\r\n"
                        "on Tuesday.   Stoltenberg said\tthey agreed.\r\n\r\n\r\n\r\n"
                        "Short line\nAnother short one\n");
  Document d = ReadOne(p);
  CHECK(d.title == "Leaders Meet in Brussels");
  CHECK(d.text ==
        "Leaders Meet in Brussels\n\n"
        "BRUSSELS, April 4, 2023 - The leaders of the alliance met in Brussels on Tuesday.   "
        "Stoltenberg said they agreed.\n\n"
        "Short line\nAnother short one");
  CHECK(d.date == "2023-04-04");
  CHECK(d.source == "story.txt");
  CHECK(d.url.empty());
  CHECK(d.id == Hex64(StableHash(d.text)));
  CHECK(d.language == "en");
}

TEST_CASE("Plain text: when the first line is not a title", "[ingest]") {
  // Ends with a period.
  CHECK(ReadOne(Write("t1.txt", "NATO met on Tuesday.\n\nMore text.\n")).title.empty());
  // Not followed by a blank line (the paragraph has two lines).
  CHECK(ReadOne(Write("t2.txt", "NATO Meets\nin Brussels today\n\nMore.\n")).title.empty());
  // Nothing follows it.
  CHECK(ReadOne(Write("t3.txt", "NATO Meets in Brussels\n")).title.empty());
  // Too long to be a title.
  CHECK(ReadOne(Write("t4.txt", std::string(250, 'A') + "\n\nMore.\n")).title.empty());
  // Starts in lower case: the middle of something.
  CHECK(ReadOne(Write("t5.txt", "and then they left\n\nMore.\n")).title.empty());
  // A question is a title.
  CHECK(ReadOne(Write("t6.txt", "Will Sweden Join?\n\nMore.\n")).title == "Will Sweden Join?");
}

TEST_CASE("Plain text: binary and badly encoded input is refused with its byte offset", "[ingest]") {
  std::string nul = ErrorOf(Write("nul.txt", std::string("abc\0def", 7)));
  CHECK(nul == TestDir().string() + "/nul.txt: byte 3: NUL byte (binary data?)");
  std::string bad = ErrorOf(Write("latin1.txt", "caf\xE9 au lait"));
  CHECK(bad == TestDir().string() + "/latin1.txt: byte 3: invalid UTF-8 (binary data, or another encoding?)");
  // The offset counts the byte-order mark.
  CHECK(Contains(ErrorOf(Write("bom.txt", "\xEF\xBB\xBF" "ab\xC3")), ": byte 5: invalid UTF-8"));
  CHECK(Contains(ErrorOf(Write("utf16.txt", std::string("\xFF\xFEh\0i\0", 6))), "UTF-16"));
  // Random bytes: refused, never a crash.
  std::string noise;
  uint32_t x = 12345;
  for (int i = 0; i < 100000; ++i) {
    x = x * 1103515245u + 12345u;
    noise.push_back(static_cast<char>(x >> 24));
  }
  CHECK(Contains(ErrorOf(Write("noise.txt", noise)), "noise.txt: byte "));
  CHECK(Contains(ErrorOf(Write("noise.md", noise)), "noise.md: byte "));
  CHECK(Contains(ErrorOf(Write("noise.html", noise)), "noise.html: byte "));
  CHECK(Contains(ErrorOf(Write("noise.jsonl", noise)), "noise.jsonl:1: "));
  CHECK(Contains(ErrorOf(Write("noise.xml", "<rss>" + noise)), "noise.xml"));
}

TEST_CASE("Plain text: empty, missing, directory, too large", "[ingest]") {
  CHECK(Contains(ErrorOf(Write("empty.txt", "")), "empty.txt: empty file"));
  CHECK(Contains(ErrorOf(Write("blank.txt", "\n  \n\t\n")), "blank.txt: no article text"));
  CHECK(Contains(ErrorOf((TestDir() / "missing.txt").string()), "missing.txt: cannot open"));
  CHECK(Contains(ErrorOf(TestDir().string()), ": is a directory"));
  IngestOptions small;
  small.max_file_bytes = 100;
  CHECK(Contains(ErrorOf(Write("big.txt", std::string(200, 'a')), small), "200 bytes, more than the limit of 100"));
  IngestOptions small_article;
  small_article.max_article_bytes = 50;
  CHECK(Contains(ErrorOf(Write("long.txt", std::string(80, 'a')), small_article),
                 "article text is 80 bytes, more than the limit of 50"));
}

// ------------------------------------------------------------------ Markdown

TEST_CASE("Markdown: markup stripped to text", "[ingest]") {
  std::string p = Write("a.md",
                        "# NATO meets in *Brussels*\n"
                        "\n"
                        "The **North Atlantic Treaty Organization (NATO)** met. See [the report](http://x.org/a \"t\")\n"
                        "and ![a photo](a.png) the [summary][s]. Snake_case_word, 2 * 3, `code *kept*`.\n"
                        "Escaped \\*stars\\* and &amp; &eacute; &#8212; <span>inline html</span>.\n"
                        "\n"
                        "- first item\n"
                        "- second item\n"
                        "1. numbered\n"
                        "\n"
                        "```python\n"
                        "print(\"dropped\")\n"
                        "```\n"
                        "\n"
                        "> A quote from _Jens Stoltenberg_.\n"
                        "\n"
                        "[s]: http://example.org/summary\n"
                        "<!-- a comment\n"
                        "over lines -->\n"
                        "Setext heading\n"
                        "--------------\n"
                        "\n"
                        "***\n"
                        "| Name | Role |\n"
                        "|------|------|\n"
                        "| Stoltenberg | Secretary General |\n"
                        "Hard break  \n"
                        "here ~~gone~~.\n");
  Document d = ReadOne(p);
  CHECK(d.title == "NATO meets in Brussels");
  CHECK(d.text ==
        "NATO meets in Brussels\n\n"
        "The North Atlantic Treaty Organization (NATO) met. See the report and the summary. "
        "Snake_case_word, 2 * 3, code *kept*. Escaped *stars* and & \xC3\xA9 \xE2\x80\x94 inline html.\n\n"
        "first item\n\n"
        "second item\n\n"
        "numbered\n\n"
        "A quote from Jens Stoltenberg.\n\n"
        "Setext heading\n\n"
        "Name; Role\n\n"
        "Stoltenberg; Secretary General\n\n"
        "Hard break\nhere gone.");
  CHECK(d.source == "a.md");
}

TEST_CASE("Markdown: front matter gives the metadata", "[ingest]") {
  std::string p = Write("fm.md",
                        "---\n"
                        "title: \"From the front matter\"\n"
                        "date: 5 March 2024\n"
                        "url: https://Example.org/a/../b?utm_source=x#frag\n"
                        "source: Example Wire\n"
                        "authors:\n"
                        "  - Ann Lee\n"
                        "  - Bo Chen\n"
                        "lang: de-DE\n"
                        "---\n"
                        "Body text only.\n");
  Document d = ReadOne(p);
  CHECK(d.title == "From the front matter");
  CHECK(d.date == "2024-03-05");
  CHECK(d.url == "https://example.org/b");
  CHECK(d.source == "Example Wire");
  CHECK(d.author == "Ann Lee, Bo Chen");
  CHECK(d.language == "de");
  CHECK(d.text == "Body text only.");
  CHECK(d.id == Hex64(StableHash("https://example.org/b")));
}

TEST_CASE("Markdown: hostile markup stays linear and never crashes", "[ingest]") {
  std::string md = std::string(2000000, '[') + "x" + std::string(2000000, ']') + "\n\n" +
                   std::string(1000000, '`') + " a`b``c\n\n";
  for (int i = 0; i < 200000; ++i) md += "<!--";
  md += "\n\n";
  for (int i = 0; i < 200000; ++i) md += "[a](";
  md += "\n\n```\nunclosed fence\n";
  auto t0 = std::chrono::steady_clock::now();
  Document d = ReadOne(Write("hostile.md", md));
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  CHECK(secs < 20);
  CHECK(Contains(d.text, "[[[[x]]]]"));
  CHECK_FALSE(Contains(d.text, "unclosed fence"));
}

// ------------------------------------------------------------------ JSONL

TEST_CASE("JSONL: articles with metadata, one a line", "[ingest]") {
  std::string p = Write("news.jsonl",
                        "{\"id\": \"a1\", \"title\": \"  First\\nstory \", \"date\": \"Tue, 05 Mar 2024 14:30:00 GMT\","
                        " \"url\": \"HTTPS://News.Example.org:443/x/./y?b=2&utm_medium=rss&a=1#c\", \"source\": \"Wire\","
                        " \"author\": \"Ann Lee\", \"text\": \"NATO met.\\r\\n\\r\\nStoltenberg spoke.\"}\n"
                        "\n"
                        "# a comment line\n"
                        "{\"text\": \"Second story without metadata.\", \"extra\": {\"ignored\": [1, 2, 3]}}\n"
                        "{\"text\": \"Third.\", \"url\": \"https://www.example.com/third\", \"date\": null, \"language\": \"en-US\"}\n"
                        "{\"html\": \"<p>From <b>HTML</b>.</p><script>x()</script><p>Two.</p>\"}\n");
  Read r = ReadFile(p);
  INFO(r.status.message());
  REQUIRE(r.status.ok());
  REQUIRE(r.docs.size() == 4);
  const Document& a = r.docs[0];
  CHECK(a.id == "a1");
  CHECK(a.title == "First story");
  CHECK(a.date == "2024-03-05T14:30:00Z");
  CHECK(a.url == "https://news.example.org/x/y?b=2&a=1");
  CHECK(a.source == "Wire");
  CHECK(a.author == "Ann Lee");
  CHECK(a.text == "NATO met.\n\nStoltenberg spoke.");
  const Document& b = r.docs[1];
  CHECK(b.id == Hex64(StableHash("Second story without metadata.")));
  CHECK(b.source == "news.jsonl");
  CHECK(b.title.empty());
  CHECK(b.date.empty());
  const Document& c = r.docs[2];
  CHECK(c.id == Hex64(StableHash("https://www.example.com/third")));
  CHECK(c.source == "example.com");
  CHECK(c.language == "en");
  CHECK(r.docs[3].text == "From HTML.\n\nTwo.");
}

TEST_CASE("JSONL: errors name the file and line", "[ingest]") {
  std::string dir = TestDir().string() + "/";
  CHECK(ErrorOf(Write("e1.jsonl", "{\"text\": \"ok\"}\n{\"text\": \"unterminated}\n")) ==
        dir + "e1.jsonl:2: invalid JSON at column 24: Missing a closing quotation mark in string.");
  CHECK(ErrorOf(Write("e2.jsonl", "\n{\"title\": \"no text\"}\n")) == dir + "e2.jsonl:2: missing \"text\"");
  CHECK(ErrorOf(Write("e3.jsonl", "{\"text\": 42}\n")) == dir + "e3.jsonl:1: \"text\" must be a string");
  CHECK(ErrorOf(Write("e4.jsonl", "{\"text\": \"x\", \"date\": \"yesterday\"}\n")) ==
        dir + "e4.jsonl:1: date \"yesterday\" is not a date (ISO 8601 or RFC 822)");
  CHECK(ErrorOf(Write("e5.jsonl", "{\"text\": \"x\", \"url\": \"ftp://x.org/a\"}\n")) ==
        dir + "e5.jsonl:1: url \"ftp://x.org/a\" is not an absolute http(s) URL");
  CHECK(ErrorOf(Write("e6.jsonl", "[1, 2]\n")) == dir + "e6.jsonl:1: a JSONL line must be a JSON object");
  CHECK(ErrorOf(Write("e7.jsonl", "{\"text\": \"  \"}\n")) == dir + "e7.jsonl:1: \"text\" is empty");
  CHECK(ErrorOf(Write("e8.jsonl", "{\"text\": \"a\", \"title\": [\"x\"]}\n")) == dir + "e8.jsonl:1: \"title\" must be a string");
  CHECK(ErrorOf(Write("e9.jsonl", "{\"text\": \"caf\xE9\"}\n")).rfind(dir + "e9.jsonl:1: invalid JSON at column", 0) == 0);
  CHECK(ErrorOf(Write("e10.jsonl", "\n\n# only comments\n")) == dir + "e10.jsonl: no articles in 3 lines");
  CHECK(ErrorOf(Write("e11.jsonl", "")) == dir + "e11.jsonl: empty file");
}

TEST_CASE("JSONL: a 10 MB line is read; a line over the limit is refused by number", "[ingest]") {
  std::string words;
  while (words.size() < (size_t{10} << 20)) words += "Stoltenberg met Rutte in Brussels. ";
  std::string p = Write("big.jsonl", "{\"text\": \"short\"}\n{\"text\": \"" + words + "\"}\n{\"text\": \"after\"}\n");
  Read r = ReadFile(p);
  INFO(r.status.message());
  REQUIRE(r.status.ok());
  REQUIRE(r.docs.size() == 3);
  CHECK(r.docs[1].text.size() == ingest::FoldSpaces(words).size());
  CHECK(r.docs[2].text == "after");

  IngestOptions small;
  small.max_article_bytes = 1 << 20;
  CHECK(ErrorOf(p, small) == p + ":2: line longer than 1048576 bytes (the limit for one article)");
}

TEST_CASE("JSONL: deeply nested values do not overflow the stack", "[ingest]") {
  std::string p = Write("deep.jsonl", "{\"text\": \"ok\", \"x\": " + std::string(2000000, '[') +
                                          std::string(2000000, ']') + "}\n{\"text\": " +
                                          std::string(500000, '[') + "\n");
  std::string e = ErrorOf(p);
  CHECK(Contains(e, "deep.jsonl:2: "));
}

// ------------------------------------------------------------------ HTML

namespace {
const char* kPage = R"(<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Page title | Site</title>
<meta property="og:title" content="OG title">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2024-03-07T15:00:00+01:00">
<meta name="author" content="Meta Author">
<link rel="canonical" href="HTTPS://www.Example.org/world/sweden/?utm_source=a">
<style>p { color: red }</style>
<script>var hidden = "script text";</script>
</head>
<body>
<header><a href="/">Example News</a></header>
<nav><ul><li>World</li><li>Sport</li></ul></nav>
<main>
<article>
<header><h1>Headline in the page</h1><p class="byline">By Someone</p></header>
<p>Sweden joined the <b>North Atlantic Treaty Organization</b> (NATO)&nbsp;on Thursday.</p><p>Prime Minister Ulf Kristersson handed over the documents.</p>
<!-- a comment with text -->
<h2>Reaction</h2>
<p>NATO&rsquo;s chief welcomed it<br>and said so &amp; more.</p>
<ul><li>One</li><li>Two</li></ul>
<figure><img src="x.jpg" alt="alt text"><figcaption>Caption text</figcaption></figure>
<aside>Related aside</aside>
<div class="share-bar">Share this</div>
<div hidden>Hidden div</div>
<form><input value="form text"><button>Send</button></form>
<pre>  kept   as
  written</pre>
</article>
</main>
<footer>Footer text</footer>
</body>
</html>
)";
}  // namespace

TEST_CASE("HTML: the article's text without page furniture", "[ingest]") {
  Document d = ReadOne(Write("page.html", kPage));
  CHECK(d.text ==
        "Sweden joined the North Atlantic Treaty Organization (NATO) on Thursday.\n\n"
        "Prime Minister Ulf Kristersson handed over the documents.\n\n"
        "Reaction\n\n"
        "NATO\xE2\x80\x99s chief welcomed it\nand said so & more.\n\n"
        "One\n\nTwo\n\n"
        "kept as\nwritten");
  CHECK(d.title == "OG title");
  CHECK(d.date == "2024-03-07T15:00:00+01:00");
  CHECK(d.author == "Meta Author");
  CHECK(d.url == "https://www.example.org/world/sweden/");
  CHECK(d.source == "Example News");
  CHECK(d.language == "en");
  CHECK(d.id == Hex64(StableHash("https://www.example.org/world/sweden/")));
  for (const char* noise : {"script text", "World", "Footer", "Caption", "alt text", "aside", "Share",
                            "Hidden", "form text", "comment", "By Someone", "color"})
    CHECK_FALSE(Contains(d.text, noise));
}

TEST_CASE("HTML: JSON-LD NewsArticle comes first for metadata", "[ingest]") {
  std::string page = R"(<html><head><title>T</title>
<meta property="og:title" content="OG">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
 {"@type":"WebPage","name":"Not this"},
 {"@type":["NewsArticle"],"headline":"LD &amp; headline","datePublished":"March 5, 2024 2:30 PM EST",
  "author":[{"@type":"Person","name":"Ann Lee"},"Bo Chen"],"publisher":{"name":"LD Publisher"},
  "mainEntityOfPage":{"@id":"https://ld.example.org/a#x"},"inLanguage":"en-US"}]}</script>
<script type="application/ld+json">{ not json </script>
</head><body><p>Body text.</p></body></html>)";
  Document d = ReadOne(Write("ld.html", page));
  CHECK(d.title == "LD & headline");
  CHECK(d.date == "2024-03-05T14:30:00-05:00");
  CHECK(d.author == "Ann Lee, Bo Chen");
  CHECK(d.url == "https://ld.example.org/a");
  CHECK(d.source == "LD Publisher");
  CHECK(d.text == "Body text.");
}

TEST_CASE("HTML: the JSON-LD articleBody when the page shows no text", "[ingest]") {
  Document d = ReadOne(Write("app.html",
                             "<html><head><script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", "
                             "\"headline\": \"H\", \"articleBody\": \"First &amp; only.\\n\\nSecond.\"}</script>"
                             "</head><body><div id=\"app\"></div><script>render()</script></body></html>"));
  CHECK(d.text == "First & only.\n\nSecond.");
  CHECK(d.title == "H");
}

TEST_CASE("HTML: root choice and fallbacks", "[ingest]") {
  // The largest <article> wins over a teaser; <time datetime> gives the date.
  Document a = ReadOne(Write("two.html",
                             "<html><body><article><p>Teaser.</p></article>"
                             "<article><p><time datetime=\"2023-04-04\">Tuesday</time> Finland joined NATO in a long ceremony.</p></article>"
                             "<p>Outside text.</p></body></html>"));
  CHECK(a.text == "Tuesday Finland joined NATO in a long ceremony.");
  CHECK(a.date == "2023-04-04");
  // No <article>: <main>; no <main>: <body>; the <h1> then <title> give the title.
  Document m = ReadOne(Write("main.html", "<html><body><div>Menu</div><main><h1>H</h1><p>Main text.</p></main></body></html>"));
  CHECK(m.text == "H\n\nMain text.");
  CHECK(m.title == "H");
  Document b = ReadOne(Write("body.html", "<title>Only title</title><p>Just a <i>body</i>.<p>Second"));
  CHECK(b.text == "Just a body.\n\nSecond");
  CHECK(b.title == "Only title");
  CHECK(b.source == "body.html");
  // An itemprop=articleBody element beats the article around it.
  Document ab = ReadOne(Write("ab.html", "<article><h1>Head</h1><div itemprop=\"articleBody\"><p>Body only.</p></div></article>"));
  CHECK(ab.text == "Body only.");
  // Nothing readable.
  CHECK(Contains(ErrorOf(Write("empty.html", "<html><head><script>x</script></head><body><nav>n</nav></body></html>")),
                 "no article text"));
}

TEST_CASE("HTML: declared encodings, invalid bytes", "[ingest]") {
  Document l = ReadOne(Write("latin1.html", "<html><head><meta charset=\"ISO-8859-1\"></head><body><p>Caf\xE9 in K\xF6ln.</p></body></html>"));
  CHECK(l.text == "Caf\xC3\xA9 in K\xC3\xB6ln.");
  Document w = ReadOne(Write("cp.html", "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"><p>\x93Quoted\x94</p>"));
  CHECK(w.text == "\xE2\x80\x9CQuoted\xE2\x80\x9D");
  CHECK(Contains(ErrorOf(Write("bad.html", "<p>caf\xE9</p>")), "bad.html: byte 6: invalid UTF-8"));
  CHECK(Contains(ErrorOf(Write("nul.html", std::string("<p>a\0b</p>", 10))), "nul.html: byte 4: NUL byte"));
  CHECK(Contains(ErrorOf(Write("enc.html", "<meta charset=\"x-no-such-charset\"><p>a</p>")),
                 "unsupported character encoding \"x-no-such-charset\""));
}

TEST_CASE("HTML: a 50 MB page in reasonable time", "[ingest]") {
  std::string page = "<!DOCTYPE html><html><head><title>Big</title><script>";
  while (page.size() < (size_t{20} << 20)) page += "var counter = counter + 1; // tracking noise\n";
  page += "</script></head><body><nav>";
  while (page.size() < (size_t{36} << 20)) page += "<a href=\"/section\">Section link</a> ";
  page += "</nav><article><p>First paragraph of the article.</p>\n";
  const std::string para = "<p>The alliance met in <b>Brussels</b> on Tuesday and agreed to raise spending.</p>\n";
  size_t paras = 0;
  while (page.size() < (size_t{50} << 20) - 200) {
    page += para;
    ++paras;
  }
  page += "<p>Last paragraph of the article.</p></article><footer>Footer</footer></body></html>";
  REQUIRE(page.size() >= (size_t{50} << 20) - 200);
  std::string p = Write("big.html", page);
  page.clear();
  page.shrink_to_fit();
  auto t0 = std::chrono::steady_clock::now();
  Document d = ReadOne(p);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  CHECK(secs < 60);
  CHECK(d.text.rfind("First paragraph of the article.\n\nThe alliance met in Brussels", 0) == 0);
  CHECK(d.text.size() > paras * 70);  // every paragraph is there
  CHECK(d.text.substr(d.text.size() - 32) == "\n\nLast paragraph of the article.");
  CHECK_FALSE(Contains(d.text, "tracking noise"));
  CHECK_FALSE(Contains(d.text, "Section link"));
  fs::remove(p);
}

TEST_CASE("HTML: deep nesting and unclosed tags", "[ingest]") {
  std::string deep = "<html><body>";
  for (int i = 0; i < 300000; ++i) deep += "<div><span>";
  deep += "deep text";
  Document d = ReadOne(Write("deep.html", deep));
  CHECK(d.text == "deep text");
  std::string unclosed = "<p>";
  for (int i = 0; i < 100000; ++i) unclosed += "<b><i><p>x ";
  CHECK(ReadFile(Write("unclosed.html", unclosed)).status.ok());
}

TEST_CASE("HTML and XML whose parse cost would explode are refused quickly", "[ingest]") {
  // libxml2 2.9 is quadratic in the attributes of one element and, in HTML, in unmatched end
  // tags under deep nesting; both would take minutes here without the guard.
  std::string attrs = "<p";
  for (int i = 0; i < 50000; ++i) attrs += " a" + std::to_string(i) + "=x";
  attrs += ">text</p>";
  std::string ends;
  for (int i = 0; i < 100000; ++i) ends += "<div>";
  for (int i = 0; i < 100000; ++i) ends += "</x>";
  std::string feed_attrs = "<rss><channel>\n<item" + attrs.substr(2, attrs.size() - 11) + "><title>t</title></item></channel></rss>";
  std::string escaped;  // the same end tags, escaped inside a feed item's description
  for (int i = 0; i < 100000; ++i) escaped += "&lt;b&gt;";
  for (int i = 0; i < 100000; ++i) escaped += "&lt;/i&gt;";
  auto t0 = std::chrono::steady_clock::now();
  CHECK(ErrorOf(Write("attrs.html", attrs)) ==
        TestDir().string() + "/attrs.html:1: too many attributes on elements (this one has 50000); refused");
  CHECK(ErrorOf(Write("ends.html", ends)) ==
        TestDir().string() + "/ends.html:1: end tags that close none of 100000 open elements; refused");
  CHECK(ErrorOf(Write("attrs.rss", feed_attrs)) ==
        TestDir().string() + "/attrs.rss:2: too many attributes on elements (this one has 50000); refused");
  CHECK(ErrorOf(Write("escaped.rss", "<rss><channel><title>F</title>\n<item><description>" + escaped +
                                         "</description></item></channel></rss>")) ==
        TestDir().string() + "/escaped.rss:2: end tags that close none of 100000 open elements (line 1 of the HTML); refused");
  CHECK(Contains(ErrorOf(Write("attrs.jsonl", "{\"html\": \"" + attrs + "\"}\n")), "attrs.jsonl:1: too many attributes"));
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  CHECK(secs < 10);
  // Ordinary pages stay far below the budgets: thousands of ordinary elements, a few with
  // many attributes, end tags that match.
  std::string page = "<html><body><article>";
  for (int i = 0; i < 20000; ++i)
    page += "<div class=\"c\" id=\"d" + std::to_string(i) + "\"><p>Para <a href=\"/x\">link</a>.</p></div>";
  for (int i = 0; i < 100; ++i) {
    page += "<span";
    for (int k = 0; k < 40; ++k) page += " data-k" + std::to_string(k) + "=\"v\"";
    page += ">x</span>";
  }
  page += "</article></body></html>";
  CHECK(ReadFile(Write("ordinary.html", page)).status.ok());
}

// ------------------------------------------------------------------ feeds

namespace {
const char* kRss = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Example Feed</title>
  <link>https://feed.example.org/</link>
  <language>en-us</language>
  <item>
    <title>First &amp;amp; item</title>
    <link>https://feed.example.org/a?utm_campaign=x</link>
    <pubDate>Tue, 05 Mar 2024 14:30:00 +0100</pubDate>
    <dc:creator>Ann Lee</dc:creator>
    <description>&lt;p&gt;Escaped &lt;b&gt;HTML&lt;/b&gt; paragraph.&lt;/p&gt;&lt;p&gt;Second &amp;amp; last.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Second item</title>
    <link>/b</link>
    <pubDate>5 Mar 24 09:00 EST</pubDate>
    <author>bo@example.org (Bo Chen)</author>
    <source url="https://wire.example.net/rss">The Wire</source>
    <description>Short description, not used.</description>
    <content:encoded><![CDATA[<p>Full <em>content</em> wins.</p><script>alert(1)</script>]]></content:encoded>
  </item>
  <item>
    <guid isPermaLink="true">https://feed.example.org/guid-link</guid>
    <title>Only a title</title>
    <pubDate>not a date</pubDate>
  </item>
  <item><description></description></item>
</channel>
</rss>
)";
}  // namespace

TEST_CASE("RSS 2.0: one article per item", "[ingest]") {
  Read r = ReadFile(Write("feed.xml", kRss));
  INFO(r.status.message());
  REQUIRE(r.status.ok());
  REQUIRE(r.docs.size() == 3);  // the empty item is skipped
  const Document& a = r.docs[0];
  CHECK(a.title == "First & item");
  CHECK(a.url == "https://feed.example.org/a");
  CHECK(a.date == "2024-03-05T14:30:00+01:00");
  CHECK(a.author == "Ann Lee");
  CHECK(a.text == "Escaped HTML paragraph.\n\nSecond & last.");
  CHECK(a.source == "Example Feed");
  CHECK(a.language == "en");
  CHECK(a.id == Hex64(StableHash("https://feed.example.org/a")));
  const Document& b = r.docs[1];
  CHECK(b.url == "https://feed.example.org/b");
  CHECK(b.date == "2024-03-05T09:00:00-05:00");
  CHECK(b.author == "Bo Chen");
  CHECK(b.source == "The Wire");
  CHECK(b.text == "Full content wins.");
  const Document& c = r.docs[2];
  CHECK(c.text == "Only a title");
  CHECK(c.url == "https://feed.example.org/guid-link");
  CHECK(c.date.empty());
}

TEST_CASE("Atom and RSS 1.0 feeds", "[ingest]") {
  Read r = ReadFile(Data("atom.xml"));
  INFO(r.status.message());
  REQUIRE(r.status.ok());
  REQUIRE(r.docs.size() == 3);
  CHECK(r.docs[0].title == "Finland & Sweden: the new members");
  CHECK(r.docs[0].url == "https://atom.example.net/news/2024/03/new-members");
  CHECK(r.docs[0].date == "2024-03-07T18:00:00-05:00");
  CHECK(r.docs[0].author == "Ann Lee, Bo Chen");
  CHECK(r.docs[0].text == "Sweden joined NATO on Thursday.\n\nFinland had joined in 2023.");
  CHECK(r.docs[0].source == "Atom Example");
  CHECK(r.docs[0].language == "en");
  CHECK(r.docs[1].text == "Only a summary here.");
  CHECK(r.docs[1].url == "https://atom.example.net/news/summary-only");
  CHECK(r.docs[1].date == "2024-03-06T10:00:00+01:00");
  CHECK(r.docs[2].text == "Line one <not a tag>.\n\nSecond paragraph.");
  CHECK(r.docs[2].date.empty());

  Read rdf = ReadFile(Data("rss1.rdf.xml"));
  REQUIRE(rdf.status.ok());
  REQUIRE(rdf.docs.size() == 1);
  CHECK(rdf.docs[0].title == "RSS 1.0 item");
  CHECK(rdf.docs[0].date == "2023-10-06");
  CHECK(rdf.docs[0].author == "Kari Nordmann");
  CHECK(rdf.docs[0].source == "RDF Site");
}

TEST_CASE("Feeds: a declared encoding is converted", "[ingest]") {
  Document d = ReadOne(Write("latin1.rss", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
                                           "<rss><channel><title>K\xF6ln</title><item><title>Caf\xE9</title>"
                                           "<description>M\xFCnchen &amp; K\xF6ln</description></item></channel></rss>"));
  CHECK(d.title == "Caf\xC3\xA9");
  CHECK(d.text == "M\xC3\xBCnchen & K\xC3\xB6ln");
  CHECK(d.source == "K\xC3\xB6ln");
}

TEST_CASE("Feeds: malformed and foreign XML", "[ingest]") {
  std::string dir = TestDir().string() + "/";
  CHECK(ErrorOf(Write("broken.xml", "<?xml version=\"1.0\"?>\n<rss><channel>\n<item><title>x</itm>\n</channel></rss>\n")) ==
        dir + "broken.xml:3: not well-formed XML: Opening and ending tag mismatch: title line 3 and itm");
  CHECK(ErrorOf(Write("svg.xml", "<?xml version=\"1.0\"?>\n<svg><rss/></svg>\n")) ==
        dir + "svg.xml:2: not an RSS or Atom feed (the root element is <svg>)");
  CHECK(ErrorOf(Write("none.rss", "<rss><channel><title>Empty</title></channel></rss>")) ==
        dir + "none.rss: the feed has no item with a title or text");
  std::string deep = "<rss><channel><item><description>";
  for (int i = 0; i < 100000; ++i) deep += "<x>";
  CHECK(Contains(ErrorOf(Write("deep.rss", deep)), "deep.rss:1: not well-formed XML"));
}

// ------------------------------------------------------------------ hostile XML

TEST_CASE("Hostile XML: billion laughs and XXE are refused, nothing is expanded or read", "[ingest]") {
  for (const char* f : {"billion-laughs.xml", "xxe.xml", "xxe-external-dtd.xml"}) {
    std::string e = ErrorOf(Data(f));
    CHECK(e == Data(f) + ":2: document type declaration refused: feeds may not declare a DTD or entities "
                         "(guards against entity expansion and external entities)");
  }
  for (const char* f : {"billion-laughs.html", "xxe.html"}) {
    std::string e = ErrorOf(Data(f));
    CHECK(e == Data(f) + ":1: the document type declaration has an internal subset (entity declarations); refused");
  }
  // Same bytes with another extension or none: refused the same way.
  std::ifstream in(Data("xxe.xml"), std::ios::binary);
  std::string xxe((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(Contains(ErrorOf(Write("xxe-no-extension", xxe)), "document type declaration refused"));
  CHECK(Contains(ErrorOf(Write("xxe.htm", xxe)), "refused"));
  // An entity reference without any declaration is only text.
  Document d = ReadOne(Write("ref.html", "<p>Before &xxe; after.</p>"));
  CHECK(d.text == "Before &xxe; after.");
  CHECK_FALSE(Contains(d.text, "root:"));
}

// ------------------------------------------------------------------ metadata

TEST_CASE("Dates are normalised to ISO 8601", "[ingest]") {
  using ingest::NormalizeDate;
  const std::map<std::string, std::string> cases = {
      {"2024-03-05", "2024-03-05"},
      {"2024-03-05T14:30:00Z", "2024-03-05T14:30:00Z"},
      {"2024-03-05T14:30:00.123+0100", "2024-03-05T14:30:00.123+01:00"},
      {"2024-03-05 14:30:00+00:00", "2024-03-05T14:30:00Z"},
      {"2024-03-05T14:30", "2024-03-05"},  // no zone: the date only
      {"2024-03-05T14:30Z", "2024-03-05T14:30:00Z"},
      {"2024/03/05", "2024-03-05"},
      {"20240305", "2024-03-05"},
      {"Tue, 05 Mar 2024 14:30:00 GMT", "2024-03-05T14:30:00Z"},
      {"Tue, 5 Mar 2024 14:30:00 -0500", "2024-03-05T14:30:00-05:00"},
      {"05 Mar 24 14:30 EDT", "2024-03-05T14:30:00-04:00"},
      {"Mon, 31 Dec 99 23:59:59 UT", "1999-12-31T23:59:59Z"},
      {"Tue, 05 Mar 2024 14:30:00 +0100 (CET)", "2024-03-05T14:30:00+01:00"},
      {"Tue, 05 Mar 2024 14:30:00 IST", "2024-03-05"},  // ambiguous zone
      {"Tue, 05 Mar 2024 14:30:00", "2024-03-05"},
      {"March 5, 2024", "2024-03-05"},
      {"5 March 2024", "2024-03-05"},
      {"Sept. 5th, 2024 at 2:30 p.m. UTC", "2024-09-05T14:30:00Z"},
      {"December 31, 2023 12:05 AM CET", "2023-12-31T00:05:00+01:00"},
      {"2024-02-29", "2024-02-29"},
      {"2023-02-29", ""},
      {"2024-13-01", ""},
      {"2024-03-05T25:00:00Z", ""},
      {"2016-12-31T23:59:60Z", "2016-12-31"},  // a leap second: the date only
      {"yesterday", ""},
      {"03/05/2024", ""},  // day and month cannot be told apart
      {"", ""},
      {"Mar 2024", ""},
  };
  for (const auto& [in, out] : cases) {
    INFO(in);
    CHECK(NormalizeDate(in) == out);
  }
}

TEST_CASE("URLs are normalised, and ids follow them", "[ingest]") {
  using ingest::NormalizeUrl;
  const std::map<std::string, std::string> cases = {
      {"HTTP://Example.COM", "http://example.com/"},
      {"https://example.com:443/a", "https://example.com/a"},
      {"http://example.com:8080/a", "http://example.com:8080/a"},
      {"https://user:pw@example.com/a", "https://example.com/a"},
      {"https://example.com/a/./b/../c", "https://example.com/a/c"},
      {"https://example.com/%7efoo/%2f/%e2%82%ac", "https://example.com/~foo/%2F/%E2%82%AC"},
      {"https://example.com/a b/\xE2\x82\xAC", "https://example.com/a%20b/%E2%82%AC"},
      {"https://example.com/a?utm_source=x&id=3&fbclid=y#frag", "https://example.com/a?id=3"},
      {"https://example.com/a?utm_source=x", "https://example.com/a"},
      {"  https://example.com/a  ", "https://example.com/a"},
      {"https://[::1]:8443/x", "https://[::1]:8443/x"},
      {"ftp://example.com/a", ""},
      {"/relative/path", ""},
      {"https:///nohost", ""},
      {"mailto:a@example.com", ""},
  };
  for (const auto& [in, out] : cases) {
    INFO(in);
    CHECK(NormalizeUrl(in) == out);
  }
  CHECK(ingest::UrlSite("https://www.example.com:8080/a") == "example.com");

  // The same article under two spellings of its URL gets one id.
  std::string p = Write("ids.jsonl",
                        "{\"text\": \"one\", \"url\": \"https://Example.com/a?utm_source=x\"}\n"
                        "{\"text\": \"two\", \"url\": \"https://example.com:443/a#top\"}\n");
  Read r = ReadFile(p);
  REQUIRE(r.status.ok());
  REQUIRE(r.docs.size() == 2);
  CHECK(r.docs[0].id == r.docs[1].id);
  // Ids and everything else are the same on every read.
  Read again = ReadFile(p);
  CHECK(again.docs[0].id == r.docs[0].id);
  CHECK(Hex64(StableHash("https://example.com/a")) == r.docs[0].id);
}

TEST_CASE("Text helpers: white space, entities, hard-wrapped lines", "[ingest]") {
  CHECK(ingest::FoldSpaces("  a\t\n b\xC2\xA0" "c\xE2\x80\x8B" "d\xC2\xAD" "e\x01  ") == "a b cde");
  CHECK(ingest::DecodeEntities("&amp; &lt;x&gt; &eacute; &#233; &#xE9; &#0; &bogus; & ;") ==
        "& <x> \xC3\xA9 \xC3\xA9 \xC3\xA9 \xEF\xBF\xBD &bogus; & ;");
  CHECK(ingest::CleanPlainText("A line that is long enough to have been wrapped by\nan editor.\n- item one\n- item two\n") ==
        "A line that is long enough to have been wrapped by an editor.\n- item one\n- item two");
}

// ------------------------------------------------------------------ formats, folders

TEST_CASE("Formats: by extension, else by content", "[ingest]") {
  CHECK(ReadOne(Write("noext1", "{\"text\": \"json line\"}\n")).text == "json line");
  CHECK(ReadOne(Write("noext2", "<html><body><p>html text</p></body></html>")).text == "html text");
  CHECK(ReadOne(Write("noext3", "<?xml version=\"1.0\"?><rss><channel><item><title>t</title></item></channel></rss>")).text == "t");
  CHECK(ReadOne(Write("noext4", "Just words.\n")).text == "Just words.");
  CHECK(ReadOne(Write("page.xml", "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>xhtml</p></body></html>")).text == "xhtml");
  // A forced format wins over the extension.
  IngestOptions md;
  md.format = ArticleFormat::kMarkdown;
  CHECK(ReadOne(Write("forced.txt", "# Heading\n\n*text*\n"), md).text == "Heading\n\ntext");
  IngestOptions text;
  text.format = ArticleFormat::kText;
  CHECK(ReadOne(Write("forced.html", "<p>kept</p>\n"), text).text == "<p>kept</p>");
}

TEST_CASE("Standard input: named stdin, format from its content", "[ingest]") {
  std::string p = Write("stdin.jsonl", "{\"text\": \"From stdin.\"}\n{\"text\": \"bad\", \"date\": \"x\"}\n");
  REQUIRE(std::freopen(p.c_str(), "rb", stdin) != nullptr);
  Read r = ReadFile("-");
  CHECK(r.status.message() == "stdin:2: date \"x\" is not a date (ISO 8601 or RFC 822)");
  REQUIRE(r.docs.size() == 1);
  CHECK(r.docs[0].source == "stdin");
  std::string h = Write("stdin.html", "<!doctype html><title>T</title><p>Page from stdin.</p>");
  REQUIRE(std::freopen(h.c_str(), "rb", stdin) != nullptr);
  Document d = ReadOne("-");
  CHECK(d.text == "Page from stdin.");
  CHECK(d.title == "T");
  CHECK_FALSE(LooksLikeArticlesJsonl("-"));
}

TEST_CASE("Folders expand to article files in byte order; README skipped", "[ingest]") {
  fs::path dir = TestDir() / "folder";
  fs::remove_all(dir);
  Write("folder/b.txt", "b");
  Write("folder/a.md", "a");
  Write("folder/sub/c.html", "<p>c</p>");
  Write("folder/sub/d.jsonl", "{\"text\": \"d\"}");
  Write("folder/e.rss", "<rss/>");
  Write("folder/f.xml", "<rss/>");
  Write("folder/README.md", "about");
  Write("folder/notes.docx", "binary");
  Write("folder/g.tsv", "a\tb\tc");
  auto r = ExpandArticleInputs({dir.string(), "-"});
  REQUIRE(r.ok());
  std::vector<std::string> want;
  for (const char* f : {"a.md", "b.txt", "e.rss", "f.xml", "sub/c.html", "sub/d.jsonl"}) want.push_back((dir / f).string());
  want.push_back("-");
  CHECK(*r == want);
  CHECK(Contains(ExpandArticleInputs({(dir / "nope").string()}).status().message(), "no such file or directory"));
  fs::create_directories(TestDir() / "emptydir");
  CHECK(Contains(ExpandArticleInputs({(TestDir() / "emptydir").string()}).status().message(), "holds no article files"));
}

TEST_CASE("JSONL articles are told from JSONL triples", "[ingest]") {
  CHECK(LooksLikeArticlesJsonl(Write("art.jsonl", "\n{\"title\": \"x\", \"text\": \"y\"}\n")));
  CHECK_FALSE(LooksLikeArticlesJsonl(Write("tri.jsonl", "{\"subject\": \"a\", \"relation\": \"b\", \"object\": \"c\"}\n")));
  CHECK_FALSE(LooksLikeArticlesJsonl(Write("bad.jsonl", "{not json\n")));
  CHECK_FALSE(LooksLikeArticlesJsonl((TestDir() / "missing.jsonl").string()));
}

TEST_CASE("A sink's failure stops the read and is returned", "[ingest]") {
  std::string p = Write("three.jsonl", "{\"text\": \"a\"}\n{\"text\": \"b\"}\n{\"text\": \"c\"}\n");
  int seen = 0;
  Status s = ReadArticles(p, {}, [&](Document&&) {
    return ++seen == 2 ? Status::Error("sink full") : Status::Ok();
  });
  CHECK(s.message() == "sink full");
  CHECK(seen == 2);
}

// ------------------------------------------------------------------ the samples

TEST_CASE("The sample articles read cleanly, with metadata and shared entities", "[ingest]") {
  std::string dir = std::string(RELATA_SOURCE_DIR) + "/samples/articles";
  auto files = ExpandArticleInputs({dir});
  REQUIRE(files.ok());
  CHECK(files->size() == 7);  // README.md is skipped
  std::vector<Document> docs;
  std::set<std::string> ids;
  for (const std::string& f : *files) {
    Read r = ReadFile(f);
    INFO(f << ": " << r.status.message());
    REQUIRE(r.status.ok());
    for (Document& d : r.docs) {
      CHECK_FALSE(d.title.empty());
      CHECK_FALSE(d.date.empty());
      CHECK(d.text.size() > 300);
      CHECK(ids.insert(d.id).second);
      docs.push_back(std::move(d));
    }
  }
  CHECK(docs.size() == 10);  // the JSONL holds two articles and the feed three
  auto count = [&](const std::string& name) {
    int n = 0;
    for (const Document& d : docs) n += Contains(d.text, name);
    return n;
  };
  CHECK(count("Stoltenberg") >= 5);
  CHECK(count("NATO") >= 5);
  CHECK(count("Blinken") >= 2);
  CHECK(count("European Space Agency") >= 2);
  for (const Document& d : docs) {
    CHECK_FALSE(Contains(d.text, "dataLayer"));
    CHECK_FALSE(Contains(d.text, "Most read"));
    CHECK_FALSE(Contains(d.text, "alert("));
  }
}
