#include "relata/types.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include "relata/text.h"

namespace relata {
namespace {

struct TypeInfo {
  std::string_view canonical;
  std::string_view schema_class;
  uint32_t color;
};

// The canonical types (OntoNotes-style names, as the NER of relata produces them).
constexpr std::array<TypeInfo, 18> kTypes = {{
    {"PERSON", "http://schema.org/Person", 0x1f77b4},
    {"ORG", "http://schema.org/Organization", 0xd62728},
    {"GPE", "http://schema.org/AdministrativeArea", 0x2ca02c},
    {"LOC", "http://schema.org/Place", 0x17becf},
    {"FAC", "http://schema.org/CivicStructure", 0x8c564b},
    {"NORP", "http://schema.org/Thing", 0xe377c2},
    {"EVENT", "http://schema.org/Event", 0xff7f0e},
    {"PRODUCT", "http://schema.org/Product", 0x9467bd},
    {"WORK_OF_ART", "http://schema.org/CreativeWork", 0xbcbd22},
    {"LAW", "http://schema.org/Legislation", 0x7f7f7f},
    {"LANGUAGE", "http://schema.org/Language", 0xaec7e8},
    {"DATE", "http://schema.org/Thing", 0xffbb78},
    {"TIME", "http://schema.org/Thing", 0xffbb78},
    {"MONEY", "http://schema.org/MonetaryAmount", 0x98df8a},
    {"QUANTITY", "http://schema.org/QuantitativeValue", 0xc5b0d5},
    {"PERCENT", "http://schema.org/Thing", 0xc49c94},
    {"CONCEPT", "http://schema.org/Thing", 0xc7c7c7},
    {"MISC", "http://schema.org/Thing", 0xdbdb8d},
}};

// Other spellings accepted on input (upper-cased, spaces and dashes as '_').
constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kAliases = {{
    {"PER", "PERSON"},        {"PEOPLE", "PERSON"},     {"ORGANIZATION", "ORG"},
    {"ORGANISATION", "ORG"},  {"COMPANY", "ORG"},       {"LOCATION", "LOC"},
    {"PLACE", "LOC"},         {"COUNTRY", "GPE"},       {"CITY", "GPE"},
    {"FACILITY", "FAC"},      {"BUILDING", "FAC"},      {"NATIONALITY", "NORP"},
    {"WORK", "WORK_OF_ART"},  {"DATETIME", "DATE"},     {"OTHER", "MISC"},
    {"MISCELLANEOUS", "MISC"},
}};

const TypeInfo* Find(std::string_view canonical) {
  for (const auto& t : kTypes)
    if (t.canonical == canonical) return &t;
  return nullptr;
}

}  // namespace

std::string CanonicalType(std::string_view name) {
  std::string t;
  t.reserve(name.size());
  bool pending = false;
  for (char ch : name) {
    char c = ch;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      if (pending && !t.empty()) t.push_back('_');
      pending = false;
      t.push_back(c);
    } else {
      pending = true;  // spaces, dashes, '_' and anything else separate words
    }
  }
  for (const auto& [alias, canonical] : kAliases)
    if (t == alias) return std::string(canonical);
  return t;
}

std::string TypeIdPart(std::string_view canonical_type) {
  if (canonical_type.empty()) return "thing";
  std::string s(canonical_type);
  std::transform(s.begin(), s.end(), s.begin(), [](char c) {
    if (c >= 'A' && c <= 'Z') return static_cast<char>(c - 'A' + 'a');
    return c == '_' ? '-' : c;
  });
  return s;
}

std::string_view SchemaOrgClass(std::string_view canonical_type) {
  const TypeInfo* t = Find(canonical_type);
  return t ? t->schema_class : "http://schema.org/Thing";
}

uint32_t TypeColor(std::string_view canonical_type) {
  if (canonical_type.empty()) return 0xaaaaaa;
  if (const TypeInfo* t = Find(canonical_type)) return t->color;
  // Unknown types: a stable mid-brightness colour from the name's hash.
  uint64_t h = StableHash(canonical_type);
  uint32_t r = 0x40 + static_cast<uint32_t>(h & 0x7F), g = 0x40 + static_cast<uint32_t>((h >> 8) & 0x7F),
           b = 0x40 + static_cast<uint32_t>((h >> 16) & 0x7F);
  return (r << 16) | (g << 8) | b;
}

}  // namespace relata
