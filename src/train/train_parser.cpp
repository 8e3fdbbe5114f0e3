// Training of the arc-hybrid parser (docs/parser.md): averaged perceptron, dynamic oracle
// with error exploration (Goldberg & Nivre 2012, 2013), projectivised training trees.
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include <unistd.h>

#include "util/splitmix.h"
#include "nlp/parser.h"
#include "exporters/text_out.h"
#include "nlp/tagger.h"
#include "train/parser_oracle.h"
#include "train/perceptron_train.h"
#include "train/lm_classes.h"
#include "train/train.h"

namespace relata::train {

namespace {

using nlp::parsing::Config;
using nlp::parsing::PToken;

double Uniform(uint64_t& s) { return static_cast<double>(SplitMix64(s) >> 11) * 0x1.0p-53; }

struct TrainSentence {
  std::vector<PToken> toks;
  std::vector<int> head;   // 0-based; n = ROOT
  std::vector<int> label;  // index into labels
  std::vector<int> tag;    // gold tag pair (joint tagging; -1: not among the pairs)
};

// Joint tagging in training: the tag pairs, each word's gold tags and the jackknifed
// tagger's second choice (empty when the parser does not choose tags).
struct TagChoiceData {
  Parser::TagChoice choice;
  std::map<std::string, int> ids;  // "XPOS\tUPOS" -> pair
  std::vector<std::vector<std::pair<std::string, std::string>>> gold;  // (XPOS, UPOS) per word
  std::vector<std::vector<SecondTags>> second;
  int Id(const std::string& xpos, const std::string& upos) const {
    auto it = ids.find(xpos + '\t' + upos);
    return it == ids.end() ? -1 : it->second;
  }
};

// True when word k lies under h (k == h counts).
bool Dominates(const std::vector<int>& head, int n, int h, int k) {
  for (int steps = 0; k != n && steps <= n; ++steps) {
    if (k == h) return true;
    k = head[static_cast<size_t>(k)];
  }
  return h == n;
}

bool ArcProjective(const std::vector<int>& head, int n, int d) {
  int h = head[static_cast<size_t>(d)];
  if (h == n) return true;  // the root arc spans nothing in a single-rooted tree
  int a = std::min(h, d), b = std::max(h, d);
  for (int k = a + 1; k < b; ++k)
    if (!Dominates(head, n, h, k)) return false;
  return true;
}

struct Data {
  std::vector<TrainSentence> sents;
  size_t skipped = 0, lifted = 0, words = 0;
};

// `amb[s][i]`: the ambiguity class of word i of sentence s (PToken::amb); `word_classes`
// (may be empty) give PToken::cr and cl.
Data Convert(const std::vector<nlp::ConlluSentence>& in,
             const std::vector<std::vector<uint64_t>>& amb, const nlp::WordClusters& word_classes,
             const TagChoiceData& tags, std::map<std::string, int>& label_ids, bool add_labels) {
  Data out;
  for (size_t si = 0; si < in.size(); ++si) {
    const auto& cs = in[si];
    TrainSentence t;
    const int n = static_cast<int>(cs.words.size());
    if (n == 0) continue;
    int roots = 0;
    bool bad = false;
    for (const auto& w : cs.words) {
      const size_t i = t.toks.size();
      t.toks.push_back(nlp::parsing::MakePToken(w.form, w.xpos, w.upos));
      t.toks.back().amb = amb[si][i];
      if (word_classes.size()) nlp::parsing::SetWordClasses(t.toks.back(), w.form, word_classes);
      if (!tags.choice.pairs.empty()) {
        const SecondTags& sec = tags.second[si][i];
        nlp::parsing::SetTagCandidates(t.toks.back(), w.form, tags.Id(w.xpos, w.upos), tags.Id(sec.xpos, sec.upos),
                                       sec.xpos, sec.upos, sec.margin, tags.choice.margin);
        t.tag.push_back(tags.Id(tags.gold[si][i].first, tags.gold[si][i].second));
      }
      if (w.head < 0 || w.head > n) bad = true;
      int h = w.head == 0 ? n : w.head - 1;
      t.head.push_back(h);
      if (w.head == 0) ++roots;
      std::string lab = w.head == 0 ? "root" : w.deprel;
      auto it = label_ids.find(lab);
      if (it == label_ids.end()) {
        if (!add_labels) {
          t.label.push_back(-1);
          continue;
        }
        it = label_ids.emplace(lab, 0).first;
      }
      t.label.push_back(0);  // resolved below once all labels are known
    }
    if (bad || roots != 1) {
      ++out.skipped;
      continue;
    }
    // Keep the label strings for resolution after the label set is final.
    for (int i = 0; i < n; ++i) {
      const auto& w = cs.words[static_cast<size_t>(i)];
      std::string lab = w.head == 0 ? "root" : w.deprel;
      auto it = label_ids.find(lab);
      t.label[static_cast<size_t>(i)] = it == label_ids.end() ? -1 : it->second;
    }
    out.words += static_cast<size_t>(n);
    out.sents.push_back(std::move(t));
  }
  return out;
}

struct DevScore {
  size_t words = 0, uas = 0, las = 0;
};

std::string_view Universal(std::string_view l) { return l.substr(0, l.find(':')); }

DevScore Evaluate(const Parser& p, const std::vector<nlp::ConlluSentence>& dev) {
  DevScore sc;
  std::vector<PToken> toks;
  std::vector<int> heads, labels;
  for (const auto& cs : dev) {
    toks.clear();
    for (const auto& w : cs.words) toks.push_back(p.MakeToken(w.form, w.xpos, w.upos));
    p.ParseSentence(toks, heads, labels);
    for (size_t i = 0; i < cs.words.size(); ++i) {
      const auto& w = cs.words[i];
      ++sc.words;
      if (heads[i] + 1 == w.head) {
        ++sc.uas;
        if (Universal(p.labels()[static_cast<size_t>(labels[i])]) == Universal(w.deprel)) ++sc.las;
      }
    }
  }
  return sc;
}

// Drops weights whose magnitude is below `min_abs` quantisation steps (and rows left empty):
// most of the averaged weights are tiny and cost model size and memory traffic, not accuracy
// (12.2 MB instead of 19.3 MB, dev LAS unchanged; docs/parser.md).
nlp::SparseWeights PruneSmall(const nlp::SparseWeights& w, int min_abs) {
  nlp::ByteWriter bw;
  w.Write(bw);
  nlp::ByteReader r(bw.bytes(), "weights");
  const uint32_t classes = r.U32();
  const float scale = r.F32();
  const uint64_t n = r.U64();
  nlp::SparseWeights out;
  out.Reset(static_cast<int>(classes), scale);
  std::vector<nlp::SparseWeights::Entry> row;
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    const uint64_t key = r.U64();
    const uint16_t count = r.U16();
    row.clear();
    for (uint16_t k = 0; k < count; ++k) {
      const uint16_t cls = r.U16();
      const int16_t v = static_cast<int16_t>(r.U16());
      if (std::abs(v) >= min_abs) row.push_back({cls, v});
    }
    out.AddRow(key, row);
  }
  return out;
}

// Word lexicon of the parser (ambiguity classes, docs/parser.md): UPOS counts per word key
// from the gold tags of the training treebank.
using UposCounts = std::array<uint32_t, 17>;
using LexCounts = std::map<uint64_t, UposCounts>;

// Perceptrons trained side by side on different sentence orders, whose mean is the model
// (docs/parser.md): two, one a core.
constexpr int kEnsemble = 2;
constexpr uint32_t kLexMinPercent = 1;  // a tag joins a word's class from 1% of its uses
// Joint tagging: the tag pairs seen at least this often in training may be chosen, for the
// words with the smallest tagger margins, this share of the training words.
constexpr size_t kTagPairMinCount = 3;
constexpr double kTagChoiceShare = 0.12;

uint32_t ClassOf(const UposCounts& c, const UposCounts* minus) {
  uint64_t total = 0;
  UposCounts k = c;
  if (minus)
    for (size_t i = 0; i < k.size(); ++i) k[i] -= (*minus)[i];
  for (uint32_t v : k) total += v;
  uint32_t set = 0;
  if (total == 0) return 0;
  for (size_t i = 0; i < k.size(); ++i)
    if (k[i] > 0 && uint64_t{k[i]} * 100 >= total * kLexMinPercent) set |= 1u << i;
  return set;
}

// Ambiguity classes of every training word (from gold tags, before they are replaced by
// predicted ones): with `folds` >= 2 a sentence's words get the classes of a lexicon built
// from the other folds (sentence index mod folds), so that the parser meets unknown words in
// training as often as at run time; the model's lexicon is built from all sentences.
std::vector<std::vector<uint64_t>> WordClasses(const std::vector<nlp::ConlluSentence>& sents,
                                               size_t folds, nlp::parsing::Lexicon& full) {
  const size_t nf = folds >= 2 ? folds : 1;
  LexCounts total;
  std::vector<LexCounts> fold(nf);
  std::vector<std::vector<uint64_t>> keys(sents.size());
  for (size_t s = 0; s < sents.size(); ++s) {
    for (const auto& w : sents[s].words) {
      const uint64_t key = nlp::parsing::MakePToken(w.form, w.xpos, w.upos).word;
      keys[s].push_back(key);
      const int u = nlp::parsing::UposIndex(w.upos);
      if (u < 0) continue;
      ++total[key][static_cast<size_t>(u)];
      if (nf > 1) ++fold[s % nf][key][static_cast<size_t>(u)];
    }
  }
  std::vector<std::pair<uint64_t, uint32_t>> entries;
  for (const auto& [key, c] : total) {
    const uint32_t set = ClassOf(c, nullptr);
    if (set) entries.emplace_back(key, set);
  }
  full.Build(entries);
  std::vector<std::vector<uint64_t>> out(sents.size());
  for (size_t s = 0; s < sents.size(); ++s) {
    for (uint64_t key : keys[s]) {
      if (nf == 1) {
        out[s].push_back(full.Class(key));
        continue;
      }
      const auto& f = fold[s % nf];
      auto it = total.find(key);
      auto jt = f.find(key);
      const uint32_t set = it == total.end() ? 0 : ClassOf(it->second, jt == f.end() ? nullptr : &jt->second);
      out[s].push_back(set ? (uint64_t{1} << 32) | set : nlp::parsing::kUnknownWord);
    }
  }
  return out;
}

}  // namespace

int Projectivise(std::vector<int>& head) {
  const int n = static_cast<int>(head.size());
  int lifts = 0;
  for (;;) {
    int best = -1, best_len = 0;
    for (int d = 0; d < n; ++d) {
      if (ArcProjective(head, n, d)) continue;
      int len = std::abs(head[static_cast<size_t>(d)] - d);
      if (best < 0 || len < best_len) {
        best = d;
        best_len = len;
      }
    }
    if (best < 0) return lifts;
    int h = head[static_cast<size_t>(best)];
    head[static_cast<size_t>(best)] = head[static_cast<size_t>(h)];
    if (++lifts > 4 * n) return lifts;  // cannot happen for a tree; a guard for bad input
  }
}

void ArcHybridOracle::Init(const std::vector<int>& gold_head, const std::vector<int>& gold_label,
                           const std::vector<int>* gold_tag, int tag_pairs) {
  head_ = &gold_head;
  label_ = &gold_label;
  tag_ = gold_tag;
  tag_pairs_ = tag_pairs;
  size_t m = gold_head.size() + 1;
  buf_deps_.assign(m, 0);
  stack_deps_.assign(m, 0);
  in_stack_.assign(m, 0);
  for (int h : gold_head) ++buf_deps_[static_cast<size_t>(h)];
}

void ArcHybridOracle::Costs(const Config& c, int labels, int* cost) const {
  const int n = c.n, classes = 1 + 2 * labels + tag_pairs_;
  for (int k = 0; k < classes; ++k) cost[k] = kInvalid;
  if (c.pending) {
    const PToken& t = c.toks[c.b0];
    const int gold = tag_ ? (*tag_)[static_cast<size_t>(c.b0)] : -1;
    const bool known = gold == t.c1 || gold == t.c2;
    for (int p : {t.c1, t.c2}) cost[Config::TagClass(labels, p)] = known && p != gold ? 1 : 0;
    return;
  }
  const size_t ss = c.stack.size();
  const int s0 = ss > 0 ? c.stack[ss - 1] : -1, s1 = ss > 1 ? c.stack[ss - 2] : -1;
  const int b0 = c.b0;
  if (c.Valid(nlp::parsing::kShift, labels)) {
    // b0 leaves the buffer: arcs between it and the stack below s0 (and its dependents
    // on the stack) are lost.
    int g = GH(b0);
    cost[0] = stack_deps_[static_cast<size_t>(b0)] +
              (g != s0 && g < n && in_stack_[static_cast<size_t>(g)] ? 1 : 0);
  }
  if (s0 < 0) return;
  // Popping s0 loses its dependents still in the buffer, and its gold head unless the arc
  // made is that one.
  const int g = GH(s0), gl = (*label_)[static_cast<size_t>(s0)];
  const int deps = buf_deps_[static_cast<size_t>(s0)];
  const int left = deps + (g != b0 && (g == s1 || g > b0) ? 1 : 0);
  const int right = deps + (g != s1 && g >= b0 ? 1 : 0);
  for (int l = 0; l < labels; ++l) {
    if (c.Valid(1 + l, labels)) cost[1 + l] = left + (g == b0 && l != gl ? 1 : 0);
    if (c.Valid(1 + labels + l, labels))
      cost[1 + labels + l] = right + (g == s1 && l != gl ? 1 : 0);
  }
}

void ArcHybridOracle::Apply(Config& c, int cls, int labels) {
  if (c.pending) {
    c.Apply(cls, labels);
    return;
  }
  if (cls == nlp::parsing::kShift) {
    int d = c.b0, g = GH(d);
    --buf_deps_[static_cast<size_t>(g)];
    ++stack_deps_[static_cast<size_t>(g)];
    in_stack_[static_cast<size_t>(d)] = 1;
  } else {
    int d = c.stack.back();
    --stack_deps_[static_cast<size_t>(GH(d))];
    in_stack_[static_cast<size_t>(d)] = 0;
  }
  c.Apply(cls, labels);
}

Status TrainParser(const TrainOptions& o) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  auto tb = ReadTreebanks(o.train_files);
  if (!tb.ok()) return tb.status();
  // Predicted training tags (jackknifed), so that the parser learns with the tagger's errors
  // it meets at run time; a small treebank keeps gold tags.
  const size_t tag_folds = o.tag_folds >= 0 ? static_cast<size_t>(o.tag_folds)
                           : tb->size() >= 1000 ? 5 : 0;
  nlp::parsing::Lexicon lexicon;
  const std::vector<std::vector<uint64_t>> amb = WordClasses(*tb, tag_folds, lexicon);
  TagChoiceData tags;
  if (o.joint_tags && tag_folds < 2 && o.verbose)
    std::fprintf(stderr, "parser: no joint tagging: it needs jackknifed training tags\n");
  if (tag_folds >= 2) {
    // With joint tagging the parser chooses between the tagger's two best tags where the
    // tagger is least sure (docs/parser.md): the gold tags first, then the jackknifed ones
    // with their second choices.
    std::map<std::string, size_t> pair_count;
    if (o.joint_tags) {
      for (const auto& sent : *tb) {
        tags.gold.emplace_back();
        for (const auto& w : sent.words) {
          tags.gold.back().emplace_back(w.xpos, w.upos);
          ++pair_count[w.xpos + '\t' + w.upos];
        }
      }
    }
    std::vector<int> fold_of(tb->size());
    for (size_t s = 0; s < fold_of.size(); ++s) fold_of[s] = static_cast<int>(s % tag_folds);
    if (Status st = JackknifeTags(*tb, fold_of, static_cast<int>(tag_folds), 0, o.seed, "parser", o.verbose,
                                  o.word_class_lm, o.joint_tags ? &tags.second : nullptr);
        !st.ok())
      return st;
    if (o.joint_tags) {
      for (const auto& [key, count] : pair_count) {
        if (count < kTagPairMinCount) continue;
        const size_t tab = key.find('\t');
        tags.ids.emplace(key, static_cast<int>(tags.choice.pairs.size()));
        tags.choice.pairs.emplace_back(key.substr(0, tab), key.substr(tab + 1));
      }
      // The threshold: the margin below which kTagChoiceShare of the training words have two
      // known, different candidates.
      std::vector<float> margins;
      size_t words = 0;
      for (size_t s = 0; s < tb->size(); ++s) {
        const auto& ws = (*tb)[s].words;
        words += ws.size();
        for (size_t i = 0; i < ws.size(); ++i) {
          const SecondTags& sec = tags.second[s][i];
          const int p1 = tags.Id(ws[i].xpos, ws[i].upos), p2 = tags.Id(sec.xpos, sec.upos);
          if (p1 >= 0 && p2 >= 0 && p1 != p2 && std::isfinite(sec.margin)) margins.push_back(sec.margin);
        }
      }
      std::sort(margins.begin(), margins.end());
      const size_t at = static_cast<size_t>(kTagChoiceShare * static_cast<double>(words));
      tags.choice.margin = margins.empty() ? 0.0f
                           : at < margins.size() ? margins[at]
                                                 : std::nextafter(margins.back(), INFINITY);
      if (!(tags.choice.margin > 0)) tags.choice.pairs.clear(), tags.ids.clear();
      if (o.verbose)
        std::fprintf(stderr, "parser: chooses between the tagger's two best of %zu tag pairs below margin %.3f\n",
                     tags.choice.pairs.size(), tags.choice.margin);
    }
  }
  std::vector<std::vector<nlp::ConlluSentence>> devs;
  for (const std::string& f : o.dev_files) {
    auto d = nlp::ReadConllu(f);
    if (!d.ok()) return d.status();
    devs.push_back(std::move(*d));
  }

  // Label set: "root" first, the rest sorted (std::map order), ids assigned after collection.
  std::map<std::string, int> label_ids;
  label_ids["root"] = 0;
  auto word_classes = LmWordClasses(o.word_class_lm, o.verbose, "parser");
  if (!word_classes.ok()) return word_classes.status();
  Data data = Convert(*tb, amb, *word_classes, tags, label_ids, true);
  std::vector<std::string> labels{"root"};
  for (auto& [name, id] : label_ids)
    if (name != "root") labels.push_back(name);
  for (size_t i = 0; i < labels.size(); ++i) label_ids[labels[i]] = static_cast<int>(i);
  data = Convert(*tb, amb, *word_classes, tags, label_ids, false);  // again, now with final ids
  for (TrainSentence& t : data.sents)
    if (Projectivise(t.head) > 0) ++data.lifted;
  if (labels.size() > 64 && o.verbose)
    std::fprintf(stderr, "parser: %zu labels; label-set features fold ids mod 64\n", labels.size());

  const int nl = static_cast<int>(labels.size());
  const int tag_pairs = static_cast<int>(tags.choice.pairs.size());
  const int classes = 1 + 2 * nl + tag_pairs;
  const int epochs = o.epochs > 0 ? o.epochs : 12;
  const double explore_p = 0.9;
  const int explore_from = 1;
  // Pruning features updated once keeps the model small; a toy treebank keeps everything.
  const uint32_t min_updates = data.sents.size() >= 1000 ? 2 : 1;
  if (o.verbose)
    std::fprintf(stderr,
                 "parser: %zu sentences (%zu words), %zu skipped, %zu projectivised, %d labels\n",
                 data.sents.size(), data.words, data.skipped, data.lifted, nl);

  // kEnsemble perceptrons learn from different orders of the sentences (and different
  // exploration), in parallel; the model is their mean (AveragedPerceptron::FinishMean).
  std::vector<std::unique_ptr<AveragedPerceptron>> models;
  for (int k = 0; k < kEnsemble; ++k) models.push_back(std::make_unique<AveragedPerceptron>(classes));
  auto train_one = [&](int m) {
    AveragedPerceptron& model = *models[static_cast<size_t>(m)];
    uint64_t rng = o.seed + static_cast<uint64_t>(m) * 0x9E3779B97F4A7C15ull;
    std::vector<size_t> order(data.sents.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    Config c;
    ArcHybridOracle oracle;
    std::vector<float> scores(static_cast<size_t>(classes));
    std::vector<int> cost(static_cast<size_t>(classes));
    uint64_t feats[nlp::parsing::kMaxFeatures];

    for (int epoch = 0; epoch < epochs; ++epoch) {
      for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[SplitMix64(rng) % i]);
      size_t steps = 0, errors = 0;
      for (size_t si : order) {
        const TrainSentence& s = data.sents[si];
        c.Init(static_cast<int>(s.toks.size()));
        c.SetCandidates(s.toks.data());
        oracle.Init(s.head, s.label, tag_pairs ? &s.tag : nullptr, tag_pairs);
        while (!c.Terminal()) {
          oracle.Costs(c, nl, cost.data());
          int min_cost = *std::min_element(cost.begin(), cost.end());
          int nvalid = 0, only = -1;
          for (int k = 0; k < classes; ++k)
            if (cost[static_cast<size_t>(k)] < ArcHybridOracle::kInvalid) {
              ++nvalid;
              only = k;
            }
          if (nvalid == 1) {  // forced move: nothing to learn
            oracle.Apply(c, only, nl);
            continue;
          }
          int nf = nlp::parsing::ExtractFeatures(c, s.toks.data(), feats);
          std::fill(scores.begin(), scores.end(), 0.0f);
          model.Score(feats, static_cast<size_t>(nf), scores.data());
          int guess = -1, gold = -1;
          for (int k = 0; k < classes; ++k) {
            int ck = cost[static_cast<size_t>(k)];
            if (ck >= ArcHybridOracle::kInvalid) continue;
            float sk = scores[static_cast<size_t>(k)];
            if (guess < 0 || sk > scores[static_cast<size_t>(guess)]) guess = k;
            if (ck == min_cost && (gold < 0 || sk > scores[static_cast<size_t>(gold)])) gold = k;
          }
          ++steps;
          int next = gold;
          if (cost[static_cast<size_t>(guess)] != min_cost) {
            ++errors;
            model.Update(feats, static_cast<size_t>(nf), gold, guess);
            if (epoch >= explore_from && Uniform(rng) < explore_p) next = guess;
          } else {
            model.Tick();
            next = guess;
          }
          oracle.Apply(c, next, nl);
        }
      }
      if (o.verbose) {
        double secs = std::chrono::duration<double>(Clock::now() - start).count();
        std::fprintf(stderr, "parser: model %d epoch %d: %.2f%% transition errors, %zu features, %.0fs\n", m + 1,
                     epoch + 1, 100.0 * static_cast<double>(errors) / static_cast<double>(steps),
                     model.features(), secs);
        if (!devs.empty() && epoch + 1 == epochs) {  // each model alone, for comparison with their mean
          auto p = Parser::FromParts(labels, model.Finish(min_updates), lexicon, *word_classes, tags.choice);
          for (size_t d = 0; d < devs.size(); ++d) {
            DevScore sc = Evaluate(*p, devs[d]);
            std::fprintf(stderr, "parser:   model %d alone, dev %s: UAS %.2f LAS %.2f (%zu words, gold tags)\n", m + 1,
                         o.dev_files[d].c_str(), 100.0 * static_cast<double>(sc.uas) / static_cast<double>(sc.words),
                         100.0 * static_cast<double>(sc.las) / static_cast<double>(sc.words), sc.words);
          }
        }
      }
    }
  };
  {
    std::vector<std::thread> threads;
    for (int k = 1; k < kEnsemble; ++k) threads.emplace_back(train_one, k);
    train_one(0);
    for (std::thread& t : threads) t.join();
  }
  std::vector<const AveragedPerceptron*> parts;
  for (const auto& m : models) parts.push_back(m.get());

  const int prune_min_abs = 300;
  auto parser = Parser::FromParts(labels, PruneSmall(AveragedPerceptron::FinishMean(parts, min_updates), prune_min_abs),
                                  lexicon, *word_classes, tags.choice);
  std::string cfg = "{\"system\":\"arc-hybrid\",\"oracle\":\"dynamic\",\"explore_p\":0.9,"
                    "\"explore_from_epoch\":" + std::to_string(explore_from + 1) +
                    ",\"epochs\":" + std::to_string(epochs) + ",\"seed\":" + std::to_string(o.seed) +
                    ",\"ensemble\":" + std::to_string(kEnsemble) +
                    ",\"min_updates\":" + std::to_string(min_updates) +
                    ",\"train_tags\":" +
                    (tag_folds >= 2 ? "\"jackknife-" + std::to_string(tag_folds) + "\"" : std::string("\"gold\"")) +
                    ",\"features\":" + std::to_string(parser->weights().features()) +
                    (word_classes->size() ? ",\"word_classes\":" + std::to_string(word_classes->size()) : std::string()) +
                    (tag_pairs ? ",\"tag_choice\":{\"pairs\":" + std::to_string(tag_pairs) +
                                     ",\"share\":" + std::to_string(kTagChoiceShare).substr(0, 4) +
                                     ",\"min_pair_count\":" + std::to_string(kTagPairMinCount) + "}"
                               : std::string()) +
                    ",\"train_files\":" + TrainFilesJson(o.train_files);
  cfg += ",\"labels\":[";
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i) cfg += ',';
    cfg += exporters::JsonQuoted(labels[i]);
  }
  cfg += "],\"prune_min_abs\":" + std::to_string(prune_min_abs) + "}";
  const std::vector<std::string> self_tests = {
      "NATO|NNP|PROPN trains|VBZ|VERB Iraqi|JJ|ADJ forces|NNS|NOUN .|.|PUNCT",
      "The|DT|DET minister|NN|NOUN said|VBD|VERB the|DT|DET talks|NNS|NOUN would|MD|AUX "
      "resume|VB|VERB on|IN|ADP Monday|NNP|PROPN .|.|PUNCT",
      "Rebels|NNS|NOUN seized|VBD|VERB the|DT|DET town|NN|NOUN after|IN|ADP heavy|JJ|ADJ "
      "fighting|NN|NOUN .|.|PUNCT",
      "Who|WP|PRON is|VBZ|AUX responsible|JJ|ADJ ?|.|PUNCT",
  };
  Status st = parser->Save(o.output, cfg, self_tests);
  if (!st.ok()) return st;
  if (o.verbose) {
    for (size_t d = 0; d < devs.size(); ++d) {
      DevScore sc = Evaluate(*parser, devs[d]);
      std::fprintf(stderr, "parser: final dev %s: UAS %.2f LAS %.2f (gold tags)\n",
                   o.dev_files[d].c_str(), 100.0 * static_cast<double>(sc.uas) / static_cast<double>(sc.words),
                   100.0 * static_cast<double>(sc.las) / static_cast<double>(sc.words));
    }
    std::fprintf(stderr, "parser: wrote %s (%zu features, %zu weights) in %.0fs\n", o.output.c_str(),
                 parser->weights().features(), parser->weights().entries(),
                 std::chrono::duration<double>(Clock::now() - start).count());
  }
  return Status::Ok();
}

}  // namespace relata::train
