#include <catch2/catch.hpp>

#include "relata/canonical.h"

using namespace relata;

TEST_CASE("canonical keys fold case, punctuation, diacritics and space", "[canonical]") {
  CHECK(CanonicalKey("U.S.") == "us");
  CHECK(CanonicalKey("US") == "us");
  CHECK(CanonicalKey("  United   States ") == "united states");
  CHECK(CanonicalKey("São Paulo") == "sao paulo");
  CHECK(CanonicalKey("O'Neil") == "oneil");
  CHECK(CanonicalKey("O’Neil") == "oneil");
  CHECK(CanonicalKey("al-Asad") == "al asad");
  CHECK(CanonicalKey("AT&T") == "at&t");
  CHECK(CanonicalKey("...") == "");
  CHECK(CanonicalKey("Zürich") == CanonicalKey("Zurich"));
  CHECK(CanonicalKey("Jordan") != CanonicalKey("Michael Jordan"));
}

TEST_CASE("the variant table maps the common variants and nothing else", "[canonical]") {
  CHECK(VariantKey("us") == "united states");
  CHECK(VariantKey("usa") == "united states");
  CHECK(VariantKey("united states of america") == "united states");
  CHECK(VariantKey("united states") == "united states");
  CHECK(VariantKey("uk") == "united kingdom");
  CHECK(VariantKey("britain") == "united kingdom");
  CHECK(VariantKey("un") == "united nations");
  CHECK(VariantKey("eu") == "european union");
  CHECK(VariantKey("north atlantic treaty organization") == "nato");
  CHECK(VariantKey("jordan") == "jordan");
  CHECK(VariantKey("america") == "america");  // a continent too: not in the table
}

TEST_CASE("acronyms and initials", "[canonical]") {
  CHECK(IsAcronymForm("NATO"));
  CHECK(IsAcronymForm("U.S."));
  CHECK(IsAcronymForm("KSC"));
  CHECK_FALSE(IsAcronymForm("Nato"));
  CHECK_FALSE(IsAcronymForm("A"));
  CHECK_FALSE(IsAcronymForm("ABCDEFG"));
  CHECK_FALSE(IsAcronymForm(".US"));
  CHECK(Initials("Kennedy Space Center") == "ksc");
  CHECK(Initials("North Atlantic Treaty Organization") == "nato");
  CHECK(Initials("Bank of England") == "be");
  CHECK(Initials("(United Nations") == "un");
  CHECK(Initials("NASA") == "");          // one word
  CHECK(Initials("the agency") == "");    // no capitalised words
  CHECK(Initials("Élysée Palace") == "");  // a capital outside ASCII: none
}

TEST_CASE("demonyms, type classes and ties", "[canonical]") {
  CHECK(DemonymCountry("iraqi") == "Iraq");
  CHECK(DemonymCountry("american") == "United States");
  CHECK(DemonymCountry("iraq") == "");
  CHECK(TypeClass("PERSON") == "PERSON");
  CHECK(TypeClass("GPE") == TypeClass("ORG"));
  CHECK(TypeClass("NORP") == TypeClass("FAC"));
  CHECK(TypeClass("PERSON") != TypeClass("ORG"));
  CHECK(TypeClass("EVENT") == "EVENT");
  CHECK(TypeWinsTie("GPE", "ORG"));
  CHECK_FALSE(TypeWinsTie("ORG", "GPE"));
  CHECK(TypeWinsTie("NORP", "EVENT"));
}

TEST_CASE("canonical ids", "[canonical]") {
  CHECK(CanonicalIdIri("wd:Q7184") == "http://www.wikidata.org/entity/Q7184");
  CHECK(CanonicalIdIri("https://www.wikidata.org/wiki/Q30") == "https://www.wikidata.org/wiki/Q30");
  CHECK(CanonicalIdIri("wd:Q") == "");
  CHECK(CanonicalIdIri("wd:Q12x") == "");
  CHECK(CanonicalIdIri("Q30") == "");
  CHECK(CanonicalIdIri("http://a b") == "");
  CHECK(LooksLikeNodeId("gpe:united-states"));
  CHECK_FALSE(LooksLikeNodeId("United States"));
  CHECK_FALSE(LooksLikeNodeId("wd:Q30"));
}

TEST_CASE("pronoun keys", "[canonical]") {
  CHECK(IsPronounKey("us"));
  CHECK(IsPronounKey("it"));
  CHECK_FALSE(IsPronounKey("u.s"));
  CHECK_FALSE(IsPronounKey("nato"));
}
