// Graphviz DOT: a picture of the graph, so a guard keeps it drawable. ExportOptions::
// dot_max_nodes keeps the heaviest nodes (most mentions, ties by id) and drops edges that
// touch any other node; dot_min_weight drops edges lighter than it. When the guard cut
// anything, the first line is a comment that says how much.
//
// Every id and label is a double-quoted, escaped string (DotString), so no keyword or odd
// character can change the syntax. Nodes are filled with the colour of their type (white
// text on dark colours); an edge's width is 1 + log2(weight), with two decimals.
// docs/graph-formats.md describes the output for users.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

#include "exporters/escape.h"
#include "exporters/formats.h"
#include "exporters/text_out.h"
#include "relata/types.h"

namespace relata::exporters {
namespace {

void AppendColor(std::string& b, uint32_t rgb) {
  static constexpr char kHex[] = "0123456789abcdef";
  b += '#';
  for (int shift = 20; shift >= 0; shift -= 4) b += kHex[(rgb >> shift) & 0xF];
}

bool IsDark(uint32_t rgb) {
  const uint32_t r = (rgb >> 16) & 0xFF, g = (rgb >> 8) & 0xFF, bl = rgb & 0xFF;
  return 299 * r + 587 * g + 114 * bl < 128 * 1000;  // ITU-R 601 luma below half
}

void Quoted(std::string& b, std::string_view s) {
  b += '"';
  escape::DotString(b, s);
  b += '"';
}

}  // namespace

Status WriteDot(const Graph& g, const ExportOptions& options, Sink& out) {
  const size_t n_nodes = g.nodes.size();

  // The guard. Nodes are sorted by id, so "ties by id" is "ties by index".
  std::vector<char> keep(n_nodes, 1);
  size_t kept_nodes = n_nodes;
  if (options.dot_max_nodes != 0 && n_nodes > options.dot_max_nodes) {
    std::vector<uint32_t> order(n_nodes);
    std::iota(order.begin(), order.end(), 0u);
    auto heavier = [&](uint32_t a, uint32_t b) {
      if (g.nodes[a].mentions != g.nodes[b].mentions)
        return g.nodes[a].mentions > g.nodes[b].mentions;
      return a < b;
    };
    auto cut = order.begin() + static_cast<std::ptrdiff_t>(options.dot_max_nodes);
    std::nth_element(order.begin(), cut, order.end(), heavier);
    for (auto it = cut; it != order.end(); ++it) keep[*it] = 0;
    kept_nodes = options.dot_max_nodes;
  }
  auto keep_edge = [&](const Edge& e) {
    return keep[e.source] && keep[e.target] &&
           !(static_cast<double>(e.weight) < options.dot_min_weight);
  };
  size_t kept_edges = 0, light_edges = 0;
  for (const Edge& e : g.edges) {
    if (keep_edge(e)) ++kept_edges;
    else if (keep[e.source] && keep[e.target]) ++light_edges;
  }

  std::string b;
  b.reserve(kChunk + 4096);
  if (kept_nodes != n_nodes || kept_edges != g.edges.size()) {
    b += "// relata guard: kept ";
    AppendUint(b, kept_nodes);
    b += " of ";
    AppendUint(b, n_nodes);
    b += " nodes (max nodes ";
    AppendUint(b, options.dot_max_nodes);
    b += ", most mentions first) and ";
    AppendUint(b, kept_edges);
    b += " of ";
    AppendUint(b, g.edges.size());
    b += " edges (";
    AppendUint(b, g.edges.size() - kept_edges - light_edges);
    b += " touched a dropped node, ";
    AppendUint(b, light_edges);
    b += " had weight below ";
    AppendShortest(b, options.dot_min_weight);
    b += ")\n";
  }
  b += "digraph \"relata\" {\n  node [style=filled];\n";

  for (size_t i = 0; i < n_nodes; ++i) {
    if (!keep[i]) continue;
    const Node& n = g.nodes[i];
    const uint32_t rgb = TypeColor(n.type);
    b += "  ";
    Quoted(b, n.id);
    b += " [label=";
    Quoted(b, n.label);
    b += ", fillcolor=\"";
    AppendColor(b, rgb);
    b += '"';
    if (IsDark(rgb)) b += ", fontcolor=\"#ffffff\"";
    b += "];\n";
    if (b.size() >= kChunk) {
      out.Write(b);
      b.clear();
    }
  }

  for (const Edge& e : g.edges) {
    if (!keep_edge(e)) continue;
    b += "  ";
    Quoted(b, g.nodes[e.source].id);
    b += " -> ";
    Quoted(b, g.nodes[e.target].id);
    b += " [label=";
    Quoted(b, g.relations[e.relation].label);
    b += ", penwidth=";
    AppendFixed2(b, 1.0 + std::log2(static_cast<double>(std::max<uint32_t>(e.weight, 1))));
    b += ", weight=";
    AppendUint(b, e.weight);
    b += "];\n";
    if (b.size() >= kChunk) {
      out.Write(b);
      b.clear();
    }
  }

  b += "}\n";
  out.Write(b);
  // The caller finishes the sink and reports its status.
  return Status::Ok();
}

}  // namespace relata::exporters
