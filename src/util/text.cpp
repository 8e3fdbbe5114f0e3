#include "relata/text.h"

#include <cstdlib>
#include <array>
#include <memory>
#include <vector>

#include <utf8proc.h>
#include <xxhash.h>

namespace relata {

std::string Utf8procMap(std::string_view s, int options) {
  utf8proc_uint8_t* out = nullptr;
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                                    static_cast<utf8proc_ssize_t>(s.size()), &out,
                                    static_cast<utf8proc_option_t>(options));
  if (n < 0) return std::string(s);
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> guard(out, &std::free);
  return std::string(reinterpret_cast<const char*>(out), static_cast<size_t>(n));
}

namespace {

std::string Map(std::string_view s, int options) { return Utf8procMap(s, options); }

bool IsAsciiFast(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

bool IsSpace(utf8proc_int32_t c) {
  if (c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || c == 0x85) return true;
  utf8proc_category_t cat = utf8proc_category(c);
  return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
         cat == UTF8PROC_CATEGORY_ZP;
}

// Punctuation that may surround a name without being part of it.
bool IsSurroundingPunct(utf8proc_int32_t c) {
  switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_PS: case UTF8PROC_CATEGORY_PE: case UTF8PROC_CATEGORY_PI:
    case UTF8PROC_CATEGORY_PF: case UTF8PROC_CATEGORY_PD:
      return true;
    case UTF8PROC_CATEGORY_PO:
      // Keep the marks that are part of names: AT&T, C#, 100%, @handle, a/b, *NSYNC.
      return !(c == '#' || c == '%' || c == '&' || c == '@' || c == '*' || c == '/' ||
               c == '\\');
    default:
      return false;
  }
}

struct CodePoint {
  utf8proc_int32_t c;
  size_t begin, end;
};

// Decodes `s` (valid UTF-8) into code points with their byte ranges.
std::vector<CodePoint> Decode(std::string_view s) {
  std::vector<CodePoint> cps;
  cps.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    utf8proc_int32_t c = 0;
    utf8proc_ssize_t n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                                          static_cast<utf8proc_ssize_t>(s.size() - i), &c);
    if (n <= 0) { c = 0xFFFD; n = 1; }
    cps.push_back({c, i, i + static_cast<size_t>(n)});
    i += static_cast<size_t>(n);
  }
  return cps;
}

// How FoldSpace treats a code point.
enum class Kind : uint8_t { kKeep, kDrop, kSpace, kDash, kPunct };

// kDrop: control characters other than white space (NUL, bell, escape, C1) and the
// noncharacters XML forbids: never part of a name. kDash and kPunct matter for names only.
Kind Classify(utf8proc_int32_t c) {
  if (IsSpace(c)) return Kind::kSpace;
  utf8proc_category_t cat = utf8proc_category(c);
  if (cat == UTF8PROC_CATEGORY_CC || c == 0xFFFE || c == 0xFFFF) return Kind::kDrop;
  if (cat == UTF8PROC_CATEGORY_PD) return Kind::kDash;
  if (IsSurroundingPunct(c)) return Kind::kPunct;
  return Kind::kKeep;
}

// Folds runs of white space to one ' ' and trims; with `name` also strips surrounding
// punctuation (repeatedly, together with white space next to it) and reads a dash inside
// the name as a space ("al-Asad" = "al Asad", "Hewlett–Packard" = "Hewlett Packard").
// ASCII input (the common case) is classified by table, without decoding.
std::string FoldSpace(std::string_view s, bool name) {
  static const std::array<Kind, 128> kAscii = [] {
    std::array<Kind, 128> t{};
    for (int c = 0; c < 128; ++c) t[static_cast<size_t>(c)] = Classify(c);
    return t;
  }();
  bool ascii = IsAsciiFast(s);
  std::vector<CodePoint> cps;
  if (!ascii) cps = Decode(s);
  const size_t n = ascii ? s.size() : cps.size();
  auto kind = [&](size_t i) {
    if (ascii) return kAscii[static_cast<unsigned char>(s[i])];
    return Classify(cps[i].c);
  };
  auto strippable = [&](Kind k) {
    return k == Kind::kDrop || k == Kind::kSpace || (name && (k == Kind::kPunct || k == Kind::kDash));
  };
  size_t lo = 0, hi = n;
  while (lo < hi && strippable(kind(lo))) ++lo;
  while (hi > lo && strippable(kind(hi - 1))) --hi;
  std::string out;
  out.reserve(hi - lo);
  bool pending_space = false;
  for (size_t i = lo; i < hi; ++i) {
    Kind k = kind(i);
    if (k == Kind::kDrop) continue;
    if (k == Kind::kSpace || (name && k == Kind::kDash)) {
      pending_space = true;
      continue;
    }
    if (pending_space && !out.empty()) out.push_back(' ');
    pending_space = false;
    if (ascii) out.push_back(s[i]);
    else out.append(s.substr(cps[i].begin, cps[i].end - cps[i].begin));
  }
  return out;
}

}  // namespace

size_t Utf8Error(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size(), i = 0;
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) { ++i; continue; }
    size_t len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1Fu; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0Fu; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07u; }
    else return i;
    if (i + len > n) return i;
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (p[i + k] & 0x3Fu);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return i;
    i += len;
  }
  return std::string_view::npos;
}

std::string CleanText(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
    // U+FFFE and U+FFFF are EF BF BE / EF BF BF.
    if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBF &&
        (static_cast<unsigned char>(s[i + 2]) & 0xFE) == 0xBE) {
      i += 2;
      continue;
    }
    out.push_back(static_cast<char>(c));
  }
  return out;
}

std::string CleanSurface(std::string_view s) {
  if (IsAsciiFast(s)) return FoldSpace(s, false);
  return FoldSpace(Map(s, UTF8PROC_STABLE | UTF8PROC_COMPOSE), false);
}

namespace {
// Case folding and NFC; plain ASCII needs only lower-casing.
std::string FoldCase(std::string_view s) {
  if (!IsAsciiFast(s)) return Map(s, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}
}  // namespace

std::string NameKey(std::string_view s) { return FoldSpace(FoldCase(s), true); }

std::string RelationKey(std::string_view s) { return FoldSpace(FoldCase(s), false); }

uint64_t StableHash(std::string_view s) { return XXH3_64bits(s.data(), s.size()); }

std::string Hex64(uint64_t v) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<size_t>(i)] = kDigits[v & 0xF];
    v >>= 4;
  }
  return out;
}

std::string Slug(std::string_view key, char sep) {
  bool exact = !key.empty() && key.front() != ' ' && key.back() != ' ';
  for (size_t i = 0; exact && i < key.size(); ++i) {
    char c = key[i];
    exact = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == ' ' && key[i + 1] != ' ');
  }
  std::string base = IsAsciiFast(key)
                         ? std::string(key)
                         : Map(key, UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT |
                                        UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
  std::string out;
  out.reserve(base.size() + 9);
  bool pending = false;
  for (char ch : base) {
    char c = ch;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (pending && !out.empty()) out.push_back(sep);
      pending = false;
      out.push_back(c);
    } else {
      pending = true;
    }
  }
  constexpr size_t kMaxReadable = 64;
  if (out.size() > kMaxReadable) {
    size_t cut = out.rfind(sep, kMaxReadable);
    out.resize(cut == std::string::npos || cut == 0 ? kMaxReadable : cut);
    exact = false;
  }
  if (!exact) {
    // A double separator, which a readable slug never holds, keeps the two kinds apart.
    if (!out.empty()) out.append(2, sep);
    out += Hex64(StableHash(key)).substr(0, 8);
  }
  return out;
}

std::string NcNameSlug(std::string_view key) {
  std::string s = Slug(key, '_');
  if (s[0] < '0' || s[0] > '9') return s;
  std::string prefixed(1, '_');  // a slug never starts with '_' otherwise
  prefixed += s;
  return prefixed;
}

}  // namespace relata
