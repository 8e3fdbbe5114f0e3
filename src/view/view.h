// relata view: the graph as one self-contained HTML page (docs/viewer.md).
//
// The page is a template (viewer/page.html, relata's own HTML, CSS and JavaScript) with four
// markers that ViewPage fills: the title, the name of the graph library, the library itself
// (a JavaScript file, inlined in a <script> element) and the graph as JSON (inlined in a
// <script type="application/json"> element). The template and the library are embedded into
// the relata binary at build time (viewer/embed.cmake); this code takes them as arguments so
// that it can be tested with any.
//
// Large graphs are cut to the ViewOptions::max_nodes most mentioned entities (ties: id order,
// as the DOT guard) and the edges among them; the JSON says how many nodes and edges the
// whole graph has, and the page says how many were left out. Each edge carries at most
// max_evidence pieces of evidence (in the graph's evidence order) and the count of the rest.
// The output depends only on the graph, the options and the two texts: same input, same bytes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "relata/graph.h"
#include "relata/status.h"

namespace relata::view {

struct ViewOptions {
  size_t max_nodes = 500;    // 0: all
  size_t max_evidence = 20;  // per edge; 0: all
  std::string title = "relata";
};

// Which nodes a picture of at most `max_nodes` nodes keeps (0: all): the most mentioned,
// ties by index (nodes are sorted by id). keep[i] != 0 for a kept node.
std::vector<char> KeepHeaviest(const Graph& g, size_t max_nodes);

// The graph's data as the page reads it (a JSON object; the format is described in
// docs/viewer.md). Every '<', '>' and '&' is written as a \u escape, and U+2028 / U+2029 as
// \u2028 / \u2029, so the text can stand inside a <script> element and in JavaScript.
std::string ViewData(const Graph& g, const ViewOptions& options);

// The page: `page` with its markers filled. Fails when the template lacks a marker or when the
// library holds text that would end or confuse its <script> element ("</script", "<!--").
Result<std::string> ViewPage(const Graph& g, const ViewOptions& options, std::string_view page,
                             std::string_view library, std::string_view library_name);

}  // namespace relata::view
