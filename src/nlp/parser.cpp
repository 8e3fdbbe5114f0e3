#include "nlp/parser.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "nlp/bytes.h"
#include "nlp/model_file.h"

namespace relata {

namespace nlp::parsing {

namespace {

inline uint64_t Fmix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  x ^= x >> 33;
  return x;
}
// Feature key of a template and up to four values. Cheaper than XXH3 on a buffer and only
// ever compared with keys made by this same function (training and inference share it).
inline uint64_t K(uint64_t t, uint64_t a) { return Fmix(t * 0x9E3779B97F4A7C15ull ^ a); }
inline uint64_t K(uint64_t t, uint64_t a, uint64_t b) { return Fmix(K(t, a) ^ b); }
inline uint64_t K(uint64_t t, uint64_t a, uint64_t b, uint64_t c) { return Fmix(K(t, a, b) ^ c); }
inline uint64_t K(uint64_t t, uint64_t a, uint64_t b, uint64_t c, uint64_t d) {
  return Fmix(K(t, a, b, c) ^ d);
}

constexpr uint64_t kNone = 0x6E6F6E65ull;      // absent position
constexpr uint64_t kRootVal = 0x726F6F74ull;   // the virtual ROOT
constexpr uint64_t kPendingTag = 0x74616733ull;  // the buffer front's tags, not chosen yet
constexpr int kNoChild = -1;

inline int Bucket(int d) { return d <= 5 ? d : d <= 10 ? 6 : 7; }

}  // namespace

std::string NormaliseWord(std::string_view form) {
  std::string w(form);
  for (char& ch : w) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    else if (ch >= '0' && ch <= '9') ch = '9';
  }
  return w;
}

PToken MakePToken(std::string_view form, std::string_view xpos, std::string_view upos) {
  PToken t;
  const std::string w = NormaliseWord(form);
  t.word = ValueHash(w);
  t.upos = ValueHash(upos) | 1;
  t.tag = xpos.empty() ? t.upos : (ValueHash(xpos) | 1);
  t.amb = kUnknownWord;
  t.suf = ValueHash(std::string_view(w).substr(w.size() > 3 ? w.size() - 3 : 0)) ^ 0x5355460000ull;
  return t;
}

void SetTagCandidates(PToken& t, std::string_view form, int p1, int p2, std::string_view xpos2,
                      std::string_view upos2, float margin, float threshold) {
  if (!(margin < threshold) || p1 < 0 || p2 < 0 || p1 == p2) return;
  const PToken second = MakePToken(form, xpos2, upos2);
  t.tag2 = second.tag;
  t.upos2 = second.upos;
  t.c1 = static_cast<int16_t>(p1);
  t.c2 = static_cast<int16_t>(p2);
  t.mb = static_cast<uint8_t>(std::clamp(static_cast<int>(4.0f * std::max(margin, 0.0f) / threshold), 0, 3));
}

void SetWordClasses(PToken& t, std::string_view form, const WordClusters& classes) {
  const auto [r, l] = classes.Lookup(WordClassKey(form));
  t.cr = 2u + r;
  t.cl = 2u + l;
}

int UposIndex(std::string_view upos) {
  static constexpr std::string_view kUpos[] = {"ADJ",  "ADP",   "ADV",  "AUX",   "CCONJ", "DET",
                                               "INTJ", "NOUN",  "NUM",  "PART",  "PRON",  "PROPN",
                                               "PUNCT", "SCONJ", "SYM", "VERB",  "X"};
  for (int i = 0; i < 17; ++i)
    if (kUpos[i] == upos) return i;
  return -1;
}

bool Lexicon::Insert(uint64_t key, uint32_t set) {
  uint64_t j = key & mask_;
  while (table_[j].set != 0) {
    if (table_[j].key == key) return false;
    j = (j + 1) & mask_;
  }
  table_[j] = Slot{key, set};
  ++size_;
  return true;
}

void Lexicon::Build(const std::vector<std::pair<uint64_t, uint32_t>>& entries) {
  size_t size = 64;
  while (size < 2 * entries.size() + 2) size *= 2;  // load <= 1/2
  mask_ = size - 1;
  table_.assign(size, Slot{0, 0});
  size_ = 0;
  for (const auto& [key, set] : entries)
    if (set != 0) Insert(key, set);
}

bool Lexicon::Read(ByteReader& r) {
  const uint64_t n = r.U64();
  if (!r.Count(n, 12)) return false;
  size_t size = 64;
  while (size < 2 * n + 2) size *= 2;
  mask_ = size - 1;
  table_.assign(size, Slot{0, 0});
  size_ = 0;
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    const uint64_t key = r.U64();
    const uint32_t set = r.U32();
    if (!r.ok()) break;
    if (set == 0 || set >= (1u << 17)) return r.Fail("bad word class");
    if (!Insert(key, set)) return r.Fail("duplicate lexicon word");
  }
  return r.ok();
}

void Lexicon::Write(ByteWriter& w) const {
  std::vector<const Slot*> rows;
  for (const Slot& s : table_)
    if (s.set) rows.push_back(&s);
  std::sort(rows.begin(), rows.end(), [](const Slot* a, const Slot* b) { return a->key < b->key; });
  w.U64(rows.size());
  for (const Slot* s : rows) {
    w.U64(s->key);
    w.U32(s->set);
  }
}

void Config::Init(int words) {
  n = words;
  b0 = 0;
  stack.clear();
  size_t m = static_cast<size_t>(words) + 1;
  head.assign(m, -1);
  label.assign(m, -1);
  lc1.assign(m, kNoChild);
  lc2.assign(m, kNoChild);
  rc1.assign(m, kNoChild);
  rc2.assign(m, kNoChild);
  nl.assign(m, 0);
  nr.assign(m, 0);
  lset.assign(m, 0);
  rset.assign(m, 0);
  toks = nullptr;
  pick2.assign(m, 0);
  pending = false;
}

void Config::SetCandidates(const PToken* t) {
  toks = t;
  pending = n > 0 && t[0].c2 >= 0;
}

bool Config::Valid(int cls, int labels) const {
  if (pending) {
    const int p = cls - TagClass(labels, 0);
    return p >= 0 && (p == toks[b0].c1 || p == toks[b0].c2);
  }
  if (cls > 2 * labels) return false;
  if (cls == kShift) return b0 < n;
  if (cls <= labels) {  // LEFT-ARC: s0 <- b0
    int l = cls - 1;
    if (stack.empty()) return false;
    if (b0 == n) return stack.size() == 1 && l == kRootLabel;
    return l != kRootLabel;
  }
  int l = cls - 1 - labels;  // RIGHT-ARC: s1 -> s0
  return stack.size() >= 2 && l != kRootLabel;
}

void Config::AddArc(int h, int d, int l) {
  size_t hi = static_cast<size_t>(h), di = static_cast<size_t>(d);
  head[di] = h;
  label[di] = l;
  if (d < h) {
    if (lc1[hi] == kNoChild || d < lc1[hi]) {
      lc2[hi] = lc1[hi];
      lc1[hi] = d;
    } else if (lc2[hi] == kNoChild || d < lc2[hi]) {
      lc2[hi] = d;
    }
    if (nl[hi] < 7) ++nl[hi];
    lset[hi] |= 1ull << (l & 63);
  } else {
    if (rc1[hi] == kNoChild || d > rc1[hi]) {
      rc2[hi] = rc1[hi];
      rc1[hi] = d;
    } else if (rc2[hi] == kNoChild || d > rc2[hi]) {
      rc2[hi] = d;
    }
    if (nr[hi] < 7) ++nr[hi];
    rset[hi] |= 1ull << (l & 63);
  }
}

void Config::Apply(int cls, int labels) {
  if (pending) {
    pick2[static_cast<size_t>(b0)] = cls - TagClass(labels, 0) == toks[b0].c2;
    pending = false;
    return;
  }
  if (cls == kShift) {
    stack.push_back(b0++);
    pending = toks && b0 < n && toks[b0].c2 >= 0;
    return;
  }
  int d = stack.back();
  stack.pop_back();
  if (cls <= labels) AddArc(b0, d, cls - 1);
  else AddArc(stack.back(), d, cls - 1 - labels);
}

int ExtractFeatures(const Config& c, const PToken* toks, uint64_t* out) {
  const int n = c.n;
  const size_t ss = c.stack.size();
  const int s0 = ss > 0 ? c.stack[ss - 1] : -1;
  const int s1 = ss > 1 ? c.stack[ss - 2] : -1;
  const int s2 = ss > 2 ? c.stack[ss - 3] : -1;
  const int n0 = c.b0;
  const int n1 = n0 + 1 <= n ? n0 + 1 : -1;
  const int n2 = n0 + 2 <= n ? n0 + 2 : -1;
  auto child = [&](const std::vector<int>& v, int i) { return i < 0 ? -1 : v[static_cast<size_t>(i)]; };
  const int s0l = child(c.lc1, s0), s0l2 = child(c.lc2, s0), s0r = child(c.rc1, s0),
            s0r2 = child(c.rc2, s0), n0l = child(c.lc1, n0), n0l2 = child(c.lc2, n0),
            s1l = child(c.lc1, s1), s1r = child(c.rc1, s1);
  auto W = [&](int i) { return i < 0 ? kNone : i == n ? kRootVal : toks[i].word; };
  // Tags: the chosen ones (joint tagging); the buffer front's are unknown while its choice
  // is pending, and the words after it have the tagger's.
  auto T = [&](int i) {
    return i < 0 ? kNone : i == n ? kRootVal : c.pick2[static_cast<size_t>(i)] ? toks[i].tag2
                                           : c.pending && i == n0            ? kPendingTag
                                                                             : toks[i].tag;
  };
  auto U = [&](int i) {
    return i < 0 ? kNone : i == n ? kRootVal : c.pick2[static_cast<size_t>(i)] ? toks[i].upos2
                                           : c.pending && i == n0            ? kPendingTag
                                                                             : toks[i].upos;
  };
  auto A = [&](int i) { return i < 0 ? kNone : i == n ? kRootVal : toks[i].amb; };
  auto S = [&](int i) { return i < 0 ? kNone : i == n ? kRootVal : toks[i].suf; };
  auto L = [&](int i) {
    return i < 0 ? kNone : static_cast<uint64_t>(c.label[static_cast<size_t>(i)] + 1);
  };
  const uint64_t s0w = W(s0), s0t = T(s0), n0w = W(n0), n0t = T(n0), n1w = W(n1), n1t = T(n1),
                 n2w = W(n2), n2t = T(n2), s1w = W(s1), s1t = T(s1), s2t = T(s2);
  const uint64_t s0lt = T(s0l), s0rt = T(s0r), n0lt = T(n0l), s1lt = T(s1l), s1rt = T(s1r);
  const uint64_t s0ll = L(s0l), s0rl = L(s0r), n0ll = L(n0l);
  const uint64_t d = s0 < 0 ? kNone : static_cast<uint64_t>(Bucket(n0 - s0));
  const uint64_t d10 = s1 < 0 ? kNone : static_cast<uint64_t>(Bucket(s0 - s1));
  const uint64_t s0vl = s0 < 0 ? kNone : c.nl[static_cast<size_t>(s0)];
  const uint64_t s0vr = s0 < 0 ? kNone : c.nr[static_cast<size_t>(s0)];
  const uint64_t n0vl = c.nl[static_cast<size_t>(n0)];
  const uint64_t s0ls = s0 < 0 ? kNone : c.lset[static_cast<size_t>(s0)];
  const uint64_t s0rs = s0 < 0 ? kNone : c.rset[static_cast<size_t>(s0)];
  const uint64_t n0ls = c.lset[static_cast<size_t>(n0)];
  const uint64_t s1rs = s1 < 0 ? kNone : c.rset[static_cast<size_t>(s1)];

  int k = 0;
  // single positions
  out[k++] = K(1, s0w);
  out[k++] = K(2, s0t);
  out[k++] = K(3, s0w, s0t);
  out[k++] = K(4, n0w);
  out[k++] = K(5, n0t);
  out[k++] = K(6, n0w, n0t);
  out[k++] = K(7, n1w);
  out[k++] = K(8, n1t);
  out[k++] = K(9, n1w, n1t);
  out[k++] = K(10, n2w);
  out[k++] = K(11, n2t);
  out[k++] = K(12, n2w, n2t);
  out[k++] = K(13, s1w);
  out[k++] = K(14, s1t);
  out[k++] = K(15, s1w, s1t);
  out[k++] = K(16, s2t);
  out[k++] = K(17, W(s2));
  // pairs s0 / n0
  out[k++] = K(18, s0w, s0t, n0w, n0t);
  out[k++] = K(19, s0w, s0t, n0w);
  out[k++] = K(20, s0w, n0w, n0t);
  out[k++] = K(21, s0w, s0t, n0t);
  out[k++] = K(22, s0t, n0w, n0t);
  out[k++] = K(23, s0w, n0w);
  out[k++] = K(24, s0t, n0t);
  out[k++] = K(25, n0t, n1t);
  // pairs s1 / s0 (RIGHT-ARC attaches s0 to s1)
  out[k++] = K(26, s1w, s1t, s0w, s0t);
  out[k++] = K(27, s1w, s0w);
  out[k++] = K(28, s1t, s0t);
  out[k++] = K(29, s1w, s1t, s0t);
  out[k++] = K(30, s1t, s0w, s0t);
  // tag trigrams
  out[k++] = K(31, n0t, n1t, n2t);
  out[k++] = K(32, s0t, n0t, n1t);
  out[k++] = K(33, s1t, s0t, n0t);
  out[k++] = K(34, s0t, s0lt, n0t);
  out[k++] = K(35, s0t, s0rt, n0t);
  out[k++] = K(36, s0t, n0t, n0lt);
  out[k++] = K(37, s0t, s0lt, T(s0l2));
  out[k++] = K(38, s0t, s0rt, T(s0r2));
  out[k++] = K(39, n0t, n0lt, T(n0l2));
  out[k++] = K(40, s1t, s0t, s0lt);
  out[k++] = K(41, s1t, s0t, s0rt);
  out[k++] = K(42, s1t, s1rt, s0t);
  out[k++] = K(43, s1t, s1lt, s0t);
  out[k++] = K(44, s2t, s1t, s0t);
  out[k++] = K(45, s0w, n0t, n1t);
  out[k++] = K(46, s0t, n0w, n1t);
  out[k++] = K(47, s1w, s0t, n0t);
  out[k++] = K(92, U(s0), U(n0), U(s1));
  out[k++] = K(93, n0w, n1w);
  out[k++] = K(94, s1t, s0t, n0t, n1t);
  // distance
  out[k++] = K(48, s0w, d);
  out[k++] = K(49, s0t, d);
  out[k++] = K(50, n0w, d);
  out[k++] = K(51, n0t, d);
  out[k++] = K(52, s0w, n0w, d);
  out[k++] = K(53, s0t, n0t, d);
  out[k++] = K(54, s1t, s0t, d10);
  out[k++] = K(55, s1w, s0w, d10);
  // valency
  out[k++] = K(56, s0w, s0vr);
  out[k++] = K(57, s0t, s0vr);
  out[k++] = K(58, s0w, s0vl);
  out[k++] = K(59, s0t, s0vl);
  out[k++] = K(60, n0w, n0vl);
  out[k++] = K(61, n0t, n0vl);
  // children
  out[k++] = K(62, W(s0l));
  out[k++] = K(63, s0lt);
  out[k++] = K(64, s0ll);
  out[k++] = K(65, W(s0r));
  out[k++] = K(66, s0rt);
  out[k++] = K(67, s0rl);
  out[k++] = K(68, W(n0l));
  out[k++] = K(69, n0lt);
  out[k++] = K(70, n0ll);
  out[k++] = K(71, W(s0l2));
  out[k++] = K(72, T(s0l2));
  out[k++] = K(73, L(s0l2));
  out[k++] = K(74, W(s0r2));
  out[k++] = K(75, T(s0r2));
  out[k++] = K(76, L(s0r2));
  out[k++] = K(77, W(n0l2));
  out[k++] = K(78, T(n0l2));
  out[k++] = K(79, L(n0l2));
  out[k++] = K(80, s1t, L(s1r));
  out[k++] = K(81, s1t, L(s1l));
  // label conjunctions
  out[k++] = K(82, s0t, s0ll, L(s0l2));
  out[k++] = K(83, s0t, s0rl, L(s0r2));
  out[k++] = K(84, n0t, n0ll, L(n0l2));
  out[k++] = K(95, s0t, s0ll, n0t);
  out[k++] = K(96, s0t, s0rl, n0t);
  // label sets
  out[k++] = K(85, s0w, s0rs);
  out[k++] = K(86, s0t, s0rs);
  out[k++] = K(87, s0w, s0ls);
  out[k++] = K(88, s0t, s0ls);
  out[k++] = K(89, n0w, n0ls);
  out[k++] = K(90, n0t, n0ls);
  out[k++] = K(91, s1t, s1rs);
  // Robust to tag errors: ambiguity classes of the words (the tags a word can have),
  // suffixes, and UPOS beside XPOS.
  const uint64_t s0a = A(s0), n0a = A(n0), n1a = A(n1), s1a = A(s1);
  const uint64_t s0u = U(s0), n0u = U(n0), n1u = U(n1), s1u = U(s1);
  out[k++] = K(97, s0a);
  out[k++] = K(98, n0a);
  out[k++] = K(99, n1a);
  out[k++] = K(100, s1a);
  out[k++] = K(101, s0a, n0a);
  out[k++] = K(102, s1a, s0a);
  out[k++] = K(103, s0a, n0a, n1a);
  out[k++] = K(104, s1a, s0a, n0a);
  out[k++] = K(105, s0a, n0w);
  out[k++] = K(106, s0w, n0a);
  out[k++] = K(107, s0a, n0a, d);
  out[k++] = K(108, S(s0));
  out[k++] = K(109, S(n0));
  out[k++] = K(110, S(n1));
  out[k++] = K(111, S(s1));
  out[k++] = K(112, s0u, n0u);
  out[k++] = K(113, s1u, s0u);
  out[k++] = K(114, s0u, n0u, n1u);
  out[k++] = K(115, s0w, n0u);
  out[k++] = K(116, s0u, n0w);
  out[k++] = K(117, s1w, s0u);
  out[k++] = K(118, s1u, s0w);
  // Word classes from the language model (when the model has them): of s0, n0, n1, s1 and
  // the children, alone and with tags, in place of the words (after Koo et al. 2008).
  if (n > 0 && toks[0].cr != 0) {
    auto CR = [&](int i) { return i < 0 ? kNone : i == n ? kRootVal : toks[i].cr; };
    auto CL = [&](int i) { return i < 0 ? kNone : i == n ? kRootVal : toks[i].cl; };
    const uint64_t s0cr = CR(s0), s0cl = CL(s0), n0cr = CR(n0), n0cl = CL(n0), n1cl = CL(n1),
                   s1cr = CR(s1), s1cl = CL(s1);
    out[k++] = K(119, s0cr, s0cl);
    out[k++] = K(120, n0cr, n0cl);
    out[k++] = K(121, n1cl);
    out[k++] = K(122, s1cr, s1cl);
    out[k++] = K(123, s0cr, n0cl);
    out[k++] = K(124, s1cr, s0cl);
    out[k++] = K(125, s0cl, n0t);
    out[k++] = K(126, s0t, n0cl);
    out[k++] = K(127, s1t, s0cl);
    out[k++] = K(128, s1cr, s0t);
    out[k++] = K(129, s0cr, n0cl, d);
    out[k++] = K(130, s0cl, n0cl, n1cl);
    out[k++] = K(131, s0cl, CL(s0r));
    out[k++] = K(132, n0cl, CL(n0l));
    out[k++] = K(133, s0cl, CL(s0l));
  }
  // Joint tagging: which two tag pairs the buffer front chooses between, alone and with the
  // tagger's margin, the word, and the tags of s0 and n1.
  if (c.pending) {
    const PToken& t = toks[n0];
    const uint64_t pair = static_cast<uint64_t>(t.c1 + 1) << 16 | static_cast<uint64_t>(t.c2 + 1);
    out[k++] = K(134, pair);
    out[k++] = K(135, pair, t.mb);
    out[k++] = K(136, pair, n0w);
    out[k++] = K(137, pair, s0t, n1t);
  }
  return k;
}

bool PackedWeights::Read(ByteReader& r) {
  const int classes = static_cast<int>(r.U32());
  const float scale = r.F32();
  const uint64_t n = r.U64();
  if (!r.Count(n, 14)) return false;
  if (classes <= 0 || classes > 65535) return r.Fail("bad class count");
  classes_ = classes;
  scale_ = scale;
  features_ = 0;
  entries_ = 0;
  size_t size = 64;
  while (size < n + n / 2 + 2) size *= 2;  // load <= 2/3
  mask_ = size - 1;
  table_.assign(size, Slot{});
  rows_.clear();
  std::vector<SparseWeights::Entry> row;
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    const uint64_t key = r.U64();
    const uint16_t count = r.U16();
    if (count == 0) return r.Fail("empty weight row");
    row.clear();
    for (uint16_t k = 0; k < count; ++k) {
      SparseWeights::Entry e{r.U16(), static_cast<int16_t>(r.U16())};
      if (e.cls >= classes) return r.Fail("class index out of range");
      row.push_back(e);
    }
    if (!r.ok()) break;
    uint64_t j = key & mask_;
    while (table_[j].count != 0) {
      if (table_[j].key == key) return r.Fail("duplicate weight row");
      j = (j + 1) & mask_;
    }
    Slot slot{};
    slot.key = key;
    slot.count = count;
    if (Inline(slot)) {
      for (uint16_t k = 0; k < count; ++k) slot.cls[k] = static_cast<uint8_t>(row[k].cls), slot.w[k] = row[k].w;
    } else {
      slot.begin = static_cast<uint32_t>(rows_.size());
      rows_.insert(rows_.end(), row.begin(), row.end());
    }
    table_[j] = slot;
    ++features_;
    entries_ += count;
  }
  return r.ok();
}

void PackedWeights::Write(ByteWriter& w) const {
  std::vector<const Slot*> rows;
  for (const Slot& s : table_)
    if (s.count) rows.push_back(&s);
  std::sort(rows.begin(), rows.end(), [](const Slot* a, const Slot* b) { return a->key < b->key; });
  w.U32(static_cast<uint32_t>(classes_));
  w.F32(scale_);
  w.U64(rows.size());
  for (const Slot* s : rows) {
    w.U64(s->key);
    w.U16(s->count);
    const bool in = Inline(*s);
    for (uint32_t k = 0; k < s->count; ++k) {
      w.U16(in ? s->cls[k] : rows_[s->begin + k].cls);
      w.U16(static_cast<uint16_t>(in ? s->w[k] : rows_[s->begin + k].w));
    }
  }
}

void PackedWeights::Score(const uint64_t* feats, int n, int32_t* scores) const {
  if (table_.empty()) return;
  const Slot* found[kMaxFeatures];
  for (int i = 0; i < n; ++i) __builtin_prefetch(&table_[feats[i] & mask_]);
  int m = 0;
  for (int i = 0; i < n; ++i) {
    uint64_t j = feats[i] & mask_;
    while (table_[j].count != 0) {
      if (table_[j].key == feats[i]) {
        found[m++] = &table_[j];
        if (!Inline(table_[j])) __builtin_prefetch(&rows_[table_[j].begin]);
        break;
      }
      j = (j + 1) & mask_;
    }
  }
  for (int i = 0; i < m; ++i) {
    const Slot& s = *found[i];
    if (Inline(s)) {
      for (uint16_t k = 0; k < s.count; ++k) scores[s.cls[k]] += s.w[k];
    } else {
      const SparseWeights::Entry* e = rows_.data() + s.begin;
      for (uint32_t k = 0; k < s.count; ++k) scores[e[k].cls] += e[k].w;
    }
  }
}

}  // namespace nlp::parsing

namespace {

using nlp::parsing::Config;
using nlp::parsing::PToken;

// Splits "a b  c" on spaces.
std::vector<std::string_view> SplitSpaces(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

// 2: lexicon section; 3: word_classes section (written only when the model has word classes,
// so that a model without them keeps layout 2 and its bytes).
// 4: tag_choice section (joint tagging; written only for such a model).
constexpr uint32_t kParserLayoutVersion = 4;

}  // namespace

// Scratch space of the beam search, kept across the sentences of one Parse() call.
struct Parser::BeamScratch {
  struct Successor {
    double total;  // log-probability of the item's transitions so far, this one included
    int item, cls;
  };
  std::vector<Config> cur, next;
  std::vector<double> cur_score, next_score;
  std::vector<Successor> succ;
  std::vector<int32_t> scores;
  Config greedy;  // the greedy parser's configuration
};

void Parser::set_beam(int width) { beam_ = std::clamp(width, 1, kMaxBeam); }

void Parser::ParseSentence(const std::vector<PToken>& toks, std::vector<int>& heads,
                           std::vector<int>& labels, std::vector<uint8_t>* picks) const {
  BeamScratch scratch;
  Decode(toks, heads, labels, picks, scratch);
}

void Parser::Decode(const std::vector<PToken>& toks, std::vector<int>& heads, std::vector<int>& labels,
                    std::vector<uint8_t>* picks, BeamScratch& scratch) const {
  const int n = static_cast<int>(toks.size());
  heads.assign(toks.size(), -1);
  labels.assign(toks.size(), nlp::parsing::kRootLabel);
  if (picks) picks->assign(toks.size(), 0);
  if (n == 0) return;
  const Config& c = beam_ <= 1 || toks.size() > kBeamMaxWords ? ParseGreedy(toks, scratch)
                                                              : ParseBeam(toks, scratch);
  for (int i = 0; i < n; ++i) {
    int h = c.head[static_cast<size_t>(i)];
    heads[static_cast<size_t>(i)] = h == n ? -1 : h;
    labels[static_cast<size_t>(i)] = c.label[static_cast<size_t>(i)];
    if (picks) (*picks)[static_cast<size_t>(i)] = c.pick2[static_cast<size_t>(i)];
  }
}

int Parser::ValidRanges(const Config& c, int ranges[3][2]) const {
  const int nl = static_cast<int>(labels_.size());
  int nr = 0;
  if (c.pending) {  // the two tag pairs of the buffer front
    const PToken& t = c.toks[c.b0];
    for (int p : {std::min(t.c1, t.c2), std::max(t.c1, t.c2)}) {
      ranges[nr][0] = Config::TagClass(nl, p);
      ranges[nr][1] = ranges[nr][0] + 1;
      ++nr;
    }
    return nr;
  }
  // SHIFT and LEFT-ARC (non-root labels) while the buffer holds words, RIGHT-ARC (non-root
  // labels) with two items on the stack.
  if (c.b0 < c.n) {
    ranges[nr][0] = 0, ranges[nr++][1] = 1;
    ranges[nr][0] = 2, ranges[nr++][1] = 1 + nl;
  }
  if (c.stack.size() >= 2) ranges[nr][0] = 2 + nl, ranges[nr++][1] = 1 + 2 * nl;
  return nr;
}

// Beam search over transition sequences (docs/parser.md, "Beam search"). Each item's score
// is the sum of its transitions' log-probabilities under a softmax of the perceptron scores
// at temperature kBeamTemperature, over the valid transitions of the configuration (forced
// moves cost nothing). All items take the same number of transitions (2n), so they end
// together; the best-scoring one gives the tree. Ties go to the earlier item, then to the
// lower class: the result depends only on the input and the model.
const Config& Parser::ParseBeam(const std::vector<PToken>& toks, BeamScratch& b) const {
  const int n = static_cast<int>(toks.size());
  const int nl = static_cast<int>(labels_.size());
  const int classes = weights_.classes();
  const size_t width = static_cast<size_t>(beam_);
  if (b.cur.size() < width) {
    b.cur.resize(width);
    b.next.resize(width);
    b.cur_score.resize(width);
    b.next_score.resize(width);
  }
  b.scores.resize(static_cast<size_t>(classes));
  uint64_t feats[nlp::parsing::kMaxFeatures];
  auto better = [](const BeamScratch::Successor& x, const BeamScratch::Successor& y) {
    if (x.total != y.total) return x.total > y.total;
    if (x.item != y.item) return x.item < y.item;
    return x.cls < y.cls;
  };
  constexpr double kInvT = 1.0 / kBeamTemperature;
  b.cur[0].Init(n);
  b.cur[0].SetCandidates(toks.data());
  b.cur_score[0] = 0;
  size_t items = 1;
  while (!b.cur[0].Terminal()) {
    b.succ.clear();
    for (size_t i = 0; i < items; ++i) {
      const Config& c = b.cur[i];
      const int item = static_cast<int>(i);
      if (c.stack.empty() && !c.pending) {
        b.succ.push_back({b.cur_score[i], item, nlp::parsing::kShift});
        continue;
      }
      if (c.b0 == n && c.stack.size() == 1) {
        b.succ.push_back({b.cur_score[i], item, 1 + nlp::parsing::kRootLabel});
        continue;
      }
      const int nf = nlp::parsing::ExtractFeatures(c, toks.data(), feats);
      std::fill(b.scores.begin(), b.scores.end(), 0);
      weights_.Score(feats, nf, b.scores.data());
      const int32_t* sc = b.scores.data();
      int ranges[3][2];
      const int nr = ValidRanges(c, ranges);
      int32_t best = INT32_MIN;
      for (int r = 0; r < nr; ++r)
        for (int k = ranges[r][0]; k < ranges[r][1]; ++k) best = std::max(best, sc[k]);
      double sum = 0;
      for (int r = 0; r < nr; ++r)
        for (int k = ranges[r][0]; k < ranges[r][1]; ++k) sum += std::exp((sc[k] - best) * kInvT);
      const double base = b.cur_score[i] - std::log(sum);
      const size_t from = b.succ.size();
      for (int r = 0; r < nr; ++r)
        for (int k = ranges[r][0]; k < ranges[r][1]; ++k)
          b.succ.push_back({base + (sc[k] - best) * kInvT, item, k});
      // An item contributes at most `width` successors.
      if (b.succ.size() - from > width) {
        std::partial_sort(b.succ.begin() + static_cast<std::ptrdiff_t>(from),
                          b.succ.begin() + static_cast<std::ptrdiff_t>(from + width), b.succ.end(),
                          better);
        b.succ.resize(from + width);
      }
    }
    const size_t keep = std::min(b.succ.size(), width);
    std::partial_sort(b.succ.begin(), b.succ.begin() + static_cast<std::ptrdiff_t>(keep),
                      b.succ.end(), better);
    for (size_t j = 0; j < keep; ++j) {
      b.next[j] = b.cur[static_cast<size_t>(b.succ[j].item)];  // reuses the vectors' capacity
      b.next[j].Apply(b.succ[j].cls, nl);
      b.next_score[j] = b.succ[j].total;
    }
    std::swap(b.cur, b.next);
    std::swap(b.cur_score, b.next_score);
    items = keep;
  }
  return b.cur[0];
}

const Config& Parser::ParseGreedy(const std::vector<PToken>& toks, BeamScratch& b) const {
  const int n = static_cast<int>(toks.size());
  const int nl = static_cast<int>(labels_.size());
  Config& c = b.greedy;
  c.Init(n);  // no SetCandidates: chosen greedily, tags lose accuracy (docs/parser.md)
  std::vector<int32_t>& scores = b.scores;
  scores.resize(static_cast<size_t>(weights_.classes()));
  uint64_t feats[nlp::parsing::kMaxFeatures];
  while (!c.Terminal()) {
    int best = -1;
    // Forced moves need no scoring.
    if (c.stack.empty()) {
      best = nlp::parsing::kShift;
    } else if (c.b0 == n && c.stack.size() == 1) {
      best = 1 + nlp::parsing::kRootLabel;
    } else {
      int nf = nlp::parsing::ExtractFeatures(c, toks.data(), feats);
      std::fill(scores.begin(), scores.end(), 0);
      weights_.Score(feats, nf, scores.data());
      const int32_t* sc = scores.data();
      int ranges[3][2];
      const int nr = ValidRanges(c, ranges);
      int32_t bs = 0;
      for (int r = 0; r < nr; ++r)
        for (int k = ranges[r][0]; k < ranges[r][1]; ++k)
          if (best < 0 || sc[k] > bs) {
            best = k;
            bs = sc[k];
          }
    }
    c.Apply(best, nl);
  }
  return c;
}

PToken Parser::MakeToken(std::string_view form, std::string_view xpos,
                         std::string_view upos) const {
  PToken t = nlp::parsing::MakePToken(form, xpos, upos);
  t.amb = lexicon_.Class(t.word);
  if (word_classes_.size()) nlp::parsing::SetWordClasses(t, form, word_classes_);
  return t;
}

PToken Parser::MakeToken(std::string_view form, std::string_view xpos, std::string_view upos,
                         std::string_view xpos2, std::string_view upos2, float margin) const {
  PToken t = MakeToken(form, xpos, upos);
  if (margin < tag_choice_.margin && !upos2.empty())
    nlp::parsing::SetTagCandidates(t, form, TagPair(xpos, upos), TagPair(xpos2, upos2), xpos2, upos2,
                                   margin, tag_choice_.margin);
  return t;
}

int Parser::TagPair(std::string_view xpos, std::string_view upos) const {
  if (tag_pair_ids_.empty()) return -1;
  std::string key(xpos);
  key += '\t';
  key += upos;
  auto it = tag_pair_ids_.find(key);
  return it == tag_pair_ids_.end() ? -1 : it->second;
}

size_t Parser::Parse(Document& doc) const {
  std::vector<PToken> toks;
  std::vector<int> heads, labels;
  std::vector<uint8_t> picks;
  BeamScratch scratch;
  size_t retagged = 0;
  const bool offers_choice = OffersTagChoice();
  const uint32_t total = static_cast<uint32_t>(doc.tokens.size());
  for (const Sentence& s : doc.sentences) {
    uint32_t first = std::min(s.first, total), last = std::min(s.last, total);
    if (last <= first) continue;
    toks.clear();
    for (uint32_t i = first; i < last; ++i) {
      const Token& t = doc.tokens[i];
      // Without the choice (the greedy decoder, a model without tag pairs): no candidates to look up.
      toks.push_back(offers_choice ? MakeToken(t.form, t.xpos, t.upos, t.xpos2, t.upos2, t.tag_margin)
                                   : MakeToken(t.form, t.xpos, t.upos));
    }
    Decode(toks, heads, labels, &picks, scratch);
    for (uint32_t i = first; i < last; ++i) {
      Token& t = doc.tokens[i];
      int h = heads[i - first];
      t.head = h < 0 ? -1 : static_cast<int32_t>(first) + h;
      t.deprel = labels_[static_cast<size_t>(labels[i - first])];
      if (picks[i - first]) {
        std::swap(t.xpos, t.xpos2);
        std::swap(t.upos, t.upos2);
        ++retagged;
      }
    }
  }
  return retagged;
}

Result<std::string> Parser::RunSelfTest(std::string_view input) const {
  std::vector<PToken> toks;
  for (std::string_view item : SplitSpaces(input)) {
    size_t a = item.find('|');
    size_t b = a == std::string_view::npos ? a : item.find('|', a + 1);
    if (b == std::string_view::npos)
      return Status::Error("parser self-test: token '" + std::string(item) +
                           "' is not FORM|XPOS|UPOS");
    toks.push_back(MakeToken(item.substr(0, a), item.substr(a + 1, b - a - 1), item.substr(b + 1)));
  }
  std::vector<int> heads, labels;
  ParseSentence(toks, heads, labels);
  std::string out;
  for (size_t i = 0; i < toks.size(); ++i) {
    if (i) out += ' ';
    out += std::to_string(heads[i] + 1);
    out += ':';
    out += labels_[static_cast<size_t>(labels[i])];
  }
  return out;
}

void Parser::SetTagChoice(TagChoice tags) {
  tag_choice_ = std::move(tags);
  tag_pair_ids_.clear();
  for (size_t i = 0; i < tag_choice_.pairs.size(); ++i)
    tag_pair_ids_.emplace(tag_choice_.pairs[i].first + '\t' + tag_choice_.pairs[i].second, static_cast<int>(i));
}

std::unique_ptr<Parser> Parser::FromParts(std::vector<std::string> labels,
                                          const nlp::SparseWeights& w,
                                          const nlp::parsing::Lexicon& lexicon,
                                          const nlp::WordClusters& word_classes,
                                          const TagChoice& tags) {
  std::unique_ptr<Parser> p(new Parser());
  p->labels_ = std::move(labels);
  p->lexicon_ = lexicon;
  p->word_classes_ = word_classes;
  p->SetTagChoice(tags);
  nlp::ByteWriter bw;
  w.Write(bw);
  nlp::ByteReader br(bw.bytes(), "weights");
  p->weights_.Read(br);  // bytes just written by SparseWeights: cannot fail
  return p;
}

Status Parser::Save(const std::string& path, const std::string& config_json,
                    const std::vector<std::string>& self_test_inputs) const {
  nlp::ModelFile m;
  m.component = "parser";
  m.component_version = !tag_choice_.pairs.empty() ? kParserLayoutVersion : word_classes_.size() ? 3 : 2;
  m.config_json = config_json;
  for (const std::string& in : self_test_inputs) {
    auto r = RunSelfTest(in);
    if (!r.ok()) return r.status();
    m.self_tests.push_back({in, *r});
  }
  nlp::ByteWriter lw;
  lw.U32(static_cast<uint32_t>(labels_.size()));
  for (const std::string& l : labels_) lw.Str(l);
  m.sections.emplace_back("labels", lw.Take());
  nlp::ByteWriter ww;
  weights_.Write(ww);
  m.sections.emplace_back("weights", ww.Take());
  nlp::ByteWriter xw;
  lexicon_.Write(xw);
  m.sections.emplace_back("lexicon", xw.Take());
  if (word_classes_.size()) {
    nlp::ByteWriter cw;
    word_classes_.Write(cw);
    m.sections.emplace_back("word_classes", cw.Take());
  }
  if (!tag_choice_.pairs.empty()) {
    nlp::ByteWriter tw;
    tw.F32(tag_choice_.margin);
    tw.U32(static_cast<uint32_t>(tag_choice_.pairs.size()));
    for (const auto& [x, u] : tag_choice_.pairs) {
      tw.Str(x);
      tw.Str(u);
    }
    m.sections.emplace_back("tag_choice", tw.Take());
  }
  return m.Save(path);
}

Result<std::unique_ptr<Parser>> Parser::Load(const std::string& path) {
  auto mf = nlp::ModelFile::Load(path, "parser");
  if (!mf.ok()) return mf.status();
  const nlp::ModelFile& m = *mf;
  if (m.component_version < 2 || m.component_version > kParserLayoutVersion)
    return Status::Error(path + ": parser layout version " + std::to_string(m.component_version) +
                         " is not supported (expected 2 to " + std::to_string(kParserLayoutVersion) + ")");
  const std::string* ls = m.Section("labels");
  const std::string* ws = m.Section("weights");
  const std::string* xs = m.Section("lexicon");
  const std::string* cs = m.Section("word_classes");
  const std::string* ts = m.Section("tag_choice");
  if (!ls || !ws || !xs || (m.component_version == 3 && !cs) || (m.component_version == 4 && !ts))
    return Status::Error(path + ": parser model lacks its labels, weights, lexicon, word_classes or tag_choice section");
  std::unique_ptr<Parser> p(new Parser());
  nlp::ByteReader lr(*ls, path + ": section labels");
  uint32_t count = lr.U32();
  if (lr.Count(count, 4)) {
    for (uint32_t i = 0; i < count && lr.ok(); ++i) p->labels_.emplace_back(lr.Str());
  }
  if (!lr.ok()) return lr.status();
  if (p->labels_.empty() || p->labels_[0] != "root" || p->labels_.size() > 4000)
    return Status::Error(path + ": parser labels must start with \"root\"");
  nlp::ByteReader wr(*ws, path + ": section weights");
  if (!p->weights_.Read(wr)) return wr.status();
  nlp::ByteReader xr(*xs, path + ": section lexicon");
  if (!p->lexicon_.Read(xr)) return xr.status();
  if (cs) {
    nlp::ByteReader cr(*cs, path + ": section word_classes");
    if (!p->word_classes_.Read(cr)) return cr.status();
  }
  if (ts) {
    nlp::ByteReader tr(*ts, path + ": section tag_choice");
    TagChoice tags;
    tags.margin = tr.F32();
    const uint32_t pairs = tr.U32();
    if (tr.Count(pairs, 8)) {
      for (uint32_t i = 0; i < pairs && tr.ok(); ++i) {
        std::string x(tr.Str());
        tags.pairs.emplace_back(std::move(x), std::string(tr.Str()));
      }
    }
    if (!tr.ok()) return tr.status();
    if (!(tags.margin > 0) || tags.pairs.empty() || tags.pairs.size() > 1000)
      return Status::Error(path + ": section tag_choice: bad margin or tag pairs");
    p->SetTagChoice(std::move(tags));
  }
  const size_t expected = 1 + 2 * p->labels_.size() + p->tag_choice_.pairs.size();
  if (static_cast<size_t>(p->weights_.classes()) != expected)
    return Status::Error(path + ": parser weights have " + std::to_string(p->weights_.classes()) +
                         " classes, labels and tag pairs imply " + std::to_string(expected));
  for (size_t i = 0; i < m.self_tests.size(); ++i) {
    auto got = p->RunSelfTest(m.self_tests[i].input);
    if (!got.ok()) return got.status().With(path);
    if (*got != m.self_tests[i].expected)
      return Status::Error(path + ": parser self-test " + std::to_string(i + 1) +
                           " failed: expected \"" + m.self_tests[i].expected + "\", got \"" +
                           *got + "\"");
  }
  return p;
}

}  // namespace relata
