// N-Quads (RDF 1.1): with Provenance::kNamedGraphs (and kRdfStar, which N-Quads cannot hold)
// each fact sits in the named graph of every document that states it. docs/rdf.md.
#include "exporters/formats.h"
#include "exporters/rdf_common.h"

namespace relata::exporters {

Status WriteNQuads(const Graph& g, const ExportOptions& o, Sink& out) {
  rdf::Model model;
  if (Status s = model.Init(g, o); !s.ok()) return s;
  rdf::LineWriter w(out);
  model.Emit(rdf::Features{.named_graphs = true, .rdf_star = false}, w);
  w.Flush();
  return Status::Ok();  // the caller finishes the sink (exporter.h)
}

}  // namespace relata::exporters
