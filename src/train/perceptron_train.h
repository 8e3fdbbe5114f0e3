// The averaged perceptron (Collins 2002) over hashed sparse features, for training. Rows
// are sparse (only classes ever updated); averaging is lazy (each weight remembers when it
// last changed). Finish() returns the averaged, pruned, int16-quantised SparseWeights that
// inference uses.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "nlp/perceptron.h"

namespace relata::train {

class AveragedPerceptron {
 public:
  explicit AveragedPerceptron(int classes) : classes_(classes) {}
  int classes() const { return classes_; }

  // scores[c] += current weight(feature, c).
  void Score(const uint64_t* feats, size_t n, float* scores) const;
  // One training instance: moves `amount` from the guess to the truth (no-op if equal), then
  // advances the clock. Call Tick() instead for an instance without update, so averages count it.
  void Update(const uint64_t* feats, size_t n, int truth, int guess, float amount = 1.0f);
  void Tick() { ++now_; }
  // A structured perceptron's half-update (the recogniser's Viterbi training, docs/ner.md):
  // adds `delta` to class `cls` of each feature without advancing the clock; `count` says
  // whether it counts as an update of the features for pruning.
  void Add(const uint64_t* feats, size_t n, int cls, float delta, bool count);

  // Averaged weights. Features whose rows saw fewer than `min_updates` updates in all are
  // dropped (pruning keeps models small); weights are quantised to int16.
  nlp::SparseWeights Finish(uint32_t min_updates = 1) const;
  // The mean of several perceptrons' averaged weights over the same classes, each pruned by
  // its own updates, then quantised as Finish() does: for linear models the scores of the
  // mean are the mean of the scores, so this is the ensemble of the models in one model.
  // FinishMean({&p}) equals p.Finish().
  static nlp::SparseWeights FinishMean(const std::vector<const AveragedPerceptron*>& models,
                                       uint32_t min_updates = 1);
  size_t features() const { return rows_.size(); }

 private:
  struct Cell {
    uint16_t cls;
    float w;        // current weight
    double acc;     // sum of the weight over time, up to `ts`
    uint64_t ts;    // clock of the last change
  };
  struct Row {
    std::vector<Cell> cells;
    uint32_t updates = 0;
  };
  void Bump(Row& row, int cls, float delta);

  int classes_;
  uint64_t now_ = 1;
  std::unordered_map<uint64_t, Row> rows_;
};

}  // namespace relata::train
