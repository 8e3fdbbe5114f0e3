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
//
// Time: when some edge has a dated report, the graph is dynamic (mode="dynamic",
// timeformat="date", both versions): each edge has one spell per dated event
// (Graph::Events: first to last day of the event, as xs:date), and a node whose edges all have
// spells has the union of their spells (overlapping or touching ones joined), so a node is
// present whenever one of its edges is. An edge without a dated report, and its two nodes,
// have no spells: Gephi shows them at every time. Edge weight = distinct sources.
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <vector>
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

// Days since 1970-01-01 as YYYY-MM-DD (the inverse of Graph::DayNumber).
void AppendDay(std::string& b, int32_t z) {
  z += 719468;
  const int32_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int32_t doe = z - era * 146097;
  const int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int32_t y = yoe + era * 400;
  const int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int32_t mp = (5 * doy + 2) / 153;
  const int32_t d = doy - (153 * mp + 2) / 5 + 1;
  const int32_t m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char buf[16];
  int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(y), static_cast<int>(m), static_cast<int>(d));
  b.append(buf, static_cast<size_t>(n));
}

using Spell = std::pair<int32_t, int32_t>;

void Spells(std::string& b, std::span<const Spell> spells) {
  if (spells.empty()) return;
  b += "<spells>";
  for (const Spell& s : spells) {
    b += "<spell start=\"";
    AppendDay(b, s.first);
    b += "\" end=\"";
    AppendDay(b, s.second);
    b += "\"/>";
  }
  b += "</spells>";
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
  // Spells: per edge from its dated events; per node the union of its edges' spells when
  // every edge of the node has some.
  std::vector<uint32_t> edge_spell_begin(g.edges.size() + 1, 0);
  std::vector<Spell> edge_spells;
  std::vector<uint32_t> node_spell_begin(g.nodes.size() + 1, 0);
  std::vector<Spell> node_spells;
  std::vector<uint32_t> edge_events(g.edges.size(), 0);
  {
    std::vector<uint8_t> node_undated(g.nodes.size(), 0);
    std::vector<std::pair<uint32_t, Spell>> node_uses;
    for (size_t i = 0; i < g.edges.size(); ++i) {
      const Edge& e = g.edges[i];
      edge_spell_begin[i] = static_cast<uint32_t>(edge_spells.size());
      const std::vector<EdgeEvent> events = g.Events(e);
      edge_events[i] = static_cast<uint32_t>(events.size());
      for (const EdgeEvent& ev : events)
        if (ev.dated) edge_spells.emplace_back(ev.first_day, ev.last_day);
      const size_t from = edge_spell_begin[i];
      if (from == edge_spells.size()) {
        node_undated[e.source] = node_undated[e.target] = 1;
        continue;
      }
      for (size_t k = from; k < edge_spells.size(); ++k) {
        node_uses.emplace_back(e.source, edge_spells[k]);
        if (e.target != e.source) node_uses.emplace_back(e.target, edge_spells[k]);
      }
    }
    edge_spell_begin[g.edges.size()] = static_cast<uint32_t>(edge_spells.size());
    std::sort(node_uses.begin(), node_uses.end());
    size_t u = 0;
    for (uint32_t n = 0; n < g.nodes.size(); ++n) {
      node_spell_begin[n] = static_cast<uint32_t>(node_spells.size());
      const size_t first = node_spells.size();
      for (; u < node_uses.size() && node_uses[u].first == n; ++u) {
        if (node_undated[n]) continue;
        const Spell& s = node_uses[u].second;
        if (node_spells.size() > first && s.first <= node_spells.back().second + 1)
          node_spells.back().second = std::max(node_spells.back().second, s.second);
        else
          node_spells.push_back(s);
      }
    }
    node_spell_begin[g.nodes.size()] = static_cast<uint32_t>(node_spells.size());
  }
  const bool dynamic = !edge_spells.empty();
  b += "  <meta>\n    <creator>relata</creator>\n  </meta>\n";
  b += dynamic ? "  <graph mode=\"dynamic\" timeformat=\"date\" defaultedgetype=\"directed\">\n"
               : "  <graph mode=\"static\" defaultedgetype=\"directed\">\n";
  b += "    <attributes class=\"node\">\n";
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
  Declare(b, "sources", "integer");
  Declare(b, "mentions", "integer");
  Declare(b, "events", "integer");
  b += "    </attributes>\n    <nodes count=\"";
  AppendUint(b, g.nodes.size());
  b += "\">\n";

  for (uint32_t ni = 0; ni < g.nodes.size(); ++ni) {
    const Node& n = g.nodes[ni];
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
    b += "</attvalues>";
    Spells(b, std::span<const Spell>(node_spells.data() + node_spell_begin[ni],
                                     node_spell_begin[ni + 1] - node_spell_begin[ni]));
    b += "<viz:color r=\"";
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
  for (size_t ei = 0; ei < g.edges.size(); ++ei) {
    const Edge& e = g.edges[ei];
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
    OpenValue(b, "sources");
    AppendUint(b, e.weight);
    b += "\"/>";
    OpenValue(b, "mentions");
    AppendUint(b, g.Mentions(e));
    b += "\"/>";
    OpenValue(b, "events");
    AppendUint(b, edge_events[ei]);
    b += "\"/></attvalues>";
    Spells(b, std::span<const Spell>(edge_spells.data() + edge_spell_begin[ei],
                                     edge_spell_begin[ei + 1] - edge_spell_begin[ei]));
    b += "</edge>\n";
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
