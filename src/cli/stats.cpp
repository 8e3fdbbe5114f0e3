// relata stats --store FILE: counts, types, the busiest relations and entities.
#include <algorithm>
#include <cstdio>
#include <map>

#include <fmt/core.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "common.h"

namespace relata::cli {
namespace {

struct StatsArgs {
  std::string store_path, format = "text";
  size_t top = 10;
  GraphFlags graph;
};

int RunStats(const StatsArgs& a) {
  GraphOptions graph_options;
  if (Status s = a.graph.Resolve(graph_options); !s.ok()) return Fail(s);
  auto store = Store::Load(a.store_path);
  if (!store.ok()) return Fail(store.status());
  Graph g = Graph::Build(*store, graph_options);
  // Merges by rule (records: one per form, node, rule and type); nodes whose mentions
  // disagree on the type, busiest first.
  std::map<std::string, size_t> merges_by_rule;
  for (const MergeRecord& m : g.merges) ++merges_by_rule[m.rule];
  std::vector<size_t> disagree;
  for (size_t i = 0; i < g.nodes.size(); ++i)
    if (!g.nodes[i].type_votes.empty()) disagree.push_back(i);
  std::stable_sort(disagree.begin(), disagree.end(),
                   [&](size_t x, size_t y) { return g.nodes[x].mentions > g.nodes[y].mentions; });
  size_t top_d = std::min(a.top, disagree.size());

  std::map<std::string, size_t> by_type;
  for (const Node& n : g.nodes) ++by_type[n.type.empty() ? "(none)" : n.type];
  std::vector<std::pair<uint64_t, size_t>> rel_weight(g.relations.size());
  for (size_t r = 0; r < g.relations.size(); ++r) rel_weight[r] = {0, r};
  for (const Edge& e : g.edges) rel_weight[e.relation].first += e.weight;
  std::stable_sort(rel_weight.begin(), rel_weight.end(),
                   [](auto& x, auto& y) { return x.first > y.first; });
  std::vector<size_t> ents(g.nodes.size());
  for (size_t i = 0; i < ents.size(); ++i) ents[i] = i;
  std::stable_sort(ents.begin(), ents.end(),
                   [&](size_t x, size_t y) { return g.nodes[x].mentions > g.nodes[y].mentions; });
  size_t top_r = std::min(a.top, rel_weight.size()), top_e = std::min(a.top, ents.size());
  // How the mentions were stated (store format 2; a version 1 store has none of these).
  size_t negated = 0, hedged = 0, attributed = 0;
  for (const Store::Mention& m : store->mentions()) {
    const uint8_t flags = store->extra(m).flags;
    negated += (flags & TripleInput::kNegated) != 0;
    hedged += (flags & TripleInput::kHedged) != 0;
    attributed += (flags & TripleInput::kAttributed) != 0;
  }
  size_t hedged_edges = 0;  // edges no source states without hedging
  for (const Edge& e : g.edges) hedged_edges += (e.all_flags & TripleInput::kHedged) != 0;
  // Repeated reports: edges stated by more than one source; events of all edges.
  size_t multi_source_edges = 0, events = 0;
  for (const Edge& e : g.edges) {
    multi_source_edges += e.weight > 1;
    events += g.Events(e).size();
  }
  const bool schema = !graph_options.relations.empty();

  if (a.format == "json") {
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    w.StartObject();
    w.Key("mentions"); w.Uint64(store->size());
    w.Key("sources"); w.Uint64(g.documents.size());
    w.Key("entities"); w.Uint64(g.nodes.size());
    w.Key("edges"); w.Uint64(g.edges.size());
    w.Key("relations"); w.Uint64(g.relations.size());
    w.Key("type_conflicts"); w.Uint64(g.type_conflicts);
    w.Key("types_kept_apart"); w.Uint64(g.types_kept_apart);
    w.Key("merges"); w.Uint64(g.merges.size());
    w.Key("merges_by_rule"); w.StartObject();
    for (auto& [r, n] : merges_by_rule) { w.Key(r.c_str()); w.Uint64(n); }
    w.EndObject();
    w.Key("negated_mentions"); w.Uint64(negated);
    w.Key("hedged_mentions"); w.Uint64(hedged);
    w.Key("attributed_mentions"); w.Uint64(attributed);
    w.Key("hedged_only_edges"); w.Uint64(hedged_edges);
    w.Key("multi_source_edges"); w.Uint64(multi_source_edges);
    w.Key("events"); w.Uint64(events);
    w.Key("event_window"); w.Uint64(g.event_window);
    if (schema) {
      w.Key("schema_mapped_mentions"); w.Uint64(g.mentions_mapped);
      w.Key("schema_dropped_mentions"); w.Uint64(g.mentions_unmapped_dropped);
    }
    w.Key("entities_by_type"); w.StartObject();
    for (auto& [t, n] : by_type) { w.Key(t.c_str()); w.Uint64(n); }
    w.EndObject();
    w.Key("top_relations"); w.StartArray();
    for (size_t i = 0; i < top_r; ++i) {
      w.StartObject();
      w.Key("relation"); w.String(g.relations[rel_weight[i].second].key.c_str());
      w.Key("weight"); w.Uint64(rel_weight[i].first);
      w.EndObject();
    }
    w.EndArray();
    w.Key("top_entities"); w.StartArray();
    for (size_t i = 0; i < top_e; ++i) {
      w.StartObject();
      w.Key("id"); w.String(g.nodes[ents[i]].id.c_str());
      w.Key("label"); w.String(g.nodes[ents[i]].label.c_str());
      w.Key("mentions"); w.Uint64(g.nodes[ents[i]].mentions);
      w.EndObject();
    }
    w.EndArray();
    w.Key("type_disagreements"); w.StartArray();
    for (size_t i = 0; i < top_d; ++i) {
      const Node& n = g.nodes[disagree[i]];
      w.StartObject();
      w.Key("id"); w.String(n.id.c_str());
      w.Key("label"); w.String(n.label.c_str());
      w.Key("type"); w.String(n.type.c_str());
      w.Key("votes"); w.StartObject();
      for (auto& [t, c] : n.type_votes) { w.Key(t.c_str()); w.Uint64(c); }
      w.EndObject();
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    std::printf("%s\n", buf.GetString());
    return 0;
  }
  std::string out = fmt::format(
      "mentions        {}\nsources         {}\nentities        {}\nedges           {}\n"
      "relations       {}\ntype conflicts  {} (nodes whose mentions disagree on the type: majority kept)\n"
      "types apart     {} (names kept as nodes of incompatible types, e.g. PERSON and GPE)\n"
      "merges          {} (forms merged into a node; relata explain, --merge-report)\n"
      "negated         {} (mentions whose sentence denies the triple)\n"
      "hedged          {} (mentions whose sentence only supposes it)\n"
      "attributed      {} (mentions reporting someone's statement)\n"
      "hedged edges    {} (edges whose every mention is hedged)\n"
      "repeated edges  {} (edges reported by more than one source)\n"
      "events          {} (reports of an edge grouped by date, window {} days)\n",
      store->size(), g.documents.size(), g.nodes.size(), g.edges.size(), g.relations.size(),
      g.type_conflicts, g.types_kept_apart, g.merges.size(), negated, hedged, attributed, hedged_edges,
      multi_source_edges, events, g.event_window);
  if (schema)
    out += fmt::format("schema mapped   {} (mentions whose relation the schema mapped)\n"
                       "schema dropped  {} (mentions left out by --schema-only)\n",
                       g.mentions_mapped, g.mentions_unmapped_dropped);
  if (!merges_by_rule.empty()) {
    out += "\nmerges by rule\n";
    for (auto& [r, n] : merges_by_rule) out += fmt::format("  {:<14}{}\n", r, n);
  }
  if (top_d) {
    out += "\ntype disagreements (type chosen: votes)\n";
    for (size_t i = 0; i < top_d; ++i) {
      const Node& n = g.nodes[disagree[i]];
      std::string votes;
      for (auto& [t, c] : n.type_votes) votes += fmt::format("{}{} {}", votes.empty() ? "" : ", ", t, c);
      out += fmt::format("  {:<30}{:<8}{}\n", n.label, n.type, votes);
    }
  }
  out += "\nentities by type\n";
  for (auto& [t, n] : by_type) out += fmt::format("  {:<14}{}\n", t, n);
  out += "\ntop relations (by weight)\n";
  for (size_t i = 0; i < top_r; ++i)
    out += fmt::format("  {:<30}{}\n", g.relations[rel_weight[i].second].label, rel_weight[i].first);
  out += "\ntop entities (by mentions)\n";
  for (size_t i = 0; i < top_e; ++i)
    out += fmt::format("  {:<30}{:<8}{}\n", g.nodes[ents[i]].label, g.nodes[ents[i]].mentions,
                       g.nodes[ents[i]].id);
  std::fputs(out.c_str(), stdout);
  return 0;
}

}  // namespace

void AddStats(CLI::App& root, int& exit_code) {
  auto args = std::make_shared<StatsArgs>();
  CLI::App* sub = root.add_subcommand("stats", "Print counts, types and the busiest relations and entities of a store");
  sub->add_option("--store", args->store_path, "Store file")->required();
  sub->add_option("--format", args->format, "text or json")->capture_default_str()->check(CLI::IsMember({"text", "json"}));
  sub->add_option("-n,--top", args->top, "How many relations and entities to list")->capture_default_str();
  args->graph.AddTo(*sub);
  sub->callback([args, &exit_code] { exit_code = RunStats(*args); });
}

}  // namespace relata::cli
