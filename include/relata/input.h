// Readers of triples files: users bring triples from other tools (TSV or JSONL), and relata's
// own extractors emit the same records.
//
// TSV: subject<TAB>relation<TAB>object[<TAB>confidence[<TAB>source[<TAB>date]]], one triple a
// line; blank lines and lines whose first non-blank character is '#' are skipped; an empty
// optional field means "not given". JSONL: one object a line as schema/triples.schema.json
// describes. A triple without a source gets the input file's base name ("stdin" for -).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "relata/status.h"
#include "relata/store.h"

namespace relata {

enum class TripleFormat { kAuto, kTsv, kJsonl };

struct ReadOptions {
  TripleFormat format = TripleFormat::kAuto;  // kAuto: by extension, else by the first line
  bool skip_bad = false;  // skip malformed lines (counted) instead of failing
};

struct ReadStats {
  size_t files = 0;
  size_t lines = 0;    // non-blank, non-comment lines read
  size_t triples = 0;  // lines that gave a triple (new or already in the store)
  size_t skipped = 0;  // malformed lines skipped under skip_bad
  std::string first_skipped;  // the message of the first skipped line
};

// Reads one file ("-" for standard input) into `store`. Without skip_bad, the first malformed
// line fails the whole read with "FILE:LINE: reason" and the store is left as it was before
// the call. A file with no triples at all is an error either way.
Status ReadTriplesFile(const std::string& path, const ReadOptions& options, Store& store,
                       ReadStats& stats);

// Expands command-line inputs: files as given, directories recursively (files ending in .tsv,
// .jsonl, .ndjson, in byte order of their paths), "-" as is. A missing path or a directory
// without such files is an error naming it.
Result<std::vector<std::string>> ExpandInputs(const std::vector<std::string>& inputs);

}  // namespace relata
