#include "nlp/tagger.h"

#include <algorithm>
#include <array>
#include <limits>

#include "nlp/bytes.h"

namespace relata {

std::string_view StaticUpos(std::string_view tag) {
  static constexpr std::array<std::string_view, 17> kUpos = {
      "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM",
      "PART", "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X"};
  for (std::string_view u : kUpos)
    if (u == tag) return u;
  return {};
}

namespace nlp {
namespace {

// Feature template ids (part of the model format: changing them invalidates models).
enum Tmpl : uint32_t {
  kBias = 1, kWord, kLower, kSuf1, kSuf2, kSuf3, kSuf4, kPre1, kPre2, kPre3, kShape, kFlags,
  kPrevWord, kPrevSuf3, kPrev2Word, kNextWord, kNextSuf3, kNext2Word, kNextShape, kPrevShape,
  kPrevCur, kCurNext, kPrevSuf2, kNextSuf2,
  kAmb = 30, kNextAmb, kNext2Amb, kAmbNextAmb, kStyleShape, kStyleShapeAmb, kPrevAmb, kPrevWordShape,
  kT1 = 40, kT2, kT1T2, kT1Word, kT1NextWord, kT1Suf3, kT1Shape, kT2Word, kT1Amb, kT1AmbNextAmb,
  // Second pass: F0 = the first pass's class of the token, N1/N2 = of the next two tokens.
  kF0 = 60, kN1, kN2, kN1N2, kT1N1, kF0N1, kN1Word, kN1Suf3, kN1Amb, kT1F0N1, kF0Amb, kN1NextWord, kN2Word, kN1ShapeStyle, kT1AmbN1, kN1N2Amb, kN3,
  // Word classes from a language model: right (from the following words), left (from the
  // preceding ones).
  kLmC = 90, kLmR, kLmL, kLmP1, kLmN1, kLmT1, kLmSuf = 97,
};
constexpr uint64_t kEndClass = 0xFFFE;  // first-pass class after the sentence

// Feature keys: the values are already 64-bit hashes, so a few rounds of the splitmix64
// finaliser conjoin them (much cheaper than hashing the bytes again).
inline uint64_t Mix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
inline uint64_t Key(uint32_t tmpl, uint64_t a, uint64_t b = 0, uint64_t c = 0) {
  uint64_t k = Mix(a + 0x9E3779B97F4A7C15ull * (tmpl + 1));
  if (b) k = Mix(k ^ b);
  if (c) k = Mix(k ^ (c + 0x632BE59BD9B4E019ull));
  return k;
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

uint64_t Shape(std::string_view w) {
  char buf[24];
  size_t n = 0;
  char last = 0;
  for (char c : w) {
    char s;
    if (c >= 'A' && c <= 'Z') s = 'X';
    else if (c >= 'a' && c <= 'z') s = 'x';
    else if (c >= '0' && c <= '9') s = 'd';
    else if (static_cast<unsigned char>(c) >= 0x80) s = 'u';
    else s = c;
    if (s == last) continue;
    last = s;
    if (n < sizeof buf) buf[n++] = s;
  }
  return ValueHash(std::string_view(buf, n));
}

uint64_t Flags(std::string_view w, bool first) {
  uint64_t f = first ? 1 : 0;
  bool upper = false, lower = false, digit = false, hyphen = false;
  for (char c : w) {
    if (c >= 'A' && c <= 'Z') upper = true;
    else if (c >= 'a' && c <= 'z') lower = true;
    else if (c >= '0' && c <= '9') digit = true;
    else if (c == '-') hyphen = true;
  }
  bool first_upper = !w.empty() && w[0] >= 'A' && w[0] <= 'Z';
  f |= (upper ? 2u : 0u) | (lower ? 4u : 0u) | (digit ? 8u : 0u) | (hyphen ? 16u : 0u) |
       (first_upper ? 32u : 0u) | (w.size() == 1 ? 64u : 0u);
  return f;
}

}  // namespace

void TaggerFeatures::Prepare(const std::string_view* forms, size_t n,
                             const std::unordered_map<uint64_t, uint64_t>* lexicon,
                             const WordClusters* classes) {
  n_ = n;
  classes_ = classes && classes->size() > 0;
  info_.resize(n + 4);
  static const uint64_t kPadBefore = ValueHash("<s>"), kPadAfter = ValueHash("</s>");
  for (size_t k : {size_t{0}, size_t{1}, n + 2, n + 3}) {
    uint64_t v = k < 2 ? kPadBefore : kPadAfter;
    Info& in = info_[k];
    in.word = in.lower = in.shape = in.amb = in.cr = in.cl = v;
    in.flags = 0;
    for (auto& s : in.suf) s = v;
    for (auto& p : in.pre) p = v;
  }
  // Capitalisation style of the sentence (after its first word).
  size_t alpha = 0, initial_upper = 0, all_upper = 0;
  for (size_t i = 1; i < n; ++i) {
    std::string_view w = forms[i];
    bool letters = false, lower = false;
    for (char c : w) {
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) letters = true;
      if (c >= 'a' && c <= 'z') lower = true;
    }
    if (!letters) continue;
    ++alpha;
    if (w[0] >= 'A' && w[0] <= 'Z') ++initial_upper;
    if (!lower && w.size() > 1) ++all_upper;
  }
  style_ = 0;
  if (alpha >= 3) {
    if (all_upper * 10 >= alpha * 6) style_ = 3;
    else if (initial_upper * 10 >= alpha * 6) style_ = 2;
    else if (initial_upper == 0) style_ = 1;
  }
  for (size_t i = 0; i < n; ++i) {
    std::string_view w = forms[i];
    Info& in = info_[i + 2];
    lower_.assign(w);
    for (char& c : lower_) c = Lower(c);
    std::string_view l = lower_;
    in.word = ValueHash(w);
    in.lower = ValueHash(l);
    in.amb = 1;  // unknown word
    if (lexicon) {
      auto it = lexicon->find(LexiconKey(l));
      if (it != lexicon->end()) in.amb = it->second;
    }
    in.shape = Shape(w);
    in.flags = Flags(w, i == 0);
    in.cr = in.cl = 0;  // set below where the features need them
    for (size_t k = 0; k < 4; ++k)
      in.suf[k] = ValueHash(l.substr(l.size() > k + 1 ? l.size() - k - 1 : 0));
    for (size_t k = 0; k < 3; ++k) in.pre[k] = ValueHash(l.substr(0, k + 1));
  }
  // Word classes, for the words outside the lexicon (the only ones whose features use them)
  // and their neighbours.
  if (classes_)
    for (size_t i = 0; i < n; ++i) {
      if (info_[i + 2].amb != 1) continue;
      for (size_t j = i > 0 ? i - 1 : 0; j <= i + 1 && j < n; ++j) {
        Info& in = info_[j + 2];
        if (in.cr) continue;
        const auto [r, lc] = classes->Lookup(in.lower);  // in.lower is the WordClassKey
        in.cr = 2u + r;
        in.cl = 2u + lc;
      }
    }
}

size_t TaggerFeatures::Features(size_t i, int prev1, int prev2, uint64_t* out) const {
  const Info& c = info_[i + 2];
  const Info& p1 = info_[i + 1];
  const Info& p2 = info_[i];
  const Info& n1 = info_[i + 3];
  const Info& n2 = info_[i + 4];
  const uint64_t t1 = static_cast<uint64_t>(prev1), t2 = static_cast<uint64_t>(prev2);
  size_t k = 0;
  out[k++] = Key(kBias, 0);
  out[k++] = Key(kWord, c.word);
  out[k++] = Key(kLower, c.lower);
  out[k++] = Key(kSuf1, c.suf[0]);
  out[k++] = Key(kSuf2, c.suf[1]);
  out[k++] = Key(kSuf3, c.suf[2]);
  out[k++] = Key(kSuf4, c.suf[3]);
  out[k++] = Key(kPre1, c.pre[0]);
  out[k++] = Key(kPre2, c.pre[1]);
  out[k++] = Key(kPre3, c.pre[2]);
  out[k++] = Key(kShape, c.shape);
  out[k++] = Key(kFlags, c.flags);
  out[k++] = Key(kPrevWord, p1.lower);
  out[k++] = Key(kPrevSuf3, p1.suf[2]);
  out[k++] = Key(kPrevSuf2, p1.suf[1]);
  out[k++] = Key(kPrev2Word, p2.lower);
  out[k++] = Key(kNextWord, n1.lower);
  out[k++] = Key(kNextSuf3, n1.suf[2]);
  out[k++] = Key(kNextSuf2, n1.suf[1]);
  out[k++] = Key(kNext2Word, n2.lower);
  out[k++] = Key(kNextShape, n1.shape);
  out[k++] = Key(kPrevShape, p1.shape);
  out[k++] = Key(kPrevCur, p1.lower, c.lower);
  out[k++] = Key(kCurNext, c.lower, n1.lower);
  out[k++] = Key(kAmb, c.amb);
  out[k++] = Key(kNextAmb, n1.amb);
  out[k++] = Key(kNext2Amb, n2.amb);
  out[k++] = Key(kAmbNextAmb, c.amb, n1.amb);
  out[k++] = Key(kT1Amb, t1, c.amb);
  out[k++] = Key(kStyleShape, style_, c.shape);
  out[k++] = Key(kStyleShapeAmb, style_, c.shape, c.amb);
  out[k++] = Key(kPrevAmb, p1.amb);
  out[k++] = Key(kPrevWordShape, p1.lower, c.shape);
  out[k++] = Key(kT1AmbNextAmb, t1, c.amb, n1.amb);
  out[k++] = Key(kT1, t1);
  out[k++] = Key(kT2, t2);
  out[k++] = Key(kT1T2, t1, t2);
  out[k++] = Key(kT1Word, t1, c.lower);
  out[k++] = Key(kT1NextWord, t1, n1.lower);
  out[k++] = Key(kT1Suf3, t1, c.suf[2]);
  out[k++] = Key(kT1Shape, t1, c.shape);
  out[k++] = Key(kT2Word, t2, c.lower);
  if (classes_ && c.amb == 1) {  // words the lexicon does not know
    out[k++] = Key(kLmC, c.cr, c.cl);
    out[k++] = Key(kLmR, c.cr);
    out[k++] = Key(kLmL, c.cl);
    out[k++] = Key(kLmP1, p1.cr, c.cl);
    out[k++] = Key(kLmN1, c.cr, n1.cl);
    out[k++] = Key(kLmT1, t1 + 1, c.cl);
    out[k++] = Key(kLmSuf, c.cr, c.suf[1]);
  }
  return k;
}

size_t TaggerFeatures::Features2(size_t i, int prev1, int prev2, const int* first,
                                 uint64_t* out) const {
  size_t k = Features(i, prev1, prev2, out);
  const Info& c = info_[i + 2];
  const Info& nx = info_[i + 3];
  // Class values + 1: Key() skips zero values.
  const uint64_t t1 = static_cast<uint64_t>(prev1) + 1;
  const uint64_t f0 = static_cast<uint64_t>(first[i]) + 1;
  const uint64_t n1 = i + 1 < n_ ? static_cast<uint64_t>(first[i + 1]) + 1 : kEndClass;
  const uint64_t n2 = i + 2 < n_ ? static_cast<uint64_t>(first[i + 2]) + 1 : kEndClass;
  out[k++] = Key(kF0, f0);
  out[k++] = Key(kN1, n1);
  out[k++] = Key(kN2, n2);
  out[k++] = Key(kN1N2, n1, n2);
  out[k++] = Key(kT1N1, t1, n1);
  out[k++] = Key(kF0N1, f0, n1);
  out[k++] = Key(kN1Word, n1, c.lower);
  out[k++] = Key(kN1Suf3, n1, c.suf[2]);
  out[k++] = Key(kN1Amb, n1, c.amb);
  out[k++] = Key(kT1F0N1, t1, f0, n1);
  out[k++] = Key(kF0Amb, f0, c.amb);
  out[k++] = Key(kN1NextWord, n1, nx.lower);
  out[k++] = Key(kN2Word, n2, c.lower);
  out[k++] = Key(kN1ShapeStyle, n1, c.shape, style_ + 1);
  out[k++] = Key(kT1AmbN1, t1, c.amb, n1);
  out[k++] = Key(kN1N2Amb, n1, n2, c.amb);
  out[k++] = Key(kN3, i + 3 < n_ ? static_cast<uint64_t>(first[i + 3]) + 1 : kEndClass);
  return k;
}

namespace {
// The best score minus the best of the other classes (infinity when there is none); with
// `second`, that other class too (the lowest index among equals; -1 when there is none).
float MarginOf(const float* scores, size_t nc, int best, int* second) {
  // The maximum first (a loop the compiler vectorises), then, when asked, its first place.
  float other = -std::numeric_limits<float>::infinity();
  for (size_t c = 0; c < nc; ++c)
    if (static_cast<int>(c) != best && scores[c] > other) other = scores[c];
  if (second) {
    *second = -1;
    for (size_t c = 0; c < nc && *second < 0; ++c)
      if (static_cast<int>(c) != best && scores[c] == other) *second = static_cast<int>(c);
  }
  return other == -std::numeric_limits<float>::infinity() ? std::numeric_limits<float>::infinity()
                                                          : scores[best] - other;
}
}  // namespace

void DecodeFirst(const TaggerFeatures& f, const std::string_view* forms,
                 const std::unordered_map<uint64_t, uint16_t>& dict, const SparseWeights& w,
                 float* scratch, float* margins, int* out, int* second) {
  uint64_t keys[TaggerFeatures::kMaxFeatures];
  const size_t nc = static_cast<size_t>(w.classes());
  int p1 = TaggerFeatures::kStart, p2 = TaggerFeatures::kStart;
  for (size_t i = 0; i < f.size(); ++i) {
    int cls;
    auto it = dict.find(TagDictKey(forms[i]));
    if (it != dict.end()) {
      cls = it->second;
      if (margins) margins[i] = std::numeric_limits<float>::infinity();
      if (second) second[i] = -1;
    } else {
      size_t k = f.Features(i, p1, p2, keys);
      std::fill(scratch, scratch + nc, 0.0f);
      w.Score(keys, k, scratch);
      cls = static_cast<int>(std::max_element(scratch, scratch + nc) - scratch);
      if (margins) margins[i] = MarginOf(scratch, nc, cls, second ? &second[i] : nullptr);
    }
    out[i] = cls;
    p2 = p1;
    p1 = cls;
  }
}

void DecodeSecond(const TaggerFeatures& f, const SparseWeights& w2, float margin, const int* first,
                  float* margins, float* scratch, int* out, int* second) {
  uint64_t keys[TaggerFeatures::kMaxFeatures];
  const size_t nc = static_cast<size_t>(w2.classes());
  int p1 = TaggerFeatures::kStart, p2 = TaggerFeatures::kStart;
  for (size_t i = 0; i < f.size(); ++i) {
    int cls = first[i];
    if (margins[i] < margin) {
      size_t k = f.Features2(i, p1, p2, first, keys);
      std::fill(scratch, scratch + nc, 0.0f);
      w2.Score(keys, k, scratch);
      cls = static_cast<int>(std::max_element(scratch, scratch + nc) - scratch);
      if (second) margins[i] = MarginOf(scratch, nc, cls, &second[i]);
    }
    out[i] = cls;
    p2 = p1;
    p1 = cls;
  }
}

}  // namespace nlp

Result<std::unique_ptr<Tagger>> Tagger::Load(const std::string& path) {
  auto m = nlp::ModelFile::Load(path, "tagger");
  if (!m.ok()) return m.status();
  auto t = FromModel(*m, true);
  if (!t.ok()) return t.status().With(path);
  return t;
}

Result<std::unique_ptr<Tagger>> Tagger::FromModel(const nlp::ModelFile& m, bool check_self_tests) {
  if (m.component_version != 1 && m.component_version != nlp::kTaggerVersion)
    return Status::Error("tagger layout version " + std::to_string(m.component_version) +
                         " is not supported (expected 1 or " + std::to_string(nlp::kTaggerVersion) + ")");
  const bool two_pass = m.component_version >= 2;
  const std::string* classes = m.Section("classes");
  const std::string* dict = m.Section("dict");
  const std::string* weights = m.Section("weights");
  const std::string* weights2 = m.Section("weights2");
  const std::string* lexicon = m.Section("lexicon");
  const std::string* word_classes = m.Section("word_classes");  // optional (empty = none)
  if (!classes || !dict || !weights || !lexicon || (two_pass && !weights2))
    return Status::Error(two_pass ? "tagger model lacks a section (classes, dict, lexicon, weights, weights2)"
                                  : "tagger model lacks a section (classes, dict, lexicon, weights)");
  std::unique_ptr<Tagger> t(new Tagger());
  {
    nlp::ByteReader r(*classes, "section classes");
    uint32_t n = r.U32();
    if (r.Count(n, 8) && (n == 0 || n >= 0xFFFF)) r.Fail("bad class count");
    std::vector<std::string_view> upos;
    for (uint32_t i = 0; i < n && r.ok(); ++i) {
      t->xpos_storage_.emplace_back(r.Str());
      std::string_view u = StaticUpos(r.Str());
      if (r.ok() && u.empty()) r.Fail("unknown UPOS tag");
      upos.push_back(u);
    }
    if (r.ok() && !r.at_end()) r.Fail("trailing bytes");
    if (!r.ok()) return r.status();
    t->upos_ = std::move(upos);
    for (const std::string& s : t->xpos_storage_) t->xpos_.push_back(s);
  }
  {
    nlp::ByteReader r(*dict, "section dict");
    uint32_t n = r.U32();
    r.Count(n, 10);
    for (uint32_t i = 0; i < n && r.ok(); ++i) {
      uint64_t key = r.U64();
      uint16_t cls = r.U16();
      if (r.ok() && cls >= t->xpos_.size()) r.Fail("class index out of range");
      t->dict_.emplace(key, cls);
    }
    if (r.ok() && !r.at_end()) r.Fail("trailing bytes");
    if (!r.ok()) return r.status();
  }
  {
    nlp::ByteReader r(*lexicon, "section lexicon");
    uint32_t n = r.U32();
    r.Count(n, 16);
    for (uint32_t i = 0; i < n && r.ok(); ++i) {
      uint64_t key = r.U64();
      t->lexicon_.emplace(key, r.U64());
    }
    if (r.ok() && !r.at_end()) r.Fail("trailing bytes");
    if (!r.ok()) return r.status();
  }
  if (word_classes) {
    nlp::ByteReader r(*word_classes, "section word_classes");
    if (!t->word_classes_.Read(r)) return r.status();
  }
  {
    nlp::ByteReader r(*weights, "section weights");
    if (!t->weights_.Read(r)) return r.status();
    if (!r.at_end()) {
      r.Fail("trailing bytes");
      return r.status();
    }
    if (t->weights_.classes() != t->classes())
      return Status::Error("weights have " + std::to_string(t->weights_.classes()) +
                           " classes, the label set " + std::to_string(t->classes()));
  }
  if (two_pass) {
    nlp::ByteReader r(*weights2, "section weights2");
    t->margin2_ = r.F32();
    if (r.ok() && !(t->margin2_ >= 0)) r.Fail("bad margin");  // infinity: every word not in the dictionary
    if (!r.ok()) return r.status();
    if (!t->weights2_.Read(r)) return r.status();
    if (!r.at_end()) {
      r.Fail("trailing bytes");
      return r.status();
    }
    if (t->weights2_.classes() != t->classes())
      return Status::Error("weights2 have " + std::to_string(t->weights2_.classes()) +
                           " classes, the label set " + std::to_string(t->classes()));
  }
  if (check_self_tests) {
    for (const nlp::SelfTest& st : m.self_tests) {
      std::string got = t->SelfTestOutput(st.input);
      if (got != st.expected)
        return Status::Error("tagger self-test failed on \"" + st.input + "\": expected \"" +
                             st.expected + "\", got \"" + got + "\"");
    }
  }
  return t;
}

void Tagger::TagSpan(nlp::TaggerScratch& sc, bool second_choices) const {
  const size_t n = sc.forms.size();
  sc.classes.assign(n, 0);
  sc.margins.assign(n, 0.0f);
  sc.second.assign(second_choices ? n : 0, -1);
  int* second = second_choices ? sc.second.data() : nullptr;
  sc.scores.resize(static_cast<size_t>(classes()));
  sc.feats.Prepare(sc.forms.data(), n, &lexicon_, &word_classes_);
  if (weights2_.classes() == 0) {
    nlp::DecodeFirst(sc.feats, sc.forms.data(), dict_, weights_, sc.scores.data(),
                     second_choices ? sc.margins.data() : nullptr, sc.classes.data(), second);
    return;
  }
  sc.first.assign(n, 0);
  nlp::DecodeFirst(sc.feats, sc.forms.data(), dict_, weights_, sc.scores.data(), sc.margins.data(),
                   sc.first.data(), second);
  nlp::DecodeSecond(sc.feats, weights2_, margin2_, sc.first.data(), sc.margins.data(), sc.scores.data(),
                    sc.classes.data(), second);
}

void Tagger::TagForms(const std::vector<std::string_view>& forms, std::vector<int>& out,
                      std::vector<int>* second, std::vector<float>* margins) const {
  nlp::TaggerScratch sc;
  sc.forms = forms;
  TagSpan(sc, second || margins);
  out = std::move(sc.classes);
  if (second) *second = std::move(sc.second);
  if (margins) *margins = std::move(sc.margins);
}

void Tagger::Tag(Document& doc, bool second_choices) const {
  nlp::TaggerScratch sc;
  auto run = [&](uint32_t first, uint32_t last) {
    sc.forms.clear();
    for (uint32_t i = first; i < last; ++i) sc.forms.push_back(doc.tokens[i].form);
    TagSpan(sc, second_choices);
    for (uint32_t i = first; i < last; ++i) {
      Token& t = doc.tokens[i];
      t.xpos = xpos(sc.classes[i - first]);
      t.upos = upos(sc.classes[i - first]);
      const int c2 = second_choices ? sc.second[i - first] : -1;
      t.xpos2 = c2 < 0 ? std::string_view() : xpos(c2);
      t.upos2 = c2 < 0 ? std::string_view() : upos(c2);
      t.tag_margin = second_choices ? sc.margins[i - first] : 0.0f;
    }
  };
  uint32_t covered = 0;
  const uint32_t n = static_cast<uint32_t>(doc.tokens.size());
  for (const Sentence& s : doc.sentences) {
    uint32_t first = std::min(s.first, n), last = std::min(s.last, n);
    if (first > covered) run(covered, first);  // tokens outside any sentence
    if (last > first) run(first, last);
    covered = std::max(covered, last);
  }
  if (covered < n) run(covered, n);
}

std::string Tagger::SelfTestOutput(const std::string& input) const {
  std::vector<std::string_view> forms;
  std::string_view s = input;
  while (!s.empty()) {
    size_t sp = s.find(' ');
    std::string_view w = s.substr(0, sp);
    if (!w.empty()) forms.push_back(w);
    if (sp == std::string_view::npos) break;
    s.remove_prefix(sp + 1);
  }
  std::vector<int> classes;
  TagForms(forms, classes);
  std::string out;
  for (int c : classes) {
    if (!out.empty()) out += ' ';
    out += xpos(c);
    out += '/';
    out += upos(c);
  }
  return out;
}

}  // namespace relata
