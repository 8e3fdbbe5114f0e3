// Exporters: one function per output format, found by name in a registry.
//
// An exporter writes a Graph to a Sink; the caller owns the sink and calls Finish(), which
// reports any I/O error. An exporter fails only for options it cannot honour. Output depends only on
// the Graph and the options: byte-identical for the same input, in any order. Exporters are
// stateless and may run concurrently on the same const Graph.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "relata/graph.h"
#include "relata/sink.h"
#include "relata/status.h"

namespace relata {

// How RDF formats carry where a triple came from.
enum class Provenance {
  kNamedGraphs,  // default: N-Quads, JSON-LD: each fact in the named graph of every source
                 // document that states it; triple-only formats carry the facts alone
  kReification,  // RDF 1.1 reification: an rdf:Statement per edge with weight, confidence,
                 // and one relata:Evidence per mention (source, date, sentence, confidence)
  kRdfStar,      // opt-in: Turtle-star / N-Triples-star annotations (not RDF 1.1)
};

struct ExportOptions {
  std::string base_iri = "http://example.org/relata/";  // must end in '/' or '#'
  Provenance provenance = Provenance::kNamedGraphs;
  bool gexf_12draft = false;     // GEXF 1.2draft instead of 1.3
  size_t dot_max_nodes = 2000;   // DOT guard: keep the heaviest nodes (0 = no limit)
  double dot_min_weight = 0;     // DOT guard: drop edges lighter than this
};

// relata's own vocabulary (schema/relata.ttl describes it).
inline constexpr std::string_view kRelataNs = "https://w3id.org/relata/ns#";

using ExportFn = Status (*)(const Graph&, const ExportOptions&, Sink&);

struct ExporterInfo {
  std::string_view name;       // "turtle"
  std::string_view extension;  // "ttl": the output file is graph.<extension>
  ExportFn write;
};

// All formats in a fixed order: turtle, ntriples, nquads, rdfxml, jsonld, graphml, gexf, dot, json.
const std::vector<ExporterInfo>& Exporters();
// nullptr when no format has that name (names and extensions are both accepted).
const ExporterInfo* FindExporter(std::string_view name);

// Checks a base IRI: absolute, ending in '/' or '#', no character IRIs forbid.
Status ValidateBaseIri(std::string_view iri);

}  // namespace relata
