// Precision, recall and F1 (percent) from counts: the one scoring record of the evaluations
// (segmentation, entity spans).
#pragma once

#include <cstddef>

namespace relata::nlp {

struct Prf {
  size_t gold = 0, predicted = 0, correct = 0;
  double Precision() const {
    return predicted ? 100.0 * static_cast<double>(correct) / static_cast<double>(predicted) : 0.0;
  }
  double Recall() const {
    return gold ? 100.0 * static_cast<double>(correct) / static_cast<double>(gold) : 0.0;
  }
  double F1() const {
    double p = Precision(), r = Recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
  }
};

}  // namespace relata::nlp
