// relata explain --store FILE ENTITY: what one node is made of: its type votes and every form
// merged into it, with the rule that merged it and the documents (docs/merging.md).
#include <algorithm>
#include <cstdio>

#include <fmt/core.h>

#include "common.h"
#include "relata/query.h"

namespace relata::cli {
namespace {

struct ExplainArgs {
  std::string store_path, entity;
  GraphFlags graph;
};

std::string DocList(const Graph& g, const std::vector<uint32_t>& docs) {
  std::string out;
  for (uint32_t d : docs) {
    if (!out.empty()) out += ", ";
    out += g.documents[d].name;
  }
  return out;
}

int RunExplain(const ExplainArgs& a) {
  GraphOptions graph_options;
  if (Status s = a.graph.Resolve(graph_options); !s.ok()) return Fail(s);
  auto store = Store::Load(a.store_path);
  if (!store.ok()) return Fail(store.status());
  Graph g = Graph::Build(*store, graph_options);

  // The node: by id (case-insensitive), else by label or alias, else by a merged form.
  std::vector<uint32_t> found = FindNodes(g, a.entity);
  if (found.empty())
    return Fail(Status::Error(fmt::format("explain: no node has the id, label or form \"{}\"", a.entity)));
  if (found.size() > 1) {
    std::string list;
    for (uint32_t i : found)
      list += fmt::format("{}{} ({})", list.empty() ? "" : ", ", g.nodes[i].id, g.nodes[i].label);
    return Fail(Status::Error(fmt::format("explain: \"{}\" names {} nodes: {}; give one id", a.entity,
                                          found.size(), list)));
  }

  const Node& n = g.nodes[found[0]];
  std::string out = fmt::format("node       {}\nlabel      {}\ntype       {}\n", n.id, n.label,
                                n.type.empty() ? "(none)" : n.type);
  if (!n.type_votes.empty()) {
    std::string votes;
    for (const auto& [t, c] : n.type_votes) votes += fmt::format("{}{} {}", votes.empty() ? "" : ", ", t, c);
    out += fmt::format("type votes {} (majority kept)\n", votes);
  }
  if (!n.same_as.empty()) out += fmt::format("same as    {} ({})\n", n.same_as, n.canonical_id);
  out += fmt::format("mentions   {} in {} document{}\n", n.mentions, n.documents.size(),
                     n.documents.size() == 1 ? "" : "s");
  if (!n.aliases.empty()) {
    std::string al;
    for (const std::string& x : n.aliases) al += (al.empty() ? "" : " | ") + x;
    out += fmt::format("aliases    {}\n", al);
  }
  size_t shown = 0;
  for (const MergeRecord& m : g.merges) {
    if (m.into != n.id) continue;
    if (shown++ == 0) out += "\nmerged forms (form [type]: rule, mentions, documents)\n";
    out += fmt::format("  {}{}: {}, {} mention{}, {}\n", m.surface,
                       m.type.empty() ? std::string(" [untyped]") : " [" + m.type + "]", m.rule,
                       m.mentions, m.mentions == 1 ? "" : "s", DocList(g, m.documents));
  }
  if (shown == 0) out += "\nno forms merged: every mention names it with its own name\n";
  std::fputs(out.c_str(), stdout);
  return 0;
}

}  // namespace

void AddExplain(CLI::App& root, int& exit_code) {
  auto args = std::make_shared<ExplainArgs>();
  CLI::App* sub = root.add_subcommand(
      "explain", "Show how a node of a store's graph was made: type votes, the forms merged into "
                 "it, the rule of each merge and the documents");
  sub->add_option("--store", args->store_path, "Store file")->required();
  sub->add_option("entity", args->entity, "A node id, or a label or form (case-insensitive)")->required();
  args->graph.AddTo(*sub);
  sub->callback([args, &exit_code] { exit_code = RunExplain(*args); });
}

}  // namespace relata::cli
