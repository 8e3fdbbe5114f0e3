#include <catch2/catch.hpp>

#include "relata/text.h"
#include "relata/types.h"

using namespace relata;

TEST_CASE("utf8 validation finds the first bad byte", "[text]") {
  CHECK(Utf8Error("plain") == std::string_view::npos);
  CHECK(Utf8Error("Zürich 北京 😀") == std::string_view::npos);
  CHECK(Utf8Error("ab\xC3") == 2);                         // truncated sequence
  CHECK(Utf8Error("a\xC0\xAF") == 1);                      // overlong '/'
  CHECK(Utf8Error("x\xED\xA0\x80") == 1);                  // UTF-16 surrogate
  CHECK(Utf8Error("\xF4\x90\x80\x80") == 0);               // above U+10FFFF
  CHECK(Utf8Error(std::string_view("a\0b", 3)) == std::string_view::npos);  // NUL is valid UTF-8
}

TEST_CASE("name keys fold case, white space, NFC and surrounding punctuation", "[text]") {
  CHECK(NameKey("  “NATO.” ") == "nato");
  CHECK(NameKey("Jens\t\u00a0Stoltenberg") == "jens stoltenberg");
  CHECK(NameKey("Zu\u0308rich") == NameKey("Zürich"));    // NFD and NFC agree
  CHECK(NameKey("(AT&T)") == "at&t");                      // & is part of the name
  CHECK(NameKey("C#") == "c#");
  CHECK(NameKey("...") == "");
  CHECK(NameKey("Ain al-Asad") == "ain al asad");        // a dash inside reads as a space
  CHECK(NameKey("Hewlett–Packard") == "hewlett packard");
  CHECK(NameKey("STRASSE") == NameKey("straße"));          // full case folding
}

TEST_CASE("clean surface keeps case and punctuation, folds space", "[text]") {
  CHECK(CleanSurface("  U.S.\n  Army ") == "U.S. Army");
  CHECK(CleanSurface("Zu\u0308rich") == "Zürich");
  CHECK(CleanSurface(std::string("a\x02" "b\0c\r\nd", 8)) == "abc d");  // controls dropped, CR LF a space
  CHECK(CleanSurface(" \x02 NATO \x07") == "NATO");            // no stray space at either end
  CHECK(NameKey("\x01\"NATO.\"\x02") == "nato");
}

TEST_CASE("clean text drops what XML cannot hold and nothing else", "[text]") {
  CHECK(CleanText(std::string("a\0b\x07" "c\td\ne\rf", 11)) == "abc\td\ne\rf");
  CHECK(CleanText("x\uFFFEy\uFFFFz\uFFFD") == "xyz\uFFFD");
  CHECK(CleanText("Zürich 😀 \u0085") == "Zürich 😀 \u0085");
  CHECK(CleanSurface("Non\uFFFEcharacter\uFFFF Ltd") == "Noncharacter Ltd");
}

TEST_CASE("slugs are ASCII, readable, and never shared by distinct keys", "[text]") {
  CHECK(Slug("jens stoltenberg") == "jens-stoltenberg");
  CHECK(Slug("zürich").rfind("zurich--", 0) == 0);         // lossy: hash suffix
  CHECK(Slug("al-qaeda") != Slug("al qaeda"));            // (keys never hold '-'; slugs stay injective)
  CHECK(Slug("u.s.") != Slug("u s"));
  std::string cjk = Slug("北京");
  CHECK(cjk.size() == 8);                                  // only the hash is left
  CHECK(Slug("北京") != Slug("东京"));
  CHECK(NcNameSlug("2 for 1") == "_2_for_1");
  std::string long_name(300, 'a');
  for (size_t i = 10; i < long_name.size(); i += 11) long_name[i] = ' ';
  std::string ls = Slug(long_name);
  CHECK(ls.size() <= 64 + 10);                             // readable part cut, then the hash
  CHECK(ls.find("--") != std::string::npos);
  CHECK(Slug(long_name) != Slug(long_name + " b"));
  CHECK(NcNameSlug("1abc") != NcNameSlug("r 1abc"));
  CHECK(NcNameSlug("lifted off from") == "lifted_off_from");
}

TEST_CASE("stable hash does not change between releases", "[text]") {
  // A changed value would change every id relata has ever written.
  CHECK(Hex64(StableHash("")) == "2d06800538d394c2");
  CHECK(Hex64(StableHash("relata")).size() == 16);
}

TEST_CASE("types: canonical names, ids and schema.org classes", "[text]") {
  CHECK(CanonicalType("per") == "PERSON");
  CHECK(CanonicalType("Organization") == "ORG");
  CHECK(CanonicalType("work of art") == "WORK_OF_ART");
  CHECK(CanonicalType("") == "");
  CHECK(CanonicalType("disease") == "DISEASE");
  CHECK(TypeIdPart("") == "thing");
  CHECK(TypeIdPart("WORK_OF_ART") == "work-of-art");
  CHECK(SchemaOrgClass("PERSON") == "http://schema.org/Person");
  CHECK(SchemaOrgClass("DISEASE") == "http://schema.org/Thing");
  CHECK(TypeColor("DISEASE") == TypeColor("DISEASE"));
}
