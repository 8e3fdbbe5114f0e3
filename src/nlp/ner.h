// Named-entity recogniser (docs/ner.md): BILOU tagging with Viterbi decoding and a structured
// averaged perceptron (Collins 2002; features after Ratinov & Roth 2009) over word, shape,
// affix, tag, context, previous-label, gazetteer and word-class features. Types: PERSON, NORP, FAC, ORG, GPE, LOC, PRODUCT, EVENT, DATE, TIME.
//
// Contract: an EntityRecognizer is immutable after Load() and may be shared by threads;
// Recognize() keeps its scratch space on the stack of the call. The type strings that
// EntityMention::type points to are owned by the recogniser and live as long as it does.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "nlp/bytes.h"
#include "nlp/perceptron.h"
#include "nlp/word_classes.h"
#include "relata/document.h"
#include "relata/status.h"

namespace relata {

namespace nlp {

// The entity types, in label order. Label 0 is O; type t has labels B=1+4t, I=2+4t, L=3+4t,
// U=4+4t.
inline constexpr const char* kNerTypes[] = {"PERSON", "NORP", "FAC",    "ORG",  "GPE",
                                            "LOC",    "PRODUCT", "EVENT", "DATE", "TIME"};
inline constexpr int kNerTypeCount = 10;
inline constexpr int kNerLabelCount = 1 + 4 * kNerTypeCount;
// Gazetteer classes: the ten types, then two lists that are not types: given names and
// surnames (a name of a person is often a given name from the list followed by a surname).
inline constexpr int kGazFirstName = kNerTypeCount;
inline constexpr int kGazSurname = kNerTypeCount + 1;
inline constexpr int kGazClassCount = kNerTypeCount + 2;

enum class Bilou : uint8_t { kO = 0, kB = 1, kI = 2, kL = 3, kU = 4 };
inline Bilou LabelPart(int label) { return label == 0 ? Bilou::kO : static_cast<Bilou>(1 + (label - 1) % 4); }
inline int LabelType(int label) { return label == 0 ? -1 : (label - 1) / 4; }
inline int MakeLabel(Bilou part, int type) { return part == Bilou::kO ? 0 : 1 + 4 * type + static_cast<int>(part) - 1; }
// "O", "B-PERSON", ...
std::string LabelName(int label);
// The type index of a type name, or -1.
int NerTypeIndex(std::string_view type);

// Whether `label` may follow `prev` (prev = 0 at the sentence start). `last` = the token is the
// last of its sentence (then B and I are not allowed).
bool BilouAllowed(int prev, int label, bool last);

// The labels allowed after each label (BilouAllowed), in increasing order: the transitions
// Viterbi has to look at (about 480 of the 41 x 41 pairs).
struct BilouSuccessors {
  uint8_t count[2][kNerLabelCount];                   // [last][prev]
  uint8_t label[2][kNerLabelCount][kNerLabelCount];  // [last][prev][k]
};
const BilouSuccessors& AllowedSuccessors();

// A labelled span of a sentence, tokens [first, last) relative to whatever the labels index.
struct LabelSpan {
  uint32_t first = 0, last = 0;
  int type = 0;
  bool operator==(const LabelSpan&) const = default;
};
// Spans of a label sequence. Invalid sequences are read leniently (an I or L without a B
// starts a span; a B or I that is not continued ends one).
std::vector<LabelSpan> SpansFromLabels(const std::vector<int>& labels);
// BILOU labels for non-overlapping spans over `n` tokens.
std::vector<int> LabelsFromSpans(const std::vector<LabelSpan>& spans, size_t n);

// A set of token sequences (lower-cased forms), each with a mask of gazetteer classes.
class Gazetteer {
 public:
  static uint64_t TokenHash(std::string_view form);  // of the lower-cased form
  static uint64_t Extend(uint64_t seq, uint64_t token_hash);
  static constexpr uint16_t kPrefix = 0x8000;  // mask bit: a proper prefix of some entry
  static constexpr size_t kMaxLen = 8;          // longer names are not kept
  void Add(const std::vector<std::string>& tokens, int type);
  void Finish();  // sorts and merges; call after the last Add
  // The type mask of a sequence hash (0 = absent).
  uint16_t Lookup(uint64_t seq) const;
  size_t size() const { return entries_.size(); }
  int max_len() const { return max_len_; }
  void Write(ByteWriter& w) const;
  bool Read(ByteReader& r);

 private:
  std::vector<std::pair<uint64_t, uint16_t>> entries_;
  int max_len_ = 0;
};

// Casing knowledge from an English word list (docs/ner.md): for each lower-cased word, whether
// the list spells it in lower case (an ordinary word), capitalised (a proper name: `Kerala`) or
// in capitals (`NASA`). Read from Debian's word lists when training; the model keeps it.
class CaseLexicon {
 public:
  static constexpr uint8_t kCommon = 1, kCapital = 2, kAllCaps = 4;
  // A word as the list spells it (one word per entry; entries with other characters than
  // letters, `-`, `.` and `'` are skipped; possessives `'s` too).
  void Add(std::string_view word);
  void Finish();  // sorts and merges; call after the last Add
  // The flags of a word (by Gazetteer::TokenHash of its form), 0 if unknown.
  uint8_t Lookup(uint64_t lower_hash) const;
  size_t size() const { return entries_.size(); }
  void Write(ByteWriter& w) const;
  bool Read(ByteReader& r);

 private:
  std::vector<std::pair<uint64_t, uint8_t>> entries_;
};

// The entity type GUM gives to mentions headed by a common noun, per lower-cased lemma
// (`festival` -> event, `city` -> place, `leader` -> person), learnt from the training data's
// annotation of non-named mentions, with language-model classes as a back-off (docs/ner.md,
// "Layout 5, opt-in").
class NounTypes {
 public:
  // GUM's types, as feature values (0 = unknown noun).
  static constexpr int kTypes = 8;  // person, organization, place, event, object, time, abstract, other
  static int TypeOf(std::string_view gum_type);
  void Add(uint64_t lemma_hash, uint8_t type) { entries_.push_back({lemma_hash, type}); }
  void Finish();  // sorts; call after the last Add (one entry per key)
  uint8_t Lookup(uint64_t lemma_hash) const;
  size_t size() const { return entries_.size(); }
  void Write(ByteWriter& w) const;
  bool Read(ByteReader& r);

 private:
  std::vector<std::pair<uint64_t, uint8_t>> entries_;
};

// The hash NounTypes keys a lemma by: ASCII lower-cased.
uint64_t NounTypeKey(std::string_view lemma);
// The key of a language-model word class (its left class, WordClusters) in NounTypes: the
// back-off for nouns the table does not know by lemma.
uint64_t NounClassKey(uint8_t left_class);

// Descriptions of names within one document: a name described by a common noun in
// apposition (`Hamas, the militant group`; `the group Hamas`), as a copular predicate
// (`Mangal Shobhajatra is a procession`) or after `such as` / `including` / `like` gives each
// of its words that noun's type; every capitalised token of the document with the same form
// then sees the type most often given to that form (the evidence of one sentence reaches all
// mentions of the name). Needs the parse; without one there are no descriptions.
class NerDescriptions {
 public:
  // Over the sentences [s_begin, s_end) of `doc` (all of them by default).
  // `lm` (may be null): the language-model classes, for nouns unknown by lemma.
  void Build(const Document& doc, const NounTypes& types, const WordClusters* lm = nullptr, size_t s_begin = 0,
             size_t s_end = SIZE_MAX);
  // 0, or 1 + the type (NounTypes) for token `i` of the document, or 1 + NounTypes::kTypes
  // when the name is described only by nouns the table does not know.
  uint8_t Of(const Document& doc, uint32_t i) const;

 private:
  // Looked up only, never iterated.
  // Per form: counts of the describing nouns' types, and (last) of describing nouns the table
  // does not know (a rare noun: `an annual procession`).
  std::unordered_map<uint64_t, std::array<uint16_t, NounTypes::kTypes + 1>> counts_;
};

// Scratch per sentence (one per call of Recognize; reused across sentences).
struct NerScratch {
  struct Tok {
    uint64_t form, lower, shape, pre2, pre3, suf2, suf3, suf4, upos, xpos, dep, head;
    uint8_t cap;          // 0 lower, 1 Initcap, 2 ALLCAPS, 3 digit-initial, 4 other
    uint16_t gaz[kGazClassCount];  // per class: 0 = no match, else the Bilou part in the match
    uint8_t hist;                 // 0, or 1 + the type this form was most often given before
    uint8_t run_pos;              // place in a run of capitalised words (Bilou part; 0 = none)
    uint64_t run_first, run_last; // lower-cased first and last word of that run
    uint8_t run_org;              // that run's first (1) and last (2) word open or head organisation names
    uint8_t clu_r, clu_l;         // word classes (WordClusters), 0 = unknown
    uint8_t lm_r, lm_l;           // word classes from a language model (docs/word-classes.md), 0 = unknown
    uint8_t desc;                 // NerDescriptions: 0, or 1 + the type of the noun describing this form
    uint8_t dict;                 // CaseLexicon flags of the word, 0 = unknown
    uint8_t recased;              // 0, or how the true-cased view changed the word (1 lower ->
                                  // Capitalised, 2 lower -> CAPS, 3 CAPS -> lower, 4 CAPS -> Capitalised,
                                  // 5 Capitalised -> lower in a title-case line)
  };
  std::vector<Tok> toks;
  std::vector<uint64_t> feats;
  bool lm = false;  // the model has language-model classes: their templates are on
  bool desc = false;  // the model has noun types: the description templates are on
};

// Fills scratch.toks for tokens [first, last) of doc (gazetteer matches and word classes
// included; `clusters` may be null). With a casing lexicon, the features see a true-cased view
// of the words (docs/ner.md): a lower-case word that the lexicon knows only capitalised is seen
// capitalised (`kerala` as `Kerala`), and the words of an all-capitals sentence as the lexicon
// spells them; for layout-5 models (`lm_classes` or `noun_types` not empty) also the words of a
// title-case line that the lexicon knows only in lower case. `descriptions` (may be null)
// gives Tok::desc.
void NerPrepare(const Document& doc, uint32_t first, uint32_t last, const Gazetteer& gaz,
                const WordClusters* clusters, NerScratch& s, const CaseLexicon* lexicon = nullptr,
                const WordClusters* lm_classes = nullptr, const NounTypes* noun_types = nullptr,
                const NerDescriptions* descriptions = nullptr);

// Non-local features (Ratinov & Roth's prediction history): the types earlier sentences of the
// same document gave to each capitalised form.
class NerHistory {
 public:
  void Clear() { counts_.clear(); }
  // Sets toks[i].hist of a prepared sentence.
  void Apply(NerScratch& s) const;
  // Records the predicted labels of a prepared sentence.
  void Record(const NerScratch& s, const std::vector<int>& labels);

 private:
  // Looked up only, never iterated: the hash order cannot leak into the output.
  std::unordered_map<uint64_t, std::array<uint16_t, kNerTypeCount>> counts_;
};
// The features of token i (relative to the prepared sentence) given the previous label: the
// ones that do not depend on it (NerTokenFeatures) followed by the ones that do
// (NerPrevFeatures, appended to `out`).
void NerFeatures(const NerScratch& s, size_t i, int prev, std::vector<uint64_t>& out);
void NerTokenFeatures(const NerScratch& s, size_t i, std::vector<uint64_t>& out);
void NerPrevFeatures(const NerScratch& s, size_t i, int prev, std::vector<uint64_t>& out);
// NerPrevFeatures in parts, the same keys in the same order: first one key each for the
// previous label alone, with the word (Tok::lower), with its shape (Tok::shape) and with its
// XPOS (Tok::xpos), then the rest (NerPrevRestFeatures).
enum class NerPrevPart { kLabel, kForm, kShape, kXpos };
uint64_t NerPrevKey(NerPrevPart part, uint64_t value, int prev);
void NerPrevRestFeatures(const NerScratch& s, size_t i, int prev, std::vector<uint64_t>& out);

// The scores of the previous-label features of the label alone, with a word, with a shape
// and with an XPOS, per value: for each previous label whose feature has a weight, its row
// over the labels. Computed once per value and kept for as long as the weights do not change
// (one Recognize call; not in training). NerViterbi adds the rows in NerPrevFeatures' order,
// so the sums are the same, bit for bit, as from the weights themselves.
class NerPrevCache {
 public:
  struct Rows {
    uint64_t mask = 0;             // bit p: previous label p has a row
    std::vector<uint32_t> begin;   // per set bit, in label order, then the end: into `entries`
    std::vector<std::pair<uint8_t, float>> entries;  // (label, score), the row's non-zero scores
  };
  static_assert(kNerLabelCount <= 64 && kNerLabelCount <= 256);

  template <typename Scorer>
  const Rows& Get(NerPrevPart part, uint64_t value, const Scorer& score) {
    auto [it, added] = tables_[static_cast<size_t>(part)].try_emplace(part == NerPrevPart::kLabel ? 0 : value);
    Rows& r = it->second;
    if (added) {
      float row[kNerLabelCount];
      for (int p = 0; p < kNerLabelCount; ++p) {
        for (float& x : row) x = 0;
        const uint64_t key = NerPrevKey(part, value, p);
        score(&key, 1, row);
        const size_t before = r.entries.size();
        for (int c = 0; c < kNerLabelCount; ++c)
          if (row[c] != 0) r.entries.emplace_back(static_cast<uint8_t>(c), row[c]);
        if (r.entries.size() == before) continue;  // adding zeros changes no sum
        r.mask |= uint64_t{1} << p;
        r.begin.push_back(static_cast<uint32_t>(before));
      }
      r.begin.push_back(static_cast<uint32_t>(r.entries.size()));
    }
    return r;
  }

 private:
  // Looked up only, never iterated.
  std::unordered_map<uint64_t, Rows> tables_[4];
};

// First-order Viterbi decoding of one prepared sentence over valid BILOU sequences: the
// sequence with the highest sum of scores (token features plus previous-label features for
// each token; the label before the first token is O). Ties go to the lower label.
template <typename Scorer>
void NerViterbi(NerScratch& s, const Scorer& score, std::vector<int>& labels, NerPrevCache* cache = nullptr) {
  constexpr int L = kNerLabelCount;
  const size_t n = s.toks.size();
  labels.assign(n, 0);
  if (n == 0) return;
  constexpr float kNone = -1e30f;
  const BilouSuccessors& succ = AllowedSuccessors();
  std::vector<float> delta(L, kNone), next(L);
  std::vector<uint8_t> back(n * L, 0);
  float stat[L];
  float dep[L][L];  // [previous label][label]
  int live[L];
  size_t begin[L + 1];
  delta[0] = 0;  // before the first token: O
  for (size_t i = 0; i < n; ++i) {
    const bool last = i + 1 == n;
    NerTokenFeatures(s, i, s.feats);
    for (float& x : stat) x = 0;
    score(s.feats.data(), s.feats.size(), stat);
    // The previous-label features of every reachable previous label, scored together when
    // the scorer can (SparseWeights::ScoreGroups: the same sums, the memory accesses overlap).
    int nlive = 0;
    for (int p = 0; p < L; ++p)
      if (delta[p] > kNone) live[nlive++] = p;
    auto score_groups = [&] {
      if constexpr (requires { score.Groups(s.feats.data(), begin, size_t{0}, &dep[0][0], size_t{L}); }) {
        score.Groups(s.feats.data(), begin, static_cast<size_t>(nlive), &dep[0][0], size_t{L});
      } else {
        for (int k = 0; k < nlive; ++k)
          score(s.feats.data() + begin[k], begin[k + 1] - begin[k], dep[k]);
      }
    };
    s.feats.clear();
    for (int k = 0; k < nlive; ++k)
      for (float& x : dep[k]) x = 0;
    if (!cache) {
      for (int k = 0; k < nlive; ++k) {
        begin[k] = s.feats.size();
        NerPrevFeatures(s, i, live[k], s.feats);
      }
      begin[nlive] = s.feats.size();
      score_groups();
    } else {
      // The same additions in the same order: the label alone, the word, the shape, the
      // XPOS, then the rest.
      const NerScratch::Tok& t = s.toks[i];
      const uint64_t values[4] = {0, t.lower, t.shape, t.xpos};
      for (NerPrevPart part : {NerPrevPart::kLabel, NerPrevPart::kForm, NerPrevPart::kShape, NerPrevPart::kXpos}) {
        const NerPrevCache::Rows& r = cache->Get(part, values[static_cast<size_t>(part)], score);
        for (int k = 0; k < nlive; ++k) {
          const uint64_t bit = uint64_t{1} << live[k];
          if (!(r.mask & bit)) continue;
          const size_t j = static_cast<size_t>(__builtin_popcountll(r.mask & (bit - 1)));
          for (uint32_t e = r.begin[j]; e < r.begin[j + 1]; ++e) dep[k][r.entries[e].first] += r.entries[e].second;
        }
      }
      for (int k = 0; k < nlive; ++k) {
        begin[k] = s.feats.size();
        NerPrevRestFeatures(s, i, live[k], s.feats);
      }
      begin[nlive] = s.feats.size();
      if (begin[nlive]) score_groups();
    }
    std::fill(next.begin(), next.end(), kNone);
    for (int k = 0; k < nlive; ++k) {
      const int p = live[k];
      const uint8_t* cs = succ.label[last][p];
      for (int j = 0; j < succ.count[last][p]; ++j) {
        const int c = cs[j];
        const float v = delta[p] + stat[c] + dep[k][c];
        if (v > next[c]) {
          next[c] = v;
          back[i * L + c] = static_cast<uint8_t>(p);
        }
      }
    }
    delta.swap(next);
  }
  int best = 0;
  for (int c = 1; c < L; ++c)
    if (delta[c] > delta[best]) best = c;
  for (size_t i = n; i-- > 0;) {
    labels[i] = best;
    best = back[i * L + best];
  }
}

// Names cut short on the left (`his wife Manju [Sam]`): a mention grows over the capitalised
// proper nouns before it that the parse attaches into it (flat or compound) or that one of its
// words is a flat dependent of, unless another mention holds them.
void ExtendNamesLeft(Document& doc);

// Arabic names with their article (`Bashar al-Assad`, `al-Qaeda`; UD tokenisation splits
// `al - Assad`): a mention right after `al -` (also `el`, `ad`, `an`, `ar`, `as`, `ash`, `at`,
// `az`, `ath`, any case) grows over it; a mention right before `al - ` and a capitalised word
// grows over them, taking in a mention of just that word. A PERSON mention right before `bin`,
// `ibn` or `bint` and a capitalised proper noun grows over them and the proper nouns after
// (`Mohammed bin Salman`), taking in a mention that starts there. Within a sentence; mentions
// stay sorted and non-overlapping.
void JoinNameParticles(Document& doc);

// The type of a place name by its words: LOC for continents, oceans and regions that are not
// political units and for natural features (`... River`, `Mount ...`), FAC for facilities
// (`... Street`, `... Hall`, `Fort ...`), else GPE. Types GUM's places (ner_eval) and the
// places the recogniser splits off (SplitPlacedNames).
std::string_view PlaceType(const std::vector<std::string_view>& words);

// Whether a token is a legal-form designator that ends a company's name (`Inc.`, `Corp.`,
// `Ltd`, `LLC`, `plc`, `GmbH`, `Corporation`, `Incorporated`, and their capitalised spellings).
// `after_comma`: only the ones written after a comma (`Google, Inc.`), which leaves out
// `Corporation` and `Co.`.
bool IsCompanyDesignator(std::string_view form, bool after_comma = false);

// Company names by their legal form (docs/ner.md): a designator after capitalised words makes
// them, with the designator (and a comma before it: `Google, Inc.`), one ORG mention. A mention
// the model found that ends just before the designator or holds it is extended over it and
// becomes ORG (`[Microsoft Corp.]` tagged PERSON); otherwise a new mention covers the
// capitalised words before the designator, within the sentence, leaving out a leading
// determiner and a sentence-initial word that is not a proper noun. `org` is the view of the
// type string to give. Mentions stay sorted and non-overlapping.
void MarkCompanyNames(Document& doc, std::string_view org);

// Storms by their names (docs/ner.md): `Hurricane`, `Cyclone`, `Typhoon`, `Superstorm` or
// `Tropical Storm` / `Tropical Depression` before one or two capitalised words, not inside a
// longer name (`National Hurricane Center`), make an EVENT mention of the cue and the name,
// replacing the mentions inside it; then every mention of the document whose last words are such
// a name (`Rita`, `T C Phailin`) becomes an EVENT too. `event` is the view of the type string to
// give. Mentions stay sorted and non-overlapping.
void MarkStormNames(Document& doc, std::string_view event);

// Names placed by a phrase inside the mention (`Kennedy Space Center in Florida`): a FAC, ORG,
// GPE or LOC mention with `in` after a capitalised word and a place of the gazetteer (GPE or LOC)
// as its last words is two mentions: the name before `in` (an ORG stays ORG; a place takes the
// type its words give, PlaceType: `Platt's Music Hall` FAC) and the place (GPE or LOC, as the
// gazetteer has it). `types`: the type strings to give, in kNerTypes order. Mentions stay
// sorted and non-overlapping.
void SplitPlacedNames(Document& doc, const Gazetteer& gazetteer, const std::vector<std::string>& types);

// An office of an organisation or a country is no person (`Secretary General of NATO`,
// `Prime Minister of Norway`): a PERSON or ORG mention of office titles (IsOfficeTitleWord), `of`, and
// a place or organisation of the gazetteer or an acronym becomes a mention of that place
// (GPE, LOC) or organisation (ORG, also for an acronym the gazetteer lacks); the title words are
// left to the extractor as a description. Ranks stay persons (`Duke of Wellington`). `types`:
// the type strings to give, in kNerTypes order.
void SplitOfficeTitles(Document& doc, const Gazetteer& gazetteer, const std::vector<std::string>& types);

// Craft and missions by the noun they name (`the Orion spacecraft`, `its Euclid telescope`,
// `the Artemis I mission`). A PERSON mention, or a GPE, LOC or FAC mention the gazetteer does
// not know as a place (the model's guesses for a name it does not know), is a PRODUCT when a
// craft noun follows it (`spacecraft`, `capsule`, `telescope`, `rocket`, `satellite`, `probe`,
// `rover`, `lander`, `orbiter`, `shuttle`, `submarine`, `aircraft`, `airliner`, `warship`,
// `frigate`, `destroyer`, `missile`, `drone`; any case), when it has two or more words and ends
// in one, or when it is in apposition to one; an EVENT when `mission` follows it or when it is
// in apposition to `mission` or `flight` (`the next flight, Artemis II, ...`). Every such
// mention of the document with the same words takes the type too (`Orion had flown around the
// Moon`). Up to three capitalised words outside every mention before such a noun (`its Euclid
// telescope`; not a determiner) become a mention of that type when such a mention elsewhere in
// the document has the same words. An ORG mention counts only when the same words are such a
// mention elsewhere in the document (`its [Euclid] telescope` ORG, `[Euclid], which ...`
// PERSON); other ORGs, other types and known places are left alone: `SpaceX rocket`, `NATO
// mission`, `Iran drone` name owners. A mention of two or more words that begins with a ship
// prefix (`USS`, `HMS`, `HMAS`, `HMCS`, `INS`) is a PRODUCT whatever its type. Mentions stay
// sorted and non-overlapping.
void MarkCraftNames(Document& doc, const Gazetteer& gazetteer, std::string_view product, std::string_view event);

// The countries of the demonyms a document uses (capitalised adjectives and proper nouns:
// `Jordanian` -> `Jordan`, by DemonymCountry).
std::set<std::string_view> DemonymCountries(const Document& doc);

// A country taken for a given name (`Jordan and the United States signed ...`): a one-word
// PERSON mention that is the country of a demonym the document uses (`Jordanian`, by
// DemonymCountry) is a GPE, unless it is the last word of a fuller person name of the document
// (`Michael Jordan` ... `Jordan`). `gpe` is the view of the type string to give.
void MarkDemonymCountries(Document& doc, std::string_view gpe);

// Whether a capitalised word names a kind of organisation (`Authority`, `Department`, `Ministry`,
// `Agency`, `Commission`, `Committee`, `Council`, `Association`, `Foundation`, `Institute`,
// `Bureau`, `Organization`, `Federation`, `Party`, `Court`, `Corporation`).
bool IsOrganisationWord(std::string_view form);

// A PERSON, GPE or LOC mention with such a word is an ORG (`Housing Authority of New Orleans`
// had been a place), but not a PERSON whose first word is a given name of the gazetteer
// (`Margaret Court`). `org` is the view of the type string to give.
void MarkOrganisationNames(Document& doc, const Gazetteer& gazetteer, std::string_view org);

// Acronyms of the document's names (`Coalition Provisional Authority` ... `CPA`): the capital
// initials of an ORG, GPE, LOC, FAC or EVENT mention whose other words are `of`, `the`, `and`,
// `for`, `on`, `in`, `de`, `&` or `-` make an acronym of that type (three letters or more, two
// for GPE and LOC: `US`, `NY`; none when names of two types give it); each token of the document
// written as that acronym (capital letters only) outside other mentions becomes a mention of the
// type, and a one-token mention of it takes the type.
// Mentions stay sorted and non-overlapping.
void MarkAcronyms(Document& doc);

// One type per name in a document (a mention-level decision after tagging): the mentions of
// the same words (same forms) all get the type most of them were given; on a tie each keeps
// its own. Mentions of types outside kNerTypes are left alone.
void VoteMentionTypes(Document& doc);

// Where the name of an entity mention starts (docs/ner.md, "Names and titles"). A PERSON
// mention holds the person's leading titles and forms of address (`President`, `Dr.`,
// `Finnish Foreign Minister`, `NATO Secretary General`), which the extractor reads as roles,
// but the name is the run of proper nouns after them, as OntoNotes and UNER mark names: the
// last run of proper nouns that are not title words (with a regnal number or `Jr.` after it:
// `Charles III`), when everything before it is title words, adjectives and proper nouns ending
// in a title word. A mention of title words only
// (`Madam Speaker`, `the President`) names no one: m.last. Any other mention: m.first.
uint32_t NameStart(const Document& doc, const EntityMention& m);

}  // namespace nlp

class EntityRecognizer {
 public:
  // Loads and checks a model file (container integrity, layout, self-test sentences).
  static Result<std::unique_ptr<EntityRecognizer>> Load(const std::string& path);
  ~EntityRecognizer();

  // Fills doc.entities (sorted, non-overlapping) sentence by sentence; tokens outside any
  // sentence are treated as one sentence. Uses upos/xpos when the tagger has set them. Then
  // grows names cut short on the left (ExtendNamesLeft) and gives every mention of the same
  // name the document's majority type (VoteMentionTypes).
  void Recognize(Document& doc) const;

  // Self-test notation: input "form/UPOS/XPOS form/UPOS/XPOS ..." (one sentence), output
  // "first-last:TYPE ..." (token spans, half-open) or "" when nothing is found.
  std::string RunSelfTest(std::string_view input) const;

  // From parts (the trainer builds a recogniser this way to write self-tests).
  EntityRecognizer(nlp::SparseWeights weights, nlp::Gazetteer gazetteer, nlp::WordClusters clusters,
                   nlp::CaseLexicon lexicon, nlp::WordClusters lm_classes = {}, nlp::NounTypes noun_types = {});
  const nlp::SparseWeights& weights() const { return weights_; }
  const nlp::Gazetteer& gazetteer() const { return gazetteer_; }
  const nlp::WordClusters& clusters() const { return clusters_; }
  const nlp::CaseLexicon& lexicon() const { return lexicon_; }
  const nlp::WordClusters& lm_classes() const { return lm_classes_; }
  const nlp::NounTypes& noun_types() const { return noun_types_; }

 private:
  nlp::SparseWeights weights_;
  nlp::Gazetteer gazetteer_;
  nlp::WordClusters clusters_;
  nlp::CaseLexicon lexicon_;
  nlp::WordClusters lm_classes_;    // empty: without these templates
  nlp::NounTypes noun_types_;       // empty: without the description templates
  std::vector<std::string> types_;  // filled once; never changes (EntityMention::type views it)
};

// Writes the model file (used by the trainer); self-tests are produced by running `model`
// on `self_test_inputs`.
Status SaveNerModel(const EntityRecognizer& model, const std::string& config_json,
                    const std::vector<std::string>& self_test_inputs, const std::string& path);

}  // namespace relata
