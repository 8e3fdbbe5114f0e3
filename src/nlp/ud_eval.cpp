#include "nlp/ud_eval.h"

#include <map>
#include <string_view>
#include <utility>

namespace relata::nlp {
namespace {

std::string_view Universal(std::string_view rel) { return rel.substr(0, rel.find(':')); }

}  // namespace

UdScores& UdScores::operator+=(const UdScores& o) {
  gold_words += o.gold_words;
  system_words += o.system_words;
  aligned += o.aligned;
  upos += o.upos;
  xpos += o.xpos;
  lemma += o.lemma;
  uas += o.uas;
  las += o.las;
  return *this;
}

UdScores EvaluateUd(const std::vector<ConlluSentence>& gold, const Document& system) {
  UdScores s;
  Document g = DocumentFromConllu(gold);
  // Gold words in document order, with their document-level head.
  struct GoldWord {
    const ConlluWord* w;
    int64_t head;  // document index, -1 root
  };
  std::vector<GoldWord> words;
  for (const ConlluSentence& sent : gold) {
    int64_t base = static_cast<int64_t>(words.size());
    for (const ConlluWord& w : sent.words) words.push_back({&w, w.head == 0 ? -1 : base + w.head - 1});
  }
  s.gold_words = words.size();
  s.system_words = system.tokens.size();
  using Span = std::pair<uint32_t, uint32_t>;
  std::map<Span, size_t> system_at;
  for (size_t i = 0; i < system.tokens.size(); ++i)
    system_at.emplace(Span{system.tokens[i].begin, system.tokens[i].end}, i);
  auto span_of_gold = [&](int64_t i) { return i < 0 ? Span{UINT32_MAX, UINT32_MAX} : Span{g.tokens[static_cast<size_t>(i)].begin, g.tokens[static_cast<size_t>(i)].end}; };
  auto span_of_system = [&](int32_t i) { return i < 0 ? Span{UINT32_MAX, UINT32_MAX} : Span{system.tokens[static_cast<size_t>(i)].begin, system.tokens[static_cast<size_t>(i)].end}; };
  for (size_t i = 0; i < words.size(); ++i) {
    auto it = system_at.find(span_of_gold(static_cast<int64_t>(i)));
    if (it == system_at.end()) continue;
    const Token& t = system.tokens[it->second];
    const ConlluWord& w = *words[i].w;
    ++s.aligned;
    s.upos += t.upos == w.upos;
    s.xpos += t.xpos == w.xpos;
    s.lemma += t.lemma == w.lemma;
    bool head_ok = span_of_system(t.head) == span_of_gold(words[i].head);
    s.uas += head_ok;
    s.las += head_ok && Universal(t.deprel) == Universal(w.deprel);
  }
  return s;
}

}  // namespace relata::nlp
