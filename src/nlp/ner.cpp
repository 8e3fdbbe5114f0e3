#include "nlp/ner.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <set>
#include <tuple>

#include "nlp/lemmatizer.h"
#include "nlp/model_file.h"
#include "nlp/titles.h"
#include "relata/canonical.h"

namespace relata {
namespace nlp {

namespace {

// Feature templates. Numbers are part of the model format: append, never renumber.
enum Tmpl : uint32_t {
  kBias = 1, kForm, kLower, kShape, kPre2, kPre3, kSuf2, kSuf3, kSuf4, kUpos, kXpos,
  kFormM1, kFormP1, kLowerM2, kLowerP2, kShapeM1, kShapeP1, kXposM1, kXposP1, kUposM1UposP1,
  kCapWin, kPrev, kPrev2 /* unused: overfits */, kPrevForm, kPrevShape, kFirstShape, kGaz, kGazCap, kLowerXpos,
  kUposWin, kShapeWin, kPrevXpos, kFormM1Form, kFormFormP1, kSuf3M1, kSuf3P1, kGazPrev,
  kDep, kDepHead, kHist, kHistCap, kHistPrev, kRunLast, kRunFirst, kRunPosLast, kRunPos,
  kGazM1, kGazP1, kCluR, kCluL, kCluM1, kCluP1, kCluWin, kDict, kOrgCue,
  kLmR, kLmL, kLmM1, kLmP1, kLmWin, kDesc, kDescRun,
};

// Words that head or open organisation names ("... Inc.", "... Union", "Ministry of ..."): a
// class feature for the first and last word of a capitalised run, so that a cue word seen
// rarely in training still counts.
bool OrgCueWord(std::string_view lower) {
  static const std::set<std::string_view> kCues = {
      "inc", "inc.", "corp", "corp.", "corporation", "co", "co.", "company", "ltd", "ltd.", "llc", "plc",
      "lp", "llp", "gmbh", "ag", "group", "holdings", "partners", "associates", "bank", "university",
      "college", "school", "institute", "institution", "academy", "association", "society", "federation",
      "union", "league", "council", "committee", "commission", "board", "agency", "authority",
      "department", "ministry", "office", "bureau", "services", "foundation", "fund", "trust", "party",
      "church", "club", "fc", "orchestra", "band", "network", "systems", "technologies", "airlines",
      "airways", "press", "times", "books", "records", "studios", "entertainment", "media", "industries",
      "motors", "labs", "laboratories", "army", "navy", "police", "court", "congress", "parliament",
      "senate", "assembly", "government", "administration", "organization", "organisation", "coalition",
      "alliance", "movement", "brigade", "brigades", "corps", "team", "collegian", "gazette", "journal",
      "magazine", "news", "enterprises", "international", "consulting", "communications", "energy"};
  return kCues.count(lower) != 0;
}

inline uint64_t Mix(uint64_t a, uint64_t b) {
  uint64_t v[2] = {a, b};
  return XXH3_64bits(v, sizeof v);
}

uint8_t CapClass(std::string_view w) {
  if (w.empty()) return 4;
  unsigned char c = static_cast<unsigned char>(w[0]);
  if (c >= '0' && c <= '9') return 3;
  if (c >= 'A' && c <= 'Z') {
    bool all = true;
    for (char ch : w)
      if (ch >= 'a' && ch <= 'z') { all = false; break; }
    return all && w.size() > 1 ? 2 : 1;
  }
  if ((c >= 'a' && c <= 'z') || c >= 0x80) return 0;
  return 4;
}

// Collapsed shape: X for upper, x for lower (and non-ASCII), d for digit, the character
// otherwise; runs of one class collapse to one symbol.
void Shape(std::string_view w, std::string& out) {
  out.clear();
  for (char ch : w) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c >= 0x80 && (c & 0xC0) == 0x80) continue;  // UTF-8 continuation byte
    char s = (c >= 'A' && c <= 'Z') ? 'X' : (c >= 'a' && c <= 'z') || c >= 0x80 ? 'x'
             : (c >= '0' && c <= '9') ? 'd' : static_cast<char>(c);
    if (out.empty() || out.back() != s) out.push_back(s);
  }
  if (out.size() > 8) out.resize(8);
}

void Lower(std::string_view w, std::string& out) {
  out.assign(w);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
}

}  // namespace

std::string LabelName(int label) {
  static const char* kParts = "OBILU";
  if (label <= 0 || label >= kNerLabelCount) return "O";
  return std::string(1, kParts[static_cast<int>(LabelPart(label))]) + "-" + kNerTypes[LabelType(label)];
}

int NerTypeIndex(std::string_view type) {
  for (int t = 0; t < kNerTypeCount; ++t)
    if (type == kNerTypes[t]) return t;
  return -1;
}

bool BilouAllowed(int prev, int label, bool last) {
  Bilou pp = LabelPart(prev), p = LabelPart(label);
  bool inside = pp == Bilou::kB || pp == Bilou::kI;
  if (inside) {
    if (LabelType(label) != LabelType(prev)) return false;
    if (p == Bilou::kL) return true;
    return p == Bilou::kI && !last;
  }
  if (p == Bilou::kO || p == Bilou::kU) return true;
  return p == Bilou::kB && !last;
}

const BilouSuccessors& AllowedSuccessors() {
  static const BilouSuccessors table = [] {
    BilouSuccessors t{};
    for (int last = 0; last < 2; ++last)
      for (int p = 0; p < kNerLabelCount; ++p)
        for (int c = 0; c < kNerLabelCount; ++c)
          if (BilouAllowed(p, c, last != 0))
            t.label[last][p][t.count[last][p]++] = static_cast<uint8_t>(c);
    return t;
  }();
  return table;
}

std::vector<LabelSpan> SpansFromLabels(const std::vector<int>& labels) {
  std::vector<LabelSpan> out;
  int open_type = -1;
  uint32_t open_first = 0;
  auto close = [&](uint32_t end) {
    if (open_type >= 0) out.push_back({open_first, end, open_type});
    open_type = -1;
  };
  for (uint32_t i = 0; i < labels.size(); ++i) {
    int l = labels[i];
    Bilou p = LabelPart(l);
    int t = LabelType(l);
    switch (p) {
      case Bilou::kO: close(i); break;
      case Bilou::kU: close(i); out.push_back({i, i + 1, t}); break;
      case Bilou::kB: close(i); open_type = t; open_first = i; break;
      case Bilou::kI:
      case Bilou::kL:
        if (open_type != t) { close(i); open_type = t; open_first = i; }
        if (p == Bilou::kL) close(i + 1);
        break;
    }
  }
  close(static_cast<uint32_t>(labels.size()));
  return out;
}

std::vector<int> LabelsFromSpans(const std::vector<LabelSpan>& spans, size_t n) {
  std::vector<int> labels(n, 0);
  for (const LabelSpan& s : spans) {
    if (s.last > n || s.first >= s.last) continue;
    if (s.last - s.first == 1) {
      labels[s.first] = MakeLabel(Bilou::kU, s.type);
      continue;
    }
    labels[s.first] = MakeLabel(Bilou::kB, s.type);
    for (uint32_t i = s.first + 1; i + 1 < s.last; ++i) labels[i] = MakeLabel(Bilou::kI, s.type);
    labels[s.last - 1] = MakeLabel(Bilou::kL, s.type);
  }
  return labels;
}

// ---- Gazetteer ----

uint64_t Gazetteer::TokenHash(std::string_view form) {
  std::string low;
  Lower(form, low);
  return ValueHash(low);
}
uint64_t Gazetteer::Extend(uint64_t seq, uint64_t token_hash) { return Mix(seq, token_hash); }

void Gazetteer::Add(const std::vector<std::string>& tokens, int type) {
  if (tokens.empty() || tokens.size() > kMaxLen || type < 0 || type >= kGazClassCount) return;
  uint64_t h = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    h = Extend(h, TokenHash(tokens[i]));
    // Proper prefixes are marked so that matching stops as soon as no entry can follow.
    entries_.emplace_back(h, static_cast<uint16_t>(i + 1 == tokens.size() ? 1u << type : kPrefix));
  }
  max_len_ = std::max(max_len_, static_cast<int>(tokens.size()));
}

void Gazetteer::Finish() {
  std::sort(entries_.begin(), entries_.end());
  std::vector<std::pair<uint64_t, uint16_t>> merged;
  for (const auto& e : entries_) {
    if (!merged.empty() && merged.back().first == e.first) merged.back().second |= e.second;
    else merged.push_back(e);
  }
  entries_ = std::move(merged);
}

uint16_t Gazetteer::Lookup(uint64_t seq) const {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), seq,
                             [](const std::pair<uint64_t, uint16_t>& e, uint64_t k) { return e.first < k; });
  return it != entries_.end() && it->first == seq ? it->second : 0;
}

void Gazetteer::Write(ByteWriter& w) const {
  w.U32(static_cast<uint32_t>(max_len_));
  w.U64(entries_.size());
  for (const auto& [k, m] : entries_) {
    w.U64(k);
    w.U16(m);
  }
}

bool Gazetteer::Read(ByteReader& r) {
  max_len_ = static_cast<int>(r.U32());
  uint64_t n = r.U64();
  if (!r.Count(n, 10)) return false;
  if (max_len_ < 0 || max_len_ > 64) return r.Fail("gazetteer: bad maximum length");
  entries_.resize(n);
  for (auto& [k, m] : entries_) {
    k = r.U64();
    m = r.U16();
  }
  for (size_t i = 1; i < entries_.size(); ++i)
    if (entries_[i - 1].first >= entries_[i].first) return r.Fail("gazetteer: entries not sorted");
  return r.ok();
}

// ---- Casing lexicon ----

void CaseLexicon::Add(std::string_view word) {
  if (word.size() >= 2 && word.substr(word.size() - 2) == "'s") return;
  bool upper = false, lower = false, first_upper = false;
  for (size_t i = 0; i < word.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(word[i]);
    if (c >= 'A' && c <= 'Z') {
      upper = true;
      if (i == 0) first_upper = true;
    } else if ((c >= 'a' && c <= 'z') || c >= 0x80) {
      lower = true;
    } else if (c != '-' && c != '.' && c != '\'') {
      return;
    }
  }
  if (!upper && !lower) return;
  const uint8_t flag = !upper ? kCommon : !lower && word.size() > 1 ? kAllCaps : first_upper ? kCapital : 0;
  if (flag) entries_.push_back({Gazetteer::TokenHash(word), flag});
}

void CaseLexicon::Finish() {
  std::sort(entries_.begin(), entries_.end());
  size_t k = 0;  // one entry per key, the flags of all its spellings
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (k > 0 && entries_[k - 1].first == entries_[i].first) entries_[k - 1].second |= entries_[i].second;
    else entries_[k++] = entries_[i];
  }
  entries_.resize(k);
}

namespace {
// Sorted (key, byte) tables (CaseLexicon, NounTypes): binary search, and their section format:
// the count (u64), then per entry the key (u64) and the byte (u8), keys strictly increasing.
using KeyBytes = std::vector<std::pair<uint64_t, uint8_t>>;

const uint8_t* FindKey(const KeyBytes& entries, uint64_t key) {
  auto it = std::lower_bound(entries.begin(), entries.end(), key,
                             [](const std::pair<uint64_t, uint8_t>& e, uint64_t k) { return e.first < k; });
  return it == entries.end() || it->first != key ? nullptr : &it->second;
}

void WriteKeyBytes(ByteWriter& w, const KeyBytes& entries) {
  w.U64(entries.size());
  for (const auto& [key, byte] : entries) {
    w.U64(key);
    w.U8(byte);
  }
}

// `valid` checks each byte; `what` names the table in errors.
template <typename Valid>
bool ReadKeyBytes(ByteReader& r, KeyBytes& entries, const char* what, const char* byte_name, Valid valid) {
  uint64_t n = r.U64();
  if (!r.Count(n, 9)) return false;
  entries.resize(n);
  for (auto& [key, byte] : entries) {
    key = r.U64();
    byte = r.U8();
    if (r.ok() && !valid(byte)) return r.Fail(std::string(what) + ": bad " + byte_name + " " + std::to_string(byte));
  }
  for (size_t i = 1; i < entries.size(); ++i)
    if (entries[i - 1].first >= entries[i].first) return r.Fail(std::string(what) + ": entries not sorted");
  return r.ok();
}
}  // namespace

uint8_t CaseLexicon::Lookup(uint64_t key) const {
  const uint8_t* flags = FindKey(entries_, key);
  return flags ? *flags : 0;
}

void CaseLexicon::Write(ByteWriter& w) const { WriteKeyBytes(w, entries_); }

bool CaseLexicon::Read(ByteReader& r) {
  return ReadKeyBytes(r, entries_, "casing lexicon", "flags", [](uint8_t f) { return f != 0 && f <= 7; });
}

// ---- Features ----

namespace {
// Whether a word is made of ASCII letters only (the words the true-cased view may change).
bool AsciiLetters(std::string_view w) {
  if (w.empty()) return false;
  for (char c : w)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
  return true;
}
}  // namespace

int NounTypes::TypeOf(std::string_view t) {
  static constexpr std::string_view kNames[] = {"person", "organization", "place", "event",
                                                 "object", "time",         "abstract"};
  for (int k = 0; k < 7; ++k)
    if (t == kNames[k]) return k;
  return 7;  // substance, animal, plant, ...
}

void NounTypes::Finish() {
  std::sort(entries_.begin(), entries_.end());
  entries_.erase(std::unique(entries_.begin(), entries_.end(),
                             [](const auto& a, const auto& b) { return a.first == b.first; }),
                 entries_.end());
}

uint8_t NounTypes::Lookup(uint64_t key) const {
  const uint8_t* type = FindKey(entries_, key);
  return type ? static_cast<uint8_t>(*type + 1) : 0;
}

void NounTypes::Write(ByteWriter& w) const { WriteKeyBytes(w, entries_); }

bool NounTypes::Read(ByteReader& r) {
  return ReadKeyBytes(r, entries_, "noun types", "type", [](uint8_t t) { return t < kTypes; });
}

uint64_t NounClassKey(uint8_t left_class) { return ValueHash("\x01lm-class " + std::to_string(left_class)); }

uint64_t NounTypeKey(std::string_view lemma) {
  std::string low;
  Lower(lemma, low);
  return ValueHash(low);
}

namespace {
bool Capitalised(std::string_view w) { return !w.empty() && w[0] >= 'A' && w[0] <= 'Z'; }
}  // namespace

void NerDescriptions::Build(const Document& doc, const NounTypes& types, const WordClusters* lm, size_t s_begin,
                            size_t s_end) {
  counts_.clear();
  if (types.size() == 0) return;
  const uint32_t n = static_cast<uint32_t>(doc.tokens.size());
  auto noun_type = [&](uint32_t j) -> uint8_t {  // 0: not a common noun; kTypes + 1: an unknown one
    const Token& t = doc.tokens[j];
    if (t.upos != "NOUN") return 0;
    const std::string_view lemma = t.lemma.empty() ? std::string_view(t.form) : std::string_view(t.lemma);
    uint8_t k = types.Lookup(NounTypeKey(lemma));
    if (!k && lm && lm->size()) {
      const uint8_t c = lm->Lookup(WordClassKey(lemma)).second;
      if (c) k = types.Lookup(NounClassKey(c));
    }
    return k ? k : static_cast<uint8_t>(NounTypes::kTypes + 1);
  };
  // A word that belongs to its head's name: flat, or a proper-noun compound.
  auto name_part = [](const Token& x) {
    return x.deprel.starts_with("flat") || (x.deprel == "compound" && x.upos == "PROPN");
  };
  std::vector<uint32_t> kid_begin, kids, name;
  for (size_t si = s_begin; si < doc.sentences.size() && si < s_end; ++si) {
    const Sentence& s = doc.sentences[si];
    const uint32_t a = std::min(s.first, n), b = std::min(s.last, n);
    if (a >= b) continue;
    auto in = [&](int32_t h) { return h >= static_cast<int32_t>(a) && h < static_cast<int32_t>(b); };
    // The sentence's children lists (token c is a child of h = kids[kid_begin[h - a] ...]).
    kid_begin.assign(b - a + 1, 0);
    for (uint32_t c = a; c < b; ++c)
      if (in(doc.tokens[c].head)) ++kid_begin[static_cast<uint32_t>(doc.tokens[c].head) - a + 1];
    for (uint32_t k = 1; k <= b - a; ++k) kid_begin[k] += kid_begin[k - 1];
    kids.assign(kid_begin[b - a], 0);
    {
      std::vector<uint32_t> fill(kid_begin.begin(), kid_begin.end() - 1);
      for (uint32_t c = a; c < b; ++c)
        if (in(doc.tokens[c].head)) kids[fill[static_cast<uint32_t>(doc.tokens[c].head) - a]++] = c;
    }
    auto children = [&](uint32_t h) {
      return std::pair{kids.begin() + kid_begin[h - a], kids.begin() + kid_begin[h - a + 1]};
    };
    auto has_child = [&](uint32_t h, auto pred) {
      auto [from, to] = children(h);
      return std::any_of(from, to, [&](uint32_t c) { return pred(doc.tokens[c]); });
    };
    for (uint32_t i = a; i < b; ++i) {
      const Token& t = doc.tokens[i];
      if (t.upos != "PROPN" || !in(t.head) || t.deprel.starts_with("flat") ||
          (t.deprel == "compound" && doc.tokens[static_cast<uint32_t>(t.head)].upos == "PROPN"))
        continue;  // not the head word of a name
      // The describing noun.
      uint8_t type = 0;
      const uint32_t h = static_cast<uint32_t>(t.head);
      if (t.deprel == "appos") type = noun_type(h);  // "the group Hamas", "the leader, Ahmed Yassin"
      if (!type && t.deprel.starts_with("nsubj") && has_child(h, [](const Token& c) { return c.deprel == "cop"; }))
        type = noun_type(h);  // "X is a procession"
      if (!type && t.deprel == "nmod" && has_child(i, [](const Token& c) {  // "groups such as Hamas"
            if (c.deprel != "case") return false;
            std::string low;
            Lower(c.form, low);
            return low == "such" || low == "including" || low == "like";
          }))
        type = noun_type(h);
      for (auto [c, end] = children(i); c != end && !type; ++c)  // "Hamas, the militant group"
        if (doc.tokens[*c].deprel == "appos") type = noun_type(*c);
      if (!type) continue;
      // Every word of the name: the head and, below it, its flat / proper-noun compound dependents.
      name.assign(1, i);
      for (size_t k = 0; k < name.size(); ++k)
        for (auto [c, end] = children(name[k]); c != end; ++c)
          if (name_part(doc.tokens[*c])) name.push_back(*c);
      for (uint32_t j : name) {
        if (!Capitalised(doc.tokens[j].form)) continue;
        uint16_t& c = counts_[ValueHash(doc.tokens[j].form)][type - 1];
        if (c < 0xFFFF) ++c;
      }
    }
  }
}

uint8_t NerDescriptions::Of(const Document& doc, uint32_t i) const {
  if (counts_.empty() || i >= doc.tokens.size() || !Capitalised(doc.tokens[i].form)) return 0;
  auto it = counts_.find(ValueHash(doc.tokens[i].form));
  if (it == counts_.end()) return 0;
  int best = -1;
  const auto& c = it->second;
  for (size_t k = 0; k < NounTypes::kTypes; ++k)  // a known type first
    if (c[k] && (best < 0 || c[k] > c[static_cast<size_t>(best)])) best = static_cast<int>(k);
  if (best < 0 && c[NounTypes::kTypes]) best = NounTypes::kTypes;
  return best < 0 ? 0 : static_cast<uint8_t>(best + 1);
}

void NerPrepare(const Document& doc, uint32_t first, uint32_t last, const Gazetteer& gaz,
                const WordClusters* clusters, NerScratch& s, const CaseLexicon* lexicon,
                const WordClusters* lm_classes, const NounTypes* noun_types,
                const NerDescriptions* descriptions) {
  const size_t n = last - first;
  s.toks.resize(n);
  s.lm = lm_classes && lm_classes->size();
  s.desc = noun_types && noun_types->size();
  std::string low, shape, view;
  if (lexicon && lexicon->size() == 0) lexicon = nullptr;
  // An all-capitals sentence: at least three words with letters, none with a lower-case one.
  bool all_caps = false;
  if (lexicon) {
    size_t words = 0, caps = 0;
    for (size_t i = 0; i < n; ++i) {
      bool has_upper = false, has_lower = false;
      for (char c : doc.tokens[first + i].form) {
        has_upper |= c >= 'A' && c <= 'Z';
        has_lower |= c >= 'a' && c <= 'z';
      }
      words += has_upper || has_lower;
      caps += has_upper && !has_lower;
    }
    all_caps = words >= 3 && caps == words;
  }
  // A title-case line (a headline: `Sweden Joins NATO After Two-Year Wait`): at least three
  // words with letters, every word of four letters or more capitalised, and at least two
  // capitalised words that the lexicon knows only in lower case. Layout-5 models (with
  // language-model classes or noun types) see those words in lower case.
  bool title_case = false;
  if (lexicon && !all_caps && (s.lm || s.desc)) {
    size_t words = 0, common = 0;
    bool lower_long = false;
    for (size_t i = 0; i < n && !lower_long; ++i) {
      const std::string& f = doc.tokens[first + i].form;
      size_t letters = 0;
      for (char c : f) letters += (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (letters == 0) continue;
      ++words;
      const bool initcap = f[0] >= 'A' && f[0] <= 'Z';
      if (!initcap && letters >= 4) lower_long = true;
      if (initcap && AsciiLetters(f)) {
        Lower(f, low);
        const uint8_t d = lexicon->Lookup(ValueHash(low));
        common += (d & CaseLexicon::kCommon) && !(d & (CaseLexicon::kCapital | CaseLexicon::kAllCaps));
      }
    }
    title_case = words >= 3 && !lower_long && common >= 2;
  }
  for (size_t i = 0; i < n; ++i) {
    const Token& tok = doc.tokens[first + i];
    NerScratch::Tok& t = s.toks[i];
    std::string_view w = tok.form;
    Lower(w, low);
    t.dict = lexicon ? lexicon->Lookup(ValueHash(low)) : 0;
    t.recased = 0;
    if (t.dict && AsciiLetters(w)) {
      // The true-cased view: what the features see.
      const uint8_t cap = CapClass(w);
      if (cap == 0 && !(t.dict & CaseLexicon::kCommon) && w.size() >= 3) {
        view = low;
        if (t.dict & CaseLexicon::kCapital) {
          view[0] = static_cast<char>(view[0] - 'a' + 'A');
          t.recased = 1;
        } else {
          for (char& c : view) c = static_cast<char>(c - 'a' + 'A');
          t.recased = 2;
        }
      } else if (all_caps && cap == 2 && (t.dict & (CaseLexicon::kCommon | CaseLexicon::kCapital))) {
        view = low;
        if (t.dict & CaseLexicon::kCommon) {
          t.recased = 3;
        } else {
          view[0] = static_cast<char>(view[0] - 'a' + 'A');
          t.recased = 4;
        }
      }
      else if (title_case && cap == 1 && (t.dict & CaseLexicon::kCommon) &&
               !(t.dict & (CaseLexicon::kCapital | CaseLexicon::kAllCaps))) {
        view = low;
        t.recased = 5;
      }
      if (t.recased) w = view;
    }
    Shape(w, shape);
    t.form = ValueHash(w);
    t.lower = ValueHash(low);
    t.shape = ValueHash(shape);
    std::string_view lv = low;
    t.pre2 = ValueHash(lv.substr(0, 2));
    t.pre3 = ValueHash(lv.substr(0, 3));
    t.suf2 = ValueHash(lv.substr(lv.size() > 2 ? lv.size() - 2 : 0));
    t.suf3 = ValueHash(lv.substr(lv.size() > 3 ? lv.size() - 3 : 0));
    t.suf4 = ValueHash(lv.substr(lv.size() > 4 ? lv.size() - 4 : 0));
    t.upos = ValueHash(tok.upos);
    t.xpos = ValueHash(tok.xpos);
    t.cap = CapClass(w);
    t.dep = ValueHash(tok.deprel);
    t.hist = 0;
    std::memset(t.gaz, 0, sizeof t.gaz);
    t.clu_r = t.clu_l = 0;
    if (clusters && clusters->size()) std::tie(t.clu_r, t.clu_l) = clusters->Lookup(ValueHash(low));
    t.lm_r = t.lm_l = 0;
    t.desc = s.desc && descriptions ? descriptions->Of(doc, first + static_cast<uint32_t>(i)) : 0;
    if (s.lm) std::tie(t.lm_r, t.lm_l) = lm_classes->Lookup(WordClassKey(tok.form));
  }
  // Runs of capitalised words ("University of Portsmouth": "of"/"and"/"de" may bridge two
  // capitalised words). The run's last word is usually the name's head ("... River", "... Inc.").
  auto capital = [&](size_t i) { return s.toks[i].cap == 1 || s.toks[i].cap == 2; };
  for (size_t i = 0; i < n;) {
    if (!capital(i)) {
      s.toks[i].run_pos = 0;
      s.toks[i].run_org = 0;
      s.toks[i].run_first = s.toks[i].run_last = 0;
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < n) {
      if (capital(j)) { ++j; continue; }
      const std::string& f = doc.tokens[first + j].form;
      if ((f == "of" || f == "and" || f == "de" || f == "&") && j + 1 < n && capital(j + 1)) { j += 2; continue; }
      break;
    }
    std::string lw;
    Lower(doc.tokens[first + i].form, lw);
    uint8_t org = OrgCueWord(lw) ? 1 : 0;
    Lower(doc.tokens[first + j - 1].form, lw);
    if (OrgCueWord(lw)) org = static_cast<uint8_t>(org | 2);
    for (size_t k = i; k < j; ++k) {
      s.toks[k].run_org = org;
      s.toks[k].run_first = s.toks[i].lower;
      s.toks[k].run_last = s.toks[j - 1].lower;
      s.toks[k].run_pos = static_cast<uint8_t>(j - i == 1 ? Bilou::kU : k == i ? Bilou::kB : k + 1 == j ? Bilou::kL : Bilou::kI);
    }
    i = j;
  }
  static const uint64_t kRoot = ValueHash("<root>"), kOut = ValueHash("<out>");
  for (size_t i = 0; i < n; ++i) {
    int32_t h = doc.tokens[first + i].head;
    s.toks[i].head = h < 0 ? kRoot : (static_cast<uint32_t>(h) >= first && static_cast<uint32_t>(h) < last)
                                         ? s.toks[static_cast<uint32_t>(h) - first].lower : kOut;
  }
  // Gazetteer: per type, leftmost-longest non-overlapping matches, marked B/I/L/U.
  const int maxlen = gaz.max_len();
  if (maxlen == 0 || gaz.size() == 0) return;
  std::vector<uint64_t> th(n);
  for (size_t i = 0; i < n; ++i) th[i] = Gazetteer::TokenHash(doc.tokens[first + i].form);
  size_t covered[kGazClassCount] = {};
  for (size_t i = 0; i < n; ++i) {
    uint64_t h = 0;
    size_t best[kGazClassCount] = {};
    for (size_t k = 0; k < static_cast<size_t>(maxlen) && i + k < n; ++k) {
      h = Gazetteer::Extend(h, th[i + k]);
      uint16_t m = gaz.Lookup(h);
      if (m == 0) break;
      for (int type = 0; type < kGazClassCount; ++type)
        if (m & (1u << type)) best[type] = k + 1;
    }
    for (int type = 0; type < kGazClassCount; ++type) {
      size_t len = best[type];
      if (len == 0 || i < covered[type]) continue;
      if (len == 1) {
        s.toks[i].gaz[type] = static_cast<uint16_t>(Bilou::kU);
      } else {
        s.toks[i].gaz[type] = static_cast<uint16_t>(Bilou::kB);
        for (size_t k = 1; k + 1 < len; ++k) s.toks[i + k].gaz[type] = static_cast<uint16_t>(Bilou::kI);
        s.toks[i + len - 1].gaz[type] = static_cast<uint16_t>(Bilou::kL);
      }
      covered[type] = i + len;
    }
  }
}

void NerFeatures(const NerScratch& s, size_t i, int prev, std::vector<uint64_t>& out) {
  NerTokenFeatures(s, i, out);
  NerPrevFeatures(s, i, prev, out);
}

uint64_t NerPrevKey(NerPrevPart part, uint64_t value, int prev) {
  const uint64_t p = static_cast<uint64_t>(prev);
  switch (part) {
    case NerPrevPart::kLabel: return FeatureKey(kPrev, p, 0, 0);
    case NerPrevPart::kForm: return FeatureKey(kPrevForm, p, value, 0);
    case NerPrevPart::kShape: return FeatureKey(kPrevShape, p, value, 0);
    case NerPrevPart::kXpos: return FeatureKey(kPrevXpos, p, value, 0);
  }
  return 0;
}

void NerPrevFeatures(const NerScratch& s, size_t i, int prev, std::vector<uint64_t>& out) {
  const NerScratch::Tok& t = s.toks[i];
  out.push_back(NerPrevKey(NerPrevPart::kLabel, 0, prev));
  out.push_back(NerPrevKey(NerPrevPart::kForm, t.lower, prev));
  out.push_back(NerPrevKey(NerPrevPart::kShape, t.shape, prev));
  out.push_back(NerPrevKey(NerPrevPart::kXpos, t.xpos, prev));
  NerPrevRestFeatures(s, i, prev, out);
}

void NerPrevRestFeatures(const NerScratch& s, size_t i, int prev, std::vector<uint64_t>& out) {
  const NerScratch::Tok& t = s.toks[i];
  const uint64_t p = static_cast<uint64_t>(prev);
  auto F = [&](uint32_t tmpl, uint64_t a, uint64_t b = 0, uint64_t c = 0) {
    out.push_back(FeatureKey(tmpl, a, b, c));
  };
  if (t.run_pos) F(kRunPos, t.run_pos, p);
  if (t.hist) F(kHistPrev, t.hist, p);
  for (int type = 0; type < kGazClassCount; ++type)
    if (t.gaz[type]) F(kGazPrev, static_cast<uint64_t>(type), t.gaz[type], p);
}

void NerTokenFeatures(const NerScratch& s, size_t i, std::vector<uint64_t>& out) {
  out.clear();
  const size_t n = s.toks.size();
  static const NerScratch::Tok kPad = [] {
    NerScratch::Tok p{};
    p.form = p.lower = p.shape = p.upos = p.xpos = p.suf3 = 0x5EA7ull;
    p.cap = 5;
    return p;
  }();
  const NerScratch::Tok& t = s.toks[i];
  const NerScratch::Tok& m1 = i >= 1 ? s.toks[i - 1] : kPad;
  const NerScratch::Tok& m2 = i >= 2 ? s.toks[i - 2] : kPad;
  const NerScratch::Tok& p1 = i + 1 < n ? s.toks[i + 1] : kPad;
  const NerScratch::Tok& p2 = i + 2 < n ? s.toks[i + 2] : kPad;
  const uint64_t first = i == 0;
  auto F = [&](uint32_t tmpl, uint64_t a, uint64_t b = 0, uint64_t c = 0) {
    out.push_back(FeatureKey(tmpl, a, b, c));
  };
  F(kBias, 0);
  F(kForm, t.form, first);
  F(kLower, t.lower);
  F(kShape, t.shape, first);
  F(kPre2, t.pre2);
  F(kPre3, t.pre3);
  F(kSuf2, t.suf2);
  F(kSuf3, t.suf3);
  F(kSuf4, t.suf4);
  F(kUpos, t.upos);
  F(kXpos, t.xpos);
  F(kLowerXpos, t.lower, t.xpos);
  F(kFormM1, m1.form);
  F(kFormP1, p1.form);
  F(kLowerM2, m2.lower);
  F(kLowerP2, p2.lower);
  F(kShapeM1, m1.shape);
  F(kShapeP1, p1.shape);
  F(kXposM1, m1.xpos);
  F(kXposP1, p1.xpos);
  F(kUposM1UposP1, m1.upos, p1.upos);
  F(kUposWin, m1.upos, t.upos, p1.upos);
  F(kShapeWin, m1.shape, t.shape, p1.shape);
  F(kCapWin, m1.cap, t.cap, p1.cap);
  F(kFormM1Form, m1.lower, t.lower);
  F(kFormFormP1, t.lower, p1.lower);
  F(kSuf3M1, m1.suf3);
  F(kSuf3P1, p1.suf3);
  F(kFirstShape, first, t.cap, t.xpos);
  if (t.run_pos) {
    F(kRunLast, t.run_last);
    F(kRunFirst, t.run_first);
    F(kRunPosLast, t.run_pos, t.run_last);
    if (t.run_org) F(kOrgCue, t.run_pos, t.run_org);
  }
  F(kDep, t.dep);
  F(kDepHead, t.dep, t.head);
  // Word classes: the word's own (with its capitalisation) and its neighbours'.
  F(kCluR, t.clu_r, t.cap);
  F(kCluL, t.clu_l, t.cap);
  F(kCluM1, m1.clu_r, t.clu_l);
  F(kCluP1, p1.clu_l, t.clu_r);
  F(kCluWin, m1.clu_r, t.cap, p1.clu_l);
  if (s.lm) {  // the same for the language model's classes
    F(kLmR, t.lm_r, t.cap);
    F(kLmL, t.lm_l, t.cap);
    F(kLmM1, m1.lm_r, t.lm_l);
    F(kLmP1, p1.lm_l, t.lm_r);
    F(kLmWin, m1.lm_r, t.cap, p1.lm_l);
  }
  // The casing lexicon: an ordinary word, a name, both, unknown (with the capitalisation seen).
  F(kDict, t.dict, t.cap, first);
  if (s.desc) {  // the noun that describes this name somewhere in the document
    F(kDesc, t.desc, t.cap);
    F(kDescRun, t.desc, t.run_pos);
  }
  if (t.hist) {
    F(kHist, t.hist);
    F(kHistCap, t.hist, t.cap);
  }
  for (int type = 0; type < kGazClassCount; ++type) {
    if (t.gaz[type]) {
      F(kGaz, static_cast<uint64_t>(type), t.gaz[type]);
      F(kGazCap, static_cast<uint64_t>(type), t.gaz[type], t.cap);
    }
    // The neighbours' matches, with this word's capitalisation ("John Smyth": a given name
    // before a capitalised word).
    if (m1.gaz[type] && i >= 1) F(kGazM1, static_cast<uint64_t>(type), m1.gaz[type], t.cap);
    if (p1.gaz[type] && i + 1 < n) F(kGazP1, static_cast<uint64_t>(type), p1.gaz[type], t.cap);
  }
}

void NerHistory::Apply(NerScratch& s) const {
  for (auto& t : s.toks) {
    t.hist = 0;
    if (counts_.empty() || (t.cap != 1 && t.cap != 2)) continue;
    auto it = counts_.find(t.form);
    if (it == counts_.end()) continue;
    int best = -1;
    for (int type = 0; type < kNerTypeCount; ++type)
      if (it->second[type] && (best < 0 || it->second[type] > it->second[best])) best = type;
    if (best >= 0) t.hist = static_cast<uint8_t>(best + 1);
  }
}

void NerHistory::Record(const NerScratch& s, const std::vector<int>& labels) {
  for (size_t i = 0; i < labels.size() && i < s.toks.size(); ++i) {
    if (labels[i] == 0 || (s.toks[i].cap != 1 && s.toks[i].cap != 2)) continue;
    uint16_t& c = counts_[s.toks[i].form][static_cast<size_t>(LabelType(labels[i]))];
    if (c < 0xFFFF) ++c;
  }
}

void ExtendNamesLeft(Document& doc) {
  const uint32_t n = static_cast<uint32_t>(doc.tokens.size());
  uint32_t prev_last = 0;  // the end of the mention before (mentions are sorted, non-overlapping)
  for (EntityMention& e : doc.entities) {
    if (e.last > n || e.first >= e.last) continue;
    auto inside = [&](int32_t h) { return h >= static_cast<int32_t>(e.first) && h < static_cast<int32_t>(e.last); };
    while (e.first > prev_last) {
      const uint32_t p = e.first - 1;
      const Token& t = doc.tokens[p];
      if (t.upos != "PROPN" || t.form.empty() || t.form[0] < 'A' || t.form[0] > 'Z') break;
      // Same sentence: the head-dependent link checked below is within one tree.
      bool linked = inside(t.head) && (t.deprel.starts_with("flat") || t.deprel == "compound");
      for (uint32_t i = e.first; i < e.last && !linked; ++i)
        linked = doc.tokens[i].head == static_cast<int32_t>(p) && doc.tokens[i].deprel.starts_with("flat");
      if (!linked) break;
      e.first = p;
    }
    prev_last = e.last;
  }
}

namespace {
bool InWords(std::string_view w, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), w) != set.end();
}

// The first token of each token's sentence (a token outside every sentence: itself).
std::vector<uint32_t> SentenceStarts(const Document& doc) {
  const uint32_t n = static_cast<uint32_t>(doc.tokens.size());
  std::vector<uint32_t> start(n);
  for (uint32_t i = 0; i < n; ++i) start[i] = i;
  for (const Sentence& s : doc.sentences)
    for (uint32_t i = s.first; i < s.last && i < n; ++i) start[i] = s.first;
  return start;
}

// The mention holding each token (an index into doc.entities), or -1.
std::vector<int32_t> MentionHolders(const Document& doc) {
  const uint32_t n = static_cast<uint32_t>(doc.tokens.size());
  std::vector<int32_t> holder(n, -1);
  for (size_t m = 0; m < doc.entities.size(); ++m)
    for (uint32_t i = doc.entities[m].first; i < doc.entities[m].last && i < n; ++i)
      holder[i] = static_cast<int32_t>(m);
  return holder;
}

// A mention's words as written, each followed by a space: mentions of one name share it.
std::string MentionWords(const Document& doc, const EntityMention& e) {
  std::string k;
  for (uint32_t i = e.first; i < e.last && i < doc.tokens.size(); ++i) (k += doc.tokens[i].form) += ' ';
  return k;
}

bool StartsUpper(std::string_view f) { return !f.empty() && f[0] >= 'A' && f[0] <= 'Z'; }

// Two or more letters, all ASCII capitals (`CPA`, `NATO`).
bool AllCapitals(std::string_view f) {
  return f.size() >= 2 && std::all_of(f.begin(), f.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// Adds mentions that overlap none of the document's and keeps them sorted.
void AddMentions(Document& doc, const std::vector<EntityMention>& added) {
  doc.entities.insert(doc.entities.end(), added.begin(), added.end());
  std::sort(doc.entities.begin(), doc.entities.end(),
            [](const EntityMention& x, const EntityMention& y) { return x.first < y.first; });
}
}  // namespace

void JoinNameParticles(Document& doc) {
  const uint32_t n = static_cast<uint32_t>(doc.tokens.size());
  auto particle = [&](uint32_t i) {
    const std::string w = LowerAscii(doc.tokens[i].form);
    static constexpr std::array<std::string_view, 10> kArticles{"al", "el", "ad", "an", "ar",
                                                                "as", "ash", "at", "az", "ath"};
    return std::find(kArticles.begin(), kArticles.end(), w) != kArticles.end();
  };
  auto capitalised = [&](uint32_t i) { return StartsUpper(doc.tokens[i].form); };
  auto article_at = [&](uint32_t i) {  // tokens i, i + 1, i + 2: `al - Sadr`, within a sentence
    return i + 2 < n && particle(i) && doc.tokens[i + 1].form == "-" && capitalised(i + 2);
  };
  const std::vector<uint32_t> start = SentenceStarts(doc);
  std::vector<EntityMention>& es = doc.entities;
  for (size_t m = 0; m < es.size(); ++m) {
    EntityMention& e = es[m];
    if (e.last > n || e.first >= e.last) continue;
    const uint32_t prev_last = m == 0 ? 0 : es[m - 1].last;
    if (e.first >= prev_last + 2 && start[e.first] <= e.first - 2 && article_at(e.first - 2)) e.first -= 2;
    if (e.last + 2 < n && start[e.last + 2] == start[e.first] && article_at(e.last)) {
      const uint32_t end = e.last + 3;
      // A mention of the name after the article (`Sadr`) joins this one.
      if (m + 1 < es.size() && es[m + 1].first < end) {
        if (es[m + 1].first != e.last + 2 || es[m + 1].last != end) continue;
        es.erase(es.begin() + static_cast<std::ptrdiff_t>(m) + 1);
      }
      es[m].last = end;
    }
    // `bin`, `ibn`, `bint` (son, daughter of) and the capitalised words after it continue a
    // person's name (`Mohammed bin Salman`, `Mohammed bin Rashid Al Maktoum`).
    EntityMention& p = es[m];
    if (p.type != "PERSON" || p.last + 1 >= n || start[p.last + 1] != start[p.first] || !capitalised(p.last + 1))
      continue;
    const std::string w = LowerAscii(doc.tokens[p.last].form);
    if (w != "bin" && w != "ibn" && w != "bint") continue;
    uint32_t end = p.last + 1;
    const uint32_t next_first = m + 1 < es.size() ? es[m + 1].first : n;
    while (end < n && end < next_first && start[end] == start[p.first] && capitalised(end) &&
           doc.tokens[end].upos == "PROPN")
      ++end;
    // A mention of the words after it (`Salman`) joins this one.
    if (end == next_first && m + 1 < es.size()) {
      end = es[m + 1].last;
      es.erase(es.begin() + static_cast<std::ptrdiff_t>(m) + 1);
    }
    if (end > p.last + 1) es[m].last = end;
  }
}

uint32_t NameStart(const Document& doc, const EntityMention& m) {
  if (m.type != "PERSON" || m.last > doc.tokens.size() || m.first >= m.last) return m.first;
  auto lower = [&](uint32_t i) { return LowerAscii(doc.tokens[i].form); };
  auto title = [&](uint32_t i) { return IsPersonTitleWord(lower(i)); };
  bool named = false;
  for (uint32_t i = m.first; i < m.last && !named; ++i)
    named = doc.tokens[i].upos != "DET" && doc.tokens[i].upos != "PUNCT" && !title(i);
  if (!named) return m.last;
  // A hyphen written without spaces joins the words of a name (`Bashar al-Assad`,
  // `Reiss-Andersen`, which UD tokenisation splits into three tokens).
  auto joiner = [&](uint32_t i) {
    return i > m.first && i + 1 < m.last && doc.tokens[i].form == "-" &&
           doc.tokens[i - 1].end == doc.tokens[i].begin && doc.tokens[i].end == doc.tokens[i + 1].begin;
  };
  // A regnal number or a generational suffix ends a name (`Charles III`, `Martin Luther King Jr.`).
  auto suffix = [&](uint32_t i) {
    return InWords(doc.tokens[i].form, {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
                                        "XIII", "XIV", "XV", "XVI", "Jr.", "Jr", "Sr.", "Sr"});
  };
  uint32_t end = m.last;
  while (end > m.first + 1 && suffix(end - 1)) --end;
  uint32_t k = end;
  while (k > m.first) {
    const uint32_t i = k - 1;
    if (!(doc.tokens[i].upos == "PROPN" && !title(i)) && !joiner(i) && !(i + 1 < k && joiner(i + 1))) break;
    --k;
  }
  while (k < end && joiner(k)) ++k;
  if (k == end || k == m.first) return m.first;
  // What comes before must be a title ending in a title word; otherwise the mention is cut
  // badly (`President of the United States`) and is taken whole.
  const std::string before = lower(k - 1);
  if (!IsPersonTitleWord(before) || before == "the" || before == "of") return m.first;
  for (uint32_t j = m.first; j < k; ++j) {
    const Token& t = doc.tokens[j];
    if (!title(j) && t.upos != "ADJ" && t.upos != "PROPN") return m.first;
  }
  return k;
}

std::string_view PlaceType(const std::vector<std::string_view>& words) {
  if (words.empty()) return "GPE";
  for (size_t i = 0; i < words.size(); ++i) {
    std::string_view w = words[i];
    std::string_view next = i + 1 < words.size() ? words[i + 1] : std::string_view();
    // Continents, oceans and regions that are not political units (OntoNotes LOC).
    if (InWords(w, {"Europe",   "Asia",    "Africa",    "Antarctica",    "Arctic",  "Antarctic",
                    "Atlantic", "Pacific", "Caribbean", "Mediterranean", "Balkans", "Scandinavia",
                    "Siberia",  "Sahara",  "Himalayas", "Alps",          "Andes",   "Amazon",
                    "Midwest",  "Oceania", "Patagonia", "Eurasia"}))
      return "LOC";
    if ((w == "Middle" || w == "Far" || w == "Near") && next == "East") return "LOC";
    if ((w == "North" || w == "South" || w == "Latin" || w == "Central") && next == "America") return "LOC";
  }
  auto fac = [](std::string_view w) {
    return InWords(
        w, {"Street",  "St.",       "Road",    "Rd.",     "Avenue",    "Ave.",      "Boulevard", "Highway",
            "Freeway", "Bridge",    "Airport", "Station", "Tower",     "Towers",    "Building",  "Hall",
            "Church",  "Cathedral", "Chapel",  "Temple",  "Mosque",    "Synagogue", "Stadium",   "Arena",
            "Square",  "Palace",    "Castle",  "Fort",    "Base",      "Hospital",  "Museum",    "Library",
            "Center",  "Centre",    "Hotel",   "Prison",  "Monastery", "Abbey",     "Mall",      "Theatre",
            "Theater", "Lane",      "Drive",   "Plaza",   "Field",     "Gardens",   "Zoo",       "Port",
            "Harbour", "Harbor",    "Canal",   "Dam",     "Tunnel",    "Cemetery",  "House"});
  };
  auto loc = [](std::string_view w) {
    return InWords(
        w,
        {"River",   "Lake",   "Ocean",  "Sea",    "Mountain", "Mountains", "Mount",  "Mt.",     "Island",
         "Islands", "Isle",   "Valley", "Desert", "Bay",      "Gulf",      "Forest", "Coast",   "Peninsula",
         "Canyon",  "Falls",  "Creek",  "Hill",   "Hills",    "Range",     "Strait", "Channel", "Glacier",
         "Basin",   "Plains", "Park",   "Beach",  "Reef",     "Volcano",   "Delta",  "Region",  "Cape"});
  };
  std::string_view head = words.back(), first = words.front();
  if (fac(head) || fac(first)) return "FAC";
  if (loc(head) || loc(first)) return "LOC";
  return "GPE";
}

bool IsCompanyDesignator(std::string_view form, bool after_comma) {
  if (form.size() < 2 || form.size() > 12 ||
      std::string_view("ICLGpP").find(form[0]) == std::string_view::npos)
    return false;
  static const std::set<std::string_view> kAny = {"Inc.", "Inc",    "INC.", "INC",  "Corp.", "Corp", "CORP.",
                                                  "CORP", "Ltd.",   "Ltd",  "LTD.", "LTD",   "LLC",  "L.L.C.",
                                                  "LLP",  "L.L.P.", "plc",  "PLC",  "GmbH"};
  static const std::set<std::string_view> kNotAfterComma = {"Corporation",  "CORPORATION", "Incorporated",
                                                            "INCORPORATED", "Co.",         "CO."};
  return kAny.count(form) != 0 || (!after_comma && kNotAfterComma.count(form) != 0);
}

void MarkCompanyNames(Document& doc, std::string_view org) {
  const uint32_t n = static_cast<uint32_t>(doc.tokens.size());
  bool any = false;
  for (uint32_t j = 1; j < n && !any; ++j) any = IsCompanyDesignator(doc.tokens[j].form);
  if (!any) return;
  auto capitalised = [&](uint32_t i) {
    const std::string& f = doc.tokens[i].form;
    return !f.empty() && ((f[0] >= 'A' && f[0] <= 'Z') || (f[0] >= '0' && f[0] <= '9'));
  };
  const std::vector<uint32_t> start = SentenceStarts(doc);
  std::vector<int32_t> holder = MentionHolders(doc);
  std::vector<EntityMention> added;
  for (uint32_t j = 1; j < n; ++j) {
    const std::string& form = doc.tokens[j].form;
    if (!IsCompanyDesignator(form)) continue;
    // `Co. Kerry` is a county.
    if ((form == "Co." || form == "CO.") && j + 1 < n && start[j + 1] == start[j] && capitalised(j + 1))
      continue;
    if (holder[j] >= 0) {
      EntityMention& e = doc.entities[static_cast<size_t>(holder[j])];
      if (e.first < j) {  // `[Microsoft Corp.]`
        e.type = org;
        continue;
      }
      if (e.last > j + 1) continue;  // a longer mention starts with it: leave it
      // The designator alone (`Acme Widgets, [Inc.]`) is no name: it goes, and the name is
      // looked for before it.
      e.last = e.first;
      holder[j] = -1;
    }
    // The word before the designator, over a comma for the designators written after one.
    uint32_t b = j;  // the name's words end before b
    if (doc.tokens[j - 1].form == "," && holder[j - 1] < 0 && IsCompanyDesignator(form, true) && j >= 2 &&
        start[j - 1] <= j - 2)
      b = j - 1;
    if (start[j] > b - 1 || !capitalised(b - 1)) continue;
    if (holder[b - 1] >= 0) {  // `[Enron] Corp.`: the mention grows over the designator
      EntityMention& e = doc.entities[static_cast<size_t>(holder[b - 1])];
      if (e.last != b || e.type == "DATE" || e.type == "TIME") continue;
      for (uint32_t i = e.last; i <= j; ++i) holder[i] = holder[b - 1];
      e.last = j + 1;
      e.type = org;
      continue;
    }
    uint32_t a = b - 1;
    while (a > start[j] && holder[a - 1] < 0) {
      const Token& t = doc.tokens[a - 1];
      if (capitalised(a - 1) && t.upos != "DET" && t.upos != "PRON" && t.upos != "ADP" && t.upos != "VERB" &&
          t.upos != "AUX" && t.upos != "PUNCT") {
        --a;
      } else if (t.form == "&" && a - 1 > start[j] && capitalised(a - 2) && holder[a - 2] < 0) {
        a -= 2;
      } else {
        break;
      }
    }
    // A sentence-initial word that is not a proper noun is an ordinary word written with a capital.
    while (a < b && a == start[j] && doc.tokens[a].upos != "PROPN") ++a;
    if (a >= b || doc.tokens[a].upos == "DET") continue;
    for (uint32_t i = a; i <= j; ++i) holder[i] = -2;  // taken
    added.push_back({a, j + 1, org});
  }
  std::erase_if(doc.entities, [](const EntityMention& e) { return e.last <= e.first; });
  if (added.empty()) return;
  AddMentions(doc, added);
}

void MarkStormNames(Document& doc, std::string_view event) {
  const uint32_t n = static_cast<uint32_t>(doc.tokens.size());
  auto form = [&](uint32_t i) -> const std::string& { return doc.tokens[i].form; };
  auto capitalised = [&](uint32_t i) { return StartsUpper(form(i)); };
  // The length of the storm cue at i (0: none).
  auto cue = [&](uint32_t i) -> uint32_t {
    const std::string& f = form(i);
    if (f == "Hurricane" || f == "Cyclone" || f == "Typhoon" || f == "Superstorm") return 1;
    if (f == "Tropical" && i + 1 < n && (form(i + 1) == "Storm" || form(i + 1) == "Depression")) return 2;
    return 0;
  };
  bool any = false;
  for (uint32_t i = 0; i < n && !any; ++i) any = cue(i) != 0;
  if (!any) return;
  const std::vector<uint32_t> start = SentenceStarts(doc);
  std::vector<std::vector<std::string>> names;  // the storms' names, as word forms
  std::vector<EntityMention> storms;
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t c = cue(i);
    if (!c) continue;
    if (i > start[i] && capitalised(i - 1)) continue;  // inside a longer name: `National Hurricane Center`
    uint32_t end = i + c;
    while (end < n && end < i + c + 2 && start[end] == start[i] && capitalised(end) &&
           !IsCompanyDesignator(form(end)))
      ++end;
    if (end == i + c) continue;
    // Not when a mention reaches out of the span (the cue would belong to another name).
    bool clash = false;
    for (const EntityMention& e : doc.entities)
      clash |= e.first < end && i < e.last && (e.first < i || e.last > end);
    if (clash) continue;
    storms.push_back({i, end, event});
    names.emplace_back();
    for (uint32_t k = i + c; k < end; ++k) names.back().push_back(form(k));
    i = end - 1;
  }
  if (storms.empty()) return;
  std::erase_if(doc.entities, [&](const EntityMention& e) {
    for (const EntityMention& s : storms)
      if (e.first >= s.first && e.last <= s.last) return true;
    return false;
  });
  for (EntityMention& e : doc.entities)
    for (const auto& name : names) {
      if (e.last - e.first < name.size()) continue;
      bool same = true;
      for (size_t k = 0; k < name.size() && same; ++k)
        same = form(e.last - static_cast<uint32_t>(name.size()) + static_cast<uint32_t>(k)) == name[k];
      if (same) e.type = event;
    }
  AddMentions(doc, storms);
}

void SplitPlacedNames(Document& doc, const Gazetteer& gazetteer, const std::vector<std::string>& types) {
  const uint32_t n = static_cast<uint32_t>(doc.tokens.size());
  const int gpe_type = NerTypeIndex("GPE"), loc_type = NerTypeIndex("LOC");
  const uint16_t gpe_bit = static_cast<uint16_t>(1u << gpe_type),
                 loc_bit = static_cast<uint16_t>(1u << loc_type);
  auto view = [&](int type) { return std::string_view(types[static_cast<size_t>(type)]); };
  std::vector<EntityMention> places;
  for (EntityMention& e : doc.entities) {
    if (e.last > n || e.last - e.first < 3) continue;
    if (e.type != "FAC" && e.type != "ORG" && e.type != "GPE" && e.type != "LOC") continue;
    for (uint32_t i = e.first + 1; i + 1 < e.last; ++i) {
      if (doc.tokens[i].form != "in") continue;
      const std::string& before = doc.tokens[i - 1].form;
      if (before.empty() || before[0] < 'A' || before[0] > 'Z') break;
      uint64_t h = 0;
      for (uint32_t k = i + 1; k < e.last; ++k)
        h = Gazetteer::Extend(h, Gazetteer::TokenHash(doc.tokens[k].form));
      const uint16_t mask = gazetteer.Lookup(h);
      if (!(mask & (gpe_bit | loc_bit))) break;
      places.push_back({i + 1, e.last, view((mask & gpe_bit) ? gpe_type : loc_type)});
      e.last = i;
      if (e.type != "ORG") {
        std::vector<std::string_view> words;
        for (uint32_t k = e.first; k < e.last; ++k) words.push_back(doc.tokens[k].form);
        e.type = view(NerTypeIndex(PlaceType(words)));
      }
      break;
    }
  }
  if (places.empty()) return;
  AddMentions(doc, places);
}

void SplitOfficeTitles(Document& doc, const Gazetteer& gazetteer, const std::vector<std::string>& types) {
  const uint32_t n = static_cast<uint32_t>(doc.tokens.size());
  const int gpe_type = NerTypeIndex("GPE"), loc_type = NerTypeIndex("LOC"), org_type = NerTypeIndex("ORG");
  auto view = [&](int type) { return std::string_view(types[static_cast<size_t>(type)]); };
  auto lower = [&](uint32_t i) { return LowerAscii(doc.tokens[i].form); };
  for (EntityMention& e : doc.entities) {
    if (e.last > n || (e.type != "PERSON" && e.type != "ORG")) continue;
    uint32_t of = e.first;
    while (of < e.last && IsOfficeTitleWord(lower(of))) ++of;
    if (of == e.first || of + 1 >= e.last || lower(of) != "of") continue;
    uint32_t j = of + 1;
    if (lower(j) == "the" && j + 1 < e.last) ++j;
    // What follows `of` must be a known organisation or place, or an acronym.
    uint64_t h = 0;
    for (uint32_t k = j; k < e.last; ++k) h = Gazetteer::Extend(h, Gazetteer::TokenHash(doc.tokens[k].form));
    const uint16_t mask = gazetteer.Lookup(h);
    const bool acronym = j + 1 == e.last && AllCapitals(doc.tokens[j].form);
    int type = -1;
    if (mask & (1u << gpe_type)) type = gpe_type;
    else if (mask & (1u << loc_type)) type = loc_type;
    else if ((mask & (1u << org_type)) || acronym) type = org_type;
    if (type < 0) continue;
    e.first = j;
    e.type = view(type);
  }
}

void MarkCraftNames(Document& doc, const Gazetteer& gazetteer, std::string_view product, std::string_view event) {
  const uint32_t n = static_cast<uint32_t>(doc.tokens.size());
  const uint16_t place_bits = static_cast<uint16_t>((1u << NerTypeIndex("GPE")) | (1u << NerTypeIndex("LOC")) |
                                                    (1u << NerTypeIndex("FAC")));
  // A person, or a place the gazetteer does not know (`Iran drone` stays a country).
  auto open_type = [&](const EntityMention& e) {
    if (e.type == "PERSON") return true;
    if (e.type != "GPE" && e.type != "LOC" && e.type != "FAC") return false;
    uint64_t h = 0;
    for (uint32_t i = e.first; i < e.last; ++i) h = Gazetteer::Extend(h, Gazetteer::TokenHash(doc.tokens[i].form));
    return !(gazetteer.Lookup(h) & place_bits);
  };
  auto lower = [&](uint32_t i) { return LowerAscii(doc.tokens[i].form); };
  auto craft = [](std::string_view w) {
    return InWords(w, {"spacecraft", "capsule", "telescope", "rocket",   "satellite", "probe",    "rover",
                       "lander",     "orbiter", "shuttle",   "submarine", "aircraft", "airliner", "warship",
                       "frigate",    "destroyer", "missile", "drone"});
  };
  auto cue_type = [&](uint32_t i) {  // the type a cue noun at token i gives, "" for none
    if (i >= n) return std::string_view();
    const std::string w = lower(i);
    return craft(w) ? product : w == "mission" ? event : std::string_view();
  };
  // A name in apposition to such a noun or to `flight` (`the next flight, Artemis II, ...`).
  auto appositive_type = [&](const EntityMention& e) {
    for (uint32_t i = e.first; i < e.last; ++i) {
      const int32_t h = doc.tokens[i].head;
      if (h >= static_cast<int32_t>(e.first) && h < static_cast<int32_t>(e.last)) continue;
      if (doc.tokens[i].deprel != "appos" || h < 0 || h >= static_cast<int32_t>(n)) return std::string_view();
      const Token& head = doc.tokens[static_cast<size_t>(h)];
      if (head.upos != "NOUN") return std::string_view();
      const std::string w = LowerAscii(head.lemma.empty() ? std::string_view(head.form) : std::string_view(head.lemma));
      return craft(w) ? product : (w == "mission" || w == "flight") ? event : std::string_view();
    }
    return std::string_view();
  };
  // Ships by their prefix (`USS Carney`, `HMS Diamond`), whatever type the model gave them.
  for (EntityMention& e : doc.entities)
    if (e.last <= n && e.last - e.first > 1 && InWords(doc.tokens[e.first].form, {"USS", "HMS", "HMAS", "HMCS", "INS"}))
      e.type = product;
  // Each mention's words, and whether its type is such a guess; the words of those mentions.
  const size_t count = doc.entities.size();
  std::vector<std::string> keys(count);
  std::vector<char> open(count, 0);
  std::set<std::string> open_keys;
  for (size_t m = 0; m < count; ++m) {
    const EntityMention& e = doc.entities[m];
    if (e.last > n) continue;
    keys[m] = MentionWords(doc, e);
    open[m] = open_type(e);
    if (open[m]) open_keys.insert(keys[m]);
  }
  // An ORG counts when the same words are such a mention elsewhere in the document (`its
  // [Euclid] telescope` ... `[Euclid], which will ...` a PERSON).
  std::vector<char> candidate(count, 0);
  for (size_t m = 0; m < count; ++m)
    candidate[m] = open[m] || (doc.entities[m].type == "ORG" && open_keys.count(keys[m]));
  std::map<std::string, std::string_view> retyped;  // the words of a name -> its new type
  for (size_t m = 0; m < count; ++m) {
    if (!candidate[m]) continue;
    const EntityMention& e = doc.entities[m];
    // The noun after the name (`the Orion spacecraft`, `Orion Capsule` in a headline) or the
    // name's own last word (`[Euclid Telescope]`).
    if (std::string_view t = cue_type(e.last); !t.empty()) retyped.emplace(keys[m], t);
    else if (e.last - e.first > 1 && craft(lower(e.last - 1))) retyped.emplace(keys[m], product);
    else if (std::string_view a = appositive_type(e); !a.empty()) retyped.emplace(keys[m], a);
  }
  // Capitalised words outside every mention before a cue (`its Euclid telescope`) whose words
  // are such a mention elsewhere in the document.
  const std::vector<uint32_t> start = SentenceStarts(doc);
  std::vector<int32_t> holder = MentionHolders(doc);
  std::vector<EntityMention> added;
  for (uint32_t c = 1; c < n; ++c) {
    const std::string_view t = cue_type(c);
    if (t.empty() || holder[c] >= 0) continue;
    uint32_t b = c;
    while (b > start[c] && c - b < 3 && holder[b - 1] < 0 && StartsUpper(doc.tokens[b - 1].form) &&
           doc.tokens[b - 1].upos != "DET")
      --b;
    if (b == c) continue;
    const EntityMention run{b, c, t};
    std::string words = MentionWords(doc, run);
    if (!open_keys.count(words)) continue;
    retyped.emplace(std::move(words), t);
    added.push_back(run);
    for (uint32_t i = b; i < c; ++i) holder[i] = static_cast<int32_t>(count);  // taken
  }
  if (retyped.empty()) return;
  for (size_t m = 0; m < count; ++m)
    if (candidate[m])
      if (auto it = retyped.find(keys[m]); it != retyped.end()) doc.entities[m].type = it->second;
  AddMentions(doc, added);
}

std::set<std::string_view> DemonymCountries(const Document& doc) {
  std::set<std::string_view> countries;
  for (const Token& t : doc.tokens)
    if (StartsUpper(t.form) && (t.upos == "ADJ" || t.upos == "PROPN"))
      if (std::string_view c = DemonymCountry(CanonicalKey(t.form)); !c.empty()) countries.insert(c);
  return countries;
}

void MarkDemonymCountries(Document& doc, std::string_view gpe) {
  const uint32_t n = static_cast<uint32_t>(doc.tokens.size());
  std::vector<size_t> single;  // one-word PERSON mentions
  for (size_t m = 0; m < doc.entities.size(); ++m) {
    const EntityMention& e = doc.entities[m];
    if (e.last <= n && e.last == e.first + 1 && e.type == "PERSON") single.push_back(m);
  }
  if (single.empty()) return;
  const std::set<std::string_view> countries = DemonymCountries(doc);
  if (countries.empty()) return;
  // Surnames of the document's fuller person names stay persons (`Michael Jordan` ... `Jordan`).
  std::set<std::string_view> surnames;
  for (const EntityMention& e : doc.entities)
    if (e.last <= n && e.last > e.first + 1 && e.type == "PERSON") surnames.insert(doc.tokens[e.last - 1].form);
  for (size_t m : single) {
    EntityMention& e = doc.entities[m];
    const std::string& w = doc.tokens[e.first].form;
    if (countries.count(w) && !surnames.count(w)) e.type = gpe;
  }
}

bool IsOrganisationWord(std::string_view form) {
  return InWords(form, {"Authority",   "Department",   "Ministry", "Agency",     "Commission", "Committee",
                        "Council",     "Association",  "Foundation", "Institute", "Bureau",   "Organization",
                        "Organisation", "Federation",  "Party",    "Court",      "Corporation"});
}

void MarkOrganisationNames(Document& doc, const Gazetteer& gazetteer, std::string_view org) {
  const uint32_t n = static_cast<uint32_t>(doc.tokens.size());
  for (EntityMention& e : doc.entities) {
    if (e.last > n || !InWords(e.type, {"PERSON", "GPE", "LOC"})) continue;
    // A person whose name begins with a given name keeps it (`Margaret Court`).
    if (e.type == "PERSON" && (gazetteer.Lookup(Gazetteer::Extend(0, Gazetteer::TokenHash(doc.tokens[e.first].form))) &
                               (1u << kGazFirstName)))
      continue;
    for (uint32_t i = e.first; i < e.last; ++i)
      if (IsOrganisationWord(doc.tokens[i].form)) {
        e.type = org;
        break;
      }
  }
}

void MarkAcronyms(Document& doc) {
  const uint32_t n = static_cast<uint32_t>(doc.tokens.size());
  // Acronym -> the type of the names that give it; "" when names of two types give it.
  std::map<std::string, std::string_view> given;
  for (const EntityMention& e : doc.entities) {
    if (e.last > n || !InWords(e.type, {"ORG", "GPE", "LOC", "FAC", "EVENT"})) continue;
    std::string acronym;
    bool ok = true;
    for (uint32_t i = e.first; i < e.last && ok; ++i) {
      const std::string& f = doc.tokens[i].form;
      if (f.empty()) continue;
      if (f[0] >= 'A' && f[0] <= 'Z') acronym += f[0];
      else ok = InWords(f, {"of", "the", "and", "for", "on", "in", "de", "&", "-"});
    }
    // Two letters only for places (`US`, `NY`); for others they collide too often (`PS`, `CC`).
    if (!ok || acronym.size() < (e.type == "GPE" || e.type == "LOC" ? 2u : 3u)) continue;
    auto [it, fresh] = given.emplace(acronym, e.type);
    if (!fresh && it->second != e.type) it->second = {};
  }
  if (given.empty()) return;
  const std::vector<int32_t> holder = MentionHolders(doc);
  std::vector<EntityMention> added;
  for (uint32_t i = 0; i < n; ++i) {
    const std::string& f = doc.tokens[i].form;
    if (!AllCapitals(f)) continue;
    auto it = given.find(f);
    if (it == given.end() || it->second.empty()) continue;
    if (holder[i] < 0) {
      added.push_back({i, i + 1, it->second});
    } else {
      EntityMention& e = doc.entities[static_cast<size_t>(holder[i])];
      if (e.first == i && e.last == i + 1) e.type = it->second;
    }
  }
  AddMentions(doc, added);
}

void VoteMentionTypes(Document& doc) {
  // Name -> count per type, and the type string of a mention of that type (mention types are
  // views owned by whoever set them; a relabelled mention takes another mention's view).
  struct Tally {
    std::array<uint32_t, kNerTypeCount> n{};
    std::array<std::string_view, kNerTypeCount> view{};
  };
  std::map<std::string, Tally> tally;
  auto key = [&](const EntityMention& e) { return MentionWords(doc, e); };
  for (const EntityMention& e : doc.entities) {
    int t = NerTypeIndex(e.type);
    if (t < 0) continue;
    Tally& c = tally[key(e)];
    ++c.n[static_cast<size_t>(t)];
    c.view[static_cast<size_t>(t)] = e.type;
  }
  for (EntityMention& e : doc.entities) {
    if (NerTypeIndex(e.type) < 0) continue;
    const Tally& c = tally[key(e)];
    size_t best = 0;
    bool tie = false;
    for (size_t t = 1; t < c.n.size(); ++t) {
      if (c.n[t] > c.n[best]) best = t, tie = false;
      else if (c.n[t] == c.n[best]) tie = true;
    }
    if (!tie) e.type = c.view[best];
  }
}

}  // namespace nlp

// ---- EntityRecognizer ----

namespace {
// 2: gazetteer classes for given names and surnames (bits 10 and 11 of an entry's mask);
// word classes (section "clusters"). 3: weights of a structured perceptron, decoded with
// Viterbi (a layout-2 model was trained for greedy decoding).
// 4: the casing lexicon (section "casing") and the true-cased view of the words.
// 5: word classes from a language model (section "lm_classes") and the types of describing
// nouns (section "noun_types"), with their templates; a model trained with neither is
// written as layout 4, which is still read.
constexpr uint32_t kNerLayoutVersion = 5;

// "form/UPOS/XPOS ..." -> a one-sentence document (the form may itself contain '/': the last
// two slashes separate the tags).
Document SelfTestDocument(std::string_view input) {
  Document doc;
  size_t pos = 0;
  while (pos < input.size()) {
    size_t end = input.find(' ', pos);
    if (end == std::string_view::npos) end = input.size();
    std::string_view item = input.substr(pos, end - pos);
    pos = end + 1;
    if (item.empty()) continue;
    Token t;
    size_t b = item.rfind('/');
    size_t a = b == std::string_view::npos || b == 0 ? std::string_view::npos : item.rfind('/', b - 1);
    if (a == std::string_view::npos) {
      t.form = std::string(item);
    } else {
      t.form = std::string(item.substr(0, a));
      // Views into `input` would dangle; tags in self-tests are matched against interned copies.
      t.upos = item.substr(a + 1, b - a - 1);
      t.xpos = item.substr(b + 1);
    }
    doc.tokens.push_back(std::move(t));
  }
  doc.sentences.push_back({0, static_cast<uint32_t>(doc.tokens.size())});
  return doc;
}
}  // namespace

EntityRecognizer::EntityRecognizer(nlp::SparseWeights weights, nlp::Gazetteer gazetteer,
                                   nlp::WordClusters clusters, nlp::CaseLexicon lexicon,
                                   nlp::WordClusters lm_classes, nlp::NounTypes noun_types)
    : weights_(std::move(weights)),
      gazetteer_(std::move(gazetteer)),
      clusters_(std::move(clusters)),
      lexicon_(std::move(lexicon)),
      lm_classes_(std::move(lm_classes)),
      noun_types_(std::move(noun_types)) {
  types_.reserve(nlp::kNerTypeCount);
  for (const char* t : nlp::kNerTypes) types_.emplace_back(t);
}

EntityRecognizer::~EntityRecognizer() = default;

void EntityRecognizer::Recognize(Document& doc) const {
  doc.entities.clear();
  nlp::NerScratch scratch;
  nlp::NerHistory history;
  std::vector<int> labels;
  struct Scorer {
    const nlp::SparseWeights& w;
    void operator()(const uint64_t* f, size_t n, float* s) const { w.Score(f, n, s); }
    void Groups(const uint64_t* f, const size_t* begin, size_t groups, float* s, size_t stride) const {
      w.ScoreGroups(f, begin, groups, s, stride);
    }
  };
  const Scorer score{weights_};
  nlp::NerPrevCache cache;  // for this call: the weights do not change during it
  nlp::NerDescriptions descriptions;
  descriptions.Build(doc, noun_types_, &lm_classes_);
  auto run = [&](uint32_t first, uint32_t last) {
    if (last <= first) return;
    nlp::NerPrepare(doc, first, last, gazetteer_, &clusters_, scratch, &lexicon_, &lm_classes_, &noun_types_,
                    &descriptions);
    history.Apply(scratch);
    nlp::NerViterbi(scratch, score, labels, &cache);
    history.Record(scratch, labels);
    for (const nlp::LabelSpan& s : nlp::SpansFromLabels(labels))
      doc.entities.push_back({first + s.first, first + s.last, types_[static_cast<size_t>(s.type)]});
  };
  const uint32_t n = static_cast<uint32_t>(doc.tokens.size());
  if (doc.sentences.empty()) {
    run(0, n);
  } else {
    uint32_t covered = 0;
    for (const Sentence& s : doc.sentences) {
      uint32_t a = std::min(std::max(s.first, covered), n), b = std::min(s.last, n);
      if (a > covered) run(covered, a);  // tokens between sentences
      run(a, b);
      covered = std::max(covered, b);
    }
    if (covered < n) run(covered, n);
  }
  nlp::MarkCompanyNames(doc, types_[static_cast<size_t>(nlp::NerTypeIndex("ORG"))]);
  nlp::MarkStormNames(doc, types_[static_cast<size_t>(nlp::NerTypeIndex("EVENT"))]);
  nlp::SplitPlacedNames(doc, gazetteer_, types_);
  nlp::SplitOfficeTitles(doc, gazetteer_, types_);
  nlp::ExtendNamesLeft(doc);
  nlp::MarkCraftNames(doc, gazetteer_, types_[static_cast<size_t>(nlp::NerTypeIndex("PRODUCT"))],
                      types_[static_cast<size_t>(nlp::NerTypeIndex("EVENT"))]);
  nlp::JoinNameParticles(doc);
  nlp::MarkOrganisationNames(doc, gazetteer_, types_[static_cast<size_t>(nlp::NerTypeIndex("ORG"))]);
  nlp::MarkAcronyms(doc);
  nlp::MarkDemonymCountries(doc, types_[static_cast<size_t>(nlp::NerTypeIndex("GPE"))]);
  nlp::VoteMentionTypes(doc);
}

std::string EntityRecognizer::RunSelfTest(std::string_view input) const {
  Document doc = SelfTestDocument(input);
  Recognize(doc);
  std::string out;
  for (const EntityMention& e : doc.entities) {
    if (!out.empty()) out += ' ';
    out += std::to_string(e.first) + "-" + std::to_string(e.last) + ":" + std::string(e.type);
  }
  return out;
}

Result<std::unique_ptr<EntityRecognizer>> EntityRecognizer::Load(const std::string& path) {
  auto file = nlp::ModelFile::Load(path, "ner");
  if (!file.ok()) return file.status();
  if (file->component_version != kNerLayoutVersion && file->component_version != 4)
    return Status::Error(path + ": ner model layout version " + std::to_string(file->component_version) +
                         " is not supported (expected 4 or " + std::to_string(kNerLayoutVersion) + ")");
  const std::string* labels = file->Section("labels");
  const std::string* weights = file->Section("weights");
  const std::string* gaz = file->Section("gazetteer");
  const std::string* clusters = file->Section("clusters");
  const std::string* casing = file->Section("casing");
  if (!labels || !weights || !gaz || !clusters || !casing)
    return Status::Error(path + ": ner model lacks a section (labels, weights, gazetteer, clusters, casing)");
  {
    nlp::ByteReader r(*labels, path + ": section labels");
    uint32_t n = r.U32();
    if (r.ok() && n != nlp::kNerTypeCount) r.Fail("expected " + std::to_string(nlp::kNerTypeCount) + " types");
    for (uint32_t t = 0; r.ok() && t < n; ++t)
      if (r.Str() != nlp::kNerTypes[t]) r.Fail(std::string("type ") + std::to_string(t) + " is not " + nlp::kNerTypes[t]);
    if (!r.ok()) return r.status();
  }
  nlp::SparseWeights w;
  {
    nlp::ByteReader r(*weights, path + ": section weights");
    if (!w.Read(r)) return r.status();
    if (w.classes() != nlp::kNerLabelCount)
      return Status::Error(path + ": ner weights have " + std::to_string(w.classes()) + " classes, expected " +
                           std::to_string(nlp::kNerLabelCount));
  }
  nlp::Gazetteer g;
  {
    nlp::ByteReader r(*gaz, path + ": section gazetteer");
    if (!g.Read(r)) return r.status();
  }
  nlp::WordClusters c;
  {
    nlp::ByteReader r(*clusters, path + ": section clusters");
    if (!c.Read(r)) return r.status();
  }
  nlp::CaseLexicon lex;
  {
    nlp::ByteReader r(*casing, path + ": section casing");
    if (!lex.Read(r)) return r.status();
  }
  nlp::WordClusters lm;
  nlp::NounTypes nt;
  if (file->component_version >= 5) {
    const std::string* lmc = file->Section("lm_classes");
    const std::string* nts = file->Section("noun_types");
    if (!lmc || !nts) return Status::Error(path + ": ner model lacks a section (lm_classes, noun_types)");
    nlp::ByteReader r(*lmc, path + ": section lm_classes");
    if (!lm.Read(r)) return r.status();
    nlp::ByteReader r2(*nts, path + ": section noun_types");
    if (!nt.Read(r2)) return r2.status();
  }
  auto model = std::unique_ptr<EntityRecognizer>(
      new EntityRecognizer(std::move(w), std::move(g), std::move(c), std::move(lex), std::move(lm), std::move(nt)));
  for (size_t i = 0; i < file->self_tests.size(); ++i) {
    const nlp::SelfTest& t = file->self_tests[i];
    std::string got = model->RunSelfTest(t.input);
    if (got != t.expected)
      return Status::Error(path + ": self-test " + std::to_string(i + 1) + " failed: expected \"" + t.expected +
                           "\", got \"" + got + "\" (the model does not behave as when it was trained)");
  }
  return model;
}

Status SaveNerModel(const EntityRecognizer& model, const std::string& config_json,
                    const std::vector<std::string>& self_test_inputs, const std::string& path) {
  nlp::ModelFile f;
  f.component = "ner";
  const bool layout5 = model.lm_classes().size() || model.noun_types().size();
  f.component_version = layout5 ? kNerLayoutVersion : 4;
  f.config_json = config_json;
  for (const std::string& in : self_test_inputs) f.self_tests.push_back({in, model.RunSelfTest(in)});
  auto add = [&f](const char* name, const auto& part) {
    nlp::ByteWriter w;
    part.Write(w);
    f.sections.emplace_back(name, w.Take());
  };
  nlp::ByteWriter lw;
  lw.U32(nlp::kNerTypeCount);
  for (const char* t : nlp::kNerTypes) lw.Str(t);
  f.sections.emplace_back("labels", lw.Take());
  add("weights", model.weights());
  add("gazetteer", model.gazetteer());
  add("clusters", model.clusters());
  add("casing", model.lexicon());
  if (layout5) {
    add("lm_classes", model.lm_classes());
    add("noun_types", model.noun_types());
  }
  return f.Save(path);
}

}  // namespace relata
