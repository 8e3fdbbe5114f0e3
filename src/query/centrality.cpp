// Degree, PageRank and betweenness of a graph's nodes with Boost.Graph (docs/query.md).
#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>
#include <utility>

#include <boost/graph/betweenness_centrality.hpp>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/page_rank.hpp>
#include <boost/property_map/property_map.hpp>
#include <fmt/core.h>

#include "relata/query.h"

namespace relata {
namespace {

// page_rank's stop test: no score moved by more than `tol` since the last call, or `max`
// iterations. page_rank copies it, so the previous scores live behind a shared pointer.
class Converged {
 public:
  Converged(size_t n, double tol, unsigned max)
      : prev_(std::make_shared<std::vector<double>>(n, -1.0)), tol_(tol), max_(max) {}
  template <typename RankMap, typename G>
  bool operator()(const RankMap& rank, const G& g) {
    bool done = *calls_ >= max_;
    double moved = 0;
    for (size_t v = 0; v < num_vertices(g); ++v) {
      double r = get(rank, v);
      moved = std::max(moved, std::fabs(r - (*prev_)[v]));
      (*prev_)[v] = r;
    }
    ++*calls_;
    return done || moved <= tol_;
  }

 private:
  std::shared_ptr<std::vector<double>> prev_;
  std::shared_ptr<unsigned> calls_ = std::make_shared<unsigned>(0);
  double tol_;
  unsigned max_;
};

}  // namespace

Result<std::vector<double>> ComputeCentrality(const QueryIndex& ix, Centrality c, double max_work) {
  const Graph& g = ix.graph();
  const size_t n = g.nodes.size();
  std::vector<double> score(n, 0.0);
  if (n == 0) return score;
  switch (c) {
    case Centrality::kDegree:
      for (uint32_t v = 0; v < n; ++v) score[v] = static_cast<double>(ix.Incident(v).size());
      return score;
    case Centrality::kPageRank: {
      // The graph's own topology: one arc per edge, subject -> object (vertex i = nodes[i]).
      boost::graph::page_rank(g.topology, boost::make_iterator_property_map(score.begin(), get(boost::vertex_index, g.topology)),
                       Converged(n, 1e-10, 200), 0.85, static_cast<uint32_t>(n));
      return score;
    }
    case Centrality::kBetweenness: {
      // The undirected simple graph: one link per pair of distinct nodes joined by any edge,
      // stored as two arcs.
      std::vector<std::pair<uint32_t, uint32_t>> arcs;
      arcs.reserve(g.edges.size() * 2);
      for (const Edge& e : g.edges) {
        if (e.source == e.target) continue;
        arcs.emplace_back(e.source, e.target);
        arcs.emplace_back(e.target, e.source);
      }
      std::sort(arcs.begin(), arcs.end());
      arcs.erase(std::unique(arcs.begin(), arcs.end()), arcs.end());
      const double work = static_cast<double>(n) * static_cast<double>(arcs.size() / 2 + 1);
      if (work > max_work)
        return Status::Error(fmt::format(
            "betweenness: exact Brandes on {} nodes and {} links is too much work ({:.2g} node-links, "
            "limit {:.2g}); ask for degree or pagerank",
            n, arcs.size() / 2, work, max_work));
      using Simple = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, boost::no_property,
                                                        boost::no_property, uint32_t, uint32_t>;
      Simple sg(boost::edges_are_sorted, arcs.begin(), arcs.end(), static_cast<uint32_t>(n));
      boost::brandes_betweenness_centrality(
          sg, boost::centrality_map(boost::make_iterator_property_map(score.begin(), get(boost::vertex_index, sg))));
      for (double& s : score) s /= 2;  // each unordered pair was counted from both ends
      return score;
    }
  }
  return score;
}

std::vector<uint32_t> TopNodes(const Graph& g, const std::vector<double>& score, std::string_view type,
                               size_t n) {
  std::vector<uint32_t> ids;
  for (uint32_t v = 0; v < g.nodes.size(); ++v)
    if (type.empty() || g.nodes[v].type == type) ids.push_back(v);
  auto better = [&](uint32_t x, uint32_t y) { return score[x] != score[y] ? score[x] > score[y] : x < y; };
  if (n == 0 || n >= ids.size()) {
    std::sort(ids.begin(), ids.end(), better);
  } else {
    std::partial_sort(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(n), ids.end(), better);
    ids.resize(n);
  }
  return ids;
}

}  // namespace relata
