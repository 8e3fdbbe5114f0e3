// The RDF escapers (exporters/escape.h): N-Triples / Turtle string literal bodies, IRIREF
// bodies and the IRI check, each with hostile input.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "exporters/escape.h"
#include "relata/exporter.h"

using namespace relata;
using namespace std::string_literals;

namespace {

using Fn = void (*)(std::string&, std::string_view);

std::string Esc(Fn f, std::string_view s) {
  std::string out = "[";  // escapers append: what is already there must stay
  f(out, s);
  REQUIRE(out.rfind("[", 0) == 0);
  return out.substr(1);
}

}  // namespace

TEST_CASE("NTriplesString escapes quote, backslash and the ECHARs", "[escape]") {
  CHECK(Esc(escape::NTriplesString, "") == "");
  CHECK(Esc(escape::NTriplesString, "plain text") == "plain text");
  CHECK(Esc(escape::NTriplesString, "say \"hi\"") == "say \\\"hi\\\"");
  // A backslash as \u005C, so that no parser can read "\\n" as an escaped newline
  // (rdflib 6.1 does, see escape_rdf.cpp).
  CHECK(Esc(escape::NTriplesString, "C:\\new\\table") == "C:\\u005Cnew\\u005Ctable");
  CHECK(Esc(escape::NTriplesString, "\\\\\"") == "\\u005C\\u005C\\\"");
  CHECK(Esc(escape::NTriplesString, "a\tb\bc\nd\re\ff") == "a\\tb\\bc\\nd\\re\\ff");
  // Turtle's long-string delimiters and single quotes need nothing in a "..." literal.
  CHECK(Esc(escape::NTriplesString, "it's '''") == "it's '''");
}

TEST_CASE("NTriplesString writes other controls and DEL as \\u00XX, NUL included", "[escape]") {
  CHECK(Esc(escape::NTriplesString, "a\0b"s) == "a\\u0000b");
  CHECK(Esc(escape::NTriplesString, "\x01\x1f\x7f") == "\\u0001\\u001F\\u007F");
  CHECK(Esc(escape::NTriplesString, "\x0b\x1b") == "\\u000B\\u001B");
  // Every C0 control comes out as exactly one escape and no raw control byte survives.
  std::string all;
  for (int c = 0; c < 0x20; ++c) all.push_back(static_cast<char>(c));
  all.push_back('\x7f');
  std::string e = Esc(escape::NTriplesString, all);
  for (char c : e) CHECK(static_cast<unsigned char>(c) >= 0x20);
  CHECK(e.find('\x7f') == std::string::npos);
}

TEST_CASE("NTriplesString keeps non-ASCII UTF-8 verbatim", "[escape]") {
  // Emoji, accented letters, a C1 control (U+0085), U+2028, U+FFFE: all legal in literals.
  std::string s = "😀 Ünïcödé \xc2\x85 \xe2\x80\xa8 \xef\xbf\xbe <>&{}|^`";
  CHECK(Esc(escape::NTriplesString, s) == s);
}

TEST_CASE("IriRef percent-encodes what IRIs forbid and keeps the rest", "[escape]") {
  CHECK(Esc(escape::IriRef, "http://example.org/a") == "http://example.org/a");
  CHECK(Esc(escape::IriRef, "http://x/a b") == "http://x/a%20b");
  CHECK(Esc(escape::IriRef, "http://x/<>\"{}|^`\\") == "http://x/%3C%3E%22%7B%7D%7C%5E%60%5C");
  CHECK(Esc(escape::IriRef, "http://x/\t\n\r\x01\x7f") == "http://x/%09%0A%0D%01%7F");
  CHECK(Esc(escape::IriRef, "http://x/\0"s) == "http://x/%00");
  // C1 controls as their UTF-8 bytes; other non-ASCII (IRIs allow it) and % verbatim.
  CHECK(Esc(escape::IriRef, "http://x/\xc2\x85") == "http://x/%C2%85");
  CHECK(Esc(escape::IriRef, "http://x/ü😀?q=%zz#f") == "http://x/ü😀?q=%zz#f");
}

TEST_CASE("IsValidIri wants a scheme and no forbidden character", "[escape]") {
  CHECK(escape::IsValidIri("http://example.org/"));
  CHECK(escape::IsValidIri("urn:isbn:123"));
  CHECK(escape::IsValidIri("tag:x.org,2020:a+b-c.d"));
  CHECK(escape::IsValidIri("https://ü.example/😀"));
  CHECK_FALSE(escape::IsValidIri(""));
  CHECK_FALSE(escape::IsValidIri("relative/path"));
  CHECK_FALSE(escape::IsValidIri(":nothing"));
  CHECK_FALSE(escape::IsValidIri("1http://x/"));
  CHECK_FALSE(escape::IsValidIri("ht tp://x/"));
  for (char c : std::string("<>\"{}|^`\\ \t\n\x7f"))
    CHECK_FALSE(escape::IsValidIri("http://x/a"s + c));
  CHECK_FALSE(escape::IsValidIri("http://x/\0"s));
  CHECK_FALSE(escape::IsValidIri("http://x/\xc2\x9f"));
}

TEST_CASE("IriRef output of an absolute IRI is always valid, and valid IRIs are unchanged",
          "[escape]") {
  std::string hostile = "http://x/";
  for (int c = 0; c < 0x80; ++c) hostile.push_back(static_cast<char>(c));
  hostile += "\xc2\x80\xc2\x9f\xc2\xa0ü😀";
  std::string once = Esc(escape::IriRef, hostile);
  CHECK(escape::IsValidIri(once));
  CHECK(Esc(escape::IriRef, once) == once);
}

TEST_CASE("ValidateBaseIri accepts absolute IRIs ending in / or #", "[escape]") {
  CHECK(ValidateBaseIri("http://example.org/relata/").ok());
  CHECK(ValidateBaseIri("https://kg.example/graph#").ok());
  CHECK(ValidateBaseIri("urn:x-relata:").ok() == false);  // does not end in / or #
  CHECK(ValidateBaseIri("urn:x-relata/").ok());
  Status s = ValidateBaseIri("http://example.org/kg");
  CHECK_FALSE(s.ok());
  CHECK_THAT(s.message(), Catch::Contains("must end in '/' or '#'"));
  CHECK_THAT(ValidateBaseIri("example.org/").message(), Catch::Contains("not absolute"));
  CHECK_THAT(ValidateBaseIri("http://ex.org/a b/").message(), Catch::Contains("%20"));
  CHECK_FALSE(ValidateBaseIri("").ok());
  CHECK_FALSE(ValidateBaseIri("http://ex.org/<x>/").ok());
  CHECK_FALSE(ValidateBaseIri("http://ex.org/\xff/").ok());  // invalid UTF-8
  CHECK_FALSE(ValidateBaseIri("http://ex.org/a#b#").ok());   // two fragments
  // A scheme equal to a declared prefix would be read by JSON-LD as a compact IRI.
  CHECK_FALSE(ValidateBaseIri("rel:graph/").ok());
  CHECK_FALSE(ValidateBaseIri("Schema:x/").ok());
}
