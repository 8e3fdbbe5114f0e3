// One extraction as a JSON object on one line (for `relata oie --format jsonl`, and for any
// command that prints extractions). Deterministic: fixed key order, numbers in their
// shortest round-trip form.
//
//   {"sentence":0,"kind":"clause","confidence":0.9,
//    "subject":{"text":"Mr. Baker","tokens":[0,1],"head":1,"entity":{"type":"PERSON","first":0,"last":2}},
//    "relation":"find","relation_text":"found","relation_tokens":[2],
//    "object":{...}|null,"extra":[{...}],"passive":false,"negated":false,"hedged":false,"speaker":{...}|null,
//    "char_begin":0,"char_end":25,"evidence":"Mr. Baker found an opening"}
//
// Token indices ("tokens", "head", "relation_tokens", an entity's "first"/"last") count from
// the first token of the extraction's sentence; an empty argument is null; "entity" is null
// when the argument's head is in no entity mention. "evidence" is the text from char_begin to
// char_end.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "relata/document.h"
#include "relata/extract.h"

namespace relata {

struct ExtractionJsonOptions {
  uint32_t sentence_offset = 0;  // added to Extraction::sentence ("sentence")
  uint32_t char_base = 0;        // subtracted from char_begin / char_end
};

// Appends the object (no line break) to `out`. `doc` is the document `e` was extracted from.
void AppendExtractionJson(const Document& doc, const Extraction& e, std::string& out,
                          const ExtractionJsonOptions& options = {});

// The extraction's arguments as coreference left them (docs/coreference.md), as two members
// to go inside an object (no braces, a leading comma):
//   ,"resolved":{"subject":{"form":"he","name":"Jens Stoltenberg","type":"PERSON","rule":"pronoun","basis":"nearest"}},
//    "unresolved":["object"]
// "resolved" lists the subject, object and speaker whose head is a pronoun or description
// linked to an entity; "unresolved" those whose head is a pronoun left unlinked (such an
// argument never becomes a graph node). Both are present, possibly empty.
void AppendResolutionJson(const Document& doc, const Extraction& e, const Coreference& coref, std::string& out);

// `s` as a JSON string literal with its quotes (s must be valid UTF-8).
void AppendJsonString(std::string_view s, std::string& out);

}  // namespace relata
