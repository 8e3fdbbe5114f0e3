// GraphML (http://graphml.graphdrawing.org/): the graph for Gephi, yEd, networkx, igraph.
//
// Every <key> has `for` and `attr.type`, and its id equals its attr.name, so the data of a
// node reads the same by id or by name. Key ids are unique in a document (the GraphML schema
// says so and igraph relies on it), so the two edge attributes whose natural name a node
// attribute already has are named apart: the relation label is "edgelabel" (a name Gephi
// takes as the edge label) and the edge's documents are "edge_documents".
// Values are flat (XmlFlat: no list values, no control characters); lists are joined with
// "; ". Empty optional values are left out rather than written as "".
// An edge's weight is its number of distinct sources (also in "sources"); "edge_mentions" is
// its number of supporting mentions and "events" the number of its events (Graph::Events).
// docs/graph-formats.md describes the output for users.
#include <charconv>
#include <span>
#include <string>
#include <string_view>

#include "exporters/escape.h"
#include "exporters/formats.h"
#include "exporters/text_out.h"

namespace relata::exporters {
namespace {

void OpenData(std::string& b, std::string_view key) {
  b += "<data key=\"";
  b += key;
  b += "\">";
}

void Data(std::string& b, std::string_view key, std::string_view value) {
  if (value.empty()) return;
  OpenData(b, key);
  escape::XmlFlat(b, value);
  b += "</data>";
}

void DocumentList(std::string& b, const Graph& g, std::string_view key,
                  std::span<const uint32_t> docs) {
  if (docs.empty()) return;
  OpenData(b, key);
  AppendDocumentNames(b, g, docs);
  b += "</data>";
}

struct Key {
  const char* name;
  const char* domain;
  const char* type;
};

constexpr Key kKeys[] = {
    {"label", "node", "string"},          {"type", "node", "string"},
    {"mentions", "node", "int"},          {"aliases", "node", "string"},
    {"documents", "node", "string"},      {"edgelabel", "edge", "string"},
    {"relation", "edge", "string"},       {"weight", "edge", "double"},
    {"confidence", "edge", "double"},     {"first_date", "edge", "string"},
    {"last_date", "edge", "string"},      {"edge_documents", "edge", "string"},
    {"sentence", "edge", "string"},       {"hedged", "edge", "boolean"},
    {"sources", "edge", "int"},           {"edge_mentions", "edge", "int"},
    {"events", "edge", "int"},
};

}  // namespace

Status WriteGraphMl(const Graph& g, const ExportOptions& /*options*/, Sink& out) {
  std::string b;
  b.reserve(kChunk + 4096);
  b += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
       "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\""
       " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
       " xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns"
       " http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
  for (const Key& k : kKeys) {
    b += "  <key id=\"";
    b += k.name;
    b += "\" for=\"";
    b += k.domain;
    b += "\" attr.name=\"";
    b += k.name;
    b += "\" attr.type=\"";
    b += k.type;
    b += "\"/>\n";
  }
  b += "  <graph id=\"G\" edgedefault=\"directed\">\n";

  for (const Node& n : g.nodes) {
    b += "    <node id=\"";
    escape::XmlAttr(b, n.id);
    b += "\">";
    Data(b, "label", n.label);
    Data(b, "type", n.type);
    OpenData(b, "mentions");
    AppendUint(b, n.mentions);
    b += "</data>";
    if (!n.aliases.empty()) {
      OpenData(b, "aliases");
      for (size_t i = 0; i < n.aliases.size(); ++i) {
        if (i) b += "; ";
        escape::XmlFlat(b, n.aliases[i]);
      }
      b += "</data>";
    }
    DocumentList(b, g, "documents", n.documents);
    b += "</node>\n";
    if (b.size() >= kChunk) {
      out.Write(b);
      b.clear();
    }
  }

  for (const Edge& e : g.edges) {
    const Relation& rel = g.relations[e.relation];
    b += "    <edge id=\"";
    escape::XmlAttr(b, g.EdgeId(e));
    b += "\" source=\"";
    escape::XmlAttr(b, g.nodes[e.source].id);
    b += "\" target=\"";
    escape::XmlAttr(b, g.nodes[e.target].id);
    b += "\">";
    Data(b, "edgelabel", rel.label);
    Data(b, "relation", rel.key);
    OpenData(b, "weight");
    AppendUint(b, e.weight);
    b += "</data>";
    OpenData(b, "confidence");
    AppendShortest(b, e.confidence);
    b += "</data>";
    Data(b, "first_date", g.FirstDate(e));
    Data(b, "last_date", g.LastDate(e));
    DocumentList(b, g, "edge_documents", g.DocumentsOf(e));
    if (std::string_view first = FirstSentence(g, e); !first.empty()) Data(b, "sentence", first);
    if (e.all_flags & TripleInput::kHedged) Data(b, "hedged", "true");  // every mention hedged
    OpenData(b, "sources");
    AppendUint(b, e.weight);
    b += "</data>";
    OpenData(b, "edge_mentions");
    AppendUint(b, g.Mentions(e));
    b += "</data>";
    OpenData(b, "events");
    AppendUint(b, g.Events(e).size());
    b += "</data>";
    b += "</edge>\n";
    if (b.size() >= kChunk) {
      out.Write(b);
      b.clear();
    }
  }

  b += "  </graph>\n</graphml>\n";
  out.Write(b);
  // The caller finishes the sink and reports its status.
  return Status::Ok();
}

}  // namespace relata::exporters
