// Escaping for the markup-like outputs: XML (GraphML, GEXF, RDF/XML), JSON and DOT.
//
// Every function scans the input once and appends unchanged runs in one piece, so a string
// that needs no escaping costs one append. Input is valid UTF-8 (the store guarantees it), so
// a multi-byte character can be recognised from its lead byte and its continuation bytes are
// never split: a removed character is always removed whole.
#include "exporters/escape.h"

#include <cstdint>

namespace relata::escape {
namespace {

constexpr char kHex[] = "0123456789abcdef";

inline unsigned char Byte(std::string_view s, size_t i) {
  return static_cast<unsigned char>(s[i]);
}

// U+FFFE / U+FFFF (EF BF BE / EF BF BF): not XML 1.0 characters.
inline bool IsXmlNonChar(std::string_view s, size_t i) {
  return Byte(s, i) == 0xEF && i + 2 < s.size() && Byte(s, i + 1) == 0xBF &&
         (Byte(s, i + 2) == 0xBE || Byte(s, i + 2) == 0xBF);
}

// A C1 control U+0080..U+009F (C2 80..C2 9F).
inline bool IsC1(std::string_view s, size_t i) {
  return Byte(s, i) == 0xC2 && i + 1 < s.size() && Byte(s, i + 1) >= 0x80 &&
         Byte(s, i + 1) <= 0x9F;
}

enum Mode { kText, kAttr, kFlat };

// Bytes that may need attention in each mode: ASCII that is escaped or removed, and the lead
// bytes of the characters handled specially (EF: U+FFFE/U+FFFF; C2: C1 controls in kFlat).
// Everything else is copied in runs.
constexpr bool Special(Mode mode, unsigned char c) {
  if (c < 0x20 || c == '&' || c == '<' || c == '>' || c == 0xEF) return true;
  if (c == '"') return mode != kText;
  if (c == 0x7F || c == 0xC2) return mode == kFlat;
  return false;
}

struct Table {
  bool special[256];
  constexpr explicit Table(Mode mode) : special() {
    for (int c = 0; c < 256; ++c) special[c] = Special(mode, static_cast<unsigned char>(c));
  }
};

// The shared XML loop. kAttr: also escape '"' and write tab/LF as references; kFlat: every
// control character (C0, DEL, C1) becomes one space, and '"' is escaped too so the result is
// usable both as element content and inside a double-quoted attribute.
template <Mode kMode>
void Xml(std::string& out, std::string_view s) {
  static constexpr Table kTable(kMode);
  size_t run = 0;  // start of the pending unchanged run
  size_t i = 0;
  const size_t n = s.size();
  while (true) {
    while (i < n && !kTable.special[Byte(s, i)]) ++i;
    if (i == n) break;
    const unsigned char c = Byte(s, i);
    const char* rep = nullptr;
    size_t width = 1;  // bytes replaced
    if (c >= 0x80) {
      if (IsXmlNonChar(s, i)) {
        rep = "";
        width = 3;
      } else if (kMode == kFlat && IsC1(s, i)) {
        rep = " ";
        width = 2;
      }
    } else {
      switch (c) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;  // always, so "]]>" can never appear
        case '"': rep = "&quot;"; break;
        default:  // C0 controls and (kFlat only) DEL
          if (kMode == kFlat) rep = " ";
          else if (c == '\r') rep = "&#13;";
          else if (c == '\n') rep = kMode == kAttr ? "&#10;" : nullptr;
          else if (c == '\t') rep = kMode == kAttr ? "&#9;" : nullptr;
          else rep = "";  // not an XML 1.0 character: removed
      }
    }
    if (rep != nullptr) {
      out.append(s.data() + run, i - run);
      out.append(rep);
      run = i + width;
    }
    i += width;
  }
  out.append(s.data() + run, n - run);
}

}  // namespace

void XmlText(std::string& out, std::string_view s) { Xml<kText>(out, s); }

void XmlAttr(std::string& out, std::string_view s) { Xml<kAttr>(out, s); }

void XmlFlat(std::string& out, std::string_view s) { Xml<kFlat>(out, s); }

void JsonString(std::string& out, std::string_view s) {
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = Byte(s, i);
    if (c == 0xE2 && i + 2 < s.size() && Byte(s, i + 1) == 0x80 &&
        (Byte(s, i + 2) == 0xA8 || Byte(s, i + 2) == 0xA9)) {
      // U+2028 / U+2029: legal in JSON, but line terminators in older JavaScript.
      out.append(s.data() + run, i - run);
      out.append(Byte(s, i + 2) == 0xA8 ? "\\u2028" : "\\u2029");
      i += 2;
      run = i + 1;
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out.append("\\\""); break;
      case '\\': out.append("\\\\"); break;
      case '\b': out.append("\\b"); break;
      case '\f': out.append("\\f"); break;
      case '\n': out.append("\\n"); break;
      case '\r': out.append("\\r"); break;
      case '\t': out.append("\\t"); break;
      default: {
        const char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        out.append(esc, 6);
      }
    }
  }
  out.append(s.data() + run, s.size() - run);
}

void TsvField(std::string& out, std::string_view s) {
  for (char c : s) {
    switch (c) {
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\\': out += "\\\\"; break;
      default: out.push_back(c);
    }
  }
}

void DotString(std::string& out, std::string_view s) {
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = Byte(s, i);
    if (c >= 0x80) {
      if (IsC1(s, i)) {  // C1 controls are controls too: removed whole (2 bytes)
        out.append(s.data() + run, i - run);
        ++i;
        run = i + 1;
      }
      continue;
    }
    if (c >= 0x20 && c != 0x7F && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    if (c == '"') out.append("\\\"");
    else if (c == '\\') out.append("\\\\");
    else if (c == '\n') out.append("\\n");
    // CR, tab, the other C0 controls and DEL: dropped.
  }
  out.append(s.data() + run, s.size() - run);
}

}  // namespace relata::escape
