// Scores of a system's annotation against gold CoNLL-U, following the CoNLL 2018 shared task:
// words are aligned by their character span in the same text; UPOS, XPOS, lemma, UAS and LAS
// count aligned words whose annotation (and, for UAS/LAS, whose head's span) matches; LAS
// compares the universal part of the relation (before ':'). With gold tokenization every
// word aligns and each F1 equals the accuracy.
#pragma once

#include <cstddef>
#include <vector>

#include "nlp/conllu.h"
#include "relata/document.h"

namespace relata::nlp {

struct UdScores {
  size_t gold_words = 0, system_words = 0, aligned = 0;
  size_t upos = 0, xpos = 0, lemma = 0, uas = 0, las = 0;  // correct among aligned

  // F1 of `correct` against both word counts (percent).
  double F1(size_t correct) const {
    if (gold_words == 0 || system_words == 0 || correct == 0) return 0;
    double p = static_cast<double>(correct) / static_cast<double>(system_words);
    double r = static_cast<double>(correct) / static_cast<double>(gold_words);
    return 200.0 * p * r / (p + r);
  }
  UdScores& operator+=(const UdScores& o);
};

// `system.text` must be the text DocumentFromConllu(gold) builds (RawText of the gold).
UdScores EvaluateUd(const std::vector<ConlluSentence>& gold, const Document& system);

}  // namespace relata::nlp
