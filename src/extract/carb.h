// CaRB (Bhardwaj, Aggarwal and Mausam, EMNLP 2019): the Open IE benchmark's tab formats, its
// scorer, and `relata oie` — the pipeline and the extractor run over pre-tokenized sentences,
// one a line, with the output in CaRB's tab format or as JSON lines.
//
// The scorer follows the reference scorer's default behaviour (the benchmark's carb.py with
// its default matcher); every rule, and the few places where this one differs, are written
// down in docs/oie-eval.md. All functions are deterministic; bad input is a Status naming the
// file and line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "relata/document.h"
#include "relata/extract.h"
#include "relata/status.h"

namespace relata {
class Pipeline;
}

namespace relata::carb {

// One tuple of a gold or system file.
struct Tuple {
  std::string relation;
  std::vector<std::string> args;  // arg1, arg2, further arguments, as given
  double confidence = 1;          // 1 for gold tuples
  uint32_t line = 0;              // 1-based line of the file it came from
};

// Tuples grouped by sentence. Sentences are told apart by SentenceKey, kept in the order of
// their first appearance; each keeps the text it first appeared with.
struct TupleSet {
  struct Sentence {
    std::string key, text;
    std::vector<Tuple> tuples;
  };
  std::vector<Sentence> sentences;
  std::unordered_map<std::string, size_t> by_key;

  void Add(std::string_view text, Tuple tuple);
  const Sentence* Find(std::string_view key) const;
  size_t TupleCount() const;
};

// The key by which CaRB pairs gold and system sentences: the sentence without its spaces,
// with the Penn Treebank bracket escapes (-LRB- ...) read as brackets, and without ASCII
// punctuation. "Mr. Baker ( -LRB- ) ." and "Mr.Baker" share the key "MrBaker".
std::string SentenceKey(std::string_view sentence);

// Gold file: sentence TAB relation TAB arg1 TAB arg2 ..., one tuple a line. Arguments holding
// "C: " (context, e.g. "C: authorities said") are dropped; each field is trimmed.
Result<TupleSet> ParseGold(std::string_view data, const std::string& name);
// System file (CaRB's "tabbed" format): sentence TAB confidence TAB relation TAB arg1 ...
Result<TupleSet> ParseSystem(std::string_view data, const std::string& name);
// The same, reading a file ("-" is standard input).
Result<TupleSet> ReadGoldFile(const std::string& path);
Result<TupleSet> ReadSystemFile(const std::string& path);

// How well a system tuple matches a gold tuple: the share of the system tuple's words found
// in the gold tuple (precision) and of the gold tuple's words found in the system tuple
// (recall), part by part; {0, 0} when the relations share no word or the system tuple has
// fewer arguments than the gold one (both counted after folding to two arguments).
struct MatchScore {
  double precision = 0, recall = 0;
};
MatchScore MatchTuples(const Tuple& gold, const Tuple& system);

// One point of the precision/recall curve: the system tuples with confidence >= threshold.
struct CurvePoint {
  double threshold = 0, precision = 0, recall = 0, f1 = 0;
};

struct Scores {
  // The point of best F1 over the thresholds (the lowest such threshold on a tie); all zero
  // when the system gave no tuple.
  double precision = 0, recall = 0, f1 = 0, threshold = 0;
  double auc = 0;  // area under the P/R curve, closed with the point (recall 0, precision 1)
  std::vector<CurvePoint> curve;  // by ascending threshold
  size_t gold_sentences = 0, gold_tuples = 0;
  size_t system_tuples = 0;               // all tuples read
  size_t system_tuples_scored = 0;        // those of sentences that have gold tuples
  size_t system_sentences_not_in_gold = 0;  // their tuples count for nothing but thresholds
  size_t gold_sentences_without_output = 0;
};
Scores Score(const TupleSet& gold, const TupleSet& system);

// ---- relata oie -----------------------------------------------------------------------------

enum class OieFormat { kCarb, kJsonl };

// One CaRB system line for an extraction: sentence, confidence (6 significant digits, so
// that 0.66 computed two ways is one threshold), relation (as written), arg1
// (subject), arg2 (object, "" when none), then the further arguments; tabs and line breaks
// inside a field become spaces. Ends with '\n'.
void AppendCarbLine(std::string_view sentence, const Extraction& e, std::string& out);

// A Document of pre-tokenized sentences, one a line of `text` (tokens between spaces; blank
// lines hold no sentence). Token forms are what the tagger knows: the PTB quotes `` and ''
// become ", ` becomes ', -LRB- -RRB- -LSB- -RSB- -LCB- -RCB- the brackets, and \/ \* lose
// their backslash; offsets point into the line as written. `line_begin[s]` is the byte offset of sentence s's line.
struct TokenizedLines {
  Document doc;
  std::vector<uint32_t> line_begin, line_end;  // per sentence, bytes of doc.text
  std::vector<uint32_t> line_number;           // per sentence, 1-based line in the input
};
inline constexpr size_t kMaxLineBytes = 65536;
// Checks every line of `data` (valid UTF-8, no control character but a final CR, at most
// kMaxLineBytes bytes) and builds the Document. `first_line` numbers the first line for the
// error messages ("NAME:LINE: reason").
Result<TokenizedLines> TokenizeLines(std::string_view data, const std::string& name,
                                     size_t first_line = 1);

struct OieStats {
  size_t lines = 0, sentences = 0, tokens = 0, extractions = 0;
};
// Runs the pipeline (to Stage::kNer, given tokens) and Extract() over the sentences of `data`
// in batches, handing each batch's output to `write` in input order. Stops at the first error
// (of the input, the pipeline or `write`).
Status RunOie(const Pipeline& pipeline, std::string_view data, const std::string& name,
              OieFormat format, const std::function<Status(std::string_view)>& write,
              OieStats* stats = nullptr);

}  // namespace relata::carb
