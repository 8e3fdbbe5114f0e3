// The markup escapers (exporters/escape.h): XML text and attributes, flat XML values, JSON
// string bodies and DOT strings, each with hostile input.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "exporters/escape.h"

using namespace relata;

using namespace std::string_literals;
using namespace std::string_view_literals;

namespace {

using Fn = void (*)(std::string&, std::string_view);

std::string Esc(Fn f, std::string_view s) {
  std::string out = "[";  // escapers append: what is already there must stay
  f(out, s);
  REQUIRE(out.rfind("[", 0) == 0);
  return out.substr(1);
}

// Every C0 control, DEL, a C1 control (U+0085), U+2028, U+FFFE, U+FFFF.
const std::string kControls = [] {
  std::string s;
  for (int c = 0; c < 0x20; ++c) s.push_back(static_cast<char>(c));
  s += "\x7f\xc2\x85\xe2\x80\xa8\xef\xbf\xbe\xef\xbf\xbf";
  return s;
}();

}  // namespace

TEST_CASE("XmlText escapes markup and removes what XML 1.0 cannot hold", "[escape]") {
  CHECK(Esc(escape::XmlText, "") == "");
  CHECK(Esc(escape::XmlText, "plain text") == "plain text");
  CHECK(Esc(escape::XmlText, "a<b>&c") == "a&lt;b&gt;&amp;c");
  CHECK(Esc(escape::XmlText, "x]]>y") == "x]]&gt;y");
  CHECK(Esc(escape::XmlText, "\"quoted\" 'single'") == "\"quoted\" 'single'");
  CHECK(Esc(escape::XmlText, "a\tb\nc\rd") == "a\tb\nc&#13;d");
  CHECK(Esc(escape::XmlText, "n\0ul\x01\x1f"s) == "nul");
  CHECK(Esc(escape::XmlText, "del\x7f c1\xc2\x85") == "del\x7f c1\xc2\x85");  // legal in XML 1.0
  CHECK(Esc(escape::XmlText, "a\xef\xbf\xbe" "b\xef\xbf\xbf" "c") == "abc");
  CHECK(Esc(escape::XmlText, "\xef\xbf\xbd") == "\xef\xbf\xbd");  // U+FFFD stays
  CHECK(Esc(escape::XmlText, "Zürich 東京 🚀 -- <!-- -->") ==
        "Zürich 東京 🚀 -- &lt;!-- --&gt;");
  CHECK(Esc(escape::XmlText, kControls) == "\t\n&#13;\x7f\xc2\x85\xe2\x80\xa8");
}

TEST_CASE("XmlAttr also escapes quotes and keeps white space as references", "[escape]") {
  CHECK(Esc(escape::XmlAttr, "say \"hi\" & <go>") == "say &quot;hi&quot; &amp; &lt;go&gt;");
  CHECK(Esc(escape::XmlAttr, "it's") == "it's");
  CHECK(Esc(escape::XmlAttr, "a\tb\nc\rd") == "a&#9;b&#10;c&#13;d");
  CHECK(Esc(escape::XmlAttr, "\0\x02x\xef\xbf\xbf"s) == "x");
  CHECK(Esc(escape::XmlAttr, "ü🚀") == "ü🚀");
}

TEST_CASE("XmlFlat turns control characters into spaces", "[escape]") {
  CHECK(Esc(escape::XmlFlat, "line one\nline two") == "line one line two");
  CHECK(Esc(escape::XmlFlat, "a\tb\r\nc") == "a b  c");
  CHECK(Esc(escape::XmlFlat, "n\0l"s) == "n l");
  CHECK(Esc(escape::XmlFlat, "del\x7f" "c1\xc2\x85" "x") == "del c1 x");
  CHECK(Esc(escape::XmlFlat, "a<b>&\"c\"") == "a&lt;b&gt;&amp;&quot;c&quot;");
  CHECK(Esc(escape::XmlFlat, "x\xef\xbf\xbey") == "xy");
  CHECK(Esc(escape::XmlFlat, "é\xc2\xa0ü") == "é\xc2\xa0ü");  // NBSP is not a control
  // No control character, in any position, survives.
  const std::string flat = Esc(escape::XmlFlat, kControls);
  for (char c : flat) CHECK((static_cast<unsigned char>(c) >= 0x20 && c != 0x7f));
  CHECK(flat.find("\xc2\x85") == std::string::npos);
}

TEST_CASE("JsonString escapes quotes, backslashes, controls and U+2028/9", "[escape]") {
  CHECK(Esc(escape::JsonString, "") == "");
  CHECK(Esc(escape::JsonString, R"(say "hi" \ back)") == R"(say \"hi\" \\ back)");
  CHECK(Esc(escape::JsonString, "\b\f\n\r\t") == R"(\b\f\n\r\t)");
  CHECK(Esc(escape::JsonString, "\0\x01\x1f"s) == R"(\u0000\u0001\u001f)");
  CHECK(Esc(escape::JsonString, "del\x7f") == "del\x7f");
  CHECK(Esc(escape::JsonString, "a\xe2\x80\xa8" "b\xe2\x80\xa9" "c") == R"(a\u2028b\u2029c)");
  CHECK(Esc(escape::JsonString, "\xe2\x80\xa7\xe2\x80\xaa") == "\xe2\x80\xa7\xe2\x80\xaa");
  CHECK(Esc(escape::JsonString, "</script> & ü 🚀") == "</script> & ü 🚀");
}

TEST_CASE("DotString escapes quotes and backslashes and drops controls", "[escape]") {
  CHECK(Esc(escape::DotString, R"(a "b" c\d)") == R"(a \"b\" c\\d)");
  CHECK(Esc(escape::DotString, "trailing\\") == "trailing\\\\");
  CHECK(Esc(escape::DotString, "two\nlines\r\n") == R"(two\nlines\n)");
  CHECK(Esc(escape::DotString, "a\0b\x01\tc\x7f"s) == "abc");
  CHECK(Esc(escape::DotString, "c1\xc2\x85x") == "c1x");
  CHECK(Esc(escape::DotString, "\\N \\G <b> & 東京 🚀") == "\\\\N \\\\G <b> & 東京 🚀");
  CHECK(Esc(escape::DotString, kControls) == "\\n\xe2\x80\xa8\xef\xbf\xbe\xef\xbf\xbf");
}

TEST_CASE("markup escapers keep valid UTF-8 valid", "[escape]") {
  // Removing a character never leaves part of it behind.
  const std::string s = "\xef\xbf\xbe\xef\xbf\xbf\xc2\x85\xe2\x80\xa8\xf0\x9f\x98\x80";
  CHECK(Esc(escape::XmlText, s) == "\xc2\x85\xe2\x80\xa8\xf0\x9f\x98\x80");
  CHECK(Esc(escape::XmlFlat, s) == " \xe2\x80\xa8\xf0\x9f\x98\x80");
  CHECK(Esc(escape::DotString, s) == "\xef\xbf\xbe\xef\xbf\xbf\xe2\x80\xa8\xf0\x9f\x98\x80");
}
