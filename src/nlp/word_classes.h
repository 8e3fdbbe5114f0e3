// Word classes of lower-cased words, learnt from unlabelled text (docs/word-classes.md), as
// the recogniser, the tagger and the parser carry them in their models.
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "nlp/bytes.h"

namespace relata::nlp {

// The key of a word in WordClusters: the hash of its ASCII-lower-cased form.
uint64_t WordClassKey(std::string_view form);

// Word classes learnt from unlabelled text: for each lower-cased word, a class from the words
// that follow it and one from the words that precede it (1..255; 0 = unknown).
class WordClusters {
 public:
  void Add(uint64_t lower_hash, uint8_t right, uint8_t left) { entries_.push_back({lower_hash, right, left}); }
  void Finish();  // sorts; call after the last Add
  // {right, left} classes of a word (by WordClassKey of its form), {0, 0} if unknown.
  std::pair<uint8_t, uint8_t> Lookup(uint64_t lower_hash) const;
  size_t size() const { return entries_.size(); }
  void Write(ByteWriter& w) const;
  bool Read(ByteReader& r);

 private:
  struct Entry {
    uint64_t key;
    uint8_t right, left;
  };
  void BuildIndex();                 // after Finish() or Read()
  std::vector<Entry> entries_;       // sorted by key (the file's order)
  std::vector<uint32_t> index_;      // open addressing over entries_ (1 + position; 0 = empty), load <= 1/2
  size_t mask_ = 0;
};

}  // namespace relata::nlp
