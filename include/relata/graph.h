// The merged knowledge graph derived from a Store: entities as nodes, one edge per
// (subject, relation, object), with weights and evidence. This is what exporters read.
//
// Derivation (deterministic, independent of the order mentions were added; docs/merging.md):
// - Every subject and object of a mention is a name with a type (CanonicalType(), "" when
//   unknown). Names join one node across documents by these rules, applied in this order;
//   a merge that would bring together two items of one line of the keep-apart file
//   (GraphOptions::keep_apart) is skipped:
//   1. alias: the forms of one canonical id of the alias file (GraphOptions::aliases) are one
//      node, labelled and (when the file gives one) typed by the file;
//   2. name-key / variant / type-majority: typed names with the same CanonicalKey() (after
//      VariantKey(): "US" = "U.S." = "United States") and compatible types (TypeClass():
//      PERSON only with PERSON; ORG, GPE, LOC, FAC, NORP together) are one node;
//   3. initials: an acronym ("KSC") joins the one multi-word node whose capitalised words'
//      initials spell it (same type class or untyped), when there is exactly one;
//   4. demonym: a NORP demonym that is the organisation of a person's title ("Iraqi" in
//      (X, "prime minister of", Iraqi/NORP)) is the country (Iraq, GPE) in that mention;
//   5. untyped: an untyped name joins the one typed node of its key (capitalised names also
//      through the variant table), when there is exactly one; otherwise untyped names of one
//      key are one node of type "" ("thing" in ids).
//   Within-document renames (EvidenceView::subject_form/subject_rule) are kept unless the
//   keep-apart file separates the form from the name: the mention then names its form.
// - A node's type is the majority of its typed mentions' types (ties: TypeWinsTie); when they
//   disagree, Node::type_votes keeps the counts.
// - Entity id: "<type>:<slug>" (TypeIdPart, Slug of the label's NameKey), e.g.
//   "person:jens-stoltenberg"; "--2", "--3" ... is appended when two nodes would share one;
//   its IRI path is "entity/<type>/<slug>". The label is the most frequent surface form (ties:
//   more capitals, then byte order), or the alias file's label; aliases are the other surface
//   forms, sorted.
// - An edge is (subject entity, RelationKey, object entity). weight = number of distinct
//   mentions supporting it; confidence = the highest of theirs; first/last date over them.
// - Nodes are sorted by id; edges by (subject id, relation key, object id); evidence by
//   (source, date, sentence, ..., then sentence index, span, flags, speaker, types, forms
//   and rules). Every vector below is in that order.
//
// A Graph refers to strings of its Store: the Store must outlive it and stay unchanged.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>
#include <utility>

#include <boost/graph/compressed_sparse_row_graph.hpp>

#include "relata/canonical.h"
#include "relata/store.h"

namespace relata {

struct Node {
  std::string id;                    // "person:jens-stoltenberg"
  std::string iri_path;              // "entity/person/jens-stoltenberg" (append to the base IRI)
  std::string label;                 // best surface form
  std::string type;                  // canonical type, "" when unknown
  std::vector<std::string> aliases;  // other surface forms, sorted, without the label
  uint32_t mentions = 0;             // mentions as subject or object
  std::vector<uint32_t> documents;   // indices into Graph::documents, sorted
  // The types its mentions gave it, with counts, most votes first (ties: TypeWinsTie), when
  // they disagree; empty when every typed mention agrees.
  std::vector<std::pair<std::string, uint32_t>> type_votes;
  std::string canonical_id;          // from the alias file ("wd:Q7184"), "" when none
  std::string same_as;               // canonical_id as an IRI (owl:sameAs in RDF), "" when none
};

struct Relation {
  std::string key;       // RelationKey: "train"
  std::string label;     // most frequent surface form
  std::string slug;      // NcNameSlug(key): "train"; IRI path "rel/<slug>"
};

// A source document of the graph (distinct from the NLP Document of document.h).
struct SourceDocument {
  std::string name;      // the source as given
  std::string iri;       // the source itself when it is an absolute http(s) IRI, else ""
  std::string slug;      // Slug(name); IRI path "source/<slug>" when iri is ""
  std::string first_date, last_date;  // over its mentions ("" when none had a date)
  uint32_t mentions = 0;
};

struct EvidenceView {
  std::string_view source;     // Document name
  uint32_t document;           // index into Graph::documents
  std::string_view date;
  std::string_view sentence;
  std::string_view extractor;
  std::string_view subject_text, relation_text, object_text;  // as written in that mention
  double confidence;
  // Position in the document (Store::Mention::kNone when unknown) and how it was stated.
  uint32_t sentence_index = Store::Mention::kNone;
  uint32_t char_begin = Store::Mention::kNone, char_end = Store::Mention::kNone;
  uint8_t flags = 0;              // TripleInput::kNegated | kHedged | kAttributed
  std::string_view speaker;       // "" when none
  // How the text named subject / object when resolution renamed it ("he" by rule "pronoun");
  // "" when named as written (store format 3, TripleInput::subject_form).
  std::string_view subject_form, subject_rule, object_form, object_rule;
  bool negated() const { return flags & TripleInput::kNegated; }
  bool hedged() const { return flags & TripleInput::kHedged; }
  bool attributed() const { return flags & TripleInput::kAttributed; }
};

// 40 bytes: what an edge holds by value is kept small (a million edges is a normal graph);
// its id, evidence, documents and dates are reached through the Graph.
struct Edge {
  uint32_t source, target;     // node indices
  uint32_t relation;           // index into Graph::relations
  uint32_t weight;             // distinct supporting mentions
  double confidence;           // highest of the evidence
  uint32_t first_date = 0, last_date = 0;    // Store string ids ("" when no evidence had a date)
  uint32_t evidence_begin = 0;               // Graph::EvidenceOf: `weight` entries from here
  // The flags every piece of evidence has (bitwise AND): TripleInput::kHedged here means
  // that no source states the edge without hedging. (Fits in what was padding.)
  uint8_t all_flags = 0;
};

// One form merged into a node by one rule (for explain and the merge report).
struct MergeRecord {
  std::string surface;   // the form as written ("Stoltenberg", "U.S.", "he")
  std::string type;      // the type its mentions gave it ("" when none)
  std::string into;      // node id it joined
  // Cross-document rules: "alias", "demonym", "initials", "variant", "name-key" (another
  // spelling with the same CanonicalKey), "untyped", "type-majority" (the same name given a
  // type the node's majority outvoted). Within-document renames: the rule the store records
  // (EvidenceView::subject_rule: "pronoun", "name-part", ...).
  std::string rule;
  uint32_t mentions = 0;             // mention arguments it covers
  std::vector<uint32_t> documents;   // indices into Graph::documents, sorted
};

// How Graph::Build merges names (docs/merging.md).
struct GraphOptions {
  // false: only equal NameKey() and equal type make one node, and an untyped name joins the
  // one typed node of its NameKey() (relata's rules before cross-document merging; kept as
  // the reference of bench_export).
  bool cross_document = true;
  std::vector<AliasEntry> aliases;        // LoadAliases
  std::vector<KeepApartEntry> keep_apart;  // LoadKeepApart
};

class Graph {
 public:
  // Boost.Graph's compressed sparse row graph: vertex i = nodes[i], and because `edges` is
  // sorted by source, the edge_index of an edge is its index in `edges`. About 8 bytes an
  // edge; moves without copying.
  using Topology = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property,
                                                      boost::no_property, boost::no_property,
                                                      uint32_t, uint32_t>;

  static Graph Build(const Store& store, const GraphOptions& options = {});
  Graph() = default;
  Graph(Graph&&) = default;
  Graph& operator=(Graph&&) = default;
  Graph(const Graph&) = delete;

  std::vector<Node> nodes;
  std::vector<Relation> relations;  // sorted by key
  std::vector<Edge> edges;
  std::vector<SourceDocument> documents;  // sorted by name
  // Every merge of the build, sorted by (into, surface, rule, type).
  std::vector<MergeRecord> merges;
  Topology topology;

  EvidenceView Evidence(uint32_t mention) const;
  // An edge's id: "e" + 14 hex digits of a hash of (source id, relation key, target id).
  std::string EdgeId(const Edge& e) const;
  // Mention indices supporting the edge, in the documented evidence order.
  std::span<const uint32_t> EvidenceOf(const Edge& e) const {
    return {edge_evidence_.data() + e.evidence_begin, e.weight};
  }
  // The distinct documents (indices into `documents`) of the evidence, sorted. Computed:
  // evidence is sorted by source, so these are its distinct consecutive documents.
  std::vector<uint32_t> DocumentsOf(const Edge& e) const;
  std::string_view FirstDate(const Edge& e) const;  // "" when no evidence had a date
  std::string_view LastDate(const Edge& e) const;
  // A stable id of a mention: "m" + 14 hex digits of a hash of all its fields. It depends only
  // on the mention, so evidence ids survive merging stores and adding other mentions. (The
  // fields of store format 2 enter the hash only when one is set, so mentions without them
  // keep the ids they had.)
  std::string MentionId(uint32_t mention) const;
  // Nodes whose mentions disagree on the type (Node::type_votes not empty).
  size_t type_conflicts = 0;
  // Names (variant keys) kept as nodes of more than one incompatible type class (PERSON
  // "Jordan" and GPE "Jordan").
  size_t types_kept_apart = 0;

 private:
  const Store* store_ = nullptr;
  std::vector<uint32_t> mention_document_;  // mention index -> document index
  std::vector<uint32_t> edge_evidence_;     // EvidenceOf ranges
};

}  // namespace relata
