// The exporter functions, one per file in exporters/. Registered in registry.cpp.
#pragma once

#include "relata/exporter.h"

namespace relata::exporters {

Status WriteTurtle(const Graph& g, const ExportOptions& o, Sink& out);    // turtle.cpp
Status WriteNTriples(const Graph& g, const ExportOptions& o, Sink& out);  // ntriples.cpp
Status WriteNQuads(const Graph& g, const ExportOptions& o, Sink& out);    // nquads.cpp
Status WriteRdfXml(const Graph& g, const ExportOptions& o, Sink& out);    // rdfxml.cpp
Status WriteJsonLd(const Graph& g, const ExportOptions& o, Sink& out);    // jsonld.cpp
Status WriteGraphMl(const Graph& g, const ExportOptions& o, Sink& out);   // graphml.cpp
Status WriteGexf(const Graph& g, const ExportOptions& o, Sink& out);      // gexf.cpp
Status WriteDot(const Graph& g, const ExportOptions& o, Sink& out);       // dot.cpp
Status WriteJson(const Graph& g, const ExportOptions& o, Sink& out);      // json.cpp

}  // namespace relata::exporters
