#include "exporters/formats.h"

namespace relata {

const std::vector<ExporterInfo>& Exporters() {
  static const std::vector<ExporterInfo> kAll = {
      {"turtle", "ttl", exporters::WriteTurtle},
      {"ntriples", "nt", exporters::WriteNTriples},
      {"nquads", "nq", exporters::WriteNQuads},
      {"rdfxml", "rdf", exporters::WriteRdfXml},
      {"jsonld", "jsonld", exporters::WriteJsonLd},
      {"graphml", "graphml", exporters::WriteGraphMl},
      {"gexf", "gexf", exporters::WriteGexf},
      {"dot", "dot", exporters::WriteDot},
      {"json", "json", exporters::WriteJson},
  };
  return kAll;
}

const ExporterInfo* FindExporter(std::string_view name) {
  for (const auto& e : Exporters())
    if (e.name == name || e.extension == name) return &e;
  return nullptr;
}

}  // namespace relata
