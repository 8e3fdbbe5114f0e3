// Turtle (RDF 1.1), or Turtle-star with Provenance::kRdfStar. docs/rdf.md.
//
// Statements come grouped by subject (Model::Emit's order): one block per subject with ';'
// between predicates and ',' between objects of the same predicate. Vocabulary terms use the
// prefixes; entities, documents, statements and evidence are written as full <IRI>s, which
// need no PN_LOCAL escaping rules at all.
#include "exporters/escape.h"
#include "exporters/formats.h"
#include "exporters/rdf_common.h"

namespace relata::exporters {
namespace {

using rdf::Name;
using rdf::Term;

class TurtleWriter final : public rdf::StatementWriter {
 public:
  explicit TurtleWriter(Sink& out) : out_(out) { b_.reserve(kBlock + 4096); }

  void Header(const rdf::Model& m) {
    for (const auto& p : m.prefixes()) {
      b_ += "@prefix ";
      b_ += p.name;
      b_ += ": ";
      rdf::AppendIriRef(b_, Name{"", p.ns, ""});
      b_ += " .\n";
    }
  }

  void Triple(const Name& s, const Name& p, const Term& o) override {
    CloseAnnotation();
    if (has_subject_ && s == Name{"", "", subject_}) {
      if (p == Name{"", "", predicate_}) {
        b_ += ", ";
      } else {
        b_ += " ;\n    ";
        Predicate(p);
      }
    } else {
      if (has_subject_) b_ += " .\n";
      if (b_.size() >= kBlock) Flush();
      b_.push_back('\n');
      Iri(s);
      b_.push_back(' ');
      subject_.clear();
      s.AppendTo(subject_);
      has_subject_ = true;
      Predicate(p);
    }
    Object(o);
  }

  void Annotate(const Name& p, const Term& o) override {
    if (!annotating_) {
      b_ += " {| ";
      annotating_ = true;
    } else if (p == Name{"", "", annotation_predicate_}) {
      b_ += ", ";
      Object(o);
      return;
    } else {
      b_ += " ; ";
    }
    annotation_predicate_.clear();
    p.AppendTo(annotation_predicate_);
    Iri(p);
    b_.push_back(' ');
    Object(o);
  }

  void End() {
    CloseAnnotation();
    if (has_subject_) b_ += " .\n";
    Flush();
  }

 private:
  static constexpr size_t kBlock = 1 << 15;

  void Flush() {
    out_.Write(b_);
    b_.clear();
  }
  void CloseAnnotation() {
    if (annotating_) b_ += " |}";
    annotating_ = false;
  }
  void Prefixed(const Name& n) {
    b_ += n.prefix;
    b_.push_back(':');
    b_ += n.local;
  }
  void Iri(const Name& n) {
    if (n.prefix.empty()) {
      rdf::AppendIriRef(b_, n);
    } else {
      Prefixed(n);
    }
  }
  void Predicate(const Name& p) {
    predicate_.clear();
    p.AppendTo(predicate_);
    if (p.Is("rdf", "type")) {
      b_ += "a ";
    } else {
      Iri(p);
      b_.push_back(' ');
    }
  }
  void Object(const Term& o) {
    switch (o.kind) {
      case Term::kIri:
        Iri(o.name);
        return;
      case Term::kString:
        b_.push_back('"');
        escape::NTriplesString(b_, o.text);
        b_.push_back('"');
        return;
      case Term::kTyped:
        // Turtle's INTEGER and DOUBLE tokens are xsd:integer and xsd:double literals with
        // the lexical form as written (FormatDouble's form is a DOUBLE token; NaN/INF not).
        if (o.IsInteger() || (o.IsDouble() && o.text.find('E') != std::string_view::npos &&
                              o.text.find('N') == std::string_view::npos)) {
          b_ += o.text;
          return;
        }
        b_.push_back('"');
        escape::NTriplesString(b_, o.text);
        b_ += "\"^^";
        Iri(o.name);
        return;
    }
  }

  Sink& out_;
  std::string b_;
  std::string subject_, predicate_, annotation_predicate_;  // full IRIs
  bool has_subject_ = false, annotating_ = false;
};

}  // namespace

Status WriteTurtle(const Graph& g, const ExportOptions& o, Sink& out) {
  rdf::Model model;
  if (Status s = model.Init(g, o); !s.ok()) return s;
  TurtleWriter w(out);
  w.Header(model);
  model.Emit(rdf::Features{.named_graphs = false, .rdf_star = true}, w);
  w.End();
  return Status::Ok();  // the caller finishes the sink (exporter.h)
}

}  // namespace relata::exporters
