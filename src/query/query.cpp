// Entity lookup, patterns, neighbourhoods, shortest paths, edge matching, timelines and answer
// subgraphs (include/relata/query.h, docs/query.md).
#include "relata/query.h"

#include <algorithm>
#include <deque>
#include <unordered_map>

#include <fmt/core.h>

#include "relata/text.h"

namespace relata {
namespace {

constexpr uint32_t kNone = UINT32_MAX;

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

// Whether the edge `a` is a better support of a hop than `b`.
bool BetterEdge(const Graph& g, uint32_t a, uint32_t b) {
  const Edge& x = g.edges[a];
  const Edge& y = g.edges[b];
  if (x.weight != y.weight) return x.weight > y.weight;
  if (g.Mentions(x) != g.Mentions(y)) return g.Mentions(x) > g.Mentions(y);
  if (x.confidence != y.confidence) return x.confidence > y.confidence;
  return a < b;
}

// Compares an edge date with a bound given at its own precision.
int CompareDate(std::string_view date, std::string_view bound) {
  return date.substr(0, std::min(date.size(), bound.size())).compare(bound);
}

}  // namespace

// ---- entities -------------------------------------------------------------------------------

std::vector<uint32_t> FindNodes(const Graph& g, std::string_view name) {
  std::vector<uint32_t> found;
  const std::string want_id = LowerAscii(name), want = NameKey(name);
  for (uint32_t i = 0; i < g.nodes.size(); ++i) {
    const std::string& id = g.nodes[i].id;
    bool same = id.size() == want_id.size();
    for (size_t k = 0; same && k < id.size(); ++k)
      same = (id[k] >= 'A' && id[k] <= 'Z' ? static_cast<char>(id[k] - 'A' + 'a') : id[k]) == want_id[k];
    if (same) found.push_back(i);
  }
  if (!found.empty() || want.empty()) return found;
  // NameKey() keeps every ASCII letter and digit of an ASCII name, in lower case: an ASCII form
  // whose letters and digits differ from the key's cannot have the key, and is passed over
  // without computing its NameKey() (a lookup among 100,000 nodes stays within milliseconds).
  std::string want_sig;
  bool want_ascii = true;
  for (char c : want) {
    want_ascii &= static_cast<unsigned char>(c) < 0x80;
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) want_sig.push_back(c);
  }
  auto has_key = [&](const std::string& form) {
    size_t k = 0;
    bool ascii = true, same = true;
    for (char c : form) {
      if (static_cast<unsigned char>(c) >= 0x80) {
        ascii = false;
        break;
      }
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) same = same && k < want_sig.size() && want_sig[k++] == c;
    }
    if (ascii && (!want_ascii || !same || k != want_sig.size())) return false;
    return NameKey(form) == want;
  };
  for (uint32_t i = 0; i < g.nodes.size(); ++i) {
    const Node& n = g.nodes[i];
    bool hit = has_key(n.label);
    for (size_t k = 0; !hit && k < n.aliases.size(); ++k) hit = has_key(n.aliases[k]);
    if (hit) found.push_back(i);
  }
  if (!found.empty()) return found;
  for (const MergeRecord& m : g.merges) {
    if (NameKey(m.surface) != want) continue;
    auto it = std::lower_bound(g.nodes.begin(), g.nodes.end(), m.into,
                               [](const Node& n, const std::string& id) { return n.id < id; });
    if (it != g.nodes.end() && it->id == m.into) found.push_back(static_cast<uint32_t>(it - g.nodes.begin()));
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  return found;
}

std::vector<uint32_t> SuggestNodes(const Graph& g, std::string_view name, size_t max) {
  const std::string want = NameKey(name);
  if (want.empty() || max == 0) return {};
  const size_t limit = std::max<size_t>(2, want.size() / 4);
  struct Cand {
    size_t dist;
    uint32_t mentions, node;
  };
  std::vector<Cand> cands;
  for (uint32_t i = 0; i < g.nodes.size(); ++i) {
    const Node& n = g.nodes[i];
    size_t best = SIZE_MAX;
    auto consider = [&](std::string_view form) {
      const std::string key = NameKey(form);
      bool prefix = key.compare(0, want.size(), want) == 0;
      for (size_t p = key.find(' '); !prefix && p != std::string::npos; p = key.find(' ', p + 1))
        prefix = key.compare(p + 1, want.size(), want) == 0;
      if (prefix) {  // a prefix counts as one edit
        best = std::min<size_t>(best, 1);
        return;
      }
      // The distance is at least the difference of the lengths: skip hopeless forms early.
      // The whole name, or its tail from any word on ("Stoltenbreg" for "Jens Stoltenberg").
      auto near = [&](std::string_view k) {
        size_t diff = k.size() > want.size() ? k.size() - want.size() : want.size() - k.size();
        if (diff > limit || k.size() > 200) return;
        size_t d = EditDistance(k, want);
        if (d <= limit) best = std::min(best, d);
      };
      near(key);
      for (size_t p = key.find(' '); p != std::string::npos; p = key.find(' ', p + 1))
        near(std::string_view(key).substr(p + 1));
    };
    consider(n.label);
    for (const std::string& a : n.aliases) consider(a);
    if (best != SIZE_MAX) cands.push_back({best, n.mentions, i});
  }
  std::sort(cands.begin(), cands.end(), [](const Cand& x, const Cand& y) {
    if (x.dist != y.dist) return x.dist < y.dist;
    if (x.mentions != y.mentions) return x.mentions > y.mentions;
    return x.node < y.node;
  });
  std::vector<uint32_t> out;
  for (size_t i = 0; i < cands.size() && i < max; ++i) out.push_back(cands[i].node);
  return out;
}

Result<uint32_t> FindEntity(const Graph& g, std::string_view name) {
  std::vector<uint32_t> found = FindNodes(g, name);
  if (found.size() == 1) return found[0];
  if (found.size() > 1) {
    std::string list;
    for (uint32_t i : found)
      list += fmt::format("{}{} ({})", list.empty() ? "" : ", ", g.nodes[i].id, g.nodes[i].label);
    return Status::Error(
        fmt::format("\"{}\" names {} entities: {}; give one id", name, found.size(), list));
  }
  std::vector<uint32_t> close = SuggestNodes(g, name);
  if (close.empty()) return Status::Error(fmt::format("no entity has the id, name or alias \"{}\"", name));
  std::string list;
  for (uint32_t i : close)
    list += fmt::format("{}{} ({})", list.empty() ? "" : ", ", g.nodes[i].label, g.nodes[i].id);
  return Status::Error(
      fmt::format("no entity has the id, name or alias \"{}\"; did you mean: {}?", name, list));
}

// ---- patterns -------------------------------------------------------------------------------

Pattern::Pattern(std::string_view pattern, Kind kind) {
  any_ = pattern.find_first_not_of('*') == std::string_view::npos;
  if (any_) return;
  anchored_begin_ = pattern.front() != '*';
  anchored_end_ = pattern.back() != '*';
  size_t start = 0;
  while (start <= pattern.size()) {
    size_t star = pattern.find('*', start);
    std::string_view piece = pattern.substr(start, star == std::string_view::npos ? std::string_view::npos
                                                                                  : star - start);
    // A piece is keyed like the text; the blank around a star is kept out of the key.
    std::string key = kind == kName ? NameKey(piece) : RelationKey(piece);
    if (!key.empty()) pieces_.push_back(std::move(key));
    if (star == std::string_view::npos) break;
    start = star + 1;
  }
  if (pieces_.empty()) any_ = true;
}

bool Pattern::MatchesKey(std::string_view key) const {
  if (any_) return true;
  size_t at = 0;
  for (size_t i = 0; i < pieces_.size(); ++i) {
    const std::string& p = pieces_[i];
    const bool first = i == 0, last = i + 1 == pieces_.size();
    if (first && anchored_begin_) {
      if (key.compare(0, p.size(), p) != 0) return false;
      if (last && anchored_end_) return key.size() == p.size();
      at = p.size();
      continue;
    }
    if (last && anchored_end_) {
      return key.size() >= at + p.size() && key.compare(key.size() - p.size(), p.size(), p) == 0;
    }
    size_t found = key.find(p, at);
    if (found == std::string_view::npos) return false;
    at = found + p.size();
  }
  return true;
}

bool Pattern::MatchesNode(const Node& n) const {
  if (any_) return true;
  if (MatchesKey(NameKey(n.id)) || MatchesKey(NameKey(n.label))) return true;
  for (const std::string& a : n.aliases)
    if (MatchesKey(NameKey(a))) return true;
  return false;
}

// ---- index ----------------------------------------------------------------------------------

QueryIndex::QueryIndex(const Graph& g) : g_(&g) {
  const size_t n = g.nodes.size();
  offsets_.assign(n + 1, 0);
  for (const Edge& e : g.edges) {
    ++offsets_[e.source + 1];
    if (e.target != e.source) ++offsets_[e.target + 1];
  }
  for (size_t i = 0; i < n; ++i) offsets_[i + 1] += offsets_[i];
  edges_.resize(offsets_[n]);
  std::vector<uint32_t> fill(offsets_.begin(), offsets_.end() - 1);
  for (uint32_t i = 0; i < g.edges.size(); ++i) {  // ascending: each list is sorted
    const Edge& e = g.edges[i];
    edges_[fill[e.source]++] = i;
    if (e.target != e.source) edges_[fill[e.target]++] = i;
  }
}

bool EdgeFilter::KeepsDates(const Graph& g, const Edge& e) const {
  if (since.empty() && until.empty()) return true;
  std::string_view first = g.FirstDate(e), last = g.LastDate(e);
  if (first.empty()) return false;
  if (!since.empty() && CompareDate(last, since) < 0) return false;
  if (!until.empty() && CompareDate(first, until) > 0) return false;
  return true;
}

// ---- neighbours -----------------------------------------------------------------------------

std::vector<NeighbourEdge> Neighbours(const QueryIndex& ix, uint32_t node, uint32_t depth,
                                      const EdgeFilter& filter) {
  const Graph& g = ix.graph();
  std::vector<NeighbourEdge> out;
  std::unordered_map<uint32_t, uint32_t> dist{{node, 0}};  // sparse: a query touches few nodes
  std::unordered_map<uint32_t, bool> taken;
  std::vector<uint32_t> frontier{node};
  for (uint32_t d = 1; d <= depth && !frontier.empty(); ++d) {
    std::vector<uint32_t> next;
    for (uint32_t u : frontier) {
      for (uint32_t ei : ix.Incident(u)) {
        if (taken.count(ei)) continue;
        const Edge& e = g.edges[ei];
        if (!filter.relation.MatchesKey(g.relations[e.relation].key)) continue;
        if (!filter.KeepsDates(g, e)) continue;
        uint32_t v = ix.Other(ei, u);
        if (!filter.type.empty()) {
          if (v != node && g.nodes[v].type != filter.type) continue;
          if (u != node && g.nodes[u].type != filter.type) continue;
        }
        taken.emplace(ei, true);
        out.push_back({ei, d, u, v});
        if (dist.emplace(v, d).second) next.push_back(v);
      }
    }
    frontier = std::move(next);
  }
  std::sort(out.begin(), out.end(), [&](const NeighbourEdge& x, const NeighbourEdge& y) {
    if (x.depth != y.depth) return x.depth < y.depth;
    if (g.edges[x.edge].weight != g.edges[y.edge].weight) return g.edges[x.edge].weight > g.edges[y.edge].weight;
    return x.edge < y.edge;
  });
  return out;
}

// ---- paths ----------------------------------------------------------------------------------

namespace {

// The distinct neighbours of `u` one step closer to the target, ascending, each with the best
// edge joining them and how many edges do.
struct Step {
  uint32_t node, edge, parallel;
};
std::vector<Step> Closer(const QueryIndex& ix, const std::vector<uint32_t>& dist, uint32_t u) {
  std::vector<Step> steps;
  for (uint32_t ei : ix.Incident(u)) {
    uint32_t v = ix.Other(ei, u);
    if (dist[v] == kNone || dist[v] + 1 != dist[u]) continue;
    steps.push_back({v, ei, 1});
  }
  std::sort(steps.begin(), steps.end(), [&](const Step& x, const Step& y) {
    if (x.node != y.node) return x.node < y.node;
    return BetterEdge(ix.graph(), x.edge, y.edge);
  });
  std::vector<Step> out;
  for (const Step& s : steps) {
    if (!out.empty() && out.back().node == s.node) {
      ++out.back().parallel;
      continue;
    }
    out.push_back(s);
  }
  return out;
}

}  // namespace

PathAnswer ShortestPaths(const QueryIndex& ix, uint32_t a, uint32_t b, uint32_t max_len, bool all,
                         size_t limit) {
  const Graph& g = ix.graph();
  PathAnswer answer;
  if (a == b || max_len == 0) return answer;
  // Breadth first from b: dist[v] = hops from v to b; stop once a is reached (every level
  // before a's is then complete, which is all the walk from a needs).
  std::vector<uint32_t> dist(g.nodes.size(), kNone);
  std::vector<uint32_t> queue{b};
  dist[b] = 0;
  for (size_t head = 0; head < queue.size() && dist[a] == kNone; ++head) {
    uint32_t u = queue[head];
    if (dist[u] >= max_len) break;
    for (uint32_t ei : ix.Incident(u)) {
      uint32_t v = ix.Other(ei, u);
      if (dist[v] != kNone) continue;
      dist[v] = dist[u] + 1;
      queue.push_back(v);
    }
  }
  if (dist[a] == kNone) return answer;
  if (limit == 0) limit = 1;
  // Depth first from a over neighbours one step closer to b, in node order: paths come out
  // in the order of their node ids.
  Path current;
  struct Frame {
    uint32_t node;
    std::vector<Step> steps;
    size_t next = 0;
  };
  std::vector<Frame> stack;
  stack.push_back({a, Closer(ix, dist, a)});
  while (!stack.empty()) {
    Frame& f = stack.back();
    if (f.next == f.steps.size()) {
      stack.pop_back();
      if (!current.empty()) current.pop_back();
      continue;
    }
    const Step s = f.steps[f.next++];
    const Edge& e = g.edges[s.edge];
    current.push_back({f.node, s.node, s.edge, e.source == f.node && e.target == s.node, s.parallel});
    if (s.node == b) {
      if (answer.paths.size() == limit) {
        answer.truncated = true;
        break;
      }
      answer.paths.push_back(current);
      if (!all) break;
      current.pop_back();
      continue;
    }
    stack.push_back({s.node, Closer(ix, dist, s.node)});
  }
  return answer;
}

uint32_t BestEvidence(const Graph& g, const Edge& e) {
  std::span<const uint32_t> ev = g.EvidenceOf(e);
  uint32_t best = ev.empty() ? kNone : ev[0];
  int best_rank = -1;
  double best_conf = -1;
  for (uint32_t m : ev) {
    EvidenceView v = g.Evidence(m);
    int rank = (!v.negated() ? 4 : 0) + (!v.hedged() ? 2 : 0) + (!v.sentence.empty() ? 1 : 0);
    if (rank > best_rank || (rank == best_rank && v.confidence > best_conf)) {
      best = m;
      best_rank = rank;
      best_conf = v.confidence;
    }
  }
  return best;
}

// ---- edges and timelines --------------------------------------------------------------------

std::vector<uint32_t> MatchEdges(const Graph& g, const Pattern& subject, const Pattern& relation,
                                 const Pattern& object) {
  std::vector<char> subj(g.nodes.size(), 1), obj(g.nodes.size(), 1);
  if (!subject.any())
    for (size_t i = 0; i < g.nodes.size(); ++i) subj[i] = subject.MatchesNode(g.nodes[i]);
  if (!object.any())
    for (size_t i = 0; i < g.nodes.size(); ++i) obj[i] = object.MatchesNode(g.nodes[i]);
  std::vector<char> rel(g.relations.size(), 1);
  for (size_t r = 0; r < g.relations.size(); ++r) rel[r] = relation.MatchesKey(g.relations[r].key);
  std::vector<uint32_t> out;
  for (uint32_t i = 0; i < g.edges.size(); ++i) {
    const Edge& e = g.edges[i];
    if (subj[e.source] && rel[e.relation] && obj[e.target]) out.push_back(i);
  }
  return out;
}

std::vector<uint32_t> Timeline(const QueryIndex& ix, uint32_t node, const EdgeFilter& filter) {
  const Graph& g = ix.graph();
  std::vector<uint32_t> out;
  for (uint32_t ei : ix.Incident(node)) {
    const Edge& e = g.edges[ei];
    if (!filter.relation.MatchesKey(g.relations[e.relation].key) || !filter.KeepsDates(g, e)) continue;
    if (!filter.type.empty() && g.nodes[ix.Other(ei, node)].type != filter.type) continue;
    out.push_back(ei);
  }
  std::sort(out.begin(), out.end(), [&](uint32_t x, uint32_t y) {
    std::string_view fx = g.FirstDate(g.edges[x]), fy = g.FirstDate(g.edges[y]);
    if (fx.empty() != fy.empty()) return fy.empty();
    if (fx != fy) return fx < fy;
    std::string_view lx = g.LastDate(g.edges[x]), ly = g.LastDate(g.edges[y]);
    if (lx != ly) return lx < ly;
    return x < y;
  });
  return out;
}

// ---- subgraphs ------------------------------------------------------------------------------

Store SubgraphStore(const Graph& g, std::span<const uint32_t> edges) {
  // The rule that merged a form into a node, by "node id \x1f form".
  std::unordered_map<std::string, std::string> rule;
  for (const MergeRecord& m : g.merges) rule.emplace(m.into + '\x1f' + m.surface, m.rule);
  auto side = [&](const Node& n, std::string_view written, std::string_view form,
                  std::string_view form_rule, std::string& name, std::string& type,
                  std::string& out_form, std::string& out_rule) {
    name = n.label;
    type = n.type;
    if (!form.empty()) {  // resolution already renamed it: keep the words and the rule
      out_form = form;
      out_rule = form_rule;
    } else if (written != n.label) {
      out_form = written;
      auto it = rule.find(n.id + '\x1f' + std::string(written));
      out_rule = it != rule.end() ? it->second : "name-key";
    } else {
      out_form.clear();
      out_rule.clear();
    }
  };
  Store store;
  TripleInput t;
  auto pos = [](uint32_t v) { return v == Store::Mention::kNone ? int64_t{-1} : int64_t{v}; };
  for (uint32_t ei : edges) {
    const Edge& e = g.edges[ei];
    for (uint32_t m : g.EvidenceOf(e)) {
      EvidenceView v = g.Evidence(m);
      side(g.nodes[e.source], v.subject_text, v.subject_form, v.subject_rule, t.subject, t.subject_type,
           t.subject_form, t.subject_rule);
      side(g.nodes[e.target], v.object_text, v.object_form, v.object_rule, t.object, t.object_type,
           t.object_form, t.object_rule);
      t.relation = v.relation_text;
      t.confidence = v.confidence;
      t.source = v.source;
      t.date = v.date;
      t.sentence = v.sentence;
      t.extractor = v.extractor;
      t.sentence_index = pos(v.sentence_index);
      t.char_begin = pos(v.char_begin);
      t.char_end = pos(v.char_end);
      t.flags = v.flags;
      t.speaker = v.speaker;
      // Every field comes from a valid mention of a store: Add cannot refuse it.
      (void)store.Add(t);
    }
  }
  return store;
}

GraphOptions SubgraphOptions(const Graph& g, std::span<const uint32_t> edges, const GraphOptions& full) {
  GraphOptions o;
  o.cross_document = full.cross_document;
  o.relations = full.relations;
  o.schema_only = full.schema_only;
  o.event_window = full.event_window;
  std::vector<uint32_t> nodes;
  for (uint32_t ei : edges) {
    nodes.push_back(g.edges[ei].source);
    nodes.push_back(g.edges[ei].target);
  }
  std::sort(nodes.begin(), nodes.end());
  nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
  for (uint32_t i : nodes) {
    const Node& n = g.nodes[i];
    if (n.canonical_id.empty()) continue;
    AliasEntry a;
    a.form = n.label;
    a.id = n.canonical_id;
    a.iri = n.same_as;
    a.label = n.label;
    a.type = n.type;
    o.aliases.push_back(std::move(a));
  }
  return o;
}

std::vector<uint32_t> InducedEdges(const QueryIndex& ix, std::span<const uint32_t> nodes) {
  std::vector<uint32_t> out;
  for (uint32_t u : nodes)
    for (uint32_t ei : ix.Incident(u))
      if (std::binary_search(nodes.begin(), nodes.end(), ix.Other(ei, u))) out.push_back(ei);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace relata
