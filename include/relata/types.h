// Entity types: the canonical set, the names accepted for each on input, and how exporters
// present them (schema.org class, colour).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace relata {

// The canonical type for a type name given on input ("PER", "person", "Organization" ...),
// upper case. "" (no type) stays "". A name outside the known set is kept, upper-cased, with
// every character other than A-Z, 0-9 and _ turned into _ ("work of art" -> "WORK_OF_ART").
std::string CanonicalType(std::string_view name);

// The lower-case form used inside entity ids; "thing" for the empty type.
std::string TypeIdPart(std::string_view canonical_type);

// The schema.org class (full IRI) for a canonical type; "http://schema.org/Thing" when none fits.
std::string_view SchemaOrgClass(std::string_view canonical_type);

// A colour for a canonical type, as 0xRRGGBB; stable per type (known types have fixed ones).
uint32_t TypeColor(std::string_view canonical_type);

}  // namespace relata
