// Deterministic pseudo-random numbers for the benchmarks' synthetic data (header only).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "util/splitmix.h"

namespace relata::bench {

// splitmix64 (src/util/splitmix.h): tiny, fast, and good enough for synthetic data.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() { return SplitMix64(state_); }
  // Uniform in [0, n); n > 0. (The modulo bias is irrelevant at these sizes.)
  uint32_t Below(uint64_t n) { return static_cast<uint32_t>(Next() % n); }
  // Uniform in [0, 1).
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Unit() < p; }
  // Zipf-like rank in [0, n): density ~ 1/(rank+1), by inverting the continuous CDF
  // (a log-uniform draw). Rank 0 is the most popular.
  uint32_t Zipf(uint32_t n) {
    double r = std::exp(Unit() * std::log(static_cast<double>(n) + 1.0)) - 1.0;
    return std::min(static_cast<uint32_t>(r), n - 1);
  }

 private:
  uint64_t state_;
};

}  // namespace relata::bench
