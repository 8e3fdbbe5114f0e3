#include "train/lm_classes.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <numeric>
#include <thread>

namespace relata::train {
namespace {

// The layout of Sphinx's trie format (version of 2015, as pocketsphinx-en-us ships it):
//   "Trie Language Model" (19 bytes), order (u8), the n-gram count of each order (u32 each);
//   when order > 1: a u32 (unused), then the quantisation tables of f32 values: for each
//   middle order (2 .. order-1) 65,536 probability bins and 65,536 back-off bins, then
//   65,536 probability bins of the highest order;
//   the unigrams, count[0] + 1 records of {f32 log prob, f32 log back-off, u32 first child};
//   for each middle order a bit-packed array of count + 1 entries, each {word id, 16-bit
//   back-off bin, 16-bit probability bin, index of the first child}, then the highest order's
//   {word id, 16-bit probability bin}; the fields have the fewest bits that hold the largest
//   word id and child index, and every array is padded with 8 bytes;
//   then a u32 byte count and the words, NUL-terminated, in id order.
// N-grams are stored in reverse: the children of unigram u are the words w that precede u,
// so the entry w under u is the bigram (w, u) with P(u | w). Log values are in units of
// log base 1.0001 (Sphinx's default log base).
constexpr char kMagic[] = "Trie Language Model";
constexpr size_t kBins = 65536;
const double kLogBaseToLog10 = std::log10(1.0001);

uint32_t RequiredBits(uint32_t max_value) {
  uint32_t bits = 0;
  while (max_value) {
    ++bits;
    max_value >>= 1;
  }
  return bits;
}

uint64_t PackedSize(uint64_t entries, uint32_t bits) { return ((1 + entries) * bits + 7) / 8 + 8; }

// Reads `bits` (<= 57) bits at bit offset `at` of little-endian packed data.
uint64_t ReadBits(const std::string& data, size_t base, uint64_t at, uint32_t bits) {
  uint64_t v = 0;
  std::memcpy(&v, data.data() + base + (at >> 3), 8);
  return (v >> (at & 7)) & ((uint64_t{1} << bits) - 1);
}

}  // namespace

Result<BigramLm> ReadSphinxTrieLm(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(path + ": cannot open");
  const std::string d((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto fail = [&](size_t at, const std::string& what) {
    return Status::Error(path + ": byte " + std::to_string(at) + ": " + what);
  };
  const size_t magic = sizeof kMagic - 1;
  if (d.size() < magic + 1 || d.compare(0, magic, kMagic) != 0) return fail(0, "not a Sphinx trie language model");
  const uint32_t order = static_cast<unsigned char>(d[magic]);
  if (order < 2 || order > 6) return fail(magic, "order " + std::to_string(order) + " (2 to 6 expected)");
  size_t at = magic + 1;
  auto u32 = [&](size_t p) {
    uint32_t v;
    std::memcpy(&v, d.data() + p, 4);
    return v;
  };
  if (d.size() < at + 4 * order + 4) return fail(d.size(), "truncated header");
  std::vector<uint32_t> counts(order);
  for (uint32_t i = 0; i < order; ++i, at += 4) counts[i] = u32(at);
  if (counts[0] == 0 || counts[1] == 0) return fail(magic + 1, "no unigrams or bigrams");
  at += 4;  // unused
  const size_t bigram_bins = at;  // probability bins of order 2 (a middle order when order > 2)
  const size_t tables = (order - 2) * 2 * kBins + kBins;
  const size_t unigrams = at + tables * 4;
  const size_t mid = unigrams + (static_cast<size_t>(counts[0]) + 1) * 12;
  // Sizes of the packed arrays, then the word list.
  const uint32_t word_bits = RequiredBits(counts[0]);
  size_t end = mid;
  for (uint32_t i = 1; i + 1 < order; ++i) end += PackedSize(counts[i], word_bits + 32 + RequiredBits(counts[i + 1]));
  end += PackedSize(counts[order - 1], word_bits + 16);
  if (d.size() < end + 4) return fail(d.size(), "truncated (the n-gram arrays need " + std::to_string(end + 4) + " bytes)");
  const uint32_t word_bytes = u32(end);
  if (d.size() != end + 4 + word_bytes)
    return fail(end, "word list of " + std::to_string(word_bytes) + " bytes does not end the file (" +
                         std::to_string(d.size()) + " bytes)");

  BigramLm lm;
  size_t p = end + 4;
  for (uint32_t i = 0; i < counts[0]; ++i) {
    const size_t z = d.find('\0', p);
    if (z == std::string::npos || z >= end + 4 + word_bytes) return fail(p, "word list shorter than the unigram count");
    lm.words.emplace_back(d, p, z - p);
    p = z + 1;
  }
  // The order-2 probability bins come first: those of the first middle order, or, in a
  // bigram model, those of the highest order.
  std::vector<float> bins_prob(kBins);
  std::memcpy(bins_prob.data(), d.data() + bigram_bins, kBins * 4);
  std::vector<uint32_t> first_child(counts[0] + 1);
  lm.unigram_log10.resize(counts[0]);
  for (uint32_t u = 0; u <= counts[0]; ++u) {
    float prob;
    std::memcpy(&prob, d.data() + unigrams + 12 * u, 4);
    if (u < counts[0]) lm.unigram_log10[u] = static_cast<float>(prob * kLogBaseToLog10);
    first_child[u] = u32(unigrams + 12 * u + 8);
    if (first_child[u] > counts[1] || (u > 0 && first_child[u] < first_child[u - 1]))
      return fail(unigrams + 12 * u + 8, "unigram " + std::to_string(u) + ": bad bigram index");
  }
  const uint32_t bits = order > 2 ? word_bits + 32 + RequiredBits(counts[2]) : word_bits + 16;
  const uint32_t prob_shift = order > 2 ? word_bits + 16 : word_bits;
  lm.bigrams.reserve(first_child[counts[0]]);
  for (uint32_t u = 0; u < counts[0]; ++u)
    for (uint32_t e = first_child[u]; e < first_child[u + 1]; ++e) {
      const uint64_t v = ReadBits(d, mid, static_cast<uint64_t>(e) * bits, std::min<uint32_t>(bits, 57));
      const uint32_t w = static_cast<uint32_t>(v & ((uint64_t{1} << word_bits) - 1));
      if (w >= counts[0]) return fail(mid + static_cast<size_t>(e) * bits / 8, "bigram with word id out of range");
      const uint32_t bin = static_cast<uint32_t>((v >> prob_shift) & 0xFFFF);
      lm.bigrams.push_back({w, u, static_cast<float>(bins_prob[bin] * kLogBaseToLog10)});
    }
  return lm;
}

std::vector<int> ExchangeClusters(const std::vector<WeightedBigram>& bigrams, size_t vocab, int classes,
                                  int passes) {
  const size_t K = static_cast<size_t>(classes), V = vocab;
  // Outgoing bigrams of each word, in input order.
  std::vector<size_t> start(V + 1, 0);
  for (const auto& b : bigrams) ++start[b.first + 1];
  std::partial_sum(start.begin(), start.end(), start.begin());
  std::vector<std::pair<uint32_t, double>> next(bigrams.size());
  {
    std::vector<size_t> fill(start.begin(), start.end() - 1);
    for (const auto& b : bigrams) next[fill[b.first]++] = {b.second, b.weight};
  }
  std::vector<int> cls(V);
  for (size_t w = 0; w < V; ++w) cls[w] = static_cast<int>(w % K);
  std::vector<double> n_cv(K * V, 0.0), n_c(K, 0.0), n_w(V, 0.0);
  for (size_t w = 0; w < V; ++w)
    for (size_t j = start[w]; j < start[w + 1]; ++j) {
      n_cv[static_cast<size_t>(cls[w]) * V + next[j].first] += next[j].second;
      n_c[static_cast<size_t>(cls[w])] += next[j].second;
      n_w[w] += next[j].second;
    }
  auto f = [](double x) { return x > 0 ? x * std::log(x) : 0.0; };
  std::vector<double> gain(K);
  for (int pass = 0; pass < passes; ++pass) {
    for (size_t w = 0; w < V; ++w) {
      if (start[w] == start[w + 1]) continue;
      const size_t a = static_cast<size_t>(cls[w]);
      for (size_t j = start[w]; j < start[w + 1]; ++j) n_cv[a * V + next[j].first] -= next[j].second;
      n_c[a] -= n_w[w];
      size_t best = a;
      for (size_t c = 0; c < K; ++c) {
        double g = -(f(n_c[c] + n_w[w]) - f(n_c[c]));
        const double* row = &n_cv[c * V];
        for (size_t j = start[w]; j < start[w + 1]; ++j) {
          const double r = row[next[j].first];
          g += f(r + next[j].second) - f(r);
        }
        gain[c] = g;
        if (gain[c] > gain[best] + 1e-9) best = c;
      }
      for (size_t j = start[w]; j < start[w + 1]; ++j) n_cv[best * V + next[j].first] += next[j].second;
      n_c[best] += n_w[w];
      cls[w] = static_cast<int>(best);
    }
  }
  return cls;
}

namespace {

bool ClassWord(const std::string& w) {
  if (w.empty()) return false;
  for (char c : w)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '\''))
      return false;
  return true;
}

Result<nlp::WordClusters> ComputeLmWordClasses(const std::string& path, size_t* words_out) {
  auto lm = ReadSphinxTrieLm(path);
  if (!lm.ok()) return lm.status();
  const size_t V = lm->words.size();
  // Estimated bigram counts: P(first) P(second | first), scaled (the objective does not
  // depend on the scale). Word ids are renumbered by decreasing total weight (ties: the
  // word itself), so that frequent words move first and start in distinct classes.
  std::vector<double> weight(lm->bigrams.size());
  std::vector<double> mass(V, 0.0);
  for (size_t i = 0; i < lm->bigrams.size(); ++i) {
    const auto& b = lm->bigrams[i];
    weight[i] = std::pow(10.0, static_cast<double>(lm->unigram_log10[b.first]) + b.log10_prob) * 1e9;
    mass[b.first] += weight[i];
    mass[b.second] += weight[i];
  }
  std::vector<uint32_t> order(V);
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    if (mass[a] != mass[b]) return mass[a] > mass[b];
    return lm->words[a] < lm->words[b];
  });
  std::vector<uint32_t> rank(V);
  for (size_t r = 0; r < V; ++r) rank[order[r]] = static_cast<uint32_t>(r);
  std::vector<WeightedBigram> fwd, bwd;
  fwd.reserve(lm->bigrams.size());
  bwd.reserve(lm->bigrams.size());
  for (size_t i = 0; i < lm->bigrams.size(); ++i) {
    const auto& b = lm->bigrams[i];
    fwd.push_back({rank[b.first], rank[b.second], weight[i]});
    bwd.push_back({rank[b.second], rank[b.first], weight[i]});
  }
  // The two directions are independent: one thread each (the result does not depend on it).
  std::vector<int> right, left;
  std::thread t([&] { left = ExchangeClusters(bwd, V, kLmClasses, kLmClassPasses); });
  right = ExchangeClusters(fwd, V, kLmClasses, kLmClassPasses);
  t.join();
  std::vector<bool> has_right(V, false), has_left(V, false);
  for (const auto& b : fwd) has_right[b.first] = true;
  for (const auto& b : bwd) has_left[b.first] = true;
  nlp::WordClusters out;
  size_t n = 0;
  for (size_t id = 0; id < V; ++id) {
    const uint32_t r = rank[id];
    if (!ClassWord(lm->words[id]) || (!has_right[r] && !has_left[r])) continue;
    out.Add(nlp::WordClassKey(lm->words[id]), has_right[r] ? static_cast<uint8_t>(right[r] + 1) : 0,
            has_left[r] ? static_cast<uint8_t>(left[r] + 1) : 0);
    ++n;
  }
  out.Finish();
  *words_out = n;
  return out;
}

}  // namespace

Result<nlp::WordClusters> LmWordClasses(const std::string& path, bool verbose, const char* who) {
  std::error_code ec;
  if (path.empty()) return nlp::WordClusters();  // the default: no word classes
  if (!std::filesystem::exists(path, ec)) {
    if (verbose) std::fprintf(stderr, "%s: no language model at %s: training without word classes\n", who, path.c_str());
    return nlp::WordClusters();
  }
  static std::mutex mu;
  static std::map<std::string, Result<nlp::WordClusters>> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache.find(path);
  if (it == cache.end()) {
    const auto start = std::chrono::steady_clock::now();
    size_t n = 0;
    Result<nlp::WordClusters> r = ComputeLmWordClasses(path, &n);
    if (verbose && r.ok())
      std::fprintf(stderr, "%s: word classes of %zu words from the language model %s (%.1f s)\n", who, n,
                   path.c_str(), std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    it = cache.emplace(path, std::move(r)).first;
  }
  return it->second;
}

}  // namespace relata::train
