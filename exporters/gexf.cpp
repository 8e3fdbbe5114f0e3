// GEXF (https://gexf.net/): Gephi's own format. 1.3 by default; 1.2draft on request
// (ExportOptions::gexf_12draft) for readers that know no later version, such as networkx 2.x.
//
// Differences between the two that matter here: 1.3 has the edge attribute `kind` (used for
// the relation key, so Gephi keeps parallel edges of different relations apart) and a double
// edge weight; 1.2draft has neither, so the relation key travels only in the "relation"
// attribute, which both versions carry. Attribute values are flat (XmlFlat), lists joined
// with "; ". Node colour and size go in the viz module: colour by TypeColor(type), size
// 4 + 4*log2(1 + mentions) with two decimals. No date in <meta>: output depends only on the
// graph. docs/graph-formats.md describes the output for users.
#include <charconv>
#include <span>
#include <cmath>
#include <string>
#include <string_view>

#include "exporters/escape.h"
#include "exporters/formats.h"
#include "exporters/text_out.h"
#include "relata/types.h"

namespace relata::exporters {
namespace {

void OpenValue(std::string& b, std::string_view attr) {
  b += "<attvalue for=\"";
  b += attr;
  b += "\" value=\"";
}

// XmlFlat also escapes '"', so it serves for attribute values.
void Value(std::string& b, std::string_view attr, std::string_view value) {
  if (value.empty()) return;
  OpenValue(b, attr);
  escape::XmlFlat(b, value);
  b += "\"/>";
}

void DocumentList(std::string& b, const Graph& g, std::span<const uint32_t> docs) {
  if (docs.empty()) return;
  OpenValue(b, "documents");
  AppendDocumentNames(b, g, docs);
  b += "\"/>";
}

void Declare(std::string& b, const char* id, const char* type) {
  b += "      <attribute id=\"";
  b += id;
  b += "\" title=\"";
  b += id;
  b += "\" type=\"";
  b += type;
  b += "\"/>\n";
}

}  // namespace

Status WriteGexf(const Graph& g, const ExportOptions& options, Sink& out) {
  const bool v13 = !options.gexf_12draft;
  std::string b;
  b.reserve(kChunk + 4096);
  b += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  if (v13) {
    b += "<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\""
         " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
         " xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\""
         " version=\"1.3\">\n";
  } else {
    b += "<gexf xmlns=\"http://www.gexf.net/1.2draft\""
         " xmlns:viz=\"http://www.gexf.net/1.2draft/viz\""
         " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
         " xsi:schemaLocation=\"http://www.gexf.net/1.2draft"
         " http://www.gexf.net/1.2draft/gexf.xsd\""
         " version=\"1.2\">\n";
  }
  b += "  <meta>\n    <creator>relata</creator>\n  </meta>\n"
       "  <graph mode=\"static\" defaultedgetype=\"directed\">\n"
       "    <attributes class=\"node\">\n";
  Declare(b, "type", "string");
  Declare(b, "mentions", "integer");
  Declare(b, "aliases", "string");
  Declare(b, "documents", "string");
  b += "    </attributes>\n    <attributes class=\"edge\">\n";
  Declare(b, "relation", "string");
  Declare(b, "confidence", "double");
  Declare(b, "first_date", "string");
  Declare(b, "last_date", "string");
  Declare(b, "documents", "string");
  Declare(b, "sentence", "string");
  Declare(b, "hedged", "boolean");
  b += "    </attributes>\n    <nodes count=\"";
  AppendUint(b, g.nodes.size());
  b += "\">\n";

  for (const Node& n : g.nodes) {
    b += "      <node id=\"";
    escape::XmlAttr(b, n.id);
    b += "\" label=\"";
    escape::XmlFlat(b, n.label);
    b += "\"><attvalues>";
    Value(b, "type", n.type);
    OpenValue(b, "mentions");
    AppendUint(b, n.mentions);
    b += "\"/>";
    if (!n.aliases.empty()) {
      OpenValue(b, "aliases");
      for (size_t i = 0; i < n.aliases.size(); ++i) {
        if (i) b += "; ";
        escape::XmlFlat(b, n.aliases[i]);
      }
      b += "\"/>";
    }
    DocumentList(b, g, n.documents);
    b += "</attvalues><viz:color r=\"";
    const uint32_t rgb = TypeColor(n.type);
    AppendUint(b, (rgb >> 16) & 0xFF);
    b += "\" g=\"";
    AppendUint(b, (rgb >> 8) & 0xFF);
    b += "\" b=\"";
    AppendUint(b, rgb & 0xFF);
    b += "\"/><viz:size value=\"";
    AppendFixed2(b, 4.0 + 4.0 * std::log2(1.0 + static_cast<double>(n.mentions)));
    b += "\"/></node>\n";
    if (b.size() >= kChunk) {
      out.Write(b);
      b.clear();
    }
  }

  b += "    </nodes>\n    <edges count=\"";
  AppendUint(b, g.edges.size());
  b += "\">\n";
  for (const Edge& e : g.edges) {
    const Relation& rel = g.relations[e.relation];
    b += "      <edge id=\"";
    escape::XmlAttr(b, g.EdgeId(e));
    b += "\" source=\"";
    escape::XmlAttr(b, g.nodes[e.source].id);
    b += "\" target=\"";
    escape::XmlAttr(b, g.nodes[e.target].id);
    b += "\" label=\"";
    escape::XmlFlat(b, rel.label);
    if (v13) {
      b += "\" kind=\"";
      escape::XmlFlat(b, rel.key);
    }
    b += "\" weight=\"";
    AppendUint(b, e.weight);
    b += "\"><attvalues>";
    Value(b, "relation", rel.key);
    OpenValue(b, "confidence");
    AppendShortest(b, e.confidence);
    b += "\"/>";
    Value(b, "first_date", g.FirstDate(e));
    Value(b, "last_date", g.LastDate(e));
    DocumentList(b, g, g.DocumentsOf(e));
    if (std::string_view first = FirstSentence(g, e); !first.empty()) Value(b, "sentence", first);
    if (e.all_flags & TripleInput::kHedged) Value(b, "hedged", "true");  // every mention hedged
    b += "</attvalues></edge>\n";
    if (b.size() >= kChunk) {
      out.Write(b);
      b.clear();
    }
  }

  b += "    </edges>\n  </graph>\n</gexf>\n";
  out.Write(b);
  // The caller finishes the sink and reports its status.
  return Status::Ok();
}

}  // namespace relata::exporters
