// Segmentation scores (tokens and sentences) of a predicted document against a gold one over
// the same text, as the CoNLL 2018 shared task counts them: a token matches when its byte span
// is identical (words of a multi-word token are compared by the spans DocumentFromConllu
// gives them), a sentence when the span from its first token's begin to its last token's end is
// identical. Spans are matched as multisets. Pure function, thread-safe.
#pragma once

#include <cstddef>

#include "nlp/prf.h"
#include "relata/document.h"

namespace relata::nlp {


struct SegmentationScores {
  Prf tokens, sentences;
};

// `gold` and `predicted` must segment the same text (only offsets are compared).
SegmentationScores Evaluate(const Document& gold, const Document& predicted);

}  // namespace relata::nlp
