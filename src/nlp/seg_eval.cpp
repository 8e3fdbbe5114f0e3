#include "nlp/seg_eval.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace relata::nlp {
namespace {

using Span = std::pair<uint32_t, uint32_t>;

std::vector<Span> TokenSpans(const Document& d) {
  std::vector<Span> v;
  v.reserve(d.tokens.size());
  for (const Token& t : d.tokens) v.emplace_back(t.begin, t.end);
  std::sort(v.begin(), v.end());
  return v;
}

std::vector<Span> SentenceSpans(const Document& d) {
  std::vector<Span> v;
  v.reserve(d.sentences.size());
  for (const Sentence& s : d.sentences) {
    if (s.last <= s.first || s.last > d.tokens.size()) continue;
    v.emplace_back(d.tokens[s.first].begin, d.tokens[s.last - 1].end);
  }
  std::sort(v.begin(), v.end());
  return v;
}

Prf Match(const std::vector<Span>& gold, const std::vector<Span>& pred) {
  Prf r;
  r.gold = gold.size();
  r.predicted = pred.size();
  size_t i = 0, j = 0;
  while (i < gold.size() && j < pred.size()) {  // multiset intersection of sorted lists
    if (gold[i] < pred[j]) ++i;
    else if (pred[j] < gold[i]) ++j;
    else { ++r.correct; ++i; ++j; }
  }
  return r;
}

}  // namespace

SegmentationScores Evaluate(const Document& gold, const Document& predicted) {
  SegmentationScores s;
  s.tokens = Match(TokenSpans(gold), TokenSpans(predicted));
  s.sentences = Match(SentenceSpans(gold), SentenceSpans(predicted));
  return s;
}

}  // namespace relata::nlp
