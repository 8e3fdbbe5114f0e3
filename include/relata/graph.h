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
// - An edge is (subject entity, relation, object entity). The relation is the RelationKey of
//   what the extractor wrote, or, with a relation schema (GraphOptions::relations,
//   docs/relations.md), the canonical relation its key maps to given the two nodes' types
//   (an inverse form, such as a passive, makes the edge run from object to subject);
//   with GraphOptions::schema_only, mentions whose relation stays unmapped make no edge, and
//   nodes left without an edge are dropped. weight = number of distinct sources (documents)
//   among the mentions supporting it, Mentions() = number of those mentions; confidence =
//   the highest of theirs; first/last date over them. Events() groups the mentions into
//   events by date (GraphOptions::event_window).
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
#include "relata/relations.h"
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
  // A canonical relation of the relation schema (key = its RelationKey, label = its label);
  // the wording of each mention stays in EvidenceView::relation_text.
  bool canonical = false;
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
  uint32_t weight;             // distinct sources (documents) of the evidence; Graph::Mentions: mentions
  double confidence;           // highest of the evidence
  uint32_t first_date = 0, last_date = 0;    // Store string ids ("" when no evidence had a date)
  uint32_t evidence_begin = 0;               // Graph::EvidenceOf: Graph::Mentions entries from here
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
  // Relation schema (LoadRelationSchema; docs/relations.md): empty keeps every relation as
  // written. schema_only: mentions whose relation the schema does not map make no edge.
  RelationSchema relations;
  bool schema_only = false;
  // Reports of one edge dated within this many days of the first report of an event belong
  // to that event (Graph::Events).
  uint32_t event_window = 7;
};

// One event of an edge: its reports (mentions) dated within the event window of the first.
struct EdgeEvent {
  std::string_view first_date, last_date;  // as the store has them; "" for the undated event
  int32_t first_day = 0, last_day = 0;     // days since 1970-01-01 (0 when undated)
  bool dated = false;
  std::vector<uint32_t> evidence;          // positions in EvidenceOf(edge), ascending
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
    return {edge_evidence_.data() + e.evidence_begin, Mentions(e)};
  }
  // The number of mentions supporting the edge (its evidence). An edge of `edges` is found
  // directly; a copy by its evidence_begin (binary search).
  uint32_t Mentions(const Edge& e) const;
  // The number of distinct sources of its evidence (what Build stores in Edge::weight).
  uint32_t Sources(const Edge& e) const;
  // Its evidence grouped into events: dated reports sorted by date, each event holding the
  // reports dated at most `event_window` days after its first; then, when some report has
  // no date (or one that is not an ISO 8601 date), one undated event of those. Ordered by
  // first date, the undated event last.
  std::vector<EdgeEvent> Events(const Edge& e) const;
  // Days since 1970-01-01 of an ISO 8601 date ("2024-06-12", "2024-06-12T10:00:00Z", "2024-06",
  // "2024"); false when it is none.
  static bool DayNumber(std::string_view date, int32_t& day);
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
  // Relation schema: mentions whose relation it mapped to a canonical relation, and (with
  // schema_only) mentions that made no edge because it did not.
  size_t mentions_mapped = 0, mentions_unmapped_dropped = 0;
  uint32_t event_window = 7;  // GraphOptions::event_window of the build

 private:
  const Store* store_ = nullptr;
  std::vector<uint32_t> mention_document_;  // mention index -> document index
  std::vector<uint32_t> edge_evidence_;     // EvidenceOf ranges
};

}  // namespace relata
