// The graph store: the set of triple mentions that relata has seen, from which the merged
// graph (graph.h) is derived.
//
// A mention is one statement of a triple by one source (subject, relation, object as written,
// with types and evidence). The store is a *set*: adding a mention already present changes
// nothing, so re-reading a source never counts its evidence twice, and the merge of two stores
// is their union (order-free, idempotent). Everything else (entities, edges, weights, labels,
// aliases) is derived from the set by Graph::Build, deterministically.
//
// Thread safety: a Store is not synchronised; concurrent const access is safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "relata/status.h"

namespace relata {

// A triple mention as an extractor or an input file gives it. Strings are UTF-8.
struct TripleInput {
  std::string subject;
  std::string relation;
  std::string object;
  std::string subject_type;  // any spelling; CanonicalType() is applied. "" = unknown.
  std::string object_type;
  double confidence = 1.0;   // in [0, 1]; a triple given without one is taken as certain
  std::string source;        // document name or URL; "" is not allowed
  std::string date;          // "" or ISO 8601: YYYY-MM-DD or YYYY-MM-DDThh:mm:ss[.fff](Z|±hh:mm)
  std::string sentence;      // the evidence sentence, "" when unknown
  std::string extractor;     // who produced the triple ("tsv", "jsonl", "clause", ...)
  // Where in its document the evidence is, and how it was stated (store format version 2).
  int64_t sentence_index = -1;  // index of the sentence in its document; -1 = unknown
  // Byte span [char_begin, char_end) of the evidence in the document text; both -1 (unknown)
  // or both given with 0 <= char_begin <= char_end.
  int64_t char_begin = -1, char_end = -1;
  uint8_t flags = 0;         // kNegated | kHedged | kAttributed
  std::string speaker;       // who said it when attributed; "" = none (needs kAttributed)
  // Store format 3: how the text named the subject / object when entity resolution gave it
  // another name: the words as written ("he", "Stoltenberg") and the rule that linked them
  // ("pronoun", "name-part", ...; docs/coreference.md). Both given or both "" per argument;
  // a form equal to the name itself is dropped with its rule.
  std::string subject_form, subject_rule, object_form, object_rule;

  static constexpr uint8_t kNegated = 1;     // the sentence denies the triple
  static constexpr uint8_t kHedged = 2;      // the sentence only supposes it (may, reportedly)
  static constexpr uint8_t kAttributed = 4;  // the sentence reports someone's statement
  static constexpr uint8_t kAllFlags = 7;
  // Indices and offsets are stored as u32: the largest value given may be this.
  static constexpr int64_t kMaxPosition = 0xFFFFFFFE;
};

// Checks an ISO 8601 date or date-time as accepted above; "" is valid (no date).
bool ValidDate(std::string_view date);
// The canonical form of a valid date: a UTC offset of +00:00 or -00:00 written as Z (the
// form triple stores give back), anything else unchanged.
std::string CanonicalDate(std::string_view date);

class Store {
 public:
  Store();
  ~Store();
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;

  // Validates and adds one mention. Fails (and adds nothing) for an empty subject, relation
  // or object after normalisation, an empty source, a confidence outside [0, 1] or NaN, a bad
  // date, invalid UTF-8, a sentence index or span outside [0, kMaxPosition] (-1 aside), only
  // one end of a span or char_end < char_begin, unknown flag bits, or a speaker without
  // kAttributed. Returns OK without change for a mention already in the store.
  Status Add(const TripleInput& t);

  // Adds every mention of `other` (a set union).
  void Merge(const Store& other);

  // Number of distinct mentions.
  size_t size() const;

  // Writes the store to `path` atomically (temporary file in the same directory, fsync,
  // rename): on any failure the previous file, if any, is intact. The bytes depend only on
  // the set of mentions. Format: docs/store-format.md.
  Status Save(const std::string& path) const;
  // Reads a store written by Save. Corrupt, truncated or foreign files fail with a message
  // naming the file and the byte offset.
  static Result<Store> Load(const std::string& path);

  // Read access for Graph::Build and tests. Strings live as long as the store.
  // 48 bytes. Every field, and every field of its Extra, is part of the mention's identity.
  struct Mention {
    static constexpr uint32_t kNone = UINT32_MAX;  // Extra: sentence_index / char_* unknown
    uint32_t subject, subject_type, relation, object, object_type;  // string ids
    uint32_t source, date, sentence, extractor;                     // string ids
    uint32_t extra = 0;  // id of its Extra (extra()); 0 = none of those fields given
    double confidence;
  };
  // The fields of store format 2. Triples files rarely carry them, so they live in a table of
  // distinct values of their own (a mention's memory stays 48 bytes), shared by the mentions
  // that have the same values.
  struct Extra {
    uint32_t speaker = 0;  // string id; 0 = "" (none)
    uint32_t sentence_index = Mention::kNone, char_begin = Mention::kNone, char_end = Mention::kNone;
    uint8_t flags = 0;     // TripleInput::kNegated | kHedged | kAttributed
    // Store format 3 (string ids; 0 = ""): TripleInput::subject_form ... object_rule.
    uint32_t subject_form = 0, subject_rule = 0, object_form = 0, object_rule = 0;
    bool operator==(const Extra&) const = default;
  };
  const Extra& extra(const Mention& m) const;
  const std::vector<Mention>& mentions() const;
  std::string_view str(uint32_t id) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace relata
