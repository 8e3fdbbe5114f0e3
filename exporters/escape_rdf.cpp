// Escaping for the RDF line syntaxes (N-Triples, N-Quads, Turtle): string literal bodies and
// IRIREFs. Both are hot paths of the exporters (a few calls per triple): they copy runs of
// characters that need no escaping in one append instead of byte by byte.
//
// A backslash is written as the UCHAR \u005C, not the ECHAR \\: both are the same RDF, but
// rdflib before 6.2 (Debian 12 ships 6.1) unescapes N-Triples / N-Quads with chained
// str.replace and turns "\\n" into a backslash and a newline. With \u005C every backslash
// in the output starts exactly one escape, which that parser decodes correctly too.
#include <cstdint>

#include "exporters/escape.h"

namespace relata::escape {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";

// True for the bytes an N-Triples string literal cannot hold verbatim.
constexpr bool LiteralNeedsEscape(unsigned char c) { return c < 0x20 || c == 0x7F || c == '"' || c == '\\'; }

// True for the ASCII bytes an IRIREF cannot hold: C0 controls, space, DEL (RFC 3987 excludes
// it even though the N-Triples grammar would let it through) and <>"{}|^`\.
constexpr bool IriForbiddenAscii(unsigned char c) {
  switch (c) {
    case '<': case '>': case '"': case '{': case '}': case '|': case '^': case '`': case '\\':
      return true;
    default:
      return c <= 0x20 || c == 0x7F;
  }
}

// U+0080..U+009F (C1 controls) are 0xC2 0x80..0x9F in UTF-8; RFC 3987 excludes them too.
constexpr bool IsC1Lead(std::string_view s, size_t i) {
  return static_cast<unsigned char>(s[i]) == 0xC2 && i + 1 < s.size() &&
         static_cast<unsigned char>(s[i + 1]) >= 0x80 && static_cast<unsigned char>(s[i + 1]) <= 0x9F;
}

void PercentByte(std::string& out, unsigned char c) {
  out.push_back('%');
  out.push_back(kHex[c >> 4]);
  out.push_back(kHex[c & 0xF]);
}

}  // namespace

void NTriplesString(std::string& out, std::string_view s) {
  size_t run = 0;  // start of the pending run of verbatim bytes
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (!LiteralNeedsEscape(c)) continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\u005C"; break;  // not "\\\\": see the top of the file
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\f': out += "\\f"; break;
      default:
        out += "\\u00";
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0xF]);
    }
  }
  out.append(s.data() + run, s.size() - run);
}

void IriRef(std::string& out, std::string_view iri) {
  size_t run = 0;
  for (size_t i = 0; i < iri.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(iri[i]);
    if (IriForbiddenAscii(c)) {
      out.append(iri.data() + run, i - run);
      PercentByte(out, c);
      run = i + 1;
    } else if (IsC1Lead(iri, i)) {
      out.append(iri.data() + run, i - run);
      PercentByte(out, c);
      PercentByte(out, static_cast<unsigned char>(iri[i + 1]));
      ++i;
      run = i + 1;
    }
  }
  out.append(iri.data() + run, iri.size() - run);
}

bool IsValidIri(std::string_view iri) {
  // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), then ":".
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (iri.empty() || !alpha(iri[0])) return false;
  size_t i = 1;
  while (i < iri.size() && (alpha(iri[i]) || (iri[i] >= '0' && iri[i] <= '9') || iri[i] == '+' ||
                            iri[i] == '-' || iri[i] == '.'))
    ++i;
  if (i == iri.size() || iri[i] != ':') return false;
  for (size_t j = 0; j < iri.size(); ++j)
    if (IriForbiddenAscii(static_cast<unsigned char>(iri[j])) || IsC1Lead(iri, j)) return false;
  return true;
}

}  // namespace relata::escape
