// Part-of-speech tagger: UPOS and Penn XPOS predicted jointly (the (XPOS, UPOS) pair is the
// class) by greedy left-to-right averaged perceptrons over hashed sparse features, with a tag
// dictionary for frequent unambiguous words. A second pass sees the first pass's classes of
// the following words (docs/tagger.md).
//
// The model is immutable after Load() and may be shared by threads; Tag() keeps its scratch
// space on the stack of the call. Training lives in src/train/train_tagger.cpp.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "nlp/model_file.h"
#include "nlp/perceptron.h"
#include "nlp/word_classes.h"
#include "relata/document.h"
#include "relata/status.h"

namespace relata {

namespace nlp {

// Layout 1: one pass (section weights); layout 2: two passes (weights, weights2).
inline constexpr uint32_t kTaggerVersion = 2;

// Feature extraction shared by inference and training. Prepare() computes the per-token
// values of one sentence once; Features() conjoins them with the two previous predicted
// classes (kStart before the sentence); Features2() adds the second pass's features, built on
// the first pass's classes of the token and of the words after it.
class TaggerFeatures {
 public:
  static constexpr size_t kMaxFeatures = 72;
  static constexpr int kStart = 0xFFFF;

  // `lexicon` maps LexiconKey(form) to the word's ambiguity class (may be null); `classes`
  // are word classes from a language model (docs/word-classes.md; null or empty: their
  // features are off).
  void Prepare(const std::string_view* forms, size_t n,
               const std::unordered_map<uint64_t, uint64_t>* lexicon,
               const WordClusters* classes = nullptr);
  size_t size() const { return n_; }
  // Writes the feature keys of token i into out (kMaxFeatures slots); returns their count.
  size_t Features(size_t i, int prev1, int prev2, uint64_t* out) const;
  // Features() plus the second pass's; first[j] is the first pass's class of token j < size(),
  // prev1 and prev2 the second pass's classes of the previous tokens.
  size_t Features2(size_t i, int prev1, int prev2, const int* first, uint64_t* out) const;

 private:
  struct Info {
    uint64_t word = 0, lower = 0, shape = 0, flags = 0, amb = 0;
    uint64_t cr = 0, cl = 0;  // word classes: 2 + class (2 = unknown word)
    uint64_t suf[4] = {0, 0, 0, 0}, pre[3] = {0, 0, 0};
  };
  size_t n_ = 0;
  uint64_t style_ = 0;      // the sentence's capitalisation: normal, lower-case, title, capitals
  bool classes_ = false;    // word-class features on
  std::vector<Info> info_;  // n_ + 4: two pads on each side
  std::string lower_;       // scratch
};

// Per-call scratch space of Tagger.
struct TaggerScratch {
  TaggerFeatures feats;
  std::vector<float> scores;
  std::vector<std::string_view> forms;
  std::vector<int> classes;
  std::vector<int> first;            // the first pass's classes
  std::vector<float> margins;        // ... and their margins (then the deciding pass's)
  std::vector<int> second;           // the deciding pass's second best class (-1: none)
};

// First pass: greedy left-to-right decoding of the sentence prepared in `f` (forms[0..f.size())).
// Words in `dict` take its class, the others the best-scoring class under `w` with the features
// of Features(). `scratch` has w.classes() floats. With `margins`, margins[i] is the best score
// minus the second best (infinity for dictionary words), and with `second` too (needs
// `margins`) second[i] is the second best class (-1 for dictionary words).
void DecodeFirst(const TaggerFeatures& f, const std::string_view* forms,
                 const std::unordered_map<uint64_t, uint16_t>& dict, const SparseWeights& w,
                 float* scratch, float* margins, int* out, int* second = nullptr);
// Second pass: left to right again. A word whose first-pass margin is below `margin` takes the
// best class under `w2` with the features of Features2(); the others keep their first-pass
// class. `scratch` has w2.classes() floats. With `second` (DecodeFirst's), the words this pass
// decides get its second best class there and its margin in `margins`.
void DecodeSecond(const TaggerFeatures& f, const SparseWeights& w2, float margin, const int* first,
                  float* margins, float* scratch, int* out, int* second = nullptr);

// The key of a form in the tag dictionary.
inline uint64_t TagDictKey(std::string_view form) { return ValueHash(form); }
// The key of a lower-cased form in the lexicon of ambiguity classes (the set of classes the
// word was seen with in training).
inline uint64_t LexiconKey(std::string_view lower_form) { return FeatureKey(0x1E, lower_form); }

}  // namespace nlp

class Tagger {
 public:
  static Result<std::unique_ptr<Tagger>> Load(const std::string& path);
  // Builds a tagger from a model container (used by Load and by training); with
  // `check_self_tests` the container's self-tests must reproduce.
  static Result<std::unique_ptr<Tagger>> FromModel(const nlp::ModelFile& m, bool check_self_tests);

  // Sets upos and xpos of every token of every sentence (tokens outside sentences too). With
  // `second_choices` also upos2, xpos2 and tag_margin, the second best tags, which a parser
  // that offers the tag choice reads (Parser::OffersTagChoice); otherwise they are cleared,
  // and finding them, a cost on every word, is skipped.
  void Tag(Document& doc, bool second_choices = false) const;

  // Tags one token sequence, writing class indices. With `second` and `margins`, also each
  // word's second best class (-1 for the words the tag dictionary decides) and by how much
  // its score fell below the best (in the model's score units; infinity for dictionary words).
  void TagForms(const std::vector<std::string_view>& forms, std::vector<int>& classes,
                std::vector<int>* second = nullptr, std::vector<float>* margins = nullptr) const;

  // Self-test notation: input = forms separated by spaces, output = "XPOS/UPOS ..." per token.
  std::string SelfTestOutput(const std::string& input) const;

  int classes() const { return static_cast<int>(xpos_.size()); }
  std::string_view xpos(int c) const { return xpos_[static_cast<size_t>(c)]; }
  std::string_view upos(int c) const { return upos_[static_cast<size_t>(c)]; }

 private:
  Tagger() = default;
  // Tags scratch.forms into scratch.classes; with `second_choices`, scratch.second and
  // scratch.margins get each word's second best class and its margin.
  void TagSpan(nlp::TaggerScratch& scratch, bool second_choices) const;
  std::vector<std::string> xpos_storage_;     // never resized after load
  std::vector<std::string_view> xpos_, upos_;  // upos_ views point at static strings
  std::unordered_map<uint64_t, uint16_t> dict_;
  std::unordered_map<uint64_t, uint64_t> lexicon_;
  nlp::WordClusters word_classes_;  // from a language model (section word_classes; may be empty)
  nlp::SparseWeights weights_;
  nlp::SparseWeights weights2_;  // second pass (classes() == 0 in a one-pass model)
  float margin2_ = 0;            // first-pass margin below which the second pass decides
};

// The seventeen UPOS tags of Universal Dependencies as static strings ("" if `tag` is not one).
std::string_view StaticUpos(std::string_view tag);

}  // namespace relata
