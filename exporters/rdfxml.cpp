// RDF/XML. One rdf:Description per subject; every predicate is written as prefix:local with
// the prefixes of the model declared on rdf:RDF (relation predicates under xmlns:rel, the
// {base}rel/ namespace: their slugs are NCNames by construction). RDF/XML holds no named
// graphs and no RDF-star: facts are written once. XML 1.0 cannot carry some control
// characters (NUL among them): XmlText drops them, so such literals differ from the other
// formats (docs/rdf.md).
#include "exporters/escape.h"
#include "exporters/formats.h"
#include "exporters/rdf_common.h"

namespace relata::exporters {
namespace {

using rdf::Name;
using rdf::Term;

class RdfXmlWriter final : public rdf::StatementWriter {
 public:
  explicit RdfXmlWriter(Sink& out) : out_(out) { b_.reserve(kBlock + 4096); }

  void Header(const rdf::Model& m) {
    b_ += "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rdf:RDF";
    for (const auto& p : m.prefixes()) {
      b_ += "\n    xmlns:";
      b_ += p.name;
      b_ += "=\"";
      escape::XmlAttr(b_, p.ns);
      b_.push_back('"');
    }
    b_ += ">\n";
  }

  void Triple(const Name& s, const Name& p, const Term& o) override {
    if (!has_subject_ || !(s == Name{"", "", subject_})) {
      if (has_subject_) b_ += "  </rdf:Description>\n";
      if (b_.size() >= kBlock) Flush();
      b_ += "  <rdf:Description rdf:about=\"";
      Attr(s);
      b_ += "\">\n";
      subject_.clear();
      s.AppendTo(subject_);
      has_subject_ = true;
    }
    // Every predicate of the model carries a prefix (Model: vocabulary and rel:).
    b_ += "    <";
    Element(p);
    switch (o.kind) {
      case Term::kIri:
        b_ += " rdf:resource=\"";
        Attr(o.name);
        b_ += "\"/>\n";
        return;
      case Term::kTyped:
        b_ += " rdf:datatype=\"";
        Attr(o.name);
        b_.push_back('"');
        [[fallthrough]];
      case Term::kString:
        b_.push_back('>');
        escape::XmlText(b_, o.text);
        b_ += "</";
        Element(p);
        b_ += ">\n";
        return;
    }
  }

  void End() {
    if (has_subject_) b_ += "  </rdf:Description>\n";
    b_ += "</rdf:RDF>\n";
    Flush();
  }

 private:
  static constexpr size_t kBlock = 1 << 15;

  void Flush() {
    out_.Write(b_);
    b_.clear();
  }
  void Attr(const Name& n) {
    escape::XmlAttr(b_, n.ns);
    escape::XmlAttr(b_, n.local);
  }
  void Element(const Name& p) {
    b_ += p.prefix;
    b_.push_back(':');
    b_ += p.local;
  }

  Sink& out_;
  std::string b_;
  std::string subject_;
  bool has_subject_ = false;
};

}  // namespace

Status WriteRdfXml(const Graph& g, const ExportOptions& o, Sink& out) {
  rdf::Model model;
  if (Status s = model.Init(g, o); !s.ok()) return s;
  RdfXmlWriter w(out);
  w.Header(model);
  model.Emit(rdf::Features{.named_graphs = false, .rdf_star = false}, w);
  w.End();
  return Status::Ok();  // the caller finishes the sink (exporter.h)
}

}  // namespace relata::exporters
