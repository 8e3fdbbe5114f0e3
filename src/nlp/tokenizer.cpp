#include "nlp/tokenizer.h"

#include <algorithm>
#include <cstring>

#include <utf8proc.h>
#include <xxhash.h>

#include "nlp/bytes.h"
#include "nlp/model_file.h"

namespace relata {
namespace nlp {
namespace {

inline uint64_t H(std::string_view s) { return XXH3_64bits(s.data(), s.size()); }

// Decodes one UTF-8 code point at s[i] (n bytes in all). Invalid or truncated sequences
// decode as one byte with cp = 0xFFFD-like marker kInvalid.
constexpr uint32_t kInvalid = 0x110000;
inline size_t Decode(const unsigned char* s, size_t n, size_t i, uint32_t& cp) {
  unsigned char c = s[i];
  if (c < 0x80) { cp = c; return 1; }
  size_t len;
  uint32_t v;
  if ((c & 0xE0) == 0xC0) { len = 2; v = c & 0x1F; }
  else if ((c & 0xF0) == 0xE0) { len = 3; v = c & 0x0F; }
  else if ((c & 0xF8) == 0xF0) { len = 4; v = c & 0x07; }
  else { cp = kInvalid; return 1; }
  if (i + len > n) { cp = kInvalid; return 1; }
  for (size_t k = 1; k < len; ++k) {
    unsigned char d = s[i + k];
    if ((d & 0xC0) != 0x80) { cp = kInvalid; return 1; }
    v = (v << 6) | (d & 0x3F);
  }
  if ((len == 2 && v < 0x80) || (len == 3 && v < 0x800) || (len == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
      (v >= 0xD800 && v <= 0xDFFF)) {
    cp = kInvalid;
    return 1;
  }
  cp = v;
  return len;
}

inline bool IsSpaceCp(uint32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == 0xA0 ||
         c == 0x1680 || (c >= 0x2000 && c <= 0x200B) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
         c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

// Punctuation and symbols (Unicode categories P* and S*): each is (part of) a token of its own.
inline bool IsPunctCp(uint32_t c) {
  if (c < 0x80) {
    return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') &&
           c > ' ' && c != 0x7F;
  }
  if (c == kInvalid) return false;
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(c))) {
    case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD: case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE: case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO: case UTF8PROC_CATEGORY_SM: case UTF8PROC_CATEGORY_SC:
    case UTF8PROC_CATEGORY_SK: case UTF8PROC_CATEGORY_SO:
      return true;
    default:
      return false;
  }
}

inline bool IsDigit(uint32_t c) { return c >= '0' && c <= '9'; }
inline bool IsUpper(uint32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  return c != kInvalid && utf8proc_category(static_cast<utf8proc_int32_t>(c)) == UTF8PROC_CATEGORY_LU;
}
inline bool IsLower(uint32_t c) {
  if (c < 0x80) return c >= 'a' && c <= 'z';
  return c != kInvalid && utf8proc_category(static_cast<utf8proc_int32_t>(c)) == UTF8PROC_CATEGORY_LL;
}
inline bool IsLetter(uint32_t c) { return IsUpper(c) || IsLower(c) || (c >= 0x100 && c != kInvalid && !IsPunctCp(c)); }
inline bool IsApos(uint32_t c) { return c == '\'' || c == 0x2019; }

// ASCII lower-case copy into buf (at most cap bytes); returns the view.
inline std::string_view Lower(std::string_view s, char* buf, size_t cap) {
  size_t n = std::min(s.size(), cap);
  for (size_t i = 0; i < n; ++i) {
    char c = s[i];
    buf[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  }
  return {buf, n};
}

bool StartsWithCI(std::string_view s, std::string_view p) {
  if (s.size() < p.size()) return false;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (c != p[i]) return false;
  }
  return true;
}

class Segmenter {
 public:
  Segmenter(const TokenizerModel& m, const std::string& text, std::vector<Token>& out)
      : m_(m), t_(text), s_(reinterpret_cast<const unsigned char*>(text.data())), n_(text.size()), out_(out) {}

  void Chunk(size_t a, size_t b) {
    // URLs: strip openers and closers, keep the core whole.
    size_t ca = a, cb = b;
    while (ca < cb && IsOpener(ca)) ca += CpLen(ca);
    while (cb > ca && IsCloserAt(cb)) cb = PrevCp(cb);
    std::string_view core = std::string_view(t_).substr(ca, cb - ca);
    if (cb > ca && IsUrl(core)) {
      Pieces(a, ca);
      Emit(ca, cb);
      Pieces(cb, b);
      return;
    }
    bool plain = true;  // letters and digits only: no exception can apply
    for (size_t i = a; i < b && plain; ++i) {
      unsigned char c = s_[i];
      plain = c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
    }
    if (plain) {
      Pieces(a, b);
      return;
    }
    // E-mail addresses ("john.doe@example.com", "Warner@ENRON", "@example.com").
    size_t at = std::string_view(t_).substr(a, b - a).find('@');
    if (at != std::string_view::npos) {
      at += a;
      size_t l = at, r = at + 1;
      auto local = [](unsigned char c) {
        return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '.' || c == '_' ||
               c == '%' || c == '+' || c == '-';
      };
      while (l > a && local(s_[l - 1])) --l;
      while (l < at && (s_[l] == '.' || s_[l] == '-')) ++l;
      while (r < b && (local(s_[r]) && s_[r] != '%' && s_[r] != '+' && s_[r] != '_')) ++r;
      while (r > at + 1 && (s_[r - 1] == '.' || s_[r - 1] == '-')) --r;
      std::string_view dom(t_.data() + at + 1, r - at - 1);
      bool caps = dom.size() >= 3;
      for (char c : dom) caps = caps && c >= 'A' && c <= 'Z';
      bool dotted = dom.find('.') != std::string_view::npos && dom.front() != '.';
      if ((dotted && (l < at || l == a)) || (caps && l < at)) {
        Pieces(a, l);
        Emit(l, r);
        Pieces(r, b);
        return;
      }
    }
    // Learnt whole tokens with punctuation inside (":)", "b/c", "Yahoo!"), possibly inside
    // brackets or quotes or before a final punctuation mark.
    if (!m_.whole.empty()) {
      size_t lefts[2] = {a, a}, rights[3] = {b, b, b};
      if (IsOpener(a)) lefts[1] = a + CpLen(a);
      if (b > a && IsCloserAt(b)) rights[1] = PrevCp(b);
      if (rights[1] > a && rights[1] < b && IsCloserAt(rights[1])) rights[2] = PrevCp(rights[1]);
      for (size_t l : lefts)
        for (size_t r : rights)
          if (r > l + 1 && r - l <= 40 && m_.whole.count(H(std::string_view(t_).substr(l, r - l)))) {
            Pieces(a, l);
            Emit(l, r);
            Pieces(r, b);
            return;
          }
    }
    Pieces(a, b);
  }

 private:
  uint32_t Cp(size_t i) const {
    if (i >= n_) return 0;
    uint32_t c;
    Decode(s_, n_, i, c);
    return c;
  }
  size_t CpLen(size_t i) const {
    uint32_t c;
    return Decode(s_, n_, i, c);
  }
  size_t PrevCp(size_t i) const {  // start of the code point ending at i
    size_t j = i - 1;
    size_t lim = i >= 4 ? i - 4 : 0;
    while (j > lim && (s_[j] & 0xC0) == 0x80) --j;
    uint32_t c;
    if (Decode(s_, n_, j, c) == i - j) return j;
    return i - 1;
  }
  bool IsOpener(size_t i) const {
    uint32_t c = Cp(i);
    return c == '"' || c == '\'' || c == '(' || c == '[' || c == '<' || c == '{' || c == 0x201C ||
           c == 0x2018 || c == 0xAB || c == '`';
  }
  bool IsCloserAt(size_t end) const {
    uint32_t c = Cp(PrevCp(end));
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == '>' || c == '}' || c == 0x201D ||
           c == 0x2019 || c == 0xBB || c == '.' || c == ',' || c == ';' || c == ':' || c == '!' ||
           c == '?';
  }
  static bool IsUrl(std::string_view s) {
    if (StartsWithCI(s, "http://") || StartsWithCI(s, "https://") || StartsWithCI(s, "ftp://") ||
        StartsWithCI(s, "www.") || StartsWithCI(s, "mailto:"))
      return s.size() > 7;
    return s.find("://") != std::string_view::npos;
  }

  void Emit(size_t b, size_t e) {
    if (e <= b) return;
    Token tok;
    tok.begin = static_cast<uint32_t>(b);
    tok.end = static_cast<uint32_t>(e);
    tok.form.assign(t_, b, e - b);
    out_.push_back(std::move(tok));
  }

  // Tokenizes [a, b) (no white space inside) into words and punctuation.
  void Pieces(size_t a, size_t b) {
    size_t i = a;
    while (i < b) {
      uint32_t c;
      size_t len = Decode(s_, b, i, c);
      if (!IsPunctCp(c)) {
        i = Word(i, b);
        continue;
      }
      size_t j = i + len;
      if (c == '#' && j < b && IsLetter(Cp(j))) {  // a hashtag
        while (j < b && (s_[j] >= 0x80 || s_[j] == '_' || IsDigit(s_[j]) || IsLetter(s_[j]))) ++j;
        Emit(i, j);
        i = j;
        continue;
      }
      if (c == '.' || c == '!' || c == '?') {  // "...", "?!", "!!!"
        while (j < b && (s_[j] == '.' || s_[j] == '!' || s_[j] == '?')) ++j;
      } else if (c == '-' || c == '*' || c == '=' || c == '_' || c == '~' || c == '#' || c == '`' ||
                 c == '+' || c == '<' || c == '>') {
        while (j < b && s_[j] == static_cast<unsigned char>(c)) ++j;
      } else if (c == '\'' && j < b && s_[j] == '\'') {
        ++j;
      } else if (IsApos(c) && j < b) {
        // "'s", "'re" ... written apart from their host: one token.
        size_t k = j;
        while (k < b && k - j < 3 && s_[k] < 0x80 && ((s_[k] | 0x20) >= 'a' && (s_[k] | 0x20) <= 'z')) ++k;
        uint32_t after = Cp(k);
        if (k > j && (k == b || !IsLetter(after))) {
          char buf[8];
          std::string_view cl = Lower(std::string_view(t_).substr(j, k - j), buf, sizeof buf);
          if (cl == "s" || cl == "re" || cl == "ve" || cl == "ll" || cl == "d" || cl == "m" || cl == "em") j = k;
        } else if (k == j && (i == 0 || IsSpaceCp(Cp(PrevCp(i))) || IsOpener(PrevCp(i)))) {
          // '80s, ’90s
          while (k < b && IsDigit(s_[k])) ++k;
          if (k - j == 2 && k < b && s_[k] == 's' && (k + 1 == b || !IsLetter(Cp(k + 1)))) j = k + 1;
        }
      }
      Emit(i, j);
      i = j;
    }
  }

  // A word starting at i: letters/digits joined by . , : / - ' & where they are word-internal.
  size_t Word(size_t i, size_t b) {
    size_t start = i;
    hyphens_.clear();
    size_t seg_len = 0;       // letters in the current '.'-separated segment
    bool dotted = false, long_seg = false;
    uint32_t prev = 0;
    while (i < b) {
      uint32_t c;
      size_t len = Decode(s_, b, i, c);
      if (!IsPunctCp(c)) {
        prev = c;
        i += len;
        ++seg_len;
        continue;
      }
      size_t j = i + len;
      if (j >= b) break;
      uint32_t next;
      Decode(s_, b, j, next);
      if (IsPunctCp(next)) break;
      bool join = false;
      switch (c) {
        case '.':
          join = IsDigit(prev) ? IsDigit(next) || IsLetter(next)
                               : !(seg_len >= 3 && IsLower(prev) && IsUpper(next));
          if (join) { dotted = true; if (seg_len > 2) long_seg = true; seg_len = 0; }
          break;
        case ',':
          join = IsDigit(prev) && IsDigit(next) && j + 2 < b && IsDigit(s_[j + 1]) && IsDigit(s_[j + 2]);
          break;
        case ':': case '/':
          join = IsDigit(prev) && IsDigit(next);
          break;
        case '-':
          join = true;
          hyphens_.push_back(i);
          break;
        case '&':
          join = IsUpper(prev) && IsUpper(next);
          break;
        case '\'': case 0x2019:
          join = IsLetter(next) && (IsLetter(prev) || IsDigit(prev));
          break;
        default:
          break;
      }
      if (!join) break;
      prev = c;
      i = j;
    }
    if (seg_len > 2) long_seg = true;
    size_t end = i;
    // A final period: part of an abbreviation, an initial or a dotted acronym ("U.S.").
    if (end < b && s_[end] == '-' && end + 1 == b && end > start) {
      ++end;  // a truncated word ("wh-", "pre-")
      Emit(start, end);
      return end;
    }
    if (end < b && s_[end] == '.' && !(end + 2 < b && s_[end + 1] == '.' && s_[end + 2] == '.')) {
      std::string_view w(t_.data() + start, end + 1 - start);
      bool single = end - start == 1 && s_[start] < 0x80 && IsLetter(s_[start]);
      bool acronym = dotted && !long_seg && IsLetter(prev);
      if (single || acronym || m_.abbreviations.count(H(w))) {
        end += 1;
      } else if (!hyphens_.empty()) {
        std::string_view last(t_.data() + hyphens_.back() + 1, end + 1 - hyphens_.back() - 1);
        if (m_.abbreviations.count(H(last))) end += 1;
      }
    }
    // "Maj.-Gen.": two abbreviations joined by a hyphen stay one token.
    if (end > start && s_[end - 1] == '.' && end + 1 < b && s_[end] == '-' && s_[end + 1] < 0x80 && IsUpper(s_[end + 1])) {
      size_t k = end + 1;
      while (k < b && s_[k] < 0x80 && IsLetter(s_[k])) ++k;
      if (k < b && s_[k] == '.' && m_.abbreviations.count(H(std::string_view(t_.data() + end + 1, k + 1 - end - 1)))) {
        Emit(start, k + 1);
        return k + 1;
      }
    }
    std::string_view piece(t_.data() + start, end - start);
    if (dotted && long_seg && !IsDigit(s_[start])) {  // a domain name or similar
      Emit(start, end);
      return end;
    }
    if (hyphens_.empty()) {
      Clitics(start, end);
      return end;
    }
    // Hyphens: keep the word whole or split at each hyphen.
    char buf[256];
    int whole = -1;
    if (piece.size() <= sizeof buf) {
      auto it = m_.hyphen_word.find(H(Lower(piece, buf, sizeof buf)));
      if (it != m_.hyphen_word.end()) whole = it->second;
    }
    size_t seg = start;
    for (size_t k = 0; k < hyphens_.size(); ++k) {
      size_t h = hyphens_[k];
      size_t next_end = k + 1 < hyphens_.size() ? hyphens_[k + 1] : end;
      bool keep;
      if (whole >= 0) {
        keep = whole == 1;
      } else {
        std::string_view left(t_.data() + (k ? hyphens_[k - 1] + 1 : start), h - (k ? hyphens_[k - 1] + 1 : start));
        std::string_view right(t_.data() + h + 1, next_end - h - 1);
        auto it = left.size() <= sizeof buf ? m_.hyphen_prefix.find(H(Lower(left, buf, sizeof buf)))
                                            : m_.hyphen_prefix.end();
        if (it != m_.hyphen_prefix.end())
          keep = it->second == 1;
        else
          keep = m_.hyphen_shape[PartShape(left)][PartShape(right)] == 1;
      }
      if (!keep) {
        Clitics(seg, h);
        Emit(h, h + 1);
        seg = h + 1;
      }
    }
    Clitics(seg, end);
    return end;
  }

  // Splits multi-word tokens: the learnt table first, then the clitic rules.
  void Clitics(size_t a, size_t b) {
    if (b <= a) return;
    std::string_view w(t_.data() + a, b - a);
    char buf[64];
    if (w.size() <= sizeof buf) {
      std::string_view lw = Lower(w, buf, sizeof buf);
      auto it = m_.mwt.find(H(lw));
      if (it != m_.mwt.end()) {
        size_t p = a;
        for (uint8_t off : it->second) {
          if (a + off <= p || a + off >= b) continue;
          Emit(p, a + off);
          p = a + off;
        }
        Emit(p, b);
        return;
      }
      // A number with a unit or word attached ("10am", "5k") splits unless the suffix is one
      // the treebanks keep ("5th", "1990s").
      if (IsDigit(static_cast<unsigned char>(lw[0]))) {
        size_t p = 0;
        while (p < lw.size() && (IsDigit(static_cast<unsigned char>(lw[p])) || lw[p] == '.' || lw[p] == ',')) ++p;
        size_t q = p;
        while (q < lw.size() && lw[q] >= 'a' && lw[q] <= 'z') ++q;
        if (p > 0 && q == lw.size() && q > p && IsDigit(static_cast<unsigned char>(lw[p - 1])) &&
            !m_.number_suffix.count(H(lw.substr(p)))) {
          Emit(a, a + p);
          Emit(a + p, b);
          return;
        }
      }
      // n't
      if (lw.size() > 3 && lw.substr(lw.size() - 3) == "n't") {
        Emit(a, b - 3);
        Emit(b - 3, b);
        return;
      }
      if (lw.size() > 5 && lw.substr(lw.size() - 5) == "n\xE2\x80\x99t") {
        Emit(a, b - 5);
        Emit(b - 5, b);
        return;
      }
      // 's 're 've 'll 'd 'm
      for (size_t k = lw.size(); k-- > 1;) {
        size_t alen = 0;
        if (lw[k] == '\'') alen = 1;
        else if (k + 3 <= lw.size() && lw.compare(k, 3, "\xE2\x80\x99") == 0) alen = 3;
        if (!alen) {
          if (lw.size() - k > 6) break;
          continue;
        }
        std::string_view suf = lw.substr(k + alen);
        bool digits = true;  // "1990's" stays whole
        for (size_t q = 0; q < k; ++q) digits = digits && lw[q] >= '0' && lw[q] <= '9';
        if (digits) break;
        if (suf == "s" || suf == "re" || suf == "ve" || suf == "ll" || suf == "d" || suf == "m") {
          Emit(a, a + k);
          Emit(a + k, b);
          return;
        }
        break;
      }
    }
    Emit(a, b);
  }

  const TokenizerModel& m_;
  const std::string& t_;
  const unsigned char* s_;
  size_t n_;
  std::vector<Token>& out_;
  std::vector<size_t> hyphens_;
};

}  // namespace

void TokenizerModel::Index() {
  abbreviations.clear();
  mwt.clear();
  hyphen_word.clear();
  hyphen_prefix.clear();
  whole.clear();
  for (const auto& w : whole_list) whole[H(w)] = 1;
  number_suffix.clear();
  for (const auto& w : number_suffix_list) number_suffix[H(w)] = 1;
  for (const auto& a : abbreviation_list) abbreviations[H(a)] = 1;
  for (const auto& a : final_abbreviation_list) abbreviations[H(a)] = 2;
  for (const auto& [w, offs] : mwt_list) mwt[H(w)] = offs;
  for (const auto& [w, d] : hyphen_word_list) hyphen_word[H(w)] = d;
  for (const auto& [w, d] : hyphen_prefix_list) hyphen_prefix[H(w)] = d;
}

int PartShape(std::string_view p) {
  if (p.empty()) return 5;
  unsigned char c = static_cast<unsigned char>(p[0]);
  if (c >= '0' && c <= '9') {
    for (char x : p)
      if (x < '0' || x > '9') return 4;
    return 3;
  }
  if (c >= 'a' && c <= 'z') return 0;
  if (c >= 'A' && c <= 'Z') {
    bool lower = false;
    for (char x : p) lower |= (x >= 'a' && x <= 'z');
    return lower ? 1 : 2;
  }
  return 5;
}

int BoundaryShape(std::string_view f) {
  if (f.empty()) return 9;
  unsigned char c = static_cast<unsigned char>(f[0]);
  if (c >= 'a' && c <= 'z') return 0;
  if (c >= 'A' && c <= 'Z') {
    if (f.size() == 1) return 3;
    bool lower = false;
    for (char x : f) lower |= (x >= 'a' && x <= 'z');
    return lower ? 1 : 2;
  }
  if (c >= '0' && c <= '9') return 4;
  if (c == '.' || c == '!' || c == '?' || f == "\xE2\x80\xA6") return 5;
  if (c == '"' || c == ')' || c == ']' || c == '}' || f == "''" || f == "\xE2\x80\x9D" ||
      f == "\xE2\x80\x99" || f == "\xC2\xBB" || f == "'")
    return 6;
  if (c == '(' || c == '[' || c == '{' || f == "``" || f == "\xE2\x80\x9C" || f == "\xE2\x80\x98" ||
      f == "\xC2\xAB")
    return 7;
  if (c < 0x80) return 8;
  return 9;
}

bool BoundaryCandidate(const uint8_t* shapes, const std::vector<Token>& toks, size_t i) {
  if (i + 1 >= toks.size()) return false;
  if (shapes[i + 1] == 0 && shapes[i] <= 4) return false;  // a word before a lower-case word
  char next = toks[i + 1].form[0];  // no sentence starts with these
  return !(next == ',' || next == ';' || next == ':' || next == ')' || next == ']' || next == '}' || next == '%');
}

BoundaryContext MakeBoundaryContext(const std::vector<Token>& toks, const uint64_t* hashes,
                                    const uint8_t* shapes, size_t i) {
  const size_t n = toks.size();
  const uint64_t none = 0x5eed;
  BoundaryContext c;
  c.hp = i > 0 ? hashes[i - 1] : none;
  c.h = hashes[i];
  c.hn = i + 1 < n ? hashes[i + 1] : none;
  c.hn2 = i + 2 < n ? hashes[i + 2] : none;
  c.sp = i > 0 ? shapes[i - 1] : 15;
  c.s = shapes[i];
  c.sn = i + 1 < n ? shapes[i + 1] : 15;
  c.sn2 = i + 2 < n ? shapes[i + 2] : 15;
  c.space_after = toks[i].space_after;
  c.length = static_cast<uint32_t>(toks[i].form.size());
  return c;
}

size_t BoundaryFeatures(const TokenizerModel& m, const BoundaryContext& c, uint64_t* out) {
  uint64_t abbr = m.abbreviations.count(c.h) ? 1 : 0;
  uint64_t len = std::min<uint32_t>(c.length, 6);
  uint64_t space = c.space_after ? 1 : 0;
  size_t k = 0;
  out[k++] = FeatureKey(1, 0);
  out[k++] = FeatureKey(2, c.h);
  out[k++] = FeatureKey(3, c.hn);
  out[k++] = FeatureKey(4, c.hp, c.h);
  out[k++] = FeatureKey(5, c.h, c.sn);
  out[k++] = FeatureKey(6, c.s, c.sn);
  out[k++] = FeatureKey(7, c.h, c.hn);
  out[k++] = FeatureKey(8, space, c.s, c.sn);
  out[k++] = FeatureKey(9, len, c.s, c.sn);
  out[k++] = FeatureKey(10, c.sp, c.s, c.sn);
  out[k++] = FeatureKey(11, abbr, c.sn);
  out[k++] = FeatureKey(12, c.hp);
  out[k++] = FeatureKey(13, c.s, c.sn, c.sn2);
  out[k++] = FeatureKey(14, c.h, c.hn, c.hn2);
  return k;
}

void TokenizeWords(const TokenizerModel& m, Document& doc, std::vector<uint8_t>& hard_break) {
  doc.tokens.clear();
  hard_break.clear();
  const std::string& text = doc.text;
  const unsigned char* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  doc.tokens.reserve(n / 6 + 16);  // English text averages about 5-6 bytes per token
  Segmenter seg(m, text, doc.tokens);
  size_t i = 0;
  int newlines = 0;
  while (i < n) {
    uint32_t c;
    size_t len = Decode(s, n, i, c);
    if (IsSpaceCp(c)) {
      if (c == '\n') ++newlines;
      i += len;
      continue;
    }
    size_t a = i;
    while (i < n) {
      len = Decode(s, n, i, c);
      if (IsSpaceCp(c)) break;
      i += len;
    }
    size_t before = doc.tokens.size();
    if (before > 0) {
      hard_break.resize(before, 0);
      // A blank line ends a sentence; so does a single line break unless the next line
      // continues in lower case (wrapped prose).
      uint32_t first_cp;
      Decode(s, n, a, first_cp);
      if (newlines >= 2 || (newlines == 1 && !IsLower(first_cp))) hard_break[before - 1] = 1;
    }
    newlines = 0;
    seg.Chunk(a, i);
  }
  hard_break.resize(doc.tokens.size(), 0);
  for (size_t k = 0; k < doc.tokens.size(); ++k) {
    Token& t = doc.tokens[k];
    t.space_after = k + 1 < doc.tokens.size() ? doc.tokens[k + 1].begin > t.end : t.end < n;
  }
}

namespace {
bool IsMonthWord(std::string_view w) {
  if (!w.empty() && w.back() == '.') w.remove_suffix(1);
  static constexpr std::string_view kMonths[] = {
      "January", "February", "March", "April", "May",  "June", "July", "August", "September",
      "October", "November", "December", "Jan",  "Feb",  "Mar",  "Apr", "Jun",    "Jul",
      "Aug",     "Sep",      "Sept",     "Oct",  "Nov",  "Dec"};
  for (std::string_view m : kMonths)
    if (w == m) return true;
  return false;
}

// A news dateline ends at its dash: "WASHINGTON (Reuters) —", "LONDON, March 3 (AP) -",
// "BEIRUT —", "AMMAN, June 12, 2024 -": the sentence starts with an all-caps word, the dash
// follows it, a closing bracket, or a comma and a date (month name, numbers, commas), within
// 12 tokens. EWT makes the dateline a sentence of its own.
bool IsDatelineEnd(const std::vector<Token>& toks, const uint8_t* shapes, size_t first, size_t i) {
  const std::string& f = toks[i].form;
  if (!(f == "-" || f == "--" || f == "\xE2\x80\x94" || f == "\xE2\x80\x93")) return false;
  if (i == first || i - first > 12 || i + 1 >= toks.size() || shapes[first] != 2) return false;
  if (shapes[i + 1] != 1 && shapes[i + 1] != 2 && shapes[i + 1] != 3 && shapes[i + 1] != 7) return false;
  if (i == first + 1) return true;
  if (toks[i - 1].form == ")") return true;
  if (toks[first + 1].form != ",") return false;
  bool month = false;
  for (size_t k = first + 2; k < i; ++k) {
    const std::string& w = toks[k].form;
    if (w == ",") continue;
    if (IsMonthWord(w)) {
      month = true;
      continue;
    }
    if (shapes[k] != 4 || w.find_first_not_of("0123456789") != std::string::npos) return false;
  }
  return month;
}
}  // namespace

void SplitSentences(const TokenizerModel& m, Document& doc, const std::vector<uint8_t>& hard_break) {
  doc.sentences.clear();
  std::vector<Token>& toks = doc.tokens;
  const size_t n = toks.size();
  if (n == 0) return;
  std::vector<uint64_t> hashes(n);
  std::vector<uint8_t> shapes(n);
  for (size_t i = 0; i < n; ++i) {
    hashes[i] = H(toks[i].form);
    shapes[i] = static_cast<uint8_t>(BoundaryShape(toks[i].form));
  }
  static const uint64_t kPeriod = H(".");
  std::vector<uint8_t> ends(n, 0);
  std::vector<uint32_t> split_at;  // tokens whose final period becomes a token of its own
  uint64_t feats[32];
  size_t cur_first = 0;  // first token of the current sentence
  for (size_t i = 0; i < n; ++i) {
    if (i > 0 && ends[i - 1]) cur_first = i;
    const std::string& f = toks[i].form;
    bool abbr_end = f.size() > 1 && f.back() == '.' && f[f.size() - 2] != '.' && shapes[i] != 5;
    if (i + 1 == n || hard_break[i]) {
      ends[i] = 1;
      if (abbr_end) split_at.push_back(static_cast<uint32_t>(i));
      continue;
    }
    if (IsDatelineEnd(toks, shapes.data(), cur_first, i)) {
      ends[i] = 1;
      cur_first = i + 1;
      continue;
    }
    if (!BoundaryCandidate(shapes.data(), toks, i)) continue;
    BoundaryContext c = MakeBoundaryContext(toks, hashes.data(), shapes.data(), i);
    float sc[2] = {0, 0};
    m.boundary.Score(feats, BoundaryFeatures(m, c, feats), sc);
    ends[i] = sc[1] > sc[0];
    if (abbr_end) {  // only abbreviations seen ending sentences give up their period
      auto it = m.abbreviations.find(hashes[i]);
      abbr_end = it != m.abbreviations.end() && it->second == 2;
    }
    if (ends[i] && abbr_end) {  // "... etc." + "The": the period ends the sentence
      split_at.push_back(static_cast<uint32_t>(i));
      continue;
    }
    if (!ends[i] && abbr_end) {
      // Would the sentence end if the period stood alone ("etc" + ".")?
      BoundaryContext v = c;
      v.hp = H(std::string_view(f).substr(0, f.size() - 1));
      v.sp = static_cast<uint8_t>(BoundaryShape(std::string_view(f).substr(0, f.size() - 1)));
      v.h = kPeriod;
      v.s = 5;
      v.length = 1;
      float vs[2] = {0, 0};
      m.boundary.Score(feats, BoundaryFeatures(m, v, feats), vs);
      if (vs[1] > vs[0]) {
        ends[i] = 1;
        split_at.push_back(static_cast<uint32_t>(i));
      }
    }
  }
  if (!split_at.empty()) {
    std::vector<Token> out;
    std::vector<uint8_t> out_ends;
    out.reserve(n + split_at.size());
    out_ends.reserve(n + split_at.size());
    size_t next = 0;
    for (size_t i = 0; i < n; ++i) {
      if (next < split_at.size() && split_at[next] == i) {
        ++next;
        Token period;
        period.begin = toks[i].end - 1;
        period.end = toks[i].end;
        period.form = ".";
        period.space_after = toks[i].space_after;
        toks[i].end -= 1;
        toks[i].form.pop_back();
        toks[i].space_after = false;
        out.push_back(std::move(toks[i]));
        out_ends.push_back(0);
        out.push_back(std::move(period));
        out_ends.push_back(1);
        continue;
      }
      out.push_back(std::move(toks[i]));
      out_ends.push_back(ends[i]);
    }
    toks = std::move(out);
    ends = std::move(out_ends);
  }
  uint32_t first = 0;
  for (size_t i = 0; i < toks.size(); ++i) {
    if (!ends[i] && i + 1 - first >= kMaxSentenceTokens) {
      // Cut at the last comma, semicolon or colon in the final quarter, else here.
      size_t cut = i;
      for (size_t j = i; j > first + kMaxSentenceTokens * 3 / 4; --j) {
        const std::string& f = toks[j].form;
        if (f == "," || f == ";" || f == ":") { cut = j; break; }
      }
      doc.sentences.push_back({first, static_cast<uint32_t>(cut + 1)});
      first = static_cast<uint32_t>(cut + 1);
      continue;
    }
    if (ends[i]) {
      doc.sentences.push_back({first, static_cast<uint32_t>(i + 1)});
      first = static_cast<uint32_t>(i + 1);
    }
  }
}

void WriteTokenizerSections(const TokenizerModel& m,
                            std::vector<std::pair<std::string, std::string>>& sections) {
  ByteWriter w;
  w.U32(static_cast<uint32_t>(m.abbreviation_list.size()));
  for (const auto& a : m.abbreviation_list) w.Str(a);
  sections.emplace_back("abbreviations", w.Take());
  w.U32(static_cast<uint32_t>(m.final_abbreviation_list.size()));
  for (const auto& a : m.final_abbreviation_list) w.Str(a);
  sections.emplace_back("final_abbreviations", w.Take());
  w.U32(static_cast<uint32_t>(m.number_suffix_list.size()));
  for (const auto& a : m.number_suffix_list) w.Str(a);
  sections.emplace_back("number_suffixes", w.Take());
  ByteWriter ww;
  ww.U32(static_cast<uint32_t>(m.whole_list.size()));
  for (const auto& a : m.whole_list) ww.Str(a);
  sections.emplace_back("whole", ww.Take());
  ByteWriter mw;
  mw.U32(static_cast<uint32_t>(m.mwt_list.size()));
  for (const auto& [form, offs] : m.mwt_list) {
    mw.Str(form);
    mw.U8(static_cast<uint8_t>(offs.size()));
    for (uint8_t o : offs) mw.U8(o);
  }
  sections.emplace_back("mwt", mw.Take());
  ByteWriter hw;
  for (const auto* list : {&m.hyphen_word_list, &m.hyphen_prefix_list}) {
    hw.U32(static_cast<uint32_t>(list->size()));
    for (const auto& [form, d] : *list) {
      hw.Str(form);
      hw.U8(d);
    }
  }
  for (int a = 0; a < 8; ++a)
    for (int b = 0; b < 8; ++b) hw.U8(m.hyphen_shape[a][b]);
  sections.emplace_back("hyphens", hw.Take());
  ByteWriter bw;
  m.boundary.Write(bw);
  sections.emplace_back("boundary", bw.Take());
}

Status ReadTokenizerSections(const std::vector<std::pair<std::string, std::string>>& sections,
                             const std::string& path, TokenizerModel& m) {
  auto find = [&](std::string_view name) -> const std::string* {
    for (const auto& [k, v] : sections)
      if (k == name) return &v;
    return nullptr;
  };
  for (const char* name : {"abbreviations", "final_abbreviations", "number_suffixes", "whole", "mwt", "hyphens", "boundary"})
    if (!find(name)) return Status::Error(path + ": missing section '" + name + "'");
  for (auto [name, list] : {std::pair{"abbreviations", &m.abbreviation_list}, std::pair{"whole", &m.whole_list},
                             std::pair{"final_abbreviations", &m.final_abbreviation_list},
                             std::pair{"number_suffixes", &m.number_suffix_list}}) {
    ByteReader r(*find(name), path + ": section " + name);
    uint32_t count = r.U32();
    if (r.Count(count, 4))
      for (uint32_t i = 0; i < count && r.ok(); ++i) list->emplace_back(r.Str());
    if (r.ok() && !r.at_end()) r.Fail("trailing bytes");
    if (!r.ok()) return r.status();
  }
  {
    ByteReader r(*find("mwt"), path + ": section mwt");
    uint32_t count = r.U32();
    if (r.Count(count, 5))
      for (uint32_t i = 0; i < count && r.ok(); ++i) {
        std::string form(r.Str());
        uint8_t k = r.U8();
        std::vector<uint8_t> offs;
        for (uint8_t j = 0; j < k && r.ok(); ++j) offs.push_back(r.U8());
        m.mwt_list.emplace_back(std::move(form), std::move(offs));
      }
    if (r.ok() && !r.at_end()) r.Fail("trailing bytes");
    if (!r.ok()) return r.status();
  }
  {
    ByteReader r(*find("hyphens"), path + ": section hyphens");
    for (auto* list : {&m.hyphen_word_list, &m.hyphen_prefix_list}) {
      uint32_t count = r.U32();
      if (!r.Count(count, 5)) break;
      for (uint32_t i = 0; i < count && r.ok(); ++i) {
        std::string form(r.Str());
        uint8_t d = r.U8();
        if (d > 1) r.Fail("hyphen decision out of range");
        list->emplace_back(std::move(form), d);
      }
    }
    for (int a = 0; a < 8; ++a)
      for (int b = 0; b < 8; ++b) m.hyphen_shape[a][b] = r.U8();
    if (r.ok() && !r.at_end()) r.Fail("trailing bytes");
    if (!r.ok()) return r.status();
  }
  {
    ByteReader r(*find("boundary"), path + ": section boundary");
    if (!m.boundary.Read(r)) return r.status();
    if (m.boundary.classes() != 2) return Status::Error(path + ": section boundary: expected 2 classes");
  }
  m.Index();
  return Status::Ok();
}

std::string SegmentationString(const Document& doc) {
  std::string out;
  for (size_t s = 0; s < doc.sentences.size(); ++s) {
    if (s) out += " | ";
    for (uint32_t i = doc.sentences[s].first; i < doc.sentences[s].last; ++i) {
      if (i > doc.sentences[s].first) out += ' ';
      out += doc.tokens[i].form;
    }
  }
  return out;
}

}  // namespace nlp

Result<std::unique_ptr<Tokenizer>> Tokenizer::Load(const std::string& path) {
  auto file = nlp::ModelFile::Load(path, "tokenizer");
  if (!file.ok()) return file.status();
  if (file->component_version != 1)
    return Status::Error(path + ": tokenizer model version " + std::to_string(file->component_version) +
                         " is not supported (expected 1)");
  nlp::TokenizerModel m;
  Status st = nlp::ReadTokenizerSections(file->sections, path, m);
  if (!st.ok()) return st;
  auto tok = std::make_unique<Tokenizer>(std::move(m));
  for (size_t i = 0; i < file->self_tests.size(); ++i) {
    const nlp::SelfTest& t = file->self_tests[i];
    Document d;
    d.text = t.input;
    tok->Tokenize(d);
    std::string got = nlp::SegmentationString(d);
    if (got != t.expected)
      return Status::Error(path + ": self-test " + std::to_string(i + 1) + " failed: for \"" + t.input +
                           "\" expected \"" + t.expected + "\" but got \"" + got + "\"");
  }
  return tok;
}

void Tokenizer::Tokenize(Document& doc) const {
  doc.sentences.clear();
  doc.entities.clear();
  std::vector<uint8_t> hard;
  nlp::TokenizeWords(m_, doc, hard);
  nlp::SplitSentences(m_, doc, hard);
}

}  // namespace relata
