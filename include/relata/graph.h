// The merged knowledge graph derived from a Store: entities as nodes, one edge per
// (subject, relation, object), with weights and evidence. This is what exporters read.
//
// Derivation (deterministic, independent of the order mentions were added):
// - An entity is a (name key, type) pair: NameKey() of the surface form and CanonicalType().
//   Entities of different types are never merged. A mention without a type joins the entity
//   of the same key when exactly one typed entity has that key; otherwise it stays an entity
//   of its own, type "" ("thing" in ids), and the fold is recorded in `merges`.
// - Entity id: "<type>:<slug>" (TypeIdPart, Slug of the key), e.g. "person:jens-stoltenberg";
//   its IRI path is "entity/<type>/<slug>". The label is the most frequent surface form (ties:
//   more capitals, then byte order); aliases are the other surface forms, sorted.
// - An edge is (subject entity, RelationKey, object entity). weight = number of distinct
//   mentions supporting it; confidence = the highest of theirs; first/last date over them.
// - Nodes are sorted by id; edges by (subject id, relation key, object id); evidence by
//   (source, date, sentence, ..., then sentence index, span, flags, speaker). Every vector
//   below is in that order.
//
// A Graph refers to strings of its Store: the Store must outlive it and stay unchanged.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/graph/compressed_sparse_row_graph.hpp>

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

// Why an untyped mention's name was joined to a typed entity (for explain and reports).
struct MergeRecord {
  std::string surface;   // the untyped surface form
  std::string into;      // node id it joined
  std::string rule;      // "untyped-name-matches-one-typed-entity"
};

class Graph {
 public:
  // Boost.Graph's compressed sparse row graph: vertex i = nodes[i], and because `edges` is
  // sorted by source, the edge_index of an edge is its index in `edges`. About 8 bytes an
  // edge; moves without copying.
  using Topology = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property,
                                                      boost::no_property, boost::no_property,
                                                      uint32_t, uint32_t>;

  static Graph Build(const Store& store);
  Graph() = default;
  Graph(Graph&&) = default;
  Graph& operator=(Graph&&) = default;
  Graph(const Graph&) = delete;

  std::vector<Node> nodes;
  std::vector<Relation> relations;  // sorted by key
  std::vector<Edge> edges;
  std::vector<SourceDocument> documents;  // sorted by name
  std::vector<MergeRecord> merges;  // sorted
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
  // Number of distinct names (keys) that occur with more than one type.
  size_t type_conflicts = 0;

 private:
  const Store* store_ = nullptr;
  std::vector<uint32_t> mention_document_;  // mention index -> document index
  std::vector<uint32_t> edge_evidence_;     // EvidenceOf ranges
};

}  // namespace relata
