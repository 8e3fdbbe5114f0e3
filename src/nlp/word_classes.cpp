#include "nlp/word_classes.h"

#include <algorithm>
#include <string>

#include "nlp/perceptron.h"

namespace relata::nlp {

uint64_t WordClassKey(std::string_view form) {
  char buf[64];  // most words: no allocation (the parser asks once per token)
  std::string long_form;
  char* low = buf;
  if (form.size() > sizeof buf) {
    long_form.resize(form.size());
    low = long_form.data();
  }
  for (size_t i = 0; i < form.size(); ++i) {
    const char c = form[i];
    low[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return ValueHash(std::string_view(low, form.size()));
}

void WordClusters::Finish() {
  std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) { return a.key < b.key; });
  size_t k = 0;  // one entry per key (the first added)
  for (size_t i = 0; i < entries_.size(); ++i)
    if (k == 0 || entries_[k - 1].key != entries_[i].key) entries_[k++] = entries_[i];
  entries_.resize(k);
  BuildIndex();
}

void WordClusters::BuildIndex() {
  size_t cap = 16;
  while (cap < 2 * entries_.size()) cap *= 2;
  index_.assign(cap, 0);
  mask_ = cap - 1;
  for (size_t i = 0; i < entries_.size(); ++i) {
    size_t j = entries_[i].key & mask_;
    while (index_[j]) j = (j + 1) & mask_;
    index_[j] = static_cast<uint32_t>(i + 1);
  }
}

std::pair<uint8_t, uint8_t> WordClusters::Lookup(uint64_t key) const {
  if (index_.empty()) return {0, 0};
  for (size_t j = key & mask_;; j = (j + 1) & mask_) {
    const uint32_t e = index_[j];
    if (!e) return {0, 0};
    const Entry& x = entries_[e - 1];
    if (x.key == key) return {x.right, x.left};
  }
}

void WordClusters::Write(ByteWriter& w) const {
  w.U64(entries_.size());
  for (const Entry& e : entries_) {
    w.U64(e.key);
    w.U16(static_cast<uint16_t>(e.right | (e.left << 8)));
  }
}

bool WordClusters::Read(ByteReader& r) {
  uint64_t n = r.U64();
  if (!r.Count(n, 10)) return false;
  entries_.resize(n);
  for (Entry& e : entries_) {
    e.key = r.U64();
    uint16_t v = r.U16();
    e.right = static_cast<uint8_t>(v & 0xFF);
    e.left = static_cast<uint8_t>(v >> 8);
  }
  for (size_t i = 1; i < entries_.size(); ++i)
    if (entries_[i - 1].key >= entries_[i].key) return r.Fail("word classes: entries not sorted");
  if (!r.ok()) return false;
  BuildIndex();
  return true;
}

}  // namespace relata::nlp
