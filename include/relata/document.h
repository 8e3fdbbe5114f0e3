// A document and its annotations, as the NLP pipeline fills them in.
//
// Offsets are byte offsets into `text` (UTF-8); `text.substr(t.begin, t.end - t.begin)` is a
// token's surface. Sentences and entity mentions are half-open token ranges. Heads are
// absolute token indices within the document (-1 for a sentence root). Tag and label
// strings are owned by the models (static for UPOS), so they stay valid while the Pipeline
// that produced them lives.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace relata {

struct Token {
  uint32_t begin = 0, end = 0;      // bytes in Document::text
  std::string form;                 // the token as the parser sees it (usually the surface;
                                    // normalised quotes/dashes may differ)
  bool space_after = true;          // false when the text has no white space after it
  std::string_view upos, xpos;      // "" until tagged
  std::string_view upos2, xpos2;    // the tagger's second choice ("" when none) and how far
  float tag_margin = 0;             // its score falls below the first; the parser may take it
  std::string lemma;                // "" until lemmatised
  int32_t head = -1;                // document-level token index, -1 = root / unparsed
  std::string_view deprel;          // "" until parsed ("root" for the root)
};

struct Sentence {
  uint32_t first = 0, last = 0;     // tokens [first, last)
};

struct EntityMention {
  uint32_t first = 0, last = 0;     // tokens [first, last)
  std::string_view type;            // PERSON, ORG, GPE, LOC, FAC, NORP, EVENT, PRODUCT, DATE, ...
};

struct Document {
  std::string id, title, date, url, source, language = "en";
  std::string author;  // as the article names its author(s), "" when unknown
  std::string text;
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
  std::vector<EntityMention> entities;  // sorted by first token, non-overlapping
};

}  // namespace relata
