// Named-entity data and scoring (docs/ner.md): gold entities from GUM's `Entity=` MISC
// annotation mapped to relata's types, IOB2 files (UNER), and exact-span precision/recall/F1.
// Shared by the NER trainer, the tests and `relata eval`.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "nlp/conllu.h"
#include "nlp/prf.h"
#include "relata/document.h"
#include "relata/status.h"

namespace relata::nlp {

// One GUM mention as annotated: words [first, last) of its sentence (0-based), GUM type.
struct GumMention {
  int first = 0, last = 0;
  std::string type;  // person, place, organization, time, ...
  std::string id;
};

// All mentions of a sentence from the `Entity=` attribute of its words' MISC:
// "(id-type-..." opens, "id)" closes, "(id-type-...)" is a one-word mention; several may
// open or close on one word. Mentions left open at the end of the sentence, or closed without
// being opened, make an error naming the sentence's line. Sorted by (first, -length).
Result<std::vector<GumMention>> GumMentions(const ConlluSentence& s);

// A token span with a type name (tokens [first, last)).
struct TypedSpan {
  uint32_t first = 0, last = 0;
  std::string type;
  bool operator==(const TypedSpan&) const = default;
  bool operator<(const TypedSpan& o) const {
    return first != o.first ? first < o.first : last != o.last ? last < o.last : type < o.type;
  }
};

// What an entity span covers (docs/ner.md, "Names and titles"): the mention as the recogniser
// learns it from GUM, a person's titles inside (`[President Biden]`), or the name alone
// (`President [Biden]`), as OntoNotes and UNER mark names and `relata parse` and `relata eval`
// report them (NameStart). A person mention of titles only (`Madam Speaker`) has no name.
enum class SpanExtent { kMention, kName };

// The named entities of a sentence in relata's types (docs/ner.md for the mapping): mentions
// headed by a proper noun (dates also by a number), trimmed of determiners, possessive
// endings, punctuation and trailing clauses; outermost first, non-overlapping. Word indices.
// kName also leaves out a person's leading titles, the words GUM attaches to the name as
// `nmod:desc` (`President`, `Mr.`, `Vice President`), and a person mention whose words are all
// title words (IsPersonTitleWord) is no name (it still blocks the mentions inside it); one of
// office titles, `of` and more words (`President of the United States`) is none either and
// leaves the names inside it.
std::vector<TypedSpan> GumNamedEntities(const ConlluSentence& s, SpanExtent extent = SpanExtent::kMention);

// An IOB2 file (UNER): '#' comments, "index<TAB>token<TAB>tag[<TAB>...]" lines, blank lines
// between sentences.
struct Iob2Sentence {
  std::string sent_id, text;
  bool newdoc = false;  // "# newdoc" before it
  std::vector<std::string> forms;
  std::vector<TypedSpan> entities;  // from the tags
  size_t line = 0;
};
Result<std::vector<Iob2Sentence>> ReadIob2(const std::string& path);
Result<std::vector<Iob2Sentence>> ParseIob2(std::string_view text, const std::string& name);

// UNER's type for one of ours ("PER", "ORG", "LOC"), "" for types UNER does not annotate.
std::string_view UnerType(std::string_view ours);

// Exact-match span scoring, in total and per type.

class SpanScorer {
 public:
  // One sentence (or document): spans count as correct when first, last and type all match.
  void Add(std::vector<TypedSpan> gold, std::vector<TypedSpan> pred);
  const Prf& total() const { return total_; }
  const std::map<std::string, Prf>& by_type() const { return by_type_; }
  // "P 81.2 R 77.0 F1 79.0 (gold 1234, predicted 1170)" and one such line per type.
  std::string Report() const;

 private:
  Prf total_;
  std::map<std::string, Prf> by_type_;
};

// The entities of doc within tokens [first, last), relative to `first`, optionally mapped
// (UnerType) and with unmapped ones dropped; kName: their names (NameStart), mentions without
// a name dropped.
std::vector<TypedSpan> EntitiesIn(const Document& doc, uint32_t first, uint32_t last, bool to_uner,
                                  SpanExtent extent);

}  // namespace relata::nlp
