// Names across documents: the keys under which Graph::Build treats two names written in
// different documents as one entity, the small tables of variants and demonyms behind them,
// and the user's override files (docs/merging.md).
//
// All functions are pure and thread-safe; strings are UTF-8 (validated by the store).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "relata/status.h"

namespace relata {

// The cross-document key of a name: NameKey(), then diacritics removed, dots and apostrophes
// dropped ("U.S." = "US", "O'Neil" = "ONeil"), any other character that is not a letter, a
// digit or one of & + # @ read as a space, white space folded. "São Paulo" and "Sao
// Paulo" share a key, as do "U.S." and "us". May return "".
std::string CanonicalKey(std::string_view name);

// The key a canonical key stands for in the variant table (docs/merging.md lists it):
// "usa", "us", "united states of america" -> "united states"; "uk", "britain" -> "united
// kingdom"; ... A key outside the table is returned unchanged.
std::string_view VariantKey(std::string_view canonical_key);

// Whether the surface form is written as an acronym: 2 to 6 ASCII capital letters, with or
// without a dot after each ("NATO", "U.S.", "KSC").
bool IsAcronymForm(std::string_view surface);

// The lower-case initials of the capitalised words of a name of at least two such words
// ("Kennedy Space Center" -> "ksc", "North Atlantic Treaty Organization" -> "nato"; words in
// lower case such as "of" and "the" are skipped); "" for anything else, including a word that
// starts with a letter outside ASCII.
std::string Initials(std::string_view surface);

// The country a demonym names, by the canonical key of the demonym ("iraqi" -> "Iraq",
// "american" -> "United States"); "" when it is not in the table.
std::string_view DemonymCountry(std::string_view canonical_key);

// Whether a name key is an English personal, demonstrative or relative pronoun ("us", "it",
// "they", "who", "this" ...): an untyped one never joins a typed node (docs/merging.md).
bool IsPronounKey(std::string_view name_key);

// Types that may be one node: PERSON only with PERSON; ORG, GPE, LOC, FAC and NORP with one
// another ("ORG-PLACE", the node takes the majority); any other type only with itself; ""
// (untyped) is returned for "".
std::string_view TypeClass(std::string_view canonical_type);

// Order of types for a tie of votes: GPE, ORG, LOC, FAC, NORP, then any other in byte order
// (a lower rank wins).
bool TypeWinsTie(std::string_view a, std::string_view b);

// One line of an alias file: surface form -> canonical id, label and (optional) type.
struct AliasEntry {
  std::string form;   // as written in the file (cleaned)
  std::string id;     // as written: "wd:Q7184" or an absolute IRI
  std::string iri;    // the id as an IRI: "http://www.wikidata.org/entity/Q7184"
  std::string label;
  std::string type;   // CanonicalType(), "" when not given
  uint32_t line = 0;
};

// One line of a keep-apart file: two surface forms, or a node id and a form.
struct KeepApartEntry {
  std::string a, b;
  uint32_t line = 0;
};

// The IRI of a canonical id: an absolute http(s) IRI as it is, "wd:Q123" (also wd:P, wd:L)
// -> "http://www.wikidata.org/entity/Q123"; "" when the id is neither.
std::string CanonicalIdIri(std::string_view id);

// Alias file: UTF-8 TSV, one "form<TAB>canonical id<TAB>label[<TAB>type]" a line; empty lines
// and lines starting with '#' are skipped. A bad line fails with "NAME:LINE: reason". One
// form may not map to two ids; one id may not have two labels.
Result<std::vector<AliasEntry>> ParseAliases(std::string_view text, std::string_view name);
Result<std::vector<AliasEntry>> LoadAliases(const std::string& path);

// Keep-apart file: UTF-8 TSV, two items a line ("form<TAB>form" or "node-id<TAB>form"); '#'
// comments and empty lines skipped; errors as above.
Result<std::vector<KeepApartEntry>> ParseKeepApart(std::string_view text, std::string_view name);
Result<std::vector<KeepApartEntry>> LoadKeepApart(const std::string& path);

// Whether an item of a keep-apart file is a node id ("gpe:united-states": a lower-case type
// part, ':', and a slug of a-z, 0-9 and '-') rather than a surface form.
bool LooksLikeNodeId(std::string_view item);

}  // namespace relata
