// relata view: the HTML page and its data (view.h, docs/viewer.md).
#include "view/view.h"

#include <algorithm>
#include <map>
#include <numeric>

#include <fmt/core.h>

#include "exporters/escape.h"
#include "exporters/text_out.h"
#include "relata/types.h"

namespace relata::view {
namespace {

using exporters::AppendJsonQuoted;
using exporters::AppendJsonQuotedOrNull;
using exporters::AppendEvidenceFlagsJson;
using exporters::AppendShortest;
using exporters::AppendUint;

void Color(std::string& b, uint32_t rgb) {
  b += fmt::format("\"#{:06x}\"", rgb & 0xFFFFFFu);
}

bool ContainsNoCase(std::string_view text, std::string_view needle) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  return std::search(text.begin(), text.end(), needle.begin(), needle.end(),
                     [&](char a, char b) { return lower(a) == lower(b); }) != text.end();
}

}  // namespace

std::vector<char> KeepHeaviest(const Graph& g, size_t max_nodes) {
  const size_t n = g.nodes.size();
  std::vector<char> keep(n, 1);
  if (max_nodes == 0 || n <= max_nodes) return keep;
  std::vector<uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  auto heavier = [&](uint32_t a, uint32_t b) {
    if (g.nodes[a].mentions != g.nodes[b].mentions) return g.nodes[a].mentions > g.nodes[b].mentions;
    return a < b;
  };
  auto cut = order.begin() + static_cast<std::ptrdiff_t>(max_nodes);
  std::nth_element(order.begin(), cut, order.end(), heavier);
  for (auto it = cut; it != order.end(); ++it) keep[*it] = 0;
  return keep;
}

std::string ViewData(const Graph& g, const ViewOptions& options) {
  const std::vector<char> keep = KeepHeaviest(g, options.max_nodes);
  std::vector<uint32_t> local(g.nodes.size(), 0);  // graph index -> page index
  std::vector<uint32_t> hidden_edges(g.nodes.size(), 0);
  uint32_t shown = 0;
  for (size_t i = 0; i < g.nodes.size(); ++i)
    if (keep[i]) local[i] = shown++;
  // Sources referenced by the evidence on the page, numbered in graph (name) order.
  std::vector<uint32_t> source_local(g.documents.size(), UINT32_MAX);
  for (const Edge& e : g.edges) {
    if (!keep[e.source] || !keep[e.target]) {
      if (keep[e.source]) ++hidden_edges[e.source];
      if (keep[e.target]) ++hidden_edges[e.target];
      continue;
    }
    for (uint32_t d : g.DocumentsOf(e)) source_local[d] = 0;
  }
  uint32_t n_sources = 0;
  for (uint32_t& s : source_local)
    if (s == 0) s = n_sources++;

  std::string b;
  b += "{\"title\":";
  AppendJsonQuoted(b, options.title);
  b += ",\"total_nodes\":";
  AppendUint(b, g.nodes.size());
  b += ",\"total_edges\":";
  AppendUint(b, g.edges.size());
  b += ",\"max_nodes\":";
  AppendUint(b, options.max_nodes);

  // Types of the nodes on the page, most frequent first (ties: name order).
  std::map<std::string, uint32_t> type_count;
  for (size_t i = 0; i < g.nodes.size(); ++i)
    if (keep[i]) ++type_count[g.nodes[i].type];
  std::vector<std::pair<std::string, uint32_t>> types(type_count.begin(), type_count.end());
  std::stable_sort(types.begin(), types.end(),
                   [](const auto& a, const auto& c) { return a.second > c.second; });
  b += ",\n\"types\":[";
  for (size_t i = 0; i < types.size(); ++i) {
    b += i ? ",{\"name\":" : "{\"name\":";
    AppendJsonQuoted(b, types[i].first.empty() ? std::string_view("no type") : std::string_view(types[i].first));
    b += ",\"color\":";
    Color(b, TypeColor(types[i].first));
    b += ",\"count\":";
    AppendUint(b, types[i].second);
    b += '}';
  }
  b += "],\n\"sources\":[";
  bool first = true;
  for (size_t d = 0; d < g.documents.size(); ++d) {
    if (source_local[d] == UINT32_MAX) continue;
    b += first ? "\n" : ",\n";
    first = false;
    AppendJsonQuoted(b, g.documents[d].name);
  }
  b += "],\n\"nodes\":[";
  first = true;
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    if (!keep[i]) continue;
    const Node& n = g.nodes[i];
    b += first ? "\n" : ",\n";
    first = false;
    b += "{\"id\":";
    AppendJsonQuoted(b, n.id);
    b += ",\"label\":";
    AppendJsonQuoted(b, n.label);
    b += ",\"type\":";
    AppendJsonQuoted(b, n.type);
    b += ",\"color\":";
    Color(b, TypeColor(n.type));
    b += ",\"mentions\":";
    AppendUint(b, n.mentions);
    b += ",\"hidden_edges\":";
    AppendUint(b, hidden_edges[i]);
    b += ",\"aliases\":[";
    for (size_t a = 0; a < n.aliases.size(); ++a) {
      if (a) b += ',';
      AppendJsonQuoted(b, n.aliases[a]);
    }
    b += "]}";
  }
  b += "],\n\"edges\":[";
  first = true;
  for (const Edge& e : g.edges) {
    if (!keep[e.source] || !keep[e.target]) continue;
    const Relation& rel = g.relations[e.relation];
    b += first ? "\n" : ",\n";
    first = false;
    b += "{\"s\":";
    AppendUint(b, local[e.source]);
    b += ",\"t\":";
    AppendUint(b, local[e.target]);
    b += ",\"relation\":";
    AppendJsonQuoted(b, rel.key);
    b += ",\"label\":";
    AppendJsonQuoted(b, rel.label);
    const auto evidence = g.EvidenceOf(e);
    b += ",\"weight\":";
    AppendUint(b, e.weight);
    b += ",\"mentions\":";
    AppendUint(b, evidence.size());
    b += ",\"confidence\":";
    AppendShortest(b, e.confidence);
    b += ",\"first\":";
    AppendJsonQuotedOrNull(b, g.FirstDate(e));
    b += ",\"last\":";
    AppendJsonQuotedOrNull(b, g.LastDate(e));
    const size_t n_ev = options.max_evidence == 0 ? evidence.size()
                                                  : std::min(evidence.size(), options.max_evidence);
    b += ",\"more_evidence\":";
    AppendUint(b, evidence.size() - n_ev);
    b += ",\"evidence\":[";
    for (size_t k = 0; k < n_ev; ++k) {
      const EvidenceView ev = g.Evidence(evidence[k]);
      b += k ? ",{\"source\":" : "{\"source\":";
      AppendUint(b, source_local[ev.document]);
      b += ",\"date\":";
      AppendJsonQuotedOrNull(b, ev.date);
      b += ",\"sentence\":";
      AppendJsonQuotedOrNull(b, ev.sentence);
      b += ",\"subject\":";
      AppendJsonQuoted(b, ev.subject_text);
      b += ",\"relation\":";
      AppendJsonQuoted(b, ev.relation_text);
      b += ",\"object\":";
      AppendJsonQuoted(b, ev.object_text);
      b += ",\"confidence\":";
      AppendShortest(b, ev.confidence);
      AppendEvidenceFlagsJson(b, ev);
      b += '}';
    }
    b += "]}";
  }
  b += "\n]}";

  // '<', '>' and '&' occur only inside strings here: write them as \u escapes so no text of
  // the graph can end the <script> element or open a comment in it.
  std::string out;
  out.reserve(b.size() + b.size() / 64);
  for (char c : b) {
    switch (c) {
      case '<': out += "\\u003c"; break;
      case '>': out += "\\u003e"; break;
      case '&': out += "\\u0026"; break;
      default: out += c;
    }
  }
  return out;
}

Result<std::string> ViewPage(const Graph& g, const ViewOptions& options, std::string_view page,
                             std::string_view library, std::string_view library_name) {
  for (std::string_view bad : {std::string_view("</script"), std::string_view("<!--")})
    if (ContainsNoCase(library, bad))
      return Status::Error(fmt::format("the graph library holds \"{}\" and cannot be inlined", bad));
  static constexpr std::string_view kMarkers[] = {"@@RELATA_TITLE@@", "@@RELATA_LIBRARY_NAME@@",
                                                  "@@RELATA_LIBRARY@@", "@@RELATA_DATA@@"};
  for (std::string_view m : kMarkers)
    if (page.find(m) == std::string_view::npos)
      return Status::Error(fmt::format("the page template has no {}", m));
  // HTML text (the page's title): the escaping of an XML attribute value is safe there too.
  std::string title, name;
  escape::XmlAttr(title, options.title);
  escape::XmlAttr(name, library_name);
  const std::string data = ViewData(g, options);
  std::string out;
  out.reserve(page.size() + library.size() + data.size() + 256);
  // One pass over the template: filled-in text is never searched for markers again.
  size_t at = 0;
  while (at < page.size()) {
    size_t next = page.find("@@RELATA_", at);
    if (next == std::string_view::npos) break;
    std::string_view value;
    std::string_view marker;
    for (std::string_view m : kMarkers)
      if (page.substr(next, m.size()) == m) marker = m;
    if (marker == kMarkers[0]) value = title;
    else if (marker == kMarkers[1]) value = name;
    else if (marker == kMarkers[2]) value = library;
    else if (marker == kMarkers[3]) value = data;
    else {  // not one of ours: copy as it is
      out.append(page.substr(at, next + 1 - at));
      at = next + 1;
      continue;
    }
    out.append(page.substr(at, next - at));
    out.append(value);
    at = next + marker.size();
  }
  out.append(page.substr(at));
  return out;
}

}  // namespace relata::view
