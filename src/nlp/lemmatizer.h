// Lemmatizer learnt from the treebanks' lemma column (docs/tagger.md): an edit rule (keep or
// lower-case, strip k bytes, append a string) chosen by the longest suffix of the lower-cased
// form that the model knows for the token's XPOS; whole words ("^went") act as the exception
// table for irregular forms. Immutable after Load(); safe to share between threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "nlp/model_file.h"
#include "relata/document.h"
#include "relata/status.h"

namespace relata {

namespace nlp {

inline constexpr uint32_t kLemmatizerVersion = 1;
inline constexpr size_t kLemmaMaxSuffix = 8;  // longest suffix (bytes) besides whole words

struct LemmaRule {
  bool lower = false;     // lower-case the form (ASCII) first
  uint32_t strip = 0;     // bytes removed from the end
  std::string append;     // then appended
  bool operator<(const LemmaRule& o) const {
    return lower != o.lower ? lower < o.lower : strip != o.strip ? strip < o.strip : append < o.append;
  }
  bool operator==(const LemmaRule& o) const {
    return lower == o.lower && strip == o.strip && append == o.append;
  }
};

// The rule that turns `form` into `lemma` (prefers keeping the case when both work).
LemmaRule LemmaRuleFor(std::string_view form, std::string_view lemma);
// Applies a rule; returns false when it strips more than the form has.
bool ApplyLemmaRule(const LemmaRule& r, std::string_view form, std::string& out);
// ASCII lower-casing.
std::string LowerAscii(std::string_view s);
// The key of (tag, suffix) in the rule table; whole words are keyed as "^" + lower-cased form.
uint64_t LemmaKey(std::string_view tag, std::string_view suffix);

}  // namespace nlp

class Lemmatizer {
 public:
  static Result<std::unique_ptr<Lemmatizer>> Load(const std::string& path);
  static Result<std::unique_ptr<Lemmatizer>> FromModel(const nlp::ModelFile& m, bool check_self_tests);

  // Sets the lemma of every token from its form and tags (xpos, or upos when xpos is empty).
  void Lemmatize(Document& doc) const;
  std::string Lemma(std::string_view form, std::string_view xpos, std::string_view upos) const;

  // Self-test notation: input "form/XPOS/UPOS ..." separated by spaces, output the lemmas.
  std::string SelfTestOutput(const std::string& input) const;

 private:
  Lemmatizer() = default;
  std::vector<nlp::LemmaRule> rules_;
  std::unordered_map<uint64_t, uint32_t> table_;  // LemmaKey -> rule index
};

}  // namespace relata
