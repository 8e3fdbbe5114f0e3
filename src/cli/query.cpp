// relata query --store FILE (neighbours|path|top|edges|timeline) ...: questions asked of a
// store's graph, answered as an aligned table, TSV or JSON, and optionally written as the
// answer's subgraph in any export format (docs/query.md).
#include <algorithm>
#include <cstdio>

#include <fmt/core.h>

#include "common.h"
#include "exporters/text_out.h"
#include "relata/query.h"
#include "relata/types.h"

namespace relata::cli {
namespace {

struct QueryArgs {
  std::string store_path, format = "table", export_formats, out_dir;
  std::string base = ExportOptions{}.base_iri;
  GraphFlags graph;
  // neighbours / timeline
  std::string entity, relation, type, since, until;
  uint32_t depth = 1;
  size_t limit = 0;
  // path
  std::string from, to;
  uint32_t max_len = 6;
  bool all = false;
  size_t max_paths = 100;
  // top
  std::string by = "degree";
  size_t top = 10;
  // edges
  std::string subject = "*", object = "*";
};

// What an answer is: a table, the edges of its subgraph, and JSON members beside the rows.
struct Answer {
  Table table;
  std::vector<uint32_t> edges;
  std::vector<std::pair<std::string, std::string>> extra;
  std::string note;  // printed under the text table ("" = none)
};

std::string Real(double v) { return fmt::format("{:.6g}", v); }

std::string Sources(const Graph& g, const Edge& e) {
  std::string out;
  for (uint32_t d : g.DocumentsOf(e)) {
    if (!out.empty()) out += ' ';
    out += g.documents[d].name;
  }
  return out;
}

// Columns every edge listing shares: subject, relation, object (with ids), weight, dates.
void EdgeColumns(Table& t) {
  t.columns.push_back({"subject"});
  t.columns.push_back({"relation"});
  t.columns.push_back({"object"});
  t.columns.push_back({"weight", Table::kInt});
  t.columns.push_back({"mentions", Table::kInt, true});
  t.columns.push_back({"confidence", Table::kReal, true});
  t.columns.push_back({"first_date"});
  t.columns.push_back({"last_date"});
  t.columns.push_back({"subject_id", Table::kText, true});
  t.columns.push_back({"object_id", Table::kText, true});
  t.columns.push_back({"edge_id", Table::kText, true});
}
void EdgeCells(const Graph& g, uint32_t ei, std::vector<std::string>& row) {
  const Edge& e = g.edges[ei];
  row.push_back(g.nodes[e.source].label);
  row.push_back(g.relations[e.relation].label);
  row.push_back(g.nodes[e.target].label);
  row.push_back(std::to_string(e.weight));
  row.push_back(std::to_string(g.Mentions(e)));
  row.push_back(Real(e.confidence));
  row.emplace_back(g.FirstDate(e));
  row.emplace_back(g.LastDate(e));
  row.push_back(g.nodes[e.source].id);
  row.push_back(g.nodes[e.target].id);
  row.push_back(g.EdgeId(e));
}

// A date bound: YYYY, YYYY-MM, or a date or date-time as the store takes them.
bool QueryDate(std::string_view d) {
  auto digits = [&](size_t from, size_t n) {
    for (size_t i = from; i < from + n; ++i)
      if (i >= d.size() || d[i] < '0' || d[i] > '9') return false;
    return true;
  };
  if (d.size() == 4) return digits(0, 4);
  if (d.size() == 7) return digits(0, 4) && d[4] == '-' && digits(5, 2) && d.substr(5) >= "01" && d.substr(5) <= "12";
  return ValidDate(d);
}

Status CheckFilter(const QueryArgs& a, EdgeFilter& f) {
  f.relation = a.relation.empty() ? Pattern() : Pattern(a.relation, Pattern::kRelation);
  f.type = a.type.empty() ? std::string() : CanonicalType(a.type);
  if (!a.type.empty() && f.type.empty())
    return Status::Error(fmt::format("--type: unknown entity type \"{}\"", a.type));
  for (const auto& [flag, value] : {std::pair{"--since", &a.since}, std::pair{"--until", &a.until}})
    if (!QueryDate(*value))
      return Status::Error(
          fmt::format("{}: \"{}\" is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)", flag, *value));
  f.since = a.since;
  f.until = a.until;
  return Status::Ok();
}

Result<Answer> Neighbours(const QueryArgs& a, const QueryIndex& ix) {
  const Graph& g = ix.graph();
  EdgeFilter f;
  if (Status s = CheckFilter(a, f); !s.ok()) return s;
  auto node = FindEntity(g, a.entity);
  if (!node.ok()) return node.status();
  Answer ans;
  ans.table.columns.push_back({"depth", Table::kInt});
  ans.table.columns.push_back({"neighbour"});
  EdgeColumns(ans.table);
  ans.table.columns.push_back({"neighbour_id", Table::kText, true});
  auto found = Neighbours(ix, *node, a.depth, f);
  if (a.limit && found.size() > a.limit) found.resize(a.limit);
  for (const NeighbourEdge& n : found) {
    const uint32_t other = n.to;
    std::vector<std::string> row{std::to_string(n.depth), g.nodes[other].label};
    EdgeCells(g, n.edge, row);
    row.push_back(g.nodes[other].id);
    ans.table.rows.push_back(std::move(row));
    ans.edges.push_back(n.edge);
  }
  ans.extra.emplace_back("entity", exporters::JsonQuoted(g.nodes[*node].id));
  if (found.empty()) ans.note = fmt::format("no edges of {} ({}) match", g.nodes[*node].label, g.nodes[*node].id);
  return ans;
}

Result<Answer> Paths(const QueryArgs& a, const QueryIndex& ix) {
  const Graph& g = ix.graph();
  auto from = FindEntity(g, a.from);
  if (!from.ok()) return from.status();
  auto to = FindEntity(g, a.to);
  if (!to.ok()) return to.status();
  if (*from == *to) return Status::Error(fmt::format("\"{}\" and \"{}\" are the same entity ({})", a.from, a.to, g.nodes[*from].id));
  PathAnswer p = ShortestPaths(ix, *from, *to, a.max_len, a.all, a.max_paths);
  Answer ans;
  Table& t = ans.table;
  t.columns = {{"path", Table::kInt}, {"hop", Table::kInt}, {"from"}, {"dir"}, {"relation"}, {"to"},
               {"weight", Table::kInt}, {"date"}, {"source"}, {"evidence", Table::kText, false, 90},
               {"from_id", Table::kText, true}, {"to_id", Table::kText, true},
               {"edge_id", Table::kText, true}, {"parallel_edges", Table::kInt, true}};
  for (size_t i = 0; i < p.paths.size(); ++i) {
    for (size_t h = 0; h < p.paths[i].size(); ++h) {
      const PathHop& hop = p.paths[i][h];
      const Edge& e = g.edges[hop.edge];
      EvidenceView ev = g.Evidence(BestEvidence(g, e));
      t.rows.push_back({std::to_string(i + 1), std::to_string(h + 1), g.nodes[hop.from].label,
                        hop.forward ? "->" : "<-", g.relations[e.relation].label, g.nodes[hop.to].label,
                        std::to_string(e.weight), std::string(ev.date), std::string(ev.source),
                        std::string(ev.sentence), g.nodes[hop.from].id, g.nodes[hop.to].id, g.EdgeId(e),
                        std::to_string(hop.parallel)});
      ans.edges.push_back(hop.edge);
    }
  }
  std::sort(ans.edges.begin(), ans.edges.end());
  ans.edges.erase(std::unique(ans.edges.begin(), ans.edges.end()), ans.edges.end());
  ans.extra.emplace_back("from", exporters::JsonQuoted(g.nodes[*from].id));
  ans.extra.emplace_back("to", exporters::JsonQuoted(g.nodes[*to].id));
  ans.extra.emplace_back("length", p.paths.empty() ? "null" : std::to_string(p.paths[0].size()));
  ans.extra.emplace_back("truncated", p.truncated ? "true" : "false");
  if (p.paths.empty())
    ans.note = fmt::format("no path of at most {} hops between {} ({}) and {} ({})", a.max_len,
                           g.nodes[*from].label, g.nodes[*from].id, g.nodes[*to].label, g.nodes[*to].id);
  else if (p.truncated)
    ans.note = fmt::format("more shortest paths than --max-paths {}: the first {} shown", a.max_paths,
                           p.paths.size());
  return ans;
}

Result<Answer> Top(const QueryArgs& a, const QueryIndex& ix) {
  const Graph& g = ix.graph();
  std::string type = a.type.empty() ? std::string() : CanonicalType(a.type);
  if (!a.type.empty() && type.empty()) return Status::Error(fmt::format("--type: unknown entity type \"{}\"", a.type));
  Centrality c = a.by == "pagerank" ? Centrality::kPageRank
                 : a.by == "betweenness" ? Centrality::kBetweenness
                                         : Centrality::kDegree;
  auto score = ComputeCentrality(ix, c);
  if (!score.ok()) return score.status();
  std::vector<uint32_t> top = TopNodes(g, *score, type, a.top);
  Answer ans;
  ans.table.columns = {{"rank", Table::kInt}, {"entity"}, {"type"},
                       {a.by, c == Centrality::kDegree ? Table::kInt : Table::kReal},
                       {"mentions", Table::kInt}, {"id"}};
  for (size_t i = 0; i < top.size(); ++i) {
    const Node& n = g.nodes[top[i]];
    double s = (*score)[top[i]];
    ans.table.rows.push_back({std::to_string(i + 1), n.label, n.type,
                              c == Centrality::kDegree ? std::to_string(static_cast<uint64_t>(s)) : Real(s),
                              std::to_string(n.mentions), n.id});
  }
  std::vector<uint32_t> nodes = top;
  std::sort(nodes.begin(), nodes.end());
  ans.edges = InducedEdges(ix, nodes);
  ans.extra.emplace_back("by", exporters::JsonQuoted(a.by));
  return ans;
}

Result<Answer> Edges(const QueryArgs& a, const QueryIndex& ix) {
  const Graph& g = ix.graph();
  std::vector<uint32_t> found = MatchEdges(g, Pattern(a.subject, Pattern::kName),
                                           Pattern(a.relation, Pattern::kRelation),
                                           Pattern(a.object, Pattern::kName));
  Answer ans;
  EdgeColumns(ans.table);
  const size_t total = found.size();
  if (a.limit && found.size() > a.limit) found.resize(a.limit);
  for (uint32_t ei : found) {
    std::vector<std::string> row;
    EdgeCells(g, ei, row);
    ans.table.rows.push_back(std::move(row));
  }
  ans.edges = found;
  ans.extra.emplace_back("matched", std::to_string(total));
  if (total == 0) ans.note = "no edge matches";
  else if (total > found.size()) ans.note = fmt::format("{} edges match: the first {} shown (--limit)", total, found.size());
  return ans;
}

Result<Answer> TimelineOf(const QueryArgs& a, const QueryIndex& ix) {
  const Graph& g = ix.graph();
  EdgeFilter f;
  if (Status s = CheckFilter(a, f); !s.ok()) return s;
  auto node = FindEntity(g, a.entity);
  if (!node.ok()) return node.status();
  std::vector<uint32_t> found = Timeline(ix, *node, f);
  if (a.limit && found.size() > a.limit) found.resize(a.limit);
  Answer ans;
  ans.table.columns = {{"first_date"}, {"last_date"}, {"subject"}, {"relation"}, {"object"},
                       {"weight", Table::kInt}, {"sources", Table::kText, false, 70},
                       {"subject_id", Table::kText, true}, {"object_id", Table::kText, true},
                       {"edge_id", Table::kText, true}};
  for (uint32_t ei : found) {
    const Edge& e = g.edges[ei];
    ans.table.rows.push_back({std::string(g.FirstDate(e)), std::string(g.LastDate(e)), g.nodes[e.source].label,
                              g.relations[e.relation].label, g.nodes[e.target].label, std::to_string(e.weight),
                              Sources(g, e), g.nodes[e.source].id, g.nodes[e.target].id, g.EdgeId(e)});
  }
  ans.edges = found;
  std::sort(ans.edges.begin(), ans.edges.end());
  ans.extra.emplace_back("entity", exporters::JsonQuoted(g.nodes[*node].id));
  if (found.empty()) ans.note = fmt::format("no edges of {} ({}) match", g.nodes[*node].label, g.nodes[*node].id);
  return ans;
}

using Runner = Result<Answer> (*)(const QueryArgs&, const QueryIndex&);

int Run(const QueryArgs& a, std::string_view command, Runner run) {
  ExportOptions export_options;
  std::vector<const ExporterInfo*> chosen;
  if (!a.export_formats.empty()) {
    if (a.out_dir.empty()) return Fail(Status::Error("query: --export needs -o DIR"));
    ExportFlags flags;
    flags.formats = a.export_formats;
    flags.base = a.base;
    if (Status s = flags.Resolve(export_options, chosen); !s.ok()) return Fail(s.With("query: --export"));
    if (Status s = PrepareOutputDir(a.out_dir); !s.ok()) return Fail(s);
  } else if (!a.out_dir.empty()) {
    return Fail(Status::Error("query: -o needs --export FORMAT[,FORMAT...]"));
  }
  GraphOptions graph_options;
  if (Status s = a.graph.Resolve(graph_options); !s.ok()) return Fail(s);
  auto store = Store::Load(a.store_path);
  if (!store.ok()) return Fail(store.status());
  Graph g = Graph::Build(*store, graph_options);
  QueryIndex ix(g);
  auto ans = run(a, ix);
  if (!ans.ok()) return Fail(ans.status().With(fmt::format("query {}", command)));
  std::string out;
  if (a.format == "json") {
    out = ans->table.Json(command, ans->extra);
  } else if (a.format == "tsv") {
    out = ans->table.Tsv();
  } else {
    out = ans->table.Text();
    if (!ans->note.empty()) out += ans->note + "\n";
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  if (!chosen.empty()) {
    Store sub = SubgraphStore(g, ans->edges);
    Graph sg = Graph::Build(sub, SubgraphOptions(g, ans->edges, graph_options));
    if (Status s = WriteExports(sg, export_options, chosen, a.out_dir); !s.ok()) return Fail(s);
    std::fprintf(stderr, "relata: wrote the answer's subgraph (%zu entit%s, %zu edge%s) in %zu format%s to %s/\n",
                 sg.nodes.size(), sg.nodes.size() == 1 ? "y" : "ies", sg.edges.size(),
                 sg.edges.size() == 1 ? "" : "s", chosen.size(), chosen.size() == 1 ? "" : "s",
                 a.out_dir.c_str());
  }
  std::fflush(stdout);
  return 0;
}

void FilterOptions(CLI::App& sub, QueryArgs& a, bool type) {
  sub.add_option("--relation", a.relation, "Only edges whose relation matches (case-insensitive, * wildcards)");
  if (type) sub.add_option("--type", a.type, "Only neighbours of this entity type (PERSON, ORG, GPE, ...)");
  sub.add_option("--since", a.since, "Only edges seen on or after this date (YYYY-MM-DD)");
  sub.add_option("--until", a.until, "Only edges seen on or before this date (YYYY-MM-DD)");
  sub.add_option("--limit", a.limit, "Show at most N rows (0: all)")->capture_default_str();
}

}  // namespace

void AddQuery(CLI::App& root, int& exit_code) {
  auto a = std::make_shared<QueryArgs>();
  CLI::App* q = root.add_subcommand(
      "query", "Ask a store's graph: neighbours, paths, top entities, edges by pattern, timelines");
  q->add_option("--store", a->store_path, "Store file")->required();
  q->add_option("--format", a->format, "table (aligned text), tsv or json")
      ->capture_default_str()
      ->check(CLI::IsMember({"table", "tsv", "json"}));
  std::string names;
  for (const auto& e : Exporters()) names += (names.empty() ? "" : ",") + std::string(e.name);
  q->add_option("--export", a->export_formats,
                "Also write the answer's subgraph in these formats (comma-separated, or all): " + names);
  q->add_option("-o,--output", a->out_dir, "Folder for --export");
  q->add_option("--base", a->base, "Base IRI of the exported subgraph")->capture_default_str();
  a->graph.AddTo(*q);
  q->require_subcommand(1);

  CLI::App* n = q->add_subcommand("neighbours", "Edges around an entity, both directions, with weights and dates");
  n->alias("neighbors");
  n->add_option("entity", a->entity, "Entity id, name or alias")->required();
  n->add_option("--depth", a->depth, "Hops from the entity")->capture_default_str()->check(CLI::Range(1, 10));
  FilterOptions(*n, *a, true);
  n->callback([a, &exit_code] { exit_code = Run(*a, "neighbours", Neighbours); });

  CLI::App* p = q->add_subcommand("path", "Shortest connections between two entities, each hop with its evidence");
  p->add_option("from", a->from, "Entity id, name or alias")->required();
  p->add_option("to", a->to, "Entity id, name or alias")->required();
  p->add_option("--max-len", a->max_len, "Longest path searched, in hops")->capture_default_str()->check(CLI::Range(1, 100));
  p->add_flag("--all", a->all, "Every shortest path (up to --max-paths), not only the first");
  p->add_option("--max-paths", a->max_paths, "Most paths --all lists")->capture_default_str()->check(CLI::Range(1, 100000));
  p->callback([a, &exit_code] { exit_code = Run(*a, "path", Paths); });

  CLI::App* t = q->add_subcommand("top", "The most central entities (Boost.Graph)");
  t->add_option("--by", a->by, "degree, pagerank or betweenness")
      ->capture_default_str()
      ->check(CLI::IsMember({"degree", "pagerank", "betweenness"}));
  t->add_option("--type", a->type, "Only entities of this type (PERSON, ORG, GPE, ...)");
  t->add_option("-n", a->top, "How many (0: all)")->capture_default_str();
  t->callback([a, &exit_code] { exit_code = Run(*a, "top", Top); });

  CLI::App* e = q->add_subcommand("edges", "Edges whose subject, relation and object match patterns (* wildcards)");
  e->add_option("--subject", a->subject, "Subject id, name or alias pattern")->capture_default_str();
  e->add_option("--relation", a->relation, "Relation pattern");
  e->add_option("--object", a->object, "Object id, name or alias pattern")->capture_default_str();
  e->add_option("--limit", a->limit, "Show at most N rows (0: all)")->capture_default_str();
  e->callback([a, &exit_code] { exit_code = Run(*a, "edges", Edges); });

  CLI::App* l = q->add_subcommand("timeline", "An entity's edges in date order, with their sources");
  l->add_option("entity", a->entity, "Entity id, name or alias")->required();
  FilterOptions(*l, *a, true);
  l->callback([a, &exit_code] { exit_code = Run(*a, "timeline", TimelineOf); });

  for (CLI::App* s : {n, p, t, e, l}) s->fallthrough();
}

}  // namespace relata::cli
