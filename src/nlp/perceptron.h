// Linear models over hashed sparse features, shared by the tagger, parser and recogniser
// (training: src/train/perceptron_train.h).
//
// A feature is a 64-bit hash (FeatureKey) of a template id and the values it conjoins. The
// weights of one feature form a sparse row of (class, weight) pairs: a perceptron only ever
// updates the gold and the predicted class, so most rows hold a handful of classes. Rows live
// in one array; an open-addressing table maps a feature to its row. Weights are stored as
// int16 with one scale per model (docs/model-format.md).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

// xxHash inlined (header-only mode): the feature hashes are short fixed-size inputs, and a
// call into the shared library cost more than the hashing (the same hash values).
#ifndef XXH_INLINE_ALL
#define XXH_INLINE_ALL
#endif
#include <xxhash.h>

#include "nlp/bytes.h"

namespace relata::nlp {

// Feature keys: a template id mixed with up to three values. Stable across machines.
inline uint64_t FeatureKey(uint32_t tmpl, std::string_view a) {
  return XXH3_64bits_withSeed(a.data(), a.size(), tmpl);
}
inline uint64_t FeatureKey(uint32_t tmpl, uint64_t a, uint64_t b = 0, uint64_t c = 0) {
  uint64_t v[3] = {a, b, c};
  return XXH3_64bits_withSeed(v, sizeof v, 0x9E3779B97F4A7C15ull ^ tmpl);
}
// The hash of a string, to pass as a value to the numeric FeatureKey.
inline uint64_t ValueHash(std::string_view s) { return XXH3_64bits(s.data(), s.size()); }

class SparseWeights {
 public:
  struct Entry {
    uint16_t cls;
    int16_t w;
  };

  SparseWeights() = default;
  int classes() const { return classes_; }
  size_t features() const { return keys_count_; }
  size_t entries() const { return entries_.size(); }

  // scores[c] += weight(feature, c) for each feature (scores has classes() elements).
  void Score(const uint64_t* feats, size_t n, float* scores) const {
    const size_t begin[2] = {0, n};
    ScoreGroups(feats, begin, 1, scores, 0);
  }

  // Score() for consecutive groups of features: group g is feats[begin[g], begin[g + 1])
  // and adds into scores[g * stride ...]. The same sums in the same order as one Score()
  // call per group, with the memory accesses of all groups overlapping (the recogniser
  // scores its previous-label features for all previous labels at once).
  void ScoreGroups(const uint64_t* feats, const size_t* begin, size_t groups, float* scores,
                   size_t stride) const {
    if (table_.empty() || groups == 0) return;
    // Memory-bound: prefetch the table slots, then the rows' entries, then add them up.
    const size_t n = begin[groups];
    constexpr size_t kChunk = 64;
    const Row* rows[kChunk];
    const size_t mask = table_.size() - 1;
    size_t g = 0;
    for (size_t b = 0; b < n; b += kChunk) {
      const size_t m = n - b < kChunk ? n - b : kChunk;
      for (size_t i = 0; i < m; ++i) __builtin_prefetch(&table_[(feats[b + i] ^ (feats[b + i] >> 29)) & mask]);
      for (size_t i = 0; i < m; ++i) {
        rows[i] = Find(feats[b + i]);
        if (rows[i]) __builtin_prefetch(entries_.data() + rows[i]->begin);
      }
      for (size_t i = 0; i < m; ++i) {
        while (b + i >= begin[g + 1]) ++g;
        const Row* r = rows[i];
        if (!r) continue;
        float* out = scores + g * stride;
        const Entry* e = entries_.data() + r->begin;
        for (uint32_t k = 0; k < r->count; ++k) out[e[k].cls] += scale_ * e[k].w;
      }
    }
  }

  // Building (used by training): rows added in any order, then Finish().
  void Reset(int classes, float scale);
  void AddRow(uint64_t feature, const std::vector<Entry>& row);

  void Write(ByteWriter& w) const;
  bool Read(ByteReader& r);  // false (with r's status) on damaged data

 private:
  struct Row {
    uint64_t key;
    uint32_t begin;
    uint32_t count;  // 0 = empty slot
  };
  const Row* Find(uint64_t key) const {
    if (table_.empty()) return nullptr;
    size_t mask = table_.size() - 1, i = (key ^ (key >> 29)) & mask;
    while (table_[i].count != 0) {
      if (table_[i].key == key) return &table_[i];
      i = (i + 1) & mask;
    }
    return nullptr;
  }
  void Insert(uint64_t key, uint32_t begin, uint32_t count);

  int classes_ = 0;
  float scale_ = 1;
  size_t keys_count_ = 0;
  std::vector<Row> table_;  // power-of-two size, load <= 0.5
  std::vector<Entry> entries_;
};

}  // namespace relata::nlp
