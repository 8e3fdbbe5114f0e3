// JSON-LD 1.1 with an inline @context (no remote context: relata runs offline).
//
// Shape: {"@context": {prefixes}, "@graph": [node objects of the default graph ...,
// {"@id": <document>, "@graph": [node objects of that document's named graph]} ...]}.
// Node objects are flat (one per subject run, values always in arrays); rdf:type becomes
// "@type"; literals other than plain strings are {"@value", "@type"} with the same lexical
// form as N-Quads, so both give the same quads. With Provenance::kRdfStar (which JSON-LD
// cannot hold) the facts go into named graphs, as with kNamedGraphs. docs/rdf.md.
#include <set>

#include "exporters/escape.h"
#include "exporters/formats.h"
#include "exporters/rdf_common.h"

namespace relata::exporters {
namespace {

using rdf::Name;
using rdf::Term;

class JsonLdWriter final : public rdf::StatementWriter {
 public:
  explicit JsonLdWriter(Sink& out) : out_(out) { b_.reserve(kBlock + 4096); }

  void Header(const rdf::Model& m) {
    b_ += "{\n  \"@context\": {\n    \"@version\": 1.1";
    for (const auto& p : m.prefixes()) {
      b_ += ",\n    \"";
      b_ += p.name;
      b_ += "\": \"";
      escape::JsonString(b_, p.ns);
      b_.push_back('"');
    }
    b_ += "\n  },\n  \"@graph\": [";
  }

  void Triple(const Name& s, const Name& p, const Term& o) override {
    if (in_graph_) {
      CloseObject();
      b_ += "\n    ]}";
      in_graph_ = false;
    }
    Statement(s, p, o, "\n    ");
  }

  void Quad(const Name& s, const Name& p, const Term& o, const Name& g) override {
    if (!in_graph_ || !(g == Name{"", "", graph_})) {
      CloseObject();
      if (in_graph_) b_ += "\n    ]}";
      b_ += top_count_++ ? ",\n    {\"@id\": \"" : "\n    {\"@id\": \"";
      JsonIri(g);
      b_ += "\", \"@graph\": [";
      graph_.clear();
      g.AppendTo(graph_);
      in_graph_ = true;
      graph_count_ = 0;
    }
    Statement(s, p, o, "\n      ");
  }

  void End() {
    CloseObject();
    if (in_graph_) b_ += "\n    ]}";
    b_ += "\n  ]\n}\n";
    Flush();
  }

 private:
  static constexpr size_t kBlock = 1 << 15;

  void Flush() {
    out_.Write(b_);
    b_.clear();
  }

  void Statement(const Name& s, const Name& p, const Term& o, std::string_view indent) {
    const bool is_type = p.Is("rdf", "type") && o.kind == Term::kIri;
    key_.clear();
    if (is_type) {
      key_ = "@type";
    } else {
      Compact(key_, p);
    }
    const bool same_subject = has_object_ && s == Name{"", "", subject_};
    if (same_subject && key_ == current_key_) {
      b_ += ", ";
    } else {
      // A key may appear once per JSON object: a key seen before in this object (it cannot
      // happen with Model::Emit's order, but costs nothing to guard) starts a new node object
      // for the same subject, which JSON-LD merges.
      if (same_subject && keys_.find(key_) == keys_.end()) {
        b_ += "], \"";
      } else {
        CloseObject();
        if (b_.size() >= kBlock) Flush();
        size_t& count = in_graph_ ? graph_count_ : top_count_;
        b_ += count++ ? "," : "";
        b_ += indent;
        b_ += "{\"@id\": \"";
        JsonIri(s);
        b_ += "\", \"";
        subject_.clear();
        s.AppendTo(subject_);
        has_object_ = true;
      }
      escape::JsonString(b_, key_);
      b_ += "\": [";
      keys_.insert(key_);
      current_key_ = key_;
    }
    Value(o, is_type);
  }

  void CloseObject() {
    if (!has_object_) return;
    b_ += "]}";
    has_object_ = false;
    keys_.clear();
    current_key_.clear();
  }

  // "prefix:local" when the name has a prefix (declared in @context), else the full IRI.
  static void Compact(std::string& out, const Name& n) {
    if (n.prefix.empty()) {
      n.AppendTo(out);
    } else {
      out += n.prefix;
      out.push_back(':');
      out += n.local;
    }
  }
  void JsonIri(const Name& n) {
    escape::JsonString(b_, n.ns);
    escape::JsonString(b_, n.local);
  }

  void Value(const Term& o, bool is_type) {
    switch (o.kind) {
      case Term::kIri:
        if (is_type) {
          scratch_.clear();
          Compact(scratch_, o.name);
          b_.push_back('"');
          escape::JsonString(b_, scratch_);
          b_.push_back('"');
        } else {
          b_ += "{\"@id\": \"";
          JsonIri(o.name);
          b_ += "\"}";
        }
        return;
      case Term::kString:
        b_.push_back('"');
        escape::JsonString(b_, o.text);
        b_.push_back('"');
        return;
      case Term::kTyped:
        b_ += "{\"@value\": \"";
        escape::JsonString(b_, o.text);
        b_ += "\", \"@type\": \"";
        scratch_.clear();
        Compact(scratch_, o.name);
        escape::JsonString(b_, scratch_);
        b_ += "\"}";
        return;
    }
  }

  Sink& out_;
  std::string b_, key_, current_key_, subject_, graph_, scratch_;
  std::set<std::string, std::less<>> keys_;  // keys of the open node object
  bool has_object_ = false, in_graph_ = false;
  size_t top_count_ = 0, graph_count_ = 0;  // objects written in the open array
};

}  // namespace

Status WriteJsonLd(const Graph& g, const ExportOptions& o, Sink& out) {
  rdf::Model model;
  if (Status s = model.Init(g, o); !s.ok()) return s;
  JsonLdWriter w(out);
  w.Header(model);
  model.Emit(rdf::Features{.named_graphs = true, .rdf_star = false, .quads_by_graph = true}, w);
  w.End();
  return Status::Ok();  // the caller finishes the sink (exporter.h)
}

}  // namespace relata::exporters
