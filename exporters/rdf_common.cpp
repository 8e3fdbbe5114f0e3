#include "exporters/rdf_common.h"

#include <charconv>
#include <cmath>

#include <fmt/core.h>

#include "exporters/escape.h"
#include "relata/text.h"
#include "relata/types.h"

namespace relata {

// The prefixes every RDF writer declares; a base IRI whose scheme is one of them would be
// read back by JSON-LD as a compact IRI ("rel:x/..." -> {base}rel/x/...), so it is refused.
static constexpr std::string_view kPrefixNames[] = {"rdf",    "rdfs",    "xsd",    "skos",
                                                     "schema", "dcterms", "relata", "rel"};

Status ValidateBaseIri(std::string_view iri) {
  auto quoted = [&] { return fmt::format("base IRI \"{}\"", iri); };
  if (iri.empty()) return Status::Error("base IRI is empty");
  if (size_t bad = Utf8Error(iri); bad != std::string_view::npos)
    return Status::Error(fmt::format("base IRI: byte {}: invalid UTF-8", bad));
  size_t colon = iri.find(':');
  std::string_view scheme = iri.substr(0, colon);
  if (colon == std::string_view::npos || !escape::IsValidIri(iri.substr(0, colon + 1)))
    return Status::Error(quoted() + " is not absolute: it needs a scheme such as \"http:\"");
  if (!escape::IsValidIri(iri)) {
    std::string encoded;
    escape::IriRef(encoded, iri);
    return Status::Error(quoted() +
                         " holds a character IRIs forbid (space, control, <>\"{}|^`\\); "
                         "percent-encoded it would read \"" + encoded + "\"");
  }
  if (iri.back() != '/' && iri.back() != '#')
    return Status::Error(quoted() + " must end in '/' or '#'");
  if (iri.find('#') != iri.rfind('#'))
    return Status::Error(quoted() + " has two '#': minted IRIs would have two fragments");
  for (std::string_view p : kPrefixNames) {
    bool same = p.size() == scheme.size();
    for (size_t i = 0; same && i < p.size(); ++i)
      same = p[i] == (scheme[i] >= 'A' && scheme[i] <= 'Z' ? scheme[i] - 'A' + 'a' : scheme[i]);
    if (same)
      return Status::Error(quoted() + ": scheme \"" + std::string(scheme) +
                           "\" is also an RDF prefix relata declares; JSON-LD would misread it");
  }
  return Status::Ok();
}

namespace rdf {
namespace {

// An XML NCName that is also a Turtle PN_LOCAL, ASCII only: [A-Za-z_][A-Za-z0-9_-]*.
bool SafeLocalName(std::string_view s) {
  if (s.empty()) return false;
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!letter(s[0])) return false;
  for (char c : s)
    if (!letter(c) && !(c >= '0' && c <= '9') && c != '-') return false;
  return true;
}

// True when `tail` appended to a valid base IRI keeps it valid. `scratch` avoids allocations.
bool SafeTail(std::string& scratch, std::string_view tail) {
  scratch.assign("x:");
  scratch.append(tail);
  return escape::IsValidIri(scratch);
}

Name SchemaName(std::string_view type) {
  std::string_view iri = SchemaOrgClass(type);
  if (iri.starts_with(kSchemaNs)) {
    std::string_view local = iri.substr(kSchemaNs.size());
    if (SafeLocalName(local)) return {"schema", kSchemaNs, local};
  }
  return {"", "", iri};
}

}  // namespace

void StatementWriter::Quad(const Name& s, const Name& p, const Term& o, const Name&) { Triple(s, p, o); }
void StatementWriter::Annotate(const Name&, const Term&) {}

std::string_view FormatInteger(char* buf, uint64_t v) {
  auto r = std::to_chars(buf, buf + 32, v);
  return {buf, static_cast<size_t>(r.ptr - buf)};
}

std::string_view FormatDouble(char* buf, double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "INF" : "-INF";
  // The canonical xsd:double form ("7.5E-1", "1.0E0"), built from the shortest round-trip
  // scientific form ("7.5e-01"): JSON-LD processors that canonicalise doubles then agree
  // with the line formats term for term.
  char sci[32];
  auto r = std::to_chars(sci, sci + sizeof sci, v, std::chars_format::scientific);
  std::string_view s(sci, static_cast<size_t>(r.ptr - sci));
  size_t e = s.find('e');
  std::string_view mantissa = s.substr(0, e), exponent = s.substr(e + 1);
  char* p = buf;
  for (char c : mantissa) *p++ = c;
  if (mantissa.find('.') == std::string_view::npos) {
    *p++ = '.';
    *p++ = '0';
  }
  *p++ = 'E';
  if (exponent[0] == '-') *p++ = '-';
  exponent.remove_prefix(exponent[0] == '-' || exponent[0] == '+' ? 1 : 0);
  while (exponent.size() > 1 && exponent[0] == '0') exponent.remove_prefix(1);
  for (char c : exponent) *p++ = c;
  return {buf, static_cast<size_t>(p - buf)};
}

const Name& DateType(std::string_view date) {
  return date.size() == 10 ? vocab::kXsdDate : vocab::kXsdDateTime;
}

Status Model::Init(const Graph& g, const ExportOptions& o) {
  if (Status s = ValidateBaseIri(o.base_iri); !s.ok()) return s;
  graph_ = &g;
  provenance_ = o.provenance;
  base_ = o.base_iri;
  rel_ns_ = base_ + "rel/";
  statement_ns_ = base_ + "statement/";
  evidence_ns_ = base_ + "evidence/";
  prefixes_ = {{"rdf", kRdfNs},       {"rdfs", kRdfsNs},         {"xsd", kXsdNs},
               {"skos", kSkosNs},     {"schema", kSchemaNs},     {"dcterms", kDctermsNs},
               {"relata", kRelataNs}, {"rel", rel_ns_}};
  // owl:sameAs links (alias file ids): checked like minted IRIs; the prefix only when used,
  // so graphs without them are written as before.
  bool same_as = false;
  for (const Node& n : g.nodes) {
    if (n.same_as.empty()) continue;
    same_as = true;
    if (!escape::IsValidIri(n.same_as))
      return Status::Error(fmt::format("node {}: owl:sameAs IRI \"{}\" is not a valid IRI", n.id, n.same_as));
  }
  if (same_as) prefixes_.push_back({"owl", kOwlNs});

  // The graph mints ASCII slugs; checking them here lets every writer append IRIs verbatim.
  std::string scratch;
  for (const Node& n : g.nodes)
    if (n.iri_path.empty() || !SafeTail(scratch, n.iri_path))
      return Status::Error(fmt::format("node {}: IRI path \"{}\" is not IRI-safe", n.id, n.iri_path));
  for (const Relation& r : g.relations)
    if (!SafeLocalName(r.slug))
      return Status::Error(fmt::format("relation \"{}\": slug \"{}\" is not an NCName", r.key, r.slug));
  // Edge ids are "e" + hex digits by construction (Graph::EdgeId).

  // Document IRIs: the source URL itself when it is one. A URL that IRIs cannot hold as
  // written (a space, say) is percent-encoded rather than replaced, so the graph name still
  // leads to the article; only when even that fails does the minted IRI stand in.
  document_iris_.clear();
  document_iris_.reserve(g.documents.size());
  for (const SourceDocument& d : g.documents) {
    std::string iri;
    if (!d.iri.empty()) {
      escape::IriRef(iri, d.iri);
      if (!escape::IsValidIri(iri)) iri.clear();
    }
    if (iri.empty()) {
      if (d.slug.empty() || !SafeTail(scratch, d.slug))
        return Status::Error(fmt::format("document \"{}\": slug \"{}\" is not IRI-safe", d.name, d.slug));
      iri = base_ + "source/" + d.slug;
    }
    document_iris_.push_back(std::move(iri));
  }

  // Outgoing edges per node (stable: edge order within a node is kept).
  out_begin_.assign(g.nodes.size() + 1, 0);
  for (const Edge& e : g.edges) ++out_begin_[e.source + 1];
  for (size_t i = 0; i < g.nodes.size(); ++i) out_begin_[i + 1] += out_begin_[i];
  out_edges_.resize(g.edges.size());
  std::vector<uint32_t> next(out_begin_.begin(), out_begin_.end() - 1);
  for (uint32_t i = 0; i < g.edges.size(); ++i) out_edges_[next[g.edges[i].source]++] = i;
  return Status::Ok();
}

Provenance Model::Effective(const Features& f) const {
  if (provenance_ == Provenance::kRdfStar && !f.rdf_star) return Provenance::kNamedGraphs;
  return provenance_;
}

void Model::Emit(const Features& f, StatementWriter& w) const {
  using namespace vocab;
  const Graph& g = *graph_;
  const Provenance mode = Effective(f);
  const bool quads = mode == Provenance::kNamedGraphs && f.named_graphs;
  char num[32];

  auto fact = [&](const Edge& e, auto&& write) {
    write(EntityName(g.nodes[e.source]), RelationName(g.relations[e.relation]),
          Term::Iri(EntityName(g.nodes[e.target])));
  };
  auto triple = [&](const Name& s, const Name& p, const Term& o) { w.Triple(s, p, o); };
  auto date = [&](const Name& s, const Name& p, std::string_view d, auto&& write) {
    if (!d.empty()) write(s, p, Term::Typed(d, DateType(d)));
  };

  for (uint32_t i = 0; i < g.nodes.size(); ++i) {
    const Node& n = g.nodes[i];
    const Name s = EntityName(n);
    w.Triple(s, kType, Term::Iri(SchemaName(n.type)));
    w.Triple(s, kType, Term::Iri(kEntity));
    w.Triple(s, kLabel, Term::String(n.label));
    for (const std::string& a : n.aliases) w.Triple(s, kAltLabel, Term::String(a));
    if (!n.same_as.empty()) w.Triple(s, kSameAs, Term::Iri(Name{"", "", n.same_as}));
    if (!n.type.empty()) w.Triple(s, kEntityType, Term::String(n.type));
    w.Triple(s, kMentions, Term::Typed(FormatInteger(num, n.mentions), kInteger));

    for (uint32_t k = out_begin_[i]; k < out_begin_[i + 1]; ++k) {
      const Edge& e = g.edges[out_edges_[k]];
      if (quads && e.weight != 0) continue;  // every mention has a source: in its named graphs  // written below, in its named graphs
      fact(e, triple);
      if (mode != Provenance::kRdfStar) continue;
      auto note = [&](const Name&, const Name& p, const Term& o) { w.Annotate(p, o); };
      w.Annotate(kWeight, Term::Typed(FormatInteger(num, e.weight), kInteger));
      w.Annotate(kConfidence, Term::Typed(FormatDouble(num, e.confidence), kDouble));
      date(s, kFirstDate, g.FirstDate(e), note);
      date(s, kLastDate, g.LastDate(e), note);
      for (uint32_t d : g.DocumentsOf(e)) w.Annotate(kSource, Term::Iri(DocumentName(d)));
    }
  }

  for (const Relation& r : g.relations) {
    const Name s = RelationName(r);
    w.Triple(s, kType, Term::Iri(kProperty));
    w.Triple(s, kLabel, Term::String(r.label));
  }

  for (uint32_t d = 0; d < g.documents.size(); ++d) {
    const SourceDocument& doc = g.documents[d];
    const Name s = DocumentName(d);
    w.Triple(s, kType, Term::Iri(kDocument));
    w.Triple(s, kLabel, Term::String(doc.name));
    date(s, kDate, doc.first_date, triple);
    w.Triple(s, kMentions, Term::Typed(FormatInteger(num, doc.mentions), kInteger));
  }

  if (quads) {
    if (f.quads_by_graph) {
      // Edges per document, in edge order.
      std::vector<uint32_t> begin(g.documents.size() + 1, 0), edges;
      for (const Edge& e : g.edges)
        for (uint32_t d : g.DocumentsOf(e)) ++begin[d + 1];
      for (size_t d = 0; d < g.documents.size(); ++d) begin[d + 1] += begin[d];
      edges.resize(begin.back());
      std::vector<uint32_t> next(begin.begin(), begin.end() - 1);
      for (uint32_t i = 0; i < g.edges.size(); ++i)
        for (uint32_t d : g.DocumentsOf(g.edges[i])) edges[next[d]++] = i;
      for (uint32_t d = 0; d < g.documents.size(); ++d) {
        const Name gn = DocumentName(d);
        for (uint32_t k = begin[d]; k < begin[d + 1]; ++k)
          fact(g.edges[edges[k]], [&](const Name& s, const Name& p, const Term& o) { w.Quad(s, p, o, gn); });
      }
    } else {
      for (const Edge& e : g.edges)
        for (uint32_t d : g.DocumentsOf(e)) {
          const Name gn = DocumentName(d);
          fact(e, [&](const Name& s, const Name& p, const Term& o) { w.Quad(s, p, o, gn); });
        }
    }
  }

  if (mode == Provenance::kReification) {
    std::string local;  // the evidence node's local name: the mention's stable id
    for (const Edge& e : g.edges) {
      const std::string edge_id = g.EdgeId(e);
      const Name s{"", statement_ns_, edge_id};
      w.Triple(s, kType, Term::Iri(kStatement));
      w.Triple(s, kSubject, Term::Iri(EntityName(g.nodes[e.source])));
      w.Triple(s, kPredicate, Term::Iri(RelationName(g.relations[e.relation])));
      w.Triple(s, kObject, Term::Iri(EntityName(g.nodes[e.target])));
      w.Triple(s, kWeight, Term::Typed(FormatInteger(num, e.weight), kInteger));
      w.Triple(s, kConfidence, Term::Typed(FormatDouble(num, e.confidence), kDouble));
      date(s, kFirstDate, g.FirstDate(e), triple);
      date(s, kLastDate, g.LastDate(e), triple);
      const auto evidence = g.EvidenceOf(e);
      auto evidence_name = [&](size_t k) {
        local = g.MentionId(evidence[k]);
        return Name{"", evidence_ns_, local};
      };
      for (size_t k = 0; k < evidence.size(); ++k) w.Triple(s, kEvidence, Term::Iri(evidence_name(k)));
      for (size_t k = 0; k < evidence.size(); ++k) {
        const EvidenceView v = g.Evidence(evidence[k]);
        const Name ev = evidence_name(k);
        w.Triple(ev, kType, Term::Iri(kEvidenceClass));
        w.Triple(ev, kSource, Term::Iri(DocumentName(v.document)));
        date(ev, kDate, v.date, triple);
        if (!v.sentence.empty()) w.Triple(ev, kSentence, Term::String(v.sentence));
        w.Triple(ev, kConfidence, Term::Typed(FormatDouble(num, v.confidence), kDouble));
        if (!v.extractor.empty()) w.Triple(ev, kExtractor, Term::String(v.extractor));
        w.Triple(ev, kSubjectText, Term::String(v.subject_text));
        w.Triple(ev, kRelationText, Term::String(v.relation_text));
        w.Triple(ev, kObjectText, Term::String(v.object_text));
        // Store format 2: where the evidence is and how it was stated, when known.
        if (v.sentence_index != Store::Mention::kNone)
          w.Triple(ev, kSentenceIndex, Term::Typed(FormatInteger(num, v.sentence_index), kInteger));
        if (v.char_begin != Store::Mention::kNone) {
          w.Triple(ev, kCharBegin, Term::Typed(FormatInteger(num, v.char_begin), kInteger));
          w.Triple(ev, kCharEnd, Term::Typed(FormatInteger(num, v.char_end), kInteger));
        }
        if (v.negated()) w.Triple(ev, kNegated, Term::Typed("true", kBoolean));
        if (v.hedged()) w.Triple(ev, kHedged, Term::Typed("true", kBoolean));
        if (v.attributed()) w.Triple(ev, kAttributed, Term::Typed("true", kBoolean));
        if (!v.speaker.empty()) w.Triple(ev, kSpeaker, Term::String(v.speaker));
        // Store format 3: the words the text used for a side entity resolution renamed.
        if (!v.subject_form.empty()) {
          w.Triple(ev, kSubjectForm, Term::String(v.subject_form));
          w.Triple(ev, kSubjectRule, Term::String(v.subject_rule));
        }
        if (!v.object_form.empty()) {
          w.Triple(ev, kObjectForm, Term::String(v.object_form));
          w.Triple(ev, kObjectRule, Term::String(v.object_rule));
        }
      }
    }
  }
}

void AppendIriRef(std::string& out, const Name& n) {
  out.push_back('<');
  out.append(n.ns);
  out.append(n.local);
  out.push_back('>');
}

void AppendNTriplesTerm(std::string& out, const Term& t) {
  switch (t.kind) {
    case Term::kIri:
      AppendIriRef(out, t.name);
      return;
    case Term::kString:
      out.push_back('"');
      escape::NTriplesString(out, t.text);
      out.push_back('"');
      return;
    case Term::kTyped:
      out.push_back('"');
      escape::NTriplesString(out, t.text);
      out += "\"^^";
      AppendIriRef(out, t.name);
      return;
  }
}

void LineWriter::Triple(const Name& s, const Name& p, const Term& o) {
  Maybe();
  last_begin_ = block_.size();
  AppendIriRef(block_, s);
  block_.push_back(' ');
  AppendIriRef(block_, p);
  block_.push_back(' ');
  AppendNTriplesTerm(block_, o);
  last_end_ = block_.size();
  block_ += " .\n";
  quoted_.clear();
}

void LineWriter::Quad(const Name& s, const Name& p, const Term& o, const Name& g) {
  Maybe();
  AppendIriRef(block_, s);
  block_.push_back(' ');
  AppendIriRef(block_, p);
  block_.push_back(' ');
  AppendNTriplesTerm(block_, o);
  block_.push_back(' ');
  AppendIriRef(block_, g);
  block_ += " .\n";
}

void LineWriter::Annotate(const Name& p, const Term& o) {
  if (quoted_.empty()) {  // the annotated triple is still in block_ (Maybe() runs first)
    quoted_ = "<< ";
    quoted_.append(block_, last_begin_, last_end_ - last_begin_);
    quoted_ += " >> ";
  }
  Maybe();
  block_ += quoted_;
  AppendIriRef(block_, p);
  block_.push_back(' ');
  AppendNTriplesTerm(block_, o);
  block_ += " .\n";
}

void LineWriter::Flush() {
  out_.Write(block_);
  block_.clear();
}

}  // namespace rdf
}  // namespace relata
