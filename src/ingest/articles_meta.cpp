// Article metadata shared by every format: dates to ISO 8601, URLs to a normal form, ids,
// sources, and the text clean-ups.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/core.h>
#include <libxml/HTMLparser.h>

#include "ingest/articles_internal.h"
#include "relata/text.h"

namespace relata::ingest {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

std::string_view TrimAscii(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// ---------------------------------------------------------------- dates

struct DateParts {
  int year = -1, month = -1, day = -1;
  int hour = -1, minute = -1, second = -1;
  std::string fraction;
  bool has_zone = false;
  int offset = 0;  // minutes east of UTC
};

bool Leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysIn(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && Leap(y) ? 29 : kDays[m - 1];
}

std::string FormatDate(const DateParts& p) {
  if (p.year < 1 || p.year > 9999 || p.month < 1 || p.month > 12 || p.day < 1 ||
      p.day > DaysIn(p.year, p.month))
    return "";
  std::string out = fmt::format("{:04}-{:02}-{:02}", p.year, p.month, p.day);
  if (p.hour < 0) return out;
  int second = p.second < 0 ? 0 : p.second;
  if (p.hour > 23 || p.minute < 0 || p.minute > 59 || second > 60) return "";
  // A time needs its zone, and xsd:dateTime has no leap second: the date alone then.
  if (!p.has_zone || second == 60 || std::abs(p.offset) > 14 * 60) return out;
  out += fmt::format("T{:02}:{:02}:{:02}", p.hour, p.minute, second);
  if (!p.fraction.empty()) out += "." + p.fraction;
  if (p.offset == 0) {
    out += 'Z';
  } else {
    int a = std::abs(p.offset);
    out += fmt::format("{}{:02}:{:02}", p.offset < 0 ? '-' : '+', a / 60, a % 60);
  }
  return out;
}

// Reads exactly n digits at s[i...]; advances i.
bool Digits(std::string_view s, size_t& i, size_t n, int& out) {
  if (i + n > s.size()) return false;
  int v = 0;
  for (size_t k = 0; k < n; ++k) {
    if (!IsDigit(s[i + k])) return false;
    v = v * 10 + (s[i + k] - '0');
  }
  out = v;
  i += n;
  return true;
}

// A numeric zone at s[i...]: Z, ±hh, ±hhmm, ±hh:mm. Advances i.
bool NumericZone(std::string_view s, size_t& i, DateParts& p) {
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    ++i;
    p.has_zone = true;
    p.offset = 0;
    return true;
  }
  if (i >= s.size() || (s[i] != '+' && s[i] != '-' && s[i] != '\xE2')) return false;
  size_t j = i;
  int sign = 1;
  if (s.substr(j, 3) == "\xE2\x88\x92") {  // U+2212 minus sign
    sign = -1;
    j += 3;
  } else if (s[j] == '-' || s[j] == '+') {
    sign = s[j] == '-' ? -1 : 1;
    ++j;
  } else {
    return false;
  }
  int h = 0, m = 0;
  if (!Digits(s, j, 2, h)) return false;
  if (j < s.size() && s[j] == ':') {
    ++j;
    if (!Digits(s, j, 2, m)) return false;
  } else if (j + 1 < s.size() && IsDigit(s[j])) {
    if (!Digits(s, j, 2, m)) return false;
  }
  if (h > 14 || m > 59) return false;
  p.has_zone = true;
  p.offset = sign * (h * 60 + m);
  i = j;
  return true;
}

int NamedZone(std::string_view lower, bool& known) {
  static const struct { const char* name; int offset; } kZones[] = {
      {"ut", 0},      {"utc", 0},     {"gmt", 0},    {"z", 0},       {"wet", 0},
      {"west", 60},   {"bst", 60},    {"cet", 60},   {"cest", 120},  {"eet", 120},
      {"eest", 180},  {"msk", 180},   {"jst", 540},  {"kst", 540},   {"aest", 600},
      {"aedt", 660},  {"nzst", 720},  {"nzdt", 780}, {"est", -300},  {"edt", -240},
      {"cst", -360},  {"cdt", -300},  {"mst", -420}, {"mdt", -360},  {"pst", -480},
      {"pdt", -420},  {"akst", -540}, {"akdt", -480}, {"hst", -600},
  };
  for (const auto& z : kZones)
    if (lower == z.name) {
      known = true;
      return z.offset;
    }
  known = false;
  return 0;
}

// ISO 8601 calendar dates: YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD, with an optional time.
bool ParseIso(std::string_view s, DateParts& p) {
  size_t i = 0;
  if (!Digits(s, i, 4, p.year)) return false;
  if (i < s.size() && (s[i] == '-' || s[i] == '/')) {
    char sep = s[i++];
    if (!Digits(s, i, 2, p.month) || i >= s.size() || s[i] != sep) return false;
    ++i;
    if (!Digits(s, i, 2, p.day)) return false;
  } else {
    if (!Digits(s, i, 2, p.month) || !Digits(s, i, 2, p.day)) return false;
  }
  if (i == s.size()) return true;
  if (s[i] != 'T' && s[i] != 't' && s[i] != ' ') return false;
  ++i;
  while (i < s.size() && s[i] == ' ') ++i;
  if (!Digits(s, i, 2, p.hour) || i >= s.size() || s[i] != ':') return false;
  ++i;
  if (!Digits(s, i, 2, p.minute)) return false;
  if (i < s.size() && s[i] == ':') {
    ++i;
    if (!Digits(s, i, 2, p.second)) return false;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
      size_t j = ++i;
      while (i < s.size() && IsDigit(s[i])) ++i;
      if (i == j) return false;
      p.fraction = std::string(s.substr(j, std::min<size_t>(i - j, 9)));
    }
  }
  while (i < s.size() && s[i] == ' ') ++i;
  if (i == s.size()) return true;
  if (!NumericZone(s, i, p)) {
    std::string rest = LowerAscii(s.substr(i));
    bool known = false;
    int off = NamedZone(rest, known);
    if (!known) return false;
    p.has_zone = true;
    p.offset = off;
    return true;
  }
  return i == s.size();
}

int MonthNumber(std::string_view w) {
  static const char* kMonths[] = {"january", "february", "march",     "april",   "may",      "june",
                                  "july",    "august",   "september", "october", "november", "december"};
  if (w.size() < 3) return -1;
  if (w == "sept") return 9;
  for (int m = 0; m < 12; ++m) {
    std::string_view full = kMonths[m];
    if (w.size() <= full.size() && full.substr(0, w.size()) == w && (w.size() == 3 || w == full))
      return m + 1;
  }
  return -1;
}

bool IsWeekday(std::string_view w) {
  static const char* kDays[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  if (w.size() < 3) return false;
  for (const char* d : kDays) {
    std::string_view full = d;
    if (w == full || w == full.substr(0, 3) || (w.size() == 4 && w == full.substr(0, 4))) return true;
  }
  return false;
}

// RFC 822/2822 dates and English prose dates: a month name, a day and a year in either
// order, an optional weekday, time (h:mm[:ss], AM/PM) and zone.
bool ParseProse(std::string_view s, DateParts& p) {
  size_t i = 0;
  int ampm = 0;  // 1 am, 2 pm
  bool zone_unknown = false;
  while (i < s.size()) {
    char c = s[i];
    if (IsSpace(c) || c == ',' || c == '.') { ++i; continue; }
    if (c == '(') {  // an RFC 822 comment: "(CET)"
      size_t close = s.find(')', i);
      if (close == std::string_view::npos) return false;
      i = close + 1;
      continue;
    }
    if ((c == '+' || c == '-' || c == '\xE2') && p.hour >= 0 && !p.has_zone) {
      if (NumericZone(s, i, p)) continue;
      if (c == '-') { ++i; continue; }
      return false;
    }
    if (c == '-' || c == '/') { ++i; continue; }
    if (IsDigit(c)) {
      size_t j = i;
      while (j < s.size() && IsDigit(s[j])) ++j;
      std::string_view num = s.substr(i, j - i);
      if (num.size() > 4) return false;
      int v = std::atoi(std::string(num).c_str());
      if (j < s.size() && s[j] == ':') {  // a time
        if (p.hour >= 0 || num.size() > 2) return false;
        p.hour = v;
        size_t k = j + 1;
        if (!Digits(s, k, 2, p.minute)) return false;
        if (k < s.size() && s[k] == ':') {
          ++k;
          if (!Digits(s, k, 2, p.second)) return false;
        }
        i = k;
        continue;
      }
      i = j;
      // "5th", "1st"
      if (i + 1 < s.size() && IsAlpha(s[i]) && IsAlpha(s[i + 1])) {
        std::string suf = LowerAscii(s.substr(i, 2));
        if ((suf == "st" || suf == "nd" || suf == "rd" || suf == "th") &&
            (i + 2 == s.size() || !IsAlpha(s[i + 2]))) {
          if (p.day >= 0) return false;
          p.day = v;
          i += 2;
          continue;
        }
      }
      if (num.size() == 4) {
        if (p.year >= 0) return false;
        p.year = v;
      } else if (num.size() == 3) {
        return false;
      } else if (p.day < 0 && p.year < 0) {
        p.day = v;
      } else if (p.day < 0 && p.month >= 0) {
        p.day = v;
      } else if (p.year < 0 && p.day >= 0 && p.month >= 0 && num.size() == 2) {
        p.year = v < 50 ? 2000 + v : 1900 + v;  // RFC 2822 obsolete two-digit years
      } else {
        return false;
      }
      continue;
    }
    if (IsAlpha(c)) {
      size_t j = i;
      while (j < s.size() && IsAlpha(s[j])) ++j;
      std::string_view orig = s.substr(i, j - i);
      std::string w = LowerAscii(orig);
      i = j;
      if (w == "am" || w == "pm" || ((w == "a" || w == "p") && i < s.size() && s[i] == '.')) {
        if (w.size() == 1) {  // "a.m." / "p.m."
          if (s.substr(i, 3) == ".m.") i += 3;
          else if (s.substr(i, 2) == ".m") i += 2;
          else return false;
        }
        ampm = w[0] == 'a' ? 1 : 2;
        continue;
      }
      if (IsWeekday(w) || w == "at" || w == "on" || w == "of" || w == "the") continue;
      if (int m = MonthNumber(w); m > 0) {
        if (p.month >= 0) return false;
        p.month = m;
        continue;
      }
      bool known = false;
      int off = NamedZone(w, known);
      if (known && p.hour >= 0 && !p.has_zone) {
        p.has_zone = true;
        p.offset = off;
        continue;
      }
      // Another zone abbreviation (IST, military letters): the time cannot be placed.
      bool upper = std::all_of(orig.begin(), orig.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
      if (p.hour >= 0 && upper && orig.size() <= 5) {
        zone_unknown = true;
        continue;
      }
      return false;
    }
    return false;
  }
  if (p.year < 0 || p.month < 0 || p.day < 0) return false;
  if (ampm != 0) {
    if (p.hour < 1 || p.hour > 12) return false;
    if (ampm == 1 && p.hour == 12) p.hour = 0;
    if (ampm == 2 && p.hour < 12) p.hour += 12;
  }
  if (zone_unknown) p.has_zone = false;
  return true;
}

// ---------------------------------------------------------------- URLs

bool IsUnreserved(unsigned char c) {
  return IsAlpha(static_cast<char>(c)) || IsDigit(static_cast<char>(c)) || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-encoding normalised; bytes that may not appear in a URL escaped.
std::string NormalizeEscapes(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      unsigned char v = static_cast<unsigned char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      if (IsUnreserved(v)) {
        out.push_back(static_cast<char>(v));
      } else {
        out.push_back('%');
        out.push_back(kHex[v >> 4]);
        out.push_back(kHex[v & 15]);
      }
      i += 2;
      continue;
    }
    if (c <= 0x20 || c >= 0x7F || c == '%' || c == '"' || c == '<' || c == '>' || c == '\\' ||
        c == '^' || c == '`' || c == '{' || c == '|' || c == '}') {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
      continue;
    }
    out.push_back(static_cast<char>(c));
  }
  return out;
}

// RFC 3986 section 5.2.4.
std::string RemoveDotSegments(std::string_view path) {
  std::vector<std::string_view> segs;
  size_t i = 0;
  bool trailing = false;
  while (i <= path.size()) {
    size_t slash = path.find('/', i);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view seg = path.substr(i, slash - i);
    trailing = false;
    if (seg == ".") {
      trailing = true;
    } else if (seg == "..") {
      if (!segs.empty()) segs.pop_back();
      trailing = true;
    } else if (!(i == 0 && seg.empty())) {
      segs.push_back(seg);
    }
    i = slash + 1;
  }
  std::string out;
  for (std::string_view seg : segs) {
    out += '/';
    out += seg;
  }
  if (trailing || out.empty()) out += '/';
  return out;
}

bool IsTrackingParam(std::string_view name) {
  std::string n = LowerAscii(name);
  return n.rfind("utm_", 0) == 0 || n == "fbclid" || n == "gclid" || n == "mc_cid" || n == "mc_eid";
}

}  // namespace

std::string NormalizeDate(std::string_view in) {
  std::string_view s = TrimAscii(in);
  if (s.empty() || s.size() > 100) return "";
  if (s.size() >= 8 && IsDigit(s[0]) && IsDigit(s[1]) && IsDigit(s[2]) && IsDigit(s[3])) {
    DateParts iso;
    if (ParseIso(s, iso)) return FormatDate(iso);
  }
  DateParts p;
  if (!ParseProse(s, p)) return "";
  return FormatDate(p);
}

std::string NormalizeUrl(std::string_view in) {
  std::string_view s = TrimAscii(in);
  size_t colon = s.find("://");
  if (colon == std::string_view::npos || s.size() > 8192) return "";
  std::string scheme = LowerAscii(s.substr(0, colon));
  if (scheme != "http" && scheme != "https") return "";
  std::string_view rest = s.substr(colon + 3);
  size_t auth_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, auth_end);
  std::string_view tail = auth_end == std::string_view::npos ? std::string_view() : rest.substr(auth_end);
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  std::string_view host = authority, port;
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return "";
    host = authority.substr(0, close + 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return "";
      port = after.substr(1);
    }
  } else if (size_t c = authority.rfind(':'); c != std::string_view::npos) {
    host = authority.substr(0, c);
    port = authority.substr(c + 1);
  }
  if (host.empty()) return "";
  for (char c : host)
    if (static_cast<unsigned char>(c) <= 0x20 || c == '<' || c == '>' || c == '"' || c == '\\' ||
        c == '%' || c == '{' || c == '}' || c == '|' || c == '^' || c == '`')
      return "";
  for (char c : port)
    if (!IsDigit(c)) return "";
  std::string out = scheme + "://" + LowerAscii(host);
  if (!port.empty()) {
    std::string_view p = port;
    while (p.size() > 1 && p.front() == '0') p.remove_prefix(1);
    if (!((scheme == "http" && p == "80") || (scheme == "https" && p == "443"))) {
      out += ':';
      out += p;
    }
  }
  if (size_t hash = tail.find('#'); hash != std::string_view::npos) tail = tail.substr(0, hash);
  std::string_view path = tail, query;
  bool has_query = false;
  if (size_t q = tail.find('?'); q != std::string_view::npos) {
    path = tail.substr(0, q);
    query = tail.substr(q + 1);
    has_query = true;
  }
  out += RemoveDotSegments(NormalizeEscapes(path));
  if (has_query) {
    std::string kept;
    size_t i = 0;
    while (i <= query.size()) {
      size_t amp = query.find('&', i);
      if (amp == std::string_view::npos) amp = query.size();
      std::string_view part = query.substr(i, amp - i);
      std::string_view name = part.substr(0, part.find('='));
      if (!part.empty() && !IsTrackingParam(name)) {
        if (!kept.empty()) kept += '&';
        kept += NormalizeEscapes(part);
      }
      i = amp + 1;
    }
    if (!kept.empty()) out += "?" + kept;
  }
  return out;
}

std::string LanguageCode(std::string_view tag) {
  std::string t = LowerAscii(TrimAscii(tag));
  size_t end = t.find_first_of("-_");
  if (end != std::string::npos) t.resize(end);
  if (t.size() < 2 || t.size() > 3 || !std::all_of(t.begin(), t.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
    return "";
  return t;
}

std::string UrlSite(std::string_view url) {
  size_t start = url.find("://");
  if (start == std::string_view::npos) return "";
  std::string_view host = url.substr(start + 3);
  host = host.substr(0, host.find_first_of("/?#"));
  if (!host.empty() && host.front() != '[') host = host.substr(0, host.rfind(':') == std::string_view::npos ? host.size() : host.rfind(':'));
  if (host.substr(0, 4) == "www.") host.remove_prefix(4);
  return std::string(host);
}

Status FinishDocument(Document& doc, const std::string& fallback_source, size_t max_bytes,
                      const std::string& where) {
  if (doc.text.size() > max_bytes)
    return Status::Error(fmt::format("{}: article text is {} bytes, more than the limit of {} bytes",
                                     where, doc.text.size(), max_bytes));
  for (std::string* f : {&doc.text, &doc.title, &doc.author, &doc.source, &doc.id})
    if (size_t bad = Utf8Error(*f); bad != std::string_view::npos)
      return Status::Error(fmt::format("{}: invalid UTF-8 in the article at byte {}", where, bad));
  if (doc.id.empty()) doc.id = Hex64(StableHash(doc.url.empty() ? doc.text : doc.url));
  if (doc.source.empty()) doc.source = doc.url.empty() ? fallback_source : UrlSite(doc.url);
  if (doc.source.empty()) doc.source = fallback_source;
  return Status::Ok();
}

std::string FoldSpaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = 1;
    bool ws = false, drop = false;
    if (c < 0x80) {
      ws = IsSpace(static_cast<char>(c));
      drop = !ws && (c < 0x20 || c == 0x7F);
    } else if (c == 0xC2 && i + 1 < s.size()) {
      n = 2;
      unsigned char d = static_cast<unsigned char>(s[i + 1]);
      ws = d == 0xA0 || d == 0x85;
      drop = d == 0xAD || (d >= 0x80 && d < 0xA0 && d != 0x85);  // soft hyphen, C1 controls
    } else if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
      n = 3;
      unsigned char d = static_cast<unsigned char>(s[i + 2]);
      ws = (d >= 0x80 && d <= 0x8A) || d == 0xA8 || d == 0xA9 || d == 0xAF;
      drop = d == 0x8B;  // zero-width space
    } else if (c == 0xE2 && i + 2 < s.size() && s[i + 1] == '\x81' && s[i + 2] == '\xA0') {
      n = 3;
      drop = true;  // word joiner
    } else if (c == 0xEF && i + 2 < s.size() && s[i + 1] == '\xBB' && s[i + 2] == '\xBF') {
      n = 3;
      drop = true;  // zero-width no-break space
    } else if (c == 0xE3 && i + 2 < s.size() && s[i + 1] == '\x80' && s[i + 2] == '\x80') {
      n = 3;
      ws = true;  // ideographic space
    } else {
      n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
      n = std::min(n, s.size() - i);
    }
    if (ws) {
      space = !out.empty();
    } else if (!drop) {
      if (space) out.push_back(' ');
      space = false;
      out.append(s.substr(i, n));
    }
    i += n;
  }
  return out;
}

std::string DecodeEntities(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out.push_back(s[i]);
      continue;
    }
    size_t semi = s.find(';', i + 1);
    if (semi == std::string_view::npos || semi - i > 33 || semi == i + 1) {
      out.push_back('&');
      continue;
    }
    std::string_view body = s.substr(i + 1, semi - i - 1);
    uint32_t cp = 0;
    bool ok = false;
    if (body[0] == '#') {
      bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
      std::string_view digits = body.substr(hex ? 2 : 1);
      ok = !digits.empty() && digits.size() <= 8;
      for (char c : digits) {
        int v = hex ? HexValue(c) : (IsDigit(c) ? c - '0' : -1);
        if (v < 0) { ok = false; break; }
        cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(v);
      }
      if (ok && (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))) cp = 0xFFFD;
    } else {
      std::string name(body);
      if (const htmlEntityDesc* e = htmlEntityLookup(reinterpret_cast<const xmlChar*>(name.c_str()))) {
        cp = e->value;
        ok = true;
      }
    }
    if (!ok) {
      out.push_back('&');
      continue;
    }
    AppendUtf8(out, cp);
    i = semi;
  }
  return out;
}

std::string CleanPlainText(std::string_view s) {
  // Lines: LF, CR LF or CR ends one; controls removed; trimmed.
  std::vector<std::string> lines;
  std::string cur;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
      lines.push_back(std::string(TrimAscii(cur)));
      cur.clear();
      continue;
    }
    unsigned char u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7F) continue;
    cur.push_back(c == '\t' ? ' ' : c);
  }
  lines.push_back(std::string(TrimAscii(cur)));

  auto is_list_item = [](const std::string& l) {
    if (l.size() >= 2 && (l[0] == '-' || l[0] == '*' || l[0] == '+') && l[1] == ' ') return true;
    if (l.rfind("\xE2\x80\xA2", 0) == 0 || l.rfind("\xE2\x80\x93 ", 0) == 0) return true;  // • –
    size_t k = 0;
    while (k < l.size() && k < 4 && IsDigit(l[k])) ++k;
    return k > 0 && k + 1 < l.size() && (l[k] == '.' || l[k] == ')') && l[k + 1] == ' ';
  };

  std::string out;
  bool in_para = false, pending_blank = false;
  const std::string* prev = nullptr;
  for (const std::string& l : lines) {
    if (l.empty()) {
      if (in_para) pending_blank = true;
      in_para = false;
      prev = nullptr;
      continue;
    }
    if (pending_blank) out += "\n\n";
    else if (prev != nullptr) out += (prev->size() >= 40 && !is_list_item(l)) ? " " : "\n";
    pending_blank = false;
    out += l;
    in_para = true;
    prev = &l;
  }
  return out;
}

}  // namespace relata::ingest
