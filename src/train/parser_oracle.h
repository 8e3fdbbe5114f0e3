// The arc-hybrid dynamic oracle (Goldberg & Nivre 2013) and tree projectivisation, for the
// parser's trainer (train_parser.cpp) and its tests. The virtual ROOT is word n, the last
// item of the buffer (see nlp::parsing::Config).
#pragma once

#include <cstdint>
#include <vector>

#include "nlp/parser.h"

namespace relata::train {

// Lifts the shortest non-projective arc to its head's head until the tree is projective
// (Nivre & Nilsson 2005 without label encoding). `head`: 0-based, n = ROOT. Returns the
// number of lifts.
int Projectivise(std::vector<int>& head);

// Cost bookkeeping over a Config: the number of gold arcs a transition makes unreachable
// (exact for projective gold trees), plus one for a wrong label on a gold arc.
class ArcHybridOracle {
 public:
  static constexpr int kInvalid = 1 << 20;
  // gold_head: 0-based, n = ROOT; gold_label: label ids (0 = root); gold_tag: each word's
  // gold tag pair (-1: not among the parser's pairs; null: no joint tagging), `tag_pairs`
  // the number of TAG classes. All must outlive this.
  void Init(const std::vector<int>& gold_head, const std::vector<int>& gold_label,
            const std::vector<int>* gold_tag = nullptr, int tag_pairs = 0);
  // cost[k] for every class (kInvalid for invalid ones). Choosing a tag pair costs 1 when it
  // is not the gold one (and the gold one is a candidate), else 0.
  void Costs(const nlp::parsing::Config& c, int labels, int* cost) const;
  // Applies `cls` to c, keeping the bookkeeping in step.
  void Apply(nlp::parsing::Config& c, int cls, int labels);

 private:
  int GH(int d) const { return (*head_)[static_cast<size_t>(d)]; }
  const std::vector<int>* head_ = nullptr;
  const std::vector<int>* label_ = nullptr;
  const std::vector<int>* tag_ = nullptr;
  int tag_pairs_ = 0;
  std::vector<int> buf_deps_;    // gold dependents of x still in the buffer [b0, n)
  std::vector<int> stack_deps_;  // stack items whose gold head is x
  std::vector<uint8_t> in_stack_;
};

}  // namespace relata::train
