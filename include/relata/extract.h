// Open information extraction from dependency trees: subject–relation–object triples (and
// n-ary extensions) read off the UD basic trees the parser produces, each with its evidence.
//
// Input: a Document run through the pipeline up to Stage::kNer (tokens, tags, lemmas, heads,
// labels, entity mentions). Extract() is a pure function of the document: deterministic and
// safe to call from any number of threads. Rules and their confidence: docs/extraction.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "relata/document.h"

namespace relata {

// One argument: a phrase of the sentence.
struct ExtractedArg {
  // The phrase's tokens (document-level indices, ascending). Usually contiguous; parts cut out
  // of the subtree (a relative clause, an apposition, a coordinated sibling) leave gaps.
  std::vector<uint32_t> tokens;
  int32_t head = -1;    // the phrase's syntactic head (document-level), -1 when empty
  int32_t entity = -1;  // index into Document::entities of the mention holding the head, or -1
  std::string text;     // the tokens' surfaces joined as in the text (space where there was one)

  bool empty() const { return tokens.empty(); }
};

struct Extraction {
  uint32_t sentence = 0;  // index into Document::sentences
  ExtractedArg subject;
  // Relation: the surface words as written (auxiliaries, negation, particles and a folded
  // preposition included: "has not been training", "lifted off from") ...
  std::vector<uint32_t> relation_tokens;
  std::string relation_text;
  // ... and its normalised form: lemmas, no auxiliaries, determiners or negation ("train",
  // "lift off from", "be capital of").
  std::string relation;
  ExtractedArg object;               // empty for an intransitive clause (SV)
  std::vector<ExtractedArg> extra;   // further arguments in sentence order (time, place, ...)
  bool passive = false;              // passive voice; with an agent, `object` is the agent
  bool negated = false;              // "not", "never", "no longer" ... : never a positive fact
  bool hedged = false;               // "could", "may", "reportedly", "allegedly" ...
  ExtractedArg speaker;              // non-empty when inside reported speech: "X said ..."
  double confidence = 0;             // in (0, 1]; ranks extractions (CaRB sweeps over it)
  std::string_view kind;             // rule family: "clause", "copula", "apposition", "role",
                                     // "relative", "compound", "event", "possessive"
  // Characters of the evidence: from the first to the last token of the extraction.
  uint32_t char_begin = 0, char_end = 0;
};

struct ExtractOptions {
  bool nary = true;         // keep time/place arguments in `extra` (CaRB style)
  bool keep_pronouns = true;  // extractions whose subject or object is a bare pronoun
};

// All extractions of one document, in sentence order, then by relation position.
std::vector<Extraction> Extract(const Document& doc, const ExtractOptions& options = {});

// A graph-ready statement made from an extraction: arguments reduced to the entity they name
// (NER mention, without titles, determiners or a possessive 's) or to a concept (the head
// noun with its compounds), the relation normalised and, for a passive with an agent, turned
// active (agent -> patient). Arguments are named as ResolveCoreference decides (pronouns and
// descriptions linked to an entity take its name). Unresolved pronoun arguments, empty
// objects and extractions whose arguments reduce to nothing are left out. A negated
// statement keeps its relation with "not " before it.
// Where a person's own name starts inside a PERSON mention that includes a title ("Finnish
// Foreign Minister Pekka Haavisto" -> the token of "Pekka"): the last run of proper nouns
// that are not title words (nlp::NameStart, docs/ner.md). Other mentions, and mentions without
// such a run or of titles only: m.first.
uint32_t PersonNameStart(const Document& doc, const EntityMention& m);

// The name each entity mention of a document stands for (one entry per Document::entities):
// the mention's own name (titles, a leading "the" and a possessive left out), unless a rule
// links it to another mention of the same document:
//   "name-part"  a person (or an event) named by the last words of exactly one fuller name of
//                the same type in the document ("Stoltenberg" -> "Jens Stoltenberg", "Phailin"
//                -> "Cyclone Phailin"; two different Smiths keep "Smith");
//   "acronym"    an acronym defined in brackets after the full name ("North Atlantic Treaty
//                Organization (NATO)"): the acronym and every mention of the full form take
//                the acronym as their name ("acronym-definition" for the defining mention).
//   "title"      a person named by a title alone ("the President"), when exactly one person of
//                the document was named earlier with that title before the name ("President
//                Trump"); not "a President", nor "the President of Mexico";
//   "given-name" one word that is the first word of exactly one fuller person's name of the
//                document and the last word of none ("Isabel" -> "Isabel Ruiz");
//   "head-word"  an organisation named by the head word of exactly one fuller name of the
//                document ("the University" -> "Pennsylvania State University", "the House" ->
//                "House of Representatives").
// `antecedent` is the mention the rule linked to (-1 for none).
struct ResolvedName {
  std::string name;
  std::string own;        // the mention's own name, before any rule
  std::string_view type;
  std::string_view rule;  // "name", "name-part", "acronym", "acronym-definition", "title", "given-name",
                          // "head-word"
  int32_t antecedent = -1;
};
std::vector<ResolvedName> ResolveNames(const Document& doc);

// A pronoun or a definite description that refers to an entity mention of the same document
// (docs/coreference.md). `mention` is -1 when no rule decided (the pronoun stays unresolved:
// its extractions give no graph statement).
struct Reference {
  uint32_t first = 0, last = 0;  // the words as written, tokens [first, last): "he", "the alliance"
  uint32_t head = 0;             // the pronoun, or the description's noun
  int32_t mention = -1;          // the antecedent (index into Document::entities), or -1
  std::string_view rule;         // "pronoun" or "description"
  std::string_view basis;        // why: "nearest", "speaker", "speaker's organisation",
                                 // "apposition", "copula", "title", "name noun",
                                 // "type noun"; for an
                                 // unresolved pronoun: "no antecedent", "ambiguous",
                                 // "common noun", "after an unresolved pronoun",
                                 // "expletive", "no speaker"
};

// Names (ResolveNames) and references of one document. `references` is sorted by head: every
// third-person pronoun (he, him, his, she, her, it, its, they, them, their ...) and every
// first-person one inside a quote, resolved or not; definite descriptions only when resolved.
struct Coreference {
  std::vector<ResolvedName> names;
  std::vector<Reference> references;
  // The reference whose head is token `head`, or nullptr.
  const Reference* Find(uint32_t head) const;
};
Coreference ResolveCoreference(const Document& doc);

struct GraphTriple {
  std::string subject, subject_type, relation, object, object_type;  // types: NER type or ""
  uint32_t sentence = 0, char_begin = 0, char_end = 0;
  double confidence = 0;
  bool negated = false, hedged = false;
  std::string speaker;       // who said it, when attributed
  // How the text named each argument when entity resolution gave it another name
  // (docs/coreference.md): the words as written ("he", "Stoltenberg", "the alliance",
  // "North Atlantic Treaty Organization") and the rule that linked them ("pronoun",
  // "name-part", "description", "acronym", ...). Both "" when the argument is named as written.
  std::string subject_form, object_form;
  std::string_view subject_rule, object_rule;
  std::string_view kind;
  uint32_t extraction = 0;   // index of the extraction it came from
};
std::vector<GraphTriple> ToGraphTriples(const Document& doc, const std::vector<Extraction>& extractions);

}  // namespace relata
