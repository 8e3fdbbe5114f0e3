// CoNLL-U reading and writing (universaldependencies.org/format.html), for training,
// evaluation and `relata parse`.
#pragma once

#include <string>
#include <vector>

#include "relata/document.h"
#include "relata/status.h"

namespace relata::nlp {

// One syntactic word (an integer-ID line). Ranges ("1-2") and empty nodes ("1.1") are kept
// apart: training and evaluation use the words.
struct ConlluWord {
  std::string form, lemma, upos, xpos, feats, deprel, deps, misc;
  int head = 0;  // 0 = root, else 1-based word index in the sentence
  bool space_after = true;  // from MISC SpaceAfter=No (or from the range line for MWT words)
  int mwt = -1;             // index into ConlluSentence::mwts when part of a multi-word token
};

struct ConlluMwt {
  int first = 0, last = 0;  // 0-based word indices, inclusive
  std::string form;
  bool space_after = true;
};

struct ConlluSentence {
  std::vector<std::string> comments;  // the lines after '#', verbatim ("sent_id = ...")
  std::string sent_id, text;          // from "# sent_id =" and "# text ="
  bool newdoc = false, newpar = false;
  std::vector<ConlluWord> words;
  std::vector<ConlluMwt> mwts;
  size_t line = 0;                    // line number of the first line, for messages
};

// Reads a whole CoNLL-U file. Malformed input fails with "FILE:LINE: reason".
Result<std::vector<ConlluSentence>> ReadConllu(const std::string& path);
// Parses CoNLL-U text (`name` is used in messages).
Result<std::vector<ConlluSentence>> ParseConllu(std::string_view text, const std::string& name);

// The value of KEY in a MISC or FEATS column ("SpaceAfter=No|Entity=(1-person" -> "No"), or
// "" when absent.
std::string_view Attribute(std::string_view column, std::string_view key);

// Raw text of a sequence of sentences as a document would hold it: the surface tokens joined
// with the spaces SpaceAfter implies; a new paragraph starts with a blank line.
std::string RawText(const std::vector<ConlluSentence>& sentences);

// A document built from CoNLL-U sentences with gold tokens and sentence boundaries (the
// pretokenized input of Pipeline::Run): text rebuilt as RawText does, one Token per word.
Document DocumentFromConllu(const std::vector<ConlluSentence>& sentences);

}  // namespace relata::nlp
