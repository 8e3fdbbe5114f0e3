// Dependency parser: greedy arc-hybrid transitions (Kuhlmann et al. 2011) with labels joined
// to the arc transitions, scored by an averaged perceptron over Zhang & Nivre (2011)-style
// features (docs/parser.md). Produces UD basic trees: every token of every sentence gets a
// head (document-level index, -1 for the single root) and a label.
//
// A Parser is immutable after Load() and may be shared by threads: Parse() keeps its scratch
// space on the call's own stack frame. Label strings live in the Parser (storage that never
// moves after loading), so the deprel views it writes stay valid while it lives.
//
// The transition system and feature extraction below (namespace nlp::parsing) are shared
// with the trainer (src/train/train_parser.cpp), which adds the dynamic oracle.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "nlp/bytes.h"
#include "nlp/perceptron.h"
#include "nlp/word_classes.h"
#include "relata/document.h"
#include "relata/status.h"

namespace relata {

namespace nlp::parsing {

// What the parser sees of one token: hashed (normalised) word, fine tag, coarse tag, the
// word's ambiguity class (the set of UPOS it has in the training treebank, kUnknownWord when
// it is not there), its last three bytes (hashed), and its word classes from the language
// model (docs/word-classes.md; cr from the following words, cl from the preceding ones):
// 2 + class, 2 = unknown word, 0 = the model has no word classes (their features are off).
//
// Joint tagging (docs/parser.md, "Choosing between the tagger's two best tags"): c1 and c2
// index the model's tag pairs (XPOS, UPOS) of the tagger's best and second best tags when
// the parser is to choose between them (c2 = -1: it is not; the word keeps its tags), tag2
// and upos2 are the second's hashed values, mb the tagger's margin in quarters of the
// model's threshold (0-3).
struct PToken {
  uint64_t word = 0, tag = 0, upos = 0, amb = 0, suf = 0, cr = 0, cl = 0;
  uint64_t tag2 = 0, upos2 = 0;
  int16_t c1 = -1, c2 = -1;
  uint8_t mb = 0;
};

inline constexpr uint64_t kUnknownWord = 1;

// Word normal form for features: ASCII lower case, digits folded to '9'.
std::string NormaliseWord(std::string_view form);
// amb = kUnknownWord; Parser::MakeToken fills it from the model's lexicon.
PToken MakePToken(std::string_view form, std::string_view xpos, std::string_view upos);
// Makes `t` (of `form`) choose between tag pairs p1 (its tags) and p2 (xpos2, upos2) when
// `margin` is below `threshold` and the pairs are known (>= 0) and differ; else leaves it.
void SetTagCandidates(PToken& t, std::string_view form, int p1, int p2, std::string_view xpos2,
                      std::string_view upos2, float margin, float threshold);
// Sets t.cr and t.cl from the word classes of `form`.
void SetWordClasses(PToken& t, std::string_view form, const WordClusters& classes);

// Index of a UPOS tag among the seventeen of UD (-1 if it is not one).
int UposIndex(std::string_view upos);

// Ambiguity classes of words: key = PToken::word, value = bit set of UPOS indices (non-zero).
// An open-addressing table, read-only after building.
class Lexicon {
 public:
  // From (word key, UPOS set) pairs; keys must be distinct and sets non-zero.
  void Build(const std::vector<std::pair<uint64_t, uint32_t>>& entries);
  bool Read(ByteReader& r);  // false (with r's status) on damaged data
  void Write(ByteWriter& w) const;  // sorted by key
  size_t size() const { return size_; }
  // The feature value of a word: its class (known words) or kUnknownWord.
  uint64_t Class(uint64_t word) const {
    if (table_.empty()) return kUnknownWord;
    for (uint64_t j = word & mask_;; j = (j + 1) & mask_) {
      if (table_[j].set == 0) return kUnknownWord;
      if (table_[j].key == word) return (uint64_t{1} << 32) | table_[j].set;
    }
  }

 private:
  struct Slot {
    uint64_t key;
    uint32_t set;  // 0 = empty
  };
  bool Insert(uint64_t key, uint32_t set);
  std::vector<Slot> table_;
  uint64_t mask_ = 0;
  size_t size_ = 0;
};

// Classes: 0 = SHIFT, 1 + l = LEFT-ARC(label l), 1 + L + l = RIGHT-ARC(label l),
// 1 + 2L + p = TAG(p), the choice of tag pair p for the buffer front (joint models only).
// Label 0 is always "root"; it is only used for the arc from the virtual ROOT.
inline constexpr int kShift = 0;
inline constexpr int kRootLabel = 0;
inline constexpr int kMaxFeatures = 140;

// An arc-hybrid configuration over words 0..n-1; the virtual ROOT is word n, the last item
// of the buffer, so the parse ends with exactly one word attached to ROOT. Vectors keep
// their capacity across Init() calls (no allocation per transition).
struct Config {
  int n = 0;
  int b0 = 0;  // buffer front; n = ROOT
  std::vector<int> stack;
  std::vector<int> head, label;           // head n = ROOT (root of the sentence), -1 = none yet
  std::vector<int> lc1, lc2, rc1, rc2;    // left/rightmost and second left/rightmost children
  std::vector<uint8_t> nl, nr;            // left/right valency (capped)
  std::vector<uint64_t> lset, rset;       // label sets of left/right children (bit per label)

  // Joint tagging: words whose PToken has c2 >= 0 get a TAG transition when they reach the
  // buffer front, before any other (`pending`); pick2[i] = 1 when word i took its second
  // tags. Without SetCandidates (or when no word has c2 >= 0) there are no TAG transitions.
  const PToken* toks = nullptr;
  std::vector<uint8_t> pick2;
  bool pending = false;

  void Init(int words);
  // After Init: the candidates of `t` (n words, outliving the configuration).
  void SetCandidates(const PToken* t);
  bool Terminal() const { return b0 == n && stack.empty(); }
  bool Valid(int cls, int labels) const;
  void Apply(int cls, int labels);
  // The class of TAG(pair): 1 + 2 * labels + pair.
  static int TagClass(int labels, int pair) { return 1 + 2 * labels + pair; }

 private:
  void AddArc(int h, int d, int l);
};

// Writes the feature keys of `c` into out (at most kMaxFeatures); returns their number.
int ExtractFeatures(const Config& c, const PToken* toks, uint64_t* out);

// The weights of a SparseWeights (same byte layout, read and written here) in a table laid
// out for batched scoring: all slots of a transition's features are prefetched before any
// is read, so their cache misses overlap (the parser's time is memory latency).
class PackedWeights {
 public:
  bool Read(ByteReader& r);  // false (with r's status) on damaged data
  void Write(ByteWriter& w) const;
  int classes() const { return classes_; }
  float scale() const { return scale_; }
  size_t features() const { return features_; }
  size_t entries() const { return entries_; }
  // scores[c] += quantised weight(feature, c) for each of the n (<= kMaxFeatures) features.
  void Score(const uint64_t* feats, int n, int32_t* scores) const;

 private:
  // A row of at most kInline entries (most rows) lives in its slot: a feature costs one
  // memory access instead of two. Longer rows (or any row of a model with more than 256
  // classes) live in rows_ from `begin`.
  static constexpr uint16_t kInline = 2;
  struct Slot {
    uint64_t key;
    uint16_t count;  // 0 = empty
    uint8_t cls[kInline];
    union {
      int16_t w[kInline];
      uint32_t begin;
    };
  };
  static_assert(sizeof(Slot) == 16);
  bool Inline(const Slot& s) const { return s.count <= kInline && classes_ <= 256; }
  int classes_ = 0;
  float scale_ = 1;
  size_t features_ = 0;
  uint64_t mask_ = 0;
  size_t entries_ = 0;
  std::vector<Slot> table_;
  std::vector<SparseWeights::Entry> rows_;  // the rows that do not fit in their slot
};

// Joint tagging: the tag pairs (XPOS, UPOS) a parser may choose between, and the tagger
// margin below which it chooses (both empty / 0 for a model that keeps the tagger's tags).
struct TagChoice {
  std::vector<std::pair<std::string, std::string>> pairs;
  float margin = 0;
};

}  // namespace nlp::parsing

class Parser {
 public:
  // Loads and checks a parser model (component "parser"), then runs its self-test sentences;
  // a model whose output differs from the recorded one is refused.
  static Result<std::unique_ptr<Parser>> Load(const std::string& path);

  // The parser's view of a token (word class from the model's lexicon).
  nlp::parsing::PToken MakeToken(std::string_view form, std::string_view xpos,
                                 std::string_view upos) const;
  // The same with the tagger's second choice: a joint model chooses between the two when
  // `margin` is below its threshold and it knows both tag pairs, but only in a beam (width > 1;
  // the greedy parser keeps the tagger's tags: chosen greedily they lose accuracy, docs/parser.md).
  nlp::parsing::PToken MakeToken(std::string_view form, std::string_view xpos, std::string_view upos,
                                 std::string_view xpos2, std::string_view upos2, float margin) const;

  // Sets head and deprel of every token of every sentence of `doc`, from Token::form,
  // xpos and upos. Always a well-formed tree per sentence (one root), in linear time. A joint
  // model with a beam may replace a word's tags by the tagger's second choice (upos2, xpos2;
  // the two are swapped); returns the number of words so retagged.
  size_t Parse(Document& doc) const;

  // Parses one sentence given as parallel arrays; heads are sentence-relative (-1 = root),
  // labels index labels(); with `picks`, picks[i] = 1 when word i took its second tags.
  void ParseSentence(const std::vector<nlp::parsing::PToken>& toks, std::vector<int>& heads,
                     std::vector<int>& labels, std::vector<uint8_t>* picks = nullptr) const;

  // Beam width of Parse and ParseSentence: 1 (the default) parses greedily, the fastest;
  // a wider beam keeps that many transition sequences, scored by the log-probabilities of a
  // softmax over the transition scores (docs/parser.md), slower and more accurate. Clamped
  // to [1, kMaxBeam]. Set it before the parser is shared by threads. Sentences longer than
  // kBeamMaxWords words are parsed greedily whatever the width (each beam step copies its
  // configurations, so the beam's cost grows with the square of the sentence's length).
  static constexpr int kMaxBeam = 64;
  static constexpr size_t kBeamMaxWords = 250;
  void set_beam(int width);
  int beam() const { return beam_; }

  const std::vector<std::string>& labels() const { return labels_; }
  const nlp::parsing::PackedWeights& weights() const { return weights_; }
  const nlp::parsing::Lexicon& lexicon() const { return lexicon_; }

  const nlp::WordClusters& word_classes() const { return word_classes_; }

  using TagChoice = nlp::parsing::TagChoice;
  const TagChoice& tag_choice() const { return tag_choice_; }
  // Whether Parse may choose the tagger's second best tags: a joint model parsing with a beam
  // (the greedy decoder never offers the choice). Only then does it read Token::upos2, xpos2
  // and tag_margin (Tagger::Tag with second_choices).
  bool OffersTagChoice() const { return beam_ > 1 && !tag_choice_.pairs.empty(); }
  // The index of a tag pair in tag_choice().pairs, -1 when it is not there.
  int TagPair(std::string_view xpos, std::string_view upos) const;

  // For the trainer: a parser from its parts (labels[0] must be "root"; `word_classes` may
  // be empty: the model then has no word-class features; `tags` empty: no joint tagging).
  static std::unique_ptr<Parser> FromParts(std::vector<std::string> labels,
                                           const nlp::SparseWeights& w,
                                           const nlp::parsing::Lexicon& lexicon,
                                           const nlp::WordClusters& word_classes,
                                           const TagChoice& tags = {});
  // Writes a model file; the self-test expectations are this parser's own output on
  // `self_test_inputs` (tokens "form|XPOS|UPOS" separated by spaces).
  Status Save(const std::string& path, const std::string& config_json,
              const std::vector<std::string>& self_test_inputs) const;
  // A self-test sentence's output: "HEAD:LABEL" per token (1-based heads, 0 = root).
  Result<std::string> RunSelfTest(std::string_view input) const;

 private:
  // Temperature of the beam's softmax, in the units of the integer scores (the largest
  // weight of a model is 32767 after quantisation); chosen on the dev sets (docs/parser.md).
  static constexpr double kBeamTemperature = 10000.0;
  struct BeamScratch;
  Parser() = default;
  // Heads and labels of one sentence, greedily or with the beam; the decoders return their
  // final configuration, which lives in `scratch`.
  void Decode(const std::vector<nlp::parsing::PToken>& toks, std::vector<int>& heads,
              std::vector<int>& labels, std::vector<uint8_t>* picks, BeamScratch& scratch) const;
  // The classes valid in `c` as at most three ranges [from, to); returns their number.
  int ValidRanges(const nlp::parsing::Config& c, int ranges[3][2]) const;
  void SetTagChoice(TagChoice tags);
  const nlp::parsing::Config& ParseGreedy(const std::vector<nlp::parsing::PToken>& toks,
                                          BeamScratch& scratch) const;
  const nlp::parsing::Config& ParseBeam(const std::vector<nlp::parsing::PToken>& toks,
                                        BeamScratch& scratch) const;
  int beam_ = 1;
  std::vector<std::string> labels_;  // never resized after loading
  nlp::parsing::PackedWeights weights_;
  nlp::parsing::Lexicon lexicon_;
  nlp::WordClusters word_classes_;  // from a language model (docs/word-classes.md); may be empty
  TagChoice tag_choice_;
  std::unordered_map<std::string, int> tag_pair_ids_;  // "XPOS\tUPOS" -> index
};

}  // namespace relata
