#include "relata/graph.h"

#include <algorithm>

#include <boost/iterator/transform_iterator.hpp>
#include <cstdio>
#include <map>
#include <numeric>
#include <tuple>
#include <unordered_map>

#include "relata/text.h"
#include "relata/types.h"

namespace relata {
namespace {

// Picks the display form among surface forms with their counts: the most frequent, then
// the one with more capitals (proper case beats "nato"), then byte order.
std::string_view BestSurface(const std::vector<std::pair<std::string_view, uint32_t>>& forms) {
  auto capitals = [](std::string_view s) {
    return std::count_if(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  };
  std::string_view best;
  uint32_t best_n = 0;
  long best_caps = -1;
  for (const auto& [s, n] : forms) {
    long caps = capitals(s);
    if (n > best_n || (n == best_n && (caps > best_caps || (caps == best_caps && s < best)))) {
      best = s;
      best_n = n;
      best_caps = caps;
    }
  }
  return best;
}

// "prefix" + the first 14 hex digits of the hash of `basis`: 15 characters, which
// std::string holds without a heap allocation.
std::string ShortId(char prefix, std::string_view basis) {
  std::string id(1, prefix);
  id.append(Hex64(StableHash(basis)), 0, 14);
  return id;
}

// (Built by append: GCC 12 warns falsely (-Wrestrict) on chains of operator+.)
std::string Join(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) out.append(p);
  return out;
}

bool IsHttpIri(std::string_view s) {
  if (s.rfind("http://", 0) != 0 && s.rfind("https://", 0) != 0) return false;
  for (unsigned char c : s)
    if (c <= 0x20 || c == 0x7F || std::string_view("<>\"{}|^`\\").find(static_cast<char>(c)) !=
                                      std::string_view::npos)
      return false;
  return true;
}

}  // namespace

static_assert(sizeof(Edge) == 40, "an edge's size is part of relata's memory budget");

EvidenceView Graph::Evidence(uint32_t mention) const {
  const Store::Mention& m = store_->mentions()[mention];
  const Store::Extra& x = store_->extra(m);
  return EvidenceView{store_->str(m.source),   mention_document_[mention], store_->str(m.date),
                      store_->str(m.sentence), store_->str(m.extractor),   store_->str(m.subject),
                      store_->str(m.relation), store_->str(m.object),      m.confidence,
                      x.sentence_index,        x.char_begin,               x.char_end,
                      x.flags,                 store_->str(x.speaker),
                      store_->str(x.subject_form), store_->str(x.subject_rule),
                      store_->str(x.object_form), store_->str(x.object_rule)};
}

std::string Graph::MentionId(uint32_t mention) const {
  const Store::Mention& m = store_->mentions()[mention];
  std::string basis;
  for (uint32_t f : {m.subject, m.subject_type, m.relation, m.object, m.object_type, m.source,
                     m.date, m.sentence, m.extractor}) {
    basis += store_->str(f);
    basis += '\x1f';
  }
  char conf[32];
  int n = std::snprintf(conf, sizeof conf, "%.17g", m.confidence);
  basis.append(conf, static_cast<size_t>(n));
  if (m.extra != 0) {  // any field of store format 2 given
    const Store::Extra& x = store_->extra(m);
    char pos[64];
    n = std::snprintf(pos, sizeof pos, "\x1f%u\x1f%u\x1f%u\x1f%u\x1f", x.sentence_index,
                      x.char_begin, x.char_end, static_cast<unsigned>(x.flags));
    basis.append(pos, static_cast<size_t>(n));
    basis += store_->str(x.speaker);
  }
  return ShortId('m', basis);
}

std::string Graph::EdgeId(const Edge& e) const {
  std::string basis = nodes[e.source].id;
  basis += '\x1f';
  basis += relations[e.relation].key;
  basis += '\x1f';
  basis += nodes[e.target].id;
  return ShortId('e', basis);
}

std::vector<uint32_t> Graph::DocumentsOf(const Edge& e) const {
  std::vector<uint32_t> docs;
  for (uint32_t m : EvidenceOf(e))
    if (docs.empty() || docs.back() != mention_document_[m]) docs.push_back(mention_document_[m]);
  return docs;
}

std::string_view Graph::FirstDate(const Edge& e) const { return store_->str(e.first_date); }
std::string_view Graph::LastDate(const Edge& e) const { return store_->str(e.last_date); }

Graph Graph::Build(const Store& store) {
  Graph g;
  g.store_ = &store;
  const auto& ms = store.mentions();
  const uint32_t n_mentions = static_cast<uint32_t>(ms.size());

  // 1. Name keys of every surface form used as subject or object; relation keys likewise.
  std::unordered_map<uint32_t, uint32_t> key_of;  // surface string id -> key index
  std::vector<std::string> keys;
  std::unordered_map<std::string, uint32_t> key_index;
  auto name_key = [&](uint32_t sid) {
    auto it = key_of.find(sid);
    if (it != key_of.end()) return it->second;
    std::string k = NameKey(store.str(sid));
    auto [kit, fresh] = key_index.emplace(std::move(k), static_cast<uint32_t>(keys.size()));
    if (fresh) keys.push_back(kit->first);
    key_of.emplace(sid, kit->second);
    return kit->second;
  };

  // 2. Raw entities: (key, type string id).
  std::map<std::pair<uint32_t, std::string_view>, uint32_t> raw_index;
  struct Raw { uint32_t key; std::string_view type; };
  std::vector<Raw> raws;
  auto raw_entity = [&](uint32_t surface, uint32_t type) {
    uint32_t k = name_key(surface);
    std::string_view t = store.str(type);
    auto [it, fresh] = raw_index.emplace(std::make_pair(k, t), static_cast<uint32_t>(raws.size()));
    if (fresh) raws.push_back({k, t});
    return it->second;
  };
  std::vector<uint32_t> subj_raw(n_mentions), obj_raw(n_mentions);
  for (uint32_t i = 0; i < n_mentions; ++i) {
    subj_raw[i] = raw_entity(ms[i].subject, ms[i].subject_type);
    obj_raw[i] = raw_entity(ms[i].object, ms[i].object_type);
  }

  // 3. Fold untyped names into the one typed entity with the same key, if there is one.
  std::vector<uint32_t> typed_count(keys.size(), 0), typed_raw(keys.size(), 0);
  for (uint32_t r = 0; r < raws.size(); ++r)
    if (!raws[r].type.empty()) { ++typed_count[raws[r].key]; typed_raw[raws[r].key] = r; }
  for (uint32_t k = 0; k < keys.size(); ++k) g.type_conflicts += typed_count[k] > 1;
  std::vector<uint32_t> target(raws.size());
  for (uint32_t r = 0; r < raws.size(); ++r)
    target[r] = (raws[r].type.empty() && typed_count[raws[r].key] == 1) ? typed_raw[raws[r].key] : r;

  // 4. Final entities, their ids, sorted by id.
  std::vector<uint32_t> finals;
  for (uint32_t r = 0; r < raws.size(); ++r)
    if (target[r] == r) finals.push_back(r);
  std::vector<std::string> ids(raws.size());
  for (uint32_t r : finals) {
    std::string type_part = TypeIdPart(raws[r].type), slug = Slug(keys[raws[r].key]);
    ids[r] = Join({type_part, ":", slug});
  }
  std::sort(finals.begin(), finals.end(), [&](uint32_t a, uint32_t b) { return ids[a] < ids[b]; });
  std::vector<uint32_t> node_of(raws.size());
  g.nodes.resize(finals.size());
  for (uint32_t i = 0; i < finals.size(); ++i) {
    uint32_t r = finals[i];
    node_of[r] = i;
    Node& n = g.nodes[i];
    n.id = ids[r];
    n.type = std::string(raws[r].type);
    size_t colon = n.id.find(':');
    std::string_view id = n.id;
    n.iri_path = Join({"entity/", id.substr(0, colon), "/", id.substr(colon + 1)});
  }
  for (uint32_t r = 0; r < raws.size(); ++r) node_of[r] = node_of[target[r]];

  // 5. Documents, sorted by name.
  std::map<std::string_view, uint32_t> doc_index;
  for (const auto& m : ms) doc_index.emplace(store.str(m.source), 0);
  for (auto& [name, idx] : doc_index) {
    idx = static_cast<uint32_t>(g.documents.size());
    SourceDocument d;
    d.name = std::string(name);
    if (IsHttpIri(name)) d.iri = d.name;
    // From the name as given: "A.tsv" and "a.tsv" are two sources and need two IRIs.
    d.slug = Slug(name);
    g.documents.push_back(std::move(d));
  }
  g.mention_document_.resize(n_mentions);
  for (uint32_t i = 0; i < n_mentions; ++i) {
    uint32_t d = doc_index[store.str(ms[i].source)];
    g.mention_document_[i] = d;
    SourceDocument& doc = g.documents[d];
    ++doc.mentions;
    std::string_view date = store.str(ms[i].date);
    if (!date.empty()) {
      if (doc.first_date.empty() || date < doc.first_date) doc.first_date = std::string(date);
      if (doc.last_date.empty() || date > doc.last_date) doc.last_date = std::string(date);
    }
  }

  // 6. Node labels, aliases, mention counts, documents. Uses are sorted as integers (node,
  // surface string id, document): 12 bytes each instead of string views.
  {
    struct NodeUse { uint32_t node, surface, doc; };
    std::vector<NodeUse> uses;
    uses.reserve(2 * size_t{n_mentions});
    for (uint32_t i = 0; i < n_mentions; ++i) {
      uint32_t s = node_of[subj_raw[i]], o = node_of[obj_raw[i]];
      uses.push_back({s, ms[i].subject, g.mention_document_[i]});
      if (o != s) uses.push_back({o, ms[i].object, g.mention_document_[i]});
      else if (ms[i].object != ms[i].subject)  // same node, another spelling: an alias too
        uses.push_back({o, ms[i].object, UINT32_MAX});
      ++g.nodes[s].mentions;
      if (o != s) ++g.nodes[o].mentions;
    }
    std::sort(uses.begin(), uses.end(), [](const NodeUse& x, const NodeUse& y) {
      return std::tie(x.node, x.surface, x.doc) < std::tie(y.node, y.surface, y.doc);
    });
    std::vector<std::pair<std::string_view, uint32_t>> forms;
    for (size_t i = 0; i < uses.size();) {
      uint32_t node = uses[i].node;
      forms.clear();
      std::vector<uint32_t>& docs = g.nodes[node].documents;
      size_t j = i;
      uint32_t last_surface = UINT32_MAX;
      for (; j < uses.size() && uses[j].node == node; ++j) {
        if (uses[j].surface != last_surface) forms.emplace_back(store.str(uses[j].surface), 0);
        last_surface = uses[j].surface;
        ++forms.back().second;
        if (uses[j].doc != UINT32_MAX) docs.push_back(uses[j].doc);
      }
      std::sort(docs.begin(), docs.end());
      docs.erase(std::unique(docs.begin(), docs.end()), docs.end());
      std::sort(forms.begin(), forms.end());  // aliases in byte order
      Node& n = g.nodes[node];
      n.label = std::string(BestSurface(forms));
      for (const auto& f : forms)
        if (f.first != n.label) n.aliases.emplace_back(f.first);
      i = j;
    }
  }

  // 7. Merge records: every untyped surface form folded into a typed entity.
  for (uint32_t i = 0; i < n_mentions; ++i) {
    for (auto [raw, surface] : {std::pair{subj_raw[i], ms[i].subject}, std::pair{obj_raw[i], ms[i].object}}) {
      if (target[raw] != raw)
        g.merges.push_back({std::string(store.str(surface)), g.nodes[node_of[raw]].id,
                            "untyped-name-matches-one-typed-entity"});
    }
  }
  std::sort(g.merges.begin(), g.merges.end(), [](const MergeRecord& a, const MergeRecord& b) {
    return std::tie(a.into, a.surface, a.rule) < std::tie(b.into, b.surface, b.rule);
  });
  g.merges.erase(std::unique(g.merges.begin(), g.merges.end(),
                             [](const MergeRecord& a, const MergeRecord& b) {
                               return a.into == b.into && a.surface == b.surface && a.rule == b.rule;
                             }),
                 g.merges.end());

  // The name tables are done with: free them before the edges are built (the peak).
  key_of = {};
  key_index = {};
  keys = {};
  raw_index = {};
  raws = {};
  target = {};
  typed_count = {};
  typed_raw = {};
  ids = {};
  finals = {};

  // 8. Relations, sorted by key, labelled by their most frequent surface form.
  std::unordered_map<uint32_t, uint32_t> rel_of_surface;
  std::map<std::string, std::map<std::string_view, uint32_t>> rel_forms;
  for (const auto& m : ms) {
    if (rel_of_surface.emplace(m.relation, 0).second) rel_forms[RelationKey(store.str(m.relation))];
  }
  std::unordered_map<uint32_t, std::string> rel_key_of;
  for (auto& [sid, unused] : rel_of_surface) rel_key_of[sid] = RelationKey(store.str(sid));
  for (const auto& m : ms) ++rel_forms[rel_key_of[m.relation]][store.str(m.relation)];
  std::map<std::string_view, uint32_t> rel_index;
  for (auto& [key, forms] : rel_forms) {
    rel_index[key] = static_cast<uint32_t>(g.relations.size());
    std::vector<std::pair<std::string_view, uint32_t>> fv(forms.begin(), forms.end());
    g.relations.push_back({key, std::string(BestSurface(fv)), NcNameSlug(key)});
  }
  for (auto& [sid, idx] : rel_of_surface) idx = rel_index[rel_key_of[sid]];

  // 9. Edges: group mentions by (subject node, relation, object node); both vectors are
  // sorted by id and key, so sorting by index gives the documented order.
  struct Use { uint32_t s, r, o, m; };
  std::vector<Use> edge_uses(n_mentions);
  for (uint32_t i = 0; i < n_mentions; ++i)
    edge_uses[i] = {node_of[subj_raw[i]], rel_of_surface[ms[i].relation], node_of[obj_raw[i]], i};
  subj_raw = {};
  obj_raw = {};
  auto ev_less = [&](uint32_t a, uint32_t b) {
    const auto &x = ms[a], &y = ms[b];
    auto key = [&](const Store::Mention& m) {
      const Store::Extra& e = store.extra(m);
      return std::make_tuple(store.str(m.source), store.str(m.date), store.str(m.sentence),
                             store.str(m.extractor), store.str(m.subject), store.str(m.relation),
                             store.str(m.object), m.confidence, e.sentence_index, e.char_begin,
                             e.char_end, e.flags, store.str(e.speaker));
    };
    return key(x) < key(y);
  };
  std::sort(edge_uses.begin(), edge_uses.end(), [&](const Use& a, const Use& b) {
    if (a.s != b.s) return a.s < b.s;
    if (a.r != b.r) return a.r < b.r;
    if (a.o != b.o) return a.o < b.o;
    return ev_less(a.m, b.m);
  });
  g.edge_evidence_.reserve(n_mentions);
  for (const Use& u : edge_uses) g.edge_evidence_.push_back(u.m);
  auto same_edge = [&](uint32_t x, uint32_t y) {
    return edge_uses[x].s == edge_uses[y].s && edge_uses[x].r == edge_uses[y].r &&
           edge_uses[x].o == edge_uses[y].o;
  };
  size_t n_edges = 0;
  for (uint32_t i = 0; i < n_mentions; ++i) n_edges += i == 0 || !same_edge(i - 1, i);
  g.edges.resize(n_edges);
  size_t e = 0;
  for (uint32_t i = 0; i < n_mentions; ++e) {
    uint32_t j = i + 1;
    while (j < n_mentions && same_edge(i, j)) ++j;
    const Use u = edge_uses[i];
    Edge& edge = g.edges[e];
    edge.source = u.s;
    edge.relation = u.r;
    edge.target = u.o;
    edge.weight = j - i;
    edge.evidence_begin = i;
    edge.confidence = 0;
    edge.all_flags = TripleInput::kAllFlags;
    std::string_view first, last;
    for (uint32_t k = i; k < j; ++k) {
      const Store::Mention& m = ms[edge_uses[k].m];
      edge.confidence = std::max(edge.confidence, m.confidence);
      edge.all_flags &= store.extra(m).flags;
      std::string_view d = store.str(m.date);
      if (d.empty()) continue;
      if (first.empty() || d < first) { first = d; edge.first_date = m.date; }
      if (last.empty() || d > last) { last = d; edge.last_date = m.date; }
    }
    i = j;
  }
  edge_uses = {};

  // 10. The topology for graph algorithms (edges are sorted by source, as CSR needs).
  // (The arcs are read straight from `edges`: no temporary list.)
  auto arc = [](const Edge& x) { return std::pair<uint32_t, uint32_t>(x.source, x.target); };
  g.topology = Topology(boost::edges_are_sorted,
                        boost::make_transform_iterator(g.edges.begin(), arc),
                        boost::make_transform_iterator(g.edges.end(), arc),
                        static_cast<uint32_t>(g.nodes.size()));
  return g;
}

}  // namespace relata
