// N-Triples (RDF 1.1), or N-Triples-star with Provenance::kRdfStar. docs/rdf.md.
#include "exporters/formats.h"
#include "exporters/rdf_common.h"

namespace relata::exporters {

Status WriteNTriples(const Graph& g, const ExportOptions& o, Sink& out) {
  rdf::Model model;
  if (Status s = model.Init(g, o); !s.ok()) return s;
  rdf::LineWriter w(out);
  model.Emit(rdf::Features{.named_graphs = false, .rdf_star = true}, w);
  w.Flush();
  return Status::Ok();  // the caller finishes the sink (exporter.h)
}

}  // namespace relata::exporters
