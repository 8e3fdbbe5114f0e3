// Questions asked of a store's graph (relata query, docs/query.md): finding an entity by name,
// its neighbourhood, the shortest connections between two entities, the most central entities
// (Boost.Graph's PageRank and Brandes betweenness), edges matching name patterns, an entity's
// timeline, and the subgraph of an answer as a Store that any exporter can write.
//
// Everything here is deterministic: ties are broken by node index (nodes are sorted by id) or
// edge index (edges are sorted by subject id, relation key, object id).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "relata/graph.h"
#include "relata/status.h"
#include "relata/store.h"

namespace relata {

// ---- entities by name -----------------------------------------------------------------------

// The nodes a name stands for: a node id (case-insensitive), else nodes whose label or an alias
// has the name's NameKey(), else nodes into which a form with that key was merged
// (Graph::merges). Sorted node indices; empty when none. (relata explain uses it too.)
std::vector<uint32_t> FindNodes(const Graph& g, std::string_view name);

// Up to `max` nodes whose label or alias is close to `name`: its key is a prefix of the label's
// key or of its tail from one of its words on, or is within an edit distance of max(2, length /
// 4) of the key or of such a tail.
// Closest first (distance, then more mentions, then id).
std::vector<uint32_t> SuggestNodes(const Graph& g, std::string_view name, size_t max = 5);

// FindNodes when it gives exactly one node. Otherwise a one-line error: an ambiguous name lists
// its candidates ("id (label)"), an unknown one suggests close names.
Result<uint32_t> FindEntity(const Graph& g, std::string_view name);

// ---- patterns -------------------------------------------------------------------------------

// A case-insensitive pattern in which '*' stands for any run of characters ("jens*", "*nato*").
// Names compare by NameKey(), relations by RelationKey(). "" and "*" match everything.
class Pattern {
 public:
  enum Kind { kName, kRelation };
  Pattern() = default;
  Pattern(std::string_view pattern, Kind kind);
  bool any() const { return any_; }
  // `key` must already be NameKey() / RelationKey() of the text.
  bool MatchesKey(std::string_view key) const;
  // A node matches when its id, label or an alias does (each through NameKey()).
  bool MatchesNode(const Node& n) const;

 private:
  bool any_ = true;
  bool anchored_begin_ = true, anchored_end_ = true;
  std::vector<std::string> pieces_;
};

// ---- the undirected view --------------------------------------------------------------------

// Every edge incident to each node (as subject or object; a self-loop once), by edge index.
class QueryIndex {
 public:
  explicit QueryIndex(const Graph& g);
  const Graph& graph() const { return *g_; }
  std::span<const uint32_t> Incident(uint32_t node) const {
    return {edges_.data() + offsets_[node], offsets_[node + 1] - offsets_[node]};
  }
  // The other end of an edge seen from `node`.
  uint32_t Other(uint32_t edge, uint32_t node) const {
    const Edge& e = g_->edges[edge];
    return e.source == node ? e.target : e.source;
  }

 private:
  const Graph* g_;
  std::vector<uint32_t> offsets_, edges_;
};

// Which edges a neighbourhood or timeline keeps.
struct EdgeFilter {
  Pattern relation;        // on the relation key
  std::string type;        // canonical type every node reached must have; "" = any
  // ISO dates: an edge is kept when it was seen in [since, until] (its last date is not before
  // `since` and its first not after `until`, compared at the precision given). An undated
  // edge is dropped when either is set.
  std::string since, until;
  bool KeepsDates(const Graph& g, const Edge& e) const;
};

// ---- answers --------------------------------------------------------------------------------

struct NeighbourEdge {
  uint32_t edge;
  uint32_t depth;  // 1 for the entity's own edges, 2 for its neighbours' edges, ...
  uint32_t from;   // the node it was reached from (the entity itself at depth 1)
  uint32_t to;     // its other end (== from for a self-loop)
};
// The edges within `depth` hops of `node`, both directions, each once: breadth first, an edge
// is kept when the filter keeps it and the nodes it reaches have the filter's type (the start
// node aside). Sorted by depth, then weight (heaviest first), then edge index.
std::vector<NeighbourEdge> Neighbours(const QueryIndex& ix, uint32_t node, uint32_t depth,
                                      const EdgeFilter& filter);

struct PathHop {
  uint32_t from, to;   // node indices in the path's direction
  uint32_t edge;       // the best edge between them (weight, mentions, confidence, index)
  bool forward;        // the edge's subject is `from`
  uint32_t parallel;   // how many edges join the two nodes (1 = only this one)
};
using Path = std::vector<PathHop>;
struct PathAnswer {
  std::vector<Path> paths;  // all of the same, shortest, length; in order of their node ids
  bool truncated = false;   // more shortest paths than the limit
};
// Shortest connections from a to b over edges taken in either direction, at most `max_len`
// hops. One path (the first in node-id order), or with `all` every shortest path up to `limit`.
// No path: an empty answer.
PathAnswer ShortestPaths(const QueryIndex& ix, uint32_t a, uint32_t b, uint32_t max_len, bool all,
                         size_t limit);

// The mention that best supports an edge: stated without negation or hedging, with a sentence,
// highest confidence; ties: the first in the evidence order.
uint32_t BestEvidence(const Graph& g, const Edge& e);

enum class Centrality { kDegree, kPageRank, kBetweenness };
// One score per node:
// - degree: incident edges (in + out, a self-loop once);
// - pagerank: boost::page_rank on the directed graph (subject -> object, one arc per edge),
//   damping 0.85, PR(v) = 0.15 + 0.85 * sum of PR(u) / outdeg(u) over arcs u -> v, from 1/N,
//   iterated until no score moves by more than 1e-10 (at most 200 iterations);
// - betweenness: boost::brandes_betweenness_centrality on the undirected simple graph (one
//   link per pair of nodes joined by any edge), halved so that each unordered pair of
//   endpoints counts once. Exact, O(nodes x links): fails beyond `max_work` node-links.
Result<std::vector<double>> ComputeCentrality(const QueryIndex& ix, Centrality c,
                                              double max_work = 5e8);
// The `n` best nodes by score (0 = all), among those of `type` when not "": highest first,
// ties by node index (= by id).
std::vector<uint32_t> TopNodes(const Graph& g, const std::vector<double>& score,
                               std::string_view type, size_t n);

// Edges whose subject, relation and object match the patterns, by edge index.
std::vector<uint32_t> MatchEdges(const Graph& g, const Pattern& subject, const Pattern& relation,
                                 const Pattern& object);

// The edges of a node that the filter keeps, by first date (undated last), then last date,
// then edge index.
std::vector<uint32_t> Timeline(const QueryIndex& ix, uint32_t node, const EdgeFilter& filter);

// ---- subgraphs ------------------------------------------------------------------------------

// A Store holding the evidence of `edges`, for Graph::Build and the exporters. Each mention
// names its sides by the node's label and type in `g` (the words written, when other, become
// the mention's form, with the merge rule that joined them: the evidence keeps them), so the
// nodes of the rebuilt graph are those of `g`. Build it with SubgraphOptions(): each node's
// canonical id, and the relation schema and event window of `full` (the options `g` was
// built with), are kept.
Store SubgraphStore(const Graph& g, std::span<const uint32_t> edges);
GraphOptions SubgraphOptions(const Graph& g, std::span<const uint32_t> edges, const GraphOptions& full);
// Edges of `g` joining two nodes of `nodes` (sorted indices).
std::vector<uint32_t> InducedEdges(const QueryIndex& ix, std::span<const uint32_t> nodes);

// ---- tables ---------------------------------------------------------------------------------

// An answer as rows of cells. Columns marked `wide_only` are left out of the aligned text
// table (ids) but kept in TSV and JSON; `max_width` cuts long cells in the text table.
struct Table {
  enum Kind { kText, kInt, kReal };
  struct Column {
    std::string name;
    Kind kind = kText;
    bool wide_only = false;
    size_t max_width = 0;  // 0: no limit (code points)
  };
  std::vector<Column> columns;
  std::vector<std::vector<std::string>> rows;

  // Aligned columns, a header and a rule, two spaces between columns.
  std::string Text() const;
  // A header line, then a line per row; tab, newline, CR and backslash escaped as \t \n \r \\.
  std::string Tsv() const;
  // {"command": ..., "rows": [{column: value, ...}, ...]} plus `extra` members (already JSON).
  std::string Json(std::string_view command,
                   const std::vector<std::pair<std::string, std::string>>& extra = {}) const;
};

}  // namespace relata
