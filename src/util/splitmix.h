// splitmix64 (Steele, Lea & Flood 2014): the one deterministic pseudo-random generator of the
// trainers' shuffles and samplings and of the benchmarks' synthetic data. Fixed and portable:
// the same seed gives the same numbers everywhere, so trained models reproduce byte for byte.
#pragma once

#include <cstdint>

namespace relata {

// Advances `state` and returns the next 64-bit number.
inline uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

}  // namespace relata
