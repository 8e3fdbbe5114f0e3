#include "nlp/perceptron.h"

#include <algorithm>

namespace relata::nlp {

void SparseWeights::Reset(int classes, float scale) {
  classes_ = classes;
  scale_ = scale;
  keys_count_ = 0;
  table_.assign(64, Row{0, 0, 0});
  entries_.clear();
}

void SparseWeights::Insert(uint64_t key, uint32_t begin, uint32_t count) {
  if ((keys_count_ + 1) * 2 > table_.size()) {
    std::vector<Row> old;
    old.swap(table_);
    table_.assign(old.size() * 2, Row{0, 0, 0});
    keys_count_ = 0;
    for (const Row& r : old)
      if (r.count) Insert(r.key, r.begin, r.count);
  }
  size_t mask = table_.size() - 1, i = (key ^ (key >> 29)) & mask;
  while (table_[i].count != 0) i = (i + 1) & mask;
  table_[i] = Row{key, begin, count};
  ++keys_count_;
}

void SparseWeights::AddRow(uint64_t feature, const std::vector<Entry>& row) {
  if (row.empty()) return;
  uint32_t begin = static_cast<uint32_t>(entries_.size());
  entries_.insert(entries_.end(), row.begin(), row.end());
  Insert(feature, begin, static_cast<uint32_t>(row.size()));
}

void SparseWeights::Write(ByteWriter& w) const {
  // Rows sorted by key so the bytes do not depend on insertion order.
  std::vector<const Row*> rows;
  for (const Row& r : table_)
    if (r.count) rows.push_back(&r);
  std::sort(rows.begin(), rows.end(), [](const Row* a, const Row* b) { return a->key < b->key; });
  w.U32(static_cast<uint32_t>(classes_));
  w.F32(scale_);
  w.U64(rows.size());
  for (const Row* r : rows) {
    w.U64(r->key);
    w.U16(static_cast<uint16_t>(r->count));
    for (uint32_t k = 0; k < r->count; ++k) {
      w.U16(entries_[r->begin + k].cls);
      w.U16(static_cast<uint16_t>(entries_[r->begin + k].w));
    }
  }
}

bool SparseWeights::Read(ByteReader& r) {
  int classes = static_cast<int>(r.U32());
  float scale = r.F32();
  uint64_t n = r.U64();
  if (!r.Count(n, 14)) return false;
  if (classes <= 0 || classes > 65535) return r.Fail("bad class count");
  Reset(classes, scale);
  size_t want = 64;
  while (want < n * 2 + 2) want *= 2;
  table_.assign(want, Row{0, 0, 0});
  std::vector<Entry> row;
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    uint64_t key = r.U64();
    uint16_t count = r.U16();
    if (count == 0) return r.Fail("empty weight row");
    row.clear();
    for (uint16_t k = 0; k < count; ++k) {
      Entry e{r.U16(), static_cast<int16_t>(r.U16())};
      if (e.cls >= classes) return r.Fail("class index out of range");
      row.push_back(e);
    }
    if (r.ok()) AddRow(key, row);
  }
  return r.ok();
}

}  // namespace relata::nlp
