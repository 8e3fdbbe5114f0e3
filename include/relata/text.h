// Text utilities shared by ingest, the store and the exporters: UTF-8 validation, the
// normalisation used to match names, slugs and stable hashes for ids.
//
// All functions are pure and thread-safe. Input strings must be valid UTF-8 unless a function
// says otherwise (check with Utf8Error first).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace relata {

// utf8proc_map with `options` (UTF8PROC_* flags), or the input unchanged if utf8proc refuses
// it (it only does for invalid UTF-8, which callers have excluded).
std::string Utf8procMap(std::string_view s, int options);

// Returns the byte offset of the first invalid UTF-8 sequence in `s`, or npos when `s` is
// valid. Overlong forms, surrogates and code points above U+10FFFF are invalid.
size_t Utf8Error(std::string_view s);

// A surface form cleaned for display: NFC, every run of Unicode white space folded to one
// space, leading and trailing white space removed, other control characters (NUL, bell, C1)
// dropped. Case and punctuation are kept.
std::string CleanSurface(std::string_view s);

// Free text (an evidence sentence) as relata stores it: unchanged but for the characters no
// XML 1.0 document can hold and that some RDF readers cut literals at — C0 controls other
// than tab, LF and CR, and U+FFFE / U+FFFF — which are removed, so every export format
// carries the same text.
std::string CleanText(std::string_view s);

// The key two names must share to be the same name: NFC, case-folded, white space folded,
// surrounding punctuation (quotes, brackets, dashes, and . , ; : ! ?) removed, and dashes
// inside read as spaces. "  “NATO.” " and "nato" give the same key, as do "al-Asad" and
// "al Asad". May return "" (for "...", say).
std::string NameKey(std::string_view s);

// The key of a relation: NFC, case-folded, white space folded and trimmed.
std::string RelationKey(std::string_view s);

// 64-bit stable hash (XXH3, seed 0): the same on every machine and in every release.
uint64_t StableHash(std::string_view s);
// 16 lower-case hex digits.
std::string Hex64(uint64_t v);

// An ASCII slug for an IRI path segment or id: diacritics removed, lower case, every run of
// other characters turned into `sep`. When the slug does not determine `key` alone (anything
// but ASCII letters, digits and single spaces in the key), two `sep` and 8 hex digits of the
// key's hash follow ("u-s--1a2b3c4d"); readable slugs never hold two `sep` in a row, so
// distinct keys never share a slug. A readable part longer than 64 bytes is cut at a
// separator (and hashed), so IRIs stay short enough for every triple store. Never empty.
std::string Slug(std::string_view key, char sep = '-');

// A slug that is also an XML NCName (RDF/XML needs predicate local names to be NCNames):
// Slug(key, '_'), prefixed with "_" when it would start with a digit.
std::string NcNameSlug(std::string_view key);

}  // namespace relata
