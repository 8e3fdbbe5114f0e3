// What the five RDF writers share: the RDF model of a Graph (docs/rdf.md), produced once, as a
// stream of statements that each writer only has to format.
//
// The model (IRIs, which statements per node, relation, document and edge, where provenance
// goes) lives in Model::Emit alone, so Turtle, N-Triples, N-Quads, RDF/XML and JSON-LD cannot
// disagree on it. A writer implements StatementWriter and says which features its syntax has
// (named graphs, RDF-star); Emit adapts the provenance mode to them.
//
// Everything handed to a writer is a view that lives only for the duration of the call.
// Minted IRIs are checked by Model::Init to be writable between < > unchanged (see
// escape::IsValidIri), so writers append IRIs without escaping them for N-Triples / Turtle.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "relata/exporter.h"
#include "relata/graph.h"
#include "relata/sink.h"
#include "relata/status.h"

namespace relata::rdf {

inline constexpr std::string_view kRdfNs = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
inline constexpr std::string_view kRdfsNs = "http://www.w3.org/2000/01/rdf-schema#";
inline constexpr std::string_view kXsdNs = "http://www.w3.org/2001/XMLSchema#";
inline constexpr std::string_view kSkosNs = "http://www.w3.org/2004/02/skos/core#";
inline constexpr std::string_view kSchemaNs = "http://schema.org/";
inline constexpr std::string_view kDctermsNs = "http://purl.org/dc/terms/";
inline constexpr std::string_view kOwlNs = "http://www.w3.org/2002/07/owl#";

// An IRI split for the syntaxes that abbreviate: the full IRI is ns + local. When `prefix` is
// not empty, `local` is safe as a Turtle PN_LOCAL and an XML NCName, and "prefix:local" may be
// written (the prefix is one of Model::prefixes()). When it is empty, write the full IRI.
struct Name {
  std::string_view prefix;
  std::string_view ns;
  std::string_view local;

  size_t size() const { return ns.size() + local.size(); }
  bool Is(std::string_view p, std::string_view l) const { return prefix == p && local == l; }
  // Appends the full IRI (unescaped) to `out`.
  void AppendTo(std::string& out) const {
    out.append(ns);
    out.append(local);
  }
  bool operator==(const Name& o) const {
    // Equal IRIs, however they are split.
    if (size() != o.size()) return false;
    std::string_view a1 = ns, a2 = local, b1 = o.ns, b2 = o.local;
    auto at = [](std::string_view x1, std::string_view x2, size_t i) {
      return i < x1.size() ? x1[i] : x2[i - x1.size()];
    };
    if (a1.size() == b1.size()) return a1 == b1 && a2 == b2;
    for (size_t i = 0; i < size(); ++i)
      if (at(a1, a2, i) != at(b1, b2, i)) return false;
    return true;
  }
};

// An object: an IRI or a literal.
struct Term {
  enum Kind : uint8_t { kIri, kString, kTyped } kind;
  Name name;              // kIri: the IRI; kTyped: the datatype (an xsd: Name)
  std::string_view text;  // kString / kTyped: the lexical form (raw, unescaped)

  static Term Iri(const Name& n) { return {kIri, n, {}}; }
  static Term String(std::string_view s) { return {kString, {}, s}; }
  static Term Typed(std::string_view lexical, const Name& datatype) { return {kTyped, datatype, lexical}; }
  bool IsInteger() const { return kind == kTyped && name.Is("xsd", "integer"); }
  bool IsDouble() const { return kind == kTyped && name.Is("xsd", "double"); }
};

// Vocabulary terms used by the model (schema/relata.ttl describes the relata: ones).
namespace vocab {
inline constexpr Name kType{"rdf", kRdfNs, "type"};
inline constexpr Name kProperty{"rdf", kRdfNs, "Property"};
inline constexpr Name kStatement{"rdf", kRdfNs, "Statement"};
inline constexpr Name kSubject{"rdf", kRdfNs, "subject"};
inline constexpr Name kPredicate{"rdf", kRdfNs, "predicate"};
inline constexpr Name kObject{"rdf", kRdfNs, "object"};
inline constexpr Name kLabel{"rdfs", kRdfsNs, "label"};
inline constexpr Name kAltLabel{"skos", kSkosNs, "altLabel"};
// The node of an alias file's canonical id (Node::same_as); "owl" is declared only then.
inline constexpr Name kSameAs{"owl", kOwlNs, "sameAs"};
inline constexpr Name kDate{"dcterms", kDctermsNs, "date"};
inline constexpr Name kInteger{"xsd", kXsdNs, "integer"};
inline constexpr Name kDouble{"xsd", kXsdNs, "double"};
inline constexpr Name kBoolean{"xsd", kXsdNs, "boolean"};
inline constexpr Name kXsdDate{"xsd", kXsdNs, "date"};
inline constexpr Name kXsdDateTime{"xsd", kXsdNs, "dateTime"};
inline constexpr Name kEntity{"relata", kRelataNs, "Entity"};
inline constexpr Name kDocument{"relata", kRelataNs, "Document"};
inline constexpr Name kEvidenceClass{"relata", kRelataNs, "Evidence"};
inline constexpr Name kEntityType{"relata", kRelataNs, "entityType"};
inline constexpr Name kMentions{"relata", kRelataNs, "mentions"};
inline constexpr Name kWeight{"relata", kRelataNs, "weight"};
inline constexpr Name kConfidence{"relata", kRelataNs, "confidence"};
inline constexpr Name kFirstDate{"relata", kRelataNs, "firstDate"};
inline constexpr Name kLastDate{"relata", kRelataNs, "lastDate"};
inline constexpr Name kEvidence{"relata", kRelataNs, "evidence"};
inline constexpr Name kSource{"relata", kRelataNs, "source"};
inline constexpr Name kSentence{"relata", kRelataNs, "sentence"};
inline constexpr Name kExtractor{"relata", kRelataNs, "extractor"};
inline constexpr Name kSubjectText{"relata", kRelataNs, "subjectText"};
inline constexpr Name kRelationText{"relata", kRelataNs, "relationText"};
inline constexpr Name kObjectText{"relata", kRelataNs, "objectText"};
inline constexpr Name kSentenceIndex{"relata", kRelataNs, "sentenceIndex"};
inline constexpr Name kCharBegin{"relata", kRelataNs, "charBegin"};
inline constexpr Name kCharEnd{"relata", kRelataNs, "charEnd"};
inline constexpr Name kNegated{"relata", kRelataNs, "negated"};
inline constexpr Name kHedged{"relata", kRelataNs, "hedged"};
inline constexpr Name kAttributed{"relata", kRelataNs, "attributed"};
inline constexpr Name kSpeaker{"relata", kRelataNs, "speaker"};
inline constexpr Name kSubjectForm{"relata", kRelataNs, "subjectForm"};
inline constexpr Name kSubjectRule{"relata", kRelataNs, "subjectRule"};
inline constexpr Name kObjectForm{"relata", kRelataNs, "objectForm"};
inline constexpr Name kObjectRule{"relata", kRelataNs, "objectRule"};
}  // namespace vocab

// Receives the statements of the model, in Model::Emit's order.
class StatementWriter {
 public:
  virtual ~StatementWriter() = default;
  // A triple of the default graph.
  virtual void Triple(const Name& s, const Name& p, const Term& o) = 0;
  // A triple of the named graph `g` (only for writers with Features::named_graphs).
  virtual void Quad(const Name& s, const Name& p, const Term& o, const Name& g);
  // One annotation (RDF-star) of the triple passed to the last Triple call (only for writers
  // with Features::rdf_star; the annotations of one triple follow it, grouped by predicate).
  virtual void Annotate(const Name& p, const Term& o);
};

struct Features {
  bool named_graphs = false;    // the syntax holds quads (N-Quads, JSON-LD)
  bool rdf_star = false;        // the syntax holds RDF-star annotations (Turtle, N-Triples)
  bool quads_by_graph = false;  // emit quads grouped by graph (JSON-LD nests them)
};

// A number as an xsd lexical form, written into `buf` (at least 32 bytes); returns the view.
std::string_view FormatInteger(char* buf, uint64_t v);
// The canonical xsd:double lexical form of the shortest decimal that reads back to the same
// double: "8.5E-1", "1.0E0", "1.0E-7"; also a Turtle DOUBLE token.
std::string_view FormatDouble(char* buf, double v);
// The datatype of a relata date: xsd:date for YYYY-MM-DD, xsd:dateTime for a date-time.
const Name& DateType(std::string_view date);

class Model {
 public:
  struct Prefix {
    std::string_view name;
    std::string_view ns;
  };

  Model() = default;
  Model(const Model&) = delete;  // Names and prefixes point into the model's strings
  Model& operator=(const Model&) = delete;

  // Validates the base IRI and every IRI the graph will produce; fails with a message naming
  // the culprit (the writers then write nothing). Call once, before anything else; `g` must
  // outlive the model.
  Status Init(const Graph& g, const ExportOptions& o);

  // The provenance mode a writer with `f` actually writes (kRdfStar -> kNamedGraphs when the
  // syntax has no RDF-star).
  Provenance Effective(const Features& f) const;

  // rdf, rdfs, xsd, skos, schema, dcterms, relata, rel ({base}rel/), and owl when a node has
  // an owl:sameAs link: every prefix a Name of the model may carry. Writers declare them all,
  // in this order.
  const std::vector<Prefix>& prefixes() const { return prefixes_; }
  const std::string& base() const { return base_; }

  // Sends every statement of the model to `w`; deterministic. Order: per node its
  // description then (when facts go to the default graph) its outgoing facts, with their
  // RDF-star annotations; relations; documents; the facts as quads (named graphs);
  // statement and evidence nodes (reification).
  void Emit(const Features& f, StatementWriter& w) const;

  // Names of the model's resources.
  Name EntityName(const Node& n) const { return {"", base_, n.iri_path}; }
  Name RelationName(const Relation& r) const { return {"rel", rel_ns_, r.slug}; }
  Name DocumentName(uint32_t d) const { return {"", "", document_iris_[d]}; }

 private:
  const Graph* graph_ = nullptr;
  Provenance provenance_ = Provenance::kNamedGraphs;
  std::string base_, rel_ns_, statement_ns_, evidence_ns_;
  std::vector<std::string> document_iris_;
  std::vector<Prefix> prefixes_;
  // Edges in order of their subject node: out_edges_[out_begin_[i] .. out_begin_[i + 1]).
  std::vector<uint32_t> out_begin_, out_edges_;
};

// Turtle / N-Triples helpers shared by the line writers: appends <IRI> (no escaping needed:
// Model::Init validated every IRI) and a literal.
void AppendIriRef(std::string& out, const Name& n);
void AppendNTriplesTerm(std::string& out, const Term& t);

// N-Triples / N-Quads (and N-Triples-star annotations): one statement per line, appended to a
// reusable block that goes to the sink every few kilobytes.
class LineWriter final : public StatementWriter {
 public:
  explicit LineWriter(Sink& out) : out_(out) { block_.reserve(kBlock + 4096); }
  void Triple(const Name& s, const Name& p, const Term& o) override;
  void Quad(const Name& s, const Name& p, const Term& o, const Name& g) override;
  void Annotate(const Name& p, const Term& o) override;
  // Writes what is left to the sink.
  void Flush();

 private:
  static constexpr size_t kBlock = 1 << 15;
  void Maybe() {
    if (block_.size() >= kBlock) Flush();
  }
  Sink& out_;
  std::string block_;
  size_t last_begin_ = 0, last_end_ = 0;  // "s p o" of the last triple, inside block_
  std::string quoted_;                    // "<< s p o >> " when annotating
};

}  // namespace relata::rdf
