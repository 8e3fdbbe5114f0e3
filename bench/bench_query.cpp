// bench_query: how fast relata query answers on a large synthetic store (docs/query.md).
//
//   bench_query [--triples N] [--seed S] [--queries Q] [--store FILE] [--no-betweenness]
//
// Makes N news-like triple mentions (Zipf-distributed entities and relations, the idea of
// bench_export's generator, written small here), saves the store to FILE (default a
// temporary file), then measures what relata query does after it: Store::Load, Graph::Build,
// the QueryIndex, the entity lookup and neighbours query (median and worst of Q random
// entities, and the busiest entity), a shortest path, top by degree and by PageRank. The data
// depends only on N and the seed (splitmix64, no <random> distributions).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "bench/bench_rng.h"
#include "relata/graph.h"
#include "relata/query.h"
#include "relata/store.h"

namespace {

using Clock = std::chrono::steady_clock;
double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

using relata::bench::Rng;

constexpr const char* kSyllables[16] = {"ka", "lo", "mi", "ra", "ten", "vo", "shi", "bar",
                                        "del", "quo", "zen", "ma", "ri", "no", "sa", "tu"};
constexpr const char* kGiven[8] = {"Anna", "Omar", "Li", "Grace", "Kwame", "Mei", "Ivan", "Priya"};
constexpr const char* kTypes[4] = {"PERSON", "ORG", "GPE", "LOC"};
constexpr const char* kVerbs[25] = {"meet", "sign", "criticize", "support", "accuse", "visit", "train",
                                    "arrest", "elect", "appoint", "fund", "sue", "attack", "praise",
                                    "warn", "join", "leave", "lead", "reject", "approve", "ban",
                                    "buy", "sell", "hire", "host"};

std::string Word(uint32_t i) {
  std::string w;
  uint64_t v = uint64_t{i} + 17;
  while (v > 0) {
    v -= 1;
    w += kSyllables[v % 16];
    v /= 16;
  }
  w[0] = static_cast<char>(w[0] - 'a' + 'A');
  return w;
}

struct Entity {
  std::string name, type;
};

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t triples = 1'000'000, seed = 42, queries = 1000;
  std::string store_path;
  bool betweenness = true;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "bench_query: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--triples") triples = std::strtoull(next(), nullptr, 10);
    else if (a == "--seed") seed = std::strtoull(next(), nullptr, 10);
    else if (a == "--queries") queries = std::strtoull(next(), nullptr, 10);
    else if (a == "--store") store_path = next();
    else if (a == "--no-betweenness") betweenness = false;
    else {
      std::fprintf(stderr, "usage: bench_query [--triples N] [--seed S] [--queries Q] [--store FILE] [--no-betweenness]\n");
      return 2;
    }
  }
  if (triples < 100 || queries == 0) {
    std::fprintf(stderr, "bench_query: --triples must be at least 100 and --queries at least 1\n");
    return 2;
  }
  const bool temp = store_path.empty();
  if (temp) store_path = (std::filesystem::temp_directory_path() / "relata-bench-query.store").string();

  // ---- generate and save ----
  auto t0 = Clock::now();
  {
    Rng rng(seed);
    const uint32_t n_entities = static_cast<uint32_t>(std::max<uint64_t>(100, triples / 10));
    std::vector<Entity> ents(n_entities);
    for (uint32_t i = 0; i < n_entities; ++i) {
      uint32_t k = static_cast<uint32_t>((i * 2654435761u) >> 28) % 4;
      ents[i].type = kTypes[k];
      ents[i].name = k == 0 ? std::string(kGiven[i % 8]) + " " + Word(i) : Word(i);
    }
    relata::Store store;
    relata::TripleInput t;
    t.extractor = "bench";
    const uint64_t articles = std::max<uint64_t>(1, triples / 20);
    for (uint64_t i = 0; i < triples; ++i) {
      uint64_t art = i * articles / triples;
      // Half the subjects are frequent (Zipf), half spread evenly: many distinct edges.
      uint32_t s = (i & 1) ? rng.Zipf(n_entities) : rng.Below(n_entities);
      uint32_t o = rng.Below(n_entities);
      if (o == s) o = (o + 1) % n_entities;
      t.subject = ents[s].name;
      t.subject_type = ents[s].type;
      t.object = ents[o].name;
      t.object_type = ents[o].type;
      t.relation = kVerbs[rng.Zipf(25)];
      t.confidence = static_cast<double>(50 + rng.Below(51)) / 100.0;
      t.source = "https://news.example.org/a/" + std::to_string(art);
      char date[16];
      std::snprintf(date, sizeof date, "20%02u-%02u-%02u", static_cast<unsigned>(20 + art % 5),
                    static_cast<unsigned>(1 + art % 12), static_cast<unsigned>(1 + art % 28));
      t.date = (art % 40 == 0) ? "" : date;
      t.sentence = t.subject + " " + t.relation + " " + t.object + " on " + t.date + ".";
      if (relata::Status st = store.Add(t); !st.ok()) {
        std::fprintf(stderr, "bench_query: %s\n", st.message().c_str());
        return 1;
      }
    }
    if (relata::Status st = store.Save(store_path); !st.ok()) {
      std::fprintf(stderr, "bench_query: %s\n", st.message().c_str());
      return 1;
    }
  }
  std::printf("generated and saved %llu mentions in %.2f s (%s)\n", static_cast<unsigned long long>(triples),
              Seconds(t0), store_path.c_str());

  // ---- load: what relata query does before answering ----
  t0 = Clock::now();
  auto store = relata::Store::Load(store_path);
  if (!store.ok()) {
    std::fprintf(stderr, "bench_query: %s\n", store.status().message().c_str());
    return 1;
  }
  const double t_load = Seconds(t0);
  t0 = Clock::now();
  relata::Graph g = relata::Graph::Build(*store);
  const double t_build = Seconds(t0);
  t0 = Clock::now();
  relata::QueryIndex ix(g);
  const double t_index = Seconds(t0);
  std::printf("graph: %zu entities, %zu edges, %zu relations\n", g.nodes.size(), g.edges.size(), g.relations.size());
  std::printf("load: Store::Load %.3f s + Graph::Build %.3f s + QueryIndex %.3f s = %.3f s\n", t_load, t_build,
              t_index, t_load + t_build + t_index);

  // ---- neighbours: lookup by label + neighbours at depth 1 ----
  Rng pick(seed ^ 0x9E37);
  std::vector<double> lookup_ms, neigh_ms;
  size_t rows = 0;
  for (uint64_t q = 0; q < queries; ++q) {
    const relata::Node& n = g.nodes[pick.Below(g.nodes.size())];
    auto a = Clock::now();
    auto found = relata::FindEntity(g, n.label);
    lookup_ms.push_back(Seconds(a) * 1e3);
    if (!found.ok()) continue;  // a label two nodes share: the lookup's answer is the error
    a = Clock::now();
    rows += relata::Neighbours(ix, *found, 1, {}).size();
    neigh_ms.push_back(Seconds(a) * 1e3);
  }
  std::printf("neighbours (depth 1) of %zu random entities: median %.3f ms, worst %.3f ms (%zu edges in all)\n",
              neigh_ms.size(), Median(neigh_ms), neigh_ms.empty() ? 0 : *std::max_element(neigh_ms.begin(), neigh_ms.end()),
              rows);
  std::printf("entity lookup by label: median %.3f ms, worst %.3f ms\n", Median(lookup_ms),
              *std::max_element(lookup_ms.begin(), lookup_ms.end()));
  uint32_t hub = 0;
  for (uint32_t v = 0; v < g.nodes.size(); ++v)
    if (ix.Incident(v).size() > ix.Incident(hub).size()) hub = v;
  auto a = Clock::now();
  size_t hub_rows = relata::Neighbours(ix, hub, 1, {}).size();
  std::printf("neighbours of the busiest entity (%s, %zu edges): %.3f ms\n", g.nodes[hub].id.c_str(), hub_rows,
              Seconds(a) * 1e3);
  relata::EdgeFilter dated;
  dated.since = "2022-01-01";
  dated.until = "2022-06-30";
  std::vector<double> filtered_ms;
  Rng pick2(seed ^ 0x51);
  for (uint64_t q = 0; q < queries; ++q) {
    a = Clock::now();
    relata::Neighbours(ix, pick2.Below(g.nodes.size()), 2, dated);
    filtered_ms.push_back(Seconds(a) * 1e3);
  }
  std::printf("neighbours --depth 2 --since 2022-01-01 --until 2022-06-30: median %.3f ms\n", Median(filtered_ms));

  // ---- path ----
  std::vector<double> path_ms;
  Rng pick3(seed ^ 0x77);
  for (int q = 0; q < 20; ++q) {
    uint32_t x = pick3.Below(g.nodes.size()), y = pick3.Below(g.nodes.size());
    a = Clock::now();
    relata::ShortestPaths(ix, x, y, 6, false, 1);
    path_ms.push_back(Seconds(a) * 1e3);
  }
  std::printf("path between random entities: median %.3f ms of 20\n", Median(path_ms));

  // ---- top ----
  for (auto [name, c] : {std::pair{"degree", relata::Centrality::kDegree},
                         std::pair{"pagerank", relata::Centrality::kPageRank}}) {
    a = Clock::now();
    auto score = relata::ComputeCentrality(ix, c);
    auto top = relata::TopNodes(g, *score, "", 10);
    std::printf("top --by %s -n 10: %.3f s (first: %s)\n", name, Seconds(a), g.nodes[top[0]].id.c_str());
  }
  if (betweenness) {
    a = Clock::now();
    auto score = relata::ComputeCentrality(ix, relata::Centrality::kBetweenness);
    if (score.ok()) std::printf("top --by betweenness: %.3f s\n", Seconds(a));
    else std::printf("top --by betweenness: refused in %.3f s: %s\n", Seconds(a), score.status().message().c_str());
  }
  if (temp) std::filesystem::remove(store_path);
  return 0;
}
