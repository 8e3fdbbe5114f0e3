// Training of the tagger (docs/tagger.md): greedy left-to-right averaged perceptron over the
// (XPOS, UPOS) pair, trained on predicted history, sentences shuffled each epoch with a
// splitmix64 stream from the seed.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <limits>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "util/splitmix.h"
#include "exporters/text_out.h"
#include "nlp/bytes.h"
#include "nlp/conllu.h"
#include "nlp/lemmatizer.h"
#include "nlp/model_file.h"
#include "nlp/tagger.h"
#include "train/lm_classes.h"
#include "train/perceptron_train.h"
#include "train/train.h"

namespace relata::train {
namespace {

constexpr int kDefaultEpochs = 8;
constexpr uint32_t kMinUpdates = 2;      // prune features updated fewer times ...
constexpr size_t kPruneMinWords = 50000; // ... when there are at least this many training words
constexpr int kDictMinCount = 20;        // tag dictionary: seen at least this often
constexpr double kDictMinShare = 0.97;   // ... with one class at least this share
constexpr int kMinPairCount = 3;         // rarer (XPOS, UPOS) pairs are folded into others
constexpr int kLexMinCount = 1;          // lexicon: words seen at least this often
constexpr int kLexMinPercent = 5;        // ... with the classes of at least this share
constexpr size_t kFolds = 10;            // jackknifed lexicons while training
constexpr size_t kPassFolds = 5;         // jackknifed first-pass classes for the second pass
constexpr size_t kTwoPassMinSentences = 1000;  // smaller treebanks train one pass
constexpr double kSecondShare = 0.4;    // share of words (least sure first) the second pass decides

using Lexicon = std::unordered_map<uint64_t, uint64_t>;
using WordClassCounts = std::unordered_map<std::string, std::map<int, int>>;

// The lexicon from counts (minus `minus` when given): ambiguity class = hash of the set of
// classes making at least kLexMinPercent of the word's tokens.
Lexicon MakeLexicon(const WordClassCounts& total, const WordClassCounts* minus) {
  Lexicon lex;
  std::vector<uint16_t> set;
  for (const auto& [word, counts] : total) {
    const std::map<int, int>* sub = nullptr;
    if (minus) {
      auto it = minus->find(word);
      if (it != minus->end()) sub = &it->second;
    }
    std::vector<std::pair<int, int>> left;
    int n = 0;
    for (const auto& [c, k] : counts) {
      int m = k;
      if (sub) {
        auto it = sub->find(c);
        if (it != sub->end()) m -= it->second;
      }
      if (m > 0) left.push_back({c, m}), n += m;
    }
    if (n < kLexMinCount) continue;
    set.clear();
    for (const auto& [c, m] : left)
      if (m * 100 >= kLexMinPercent * n) set.push_back(static_cast<uint16_t>(c));
    lex[nlp::LexiconKey(word)] = 2 + nlp::ValueHash(std::string_view(
                                         reinterpret_cast<const char*>(set.data()), set.size() * 2));
  }
  return lex;
}

const char* const kSelfTests[] = {
    "NATO trains Iraqi forces .",
    "The minister said on Tuesday that the talks would resume next week .",
    "Protesters gathered outside the U.S. embassy in Baghdad , chanting slogans .",
    "He did n't know what to do with 5,200 dollars .",
    "Iran 's foreign ministry condemned the attack , which killed Qassem Soleimani .",
};

double Seconds(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}


// The gold data and the lookups shared by the training passes.
struct TrainData {
  std::vector<std::vector<std::string_view>> forms;
  std::vector<std::vector<int>> gold;
  std::unordered_map<uint64_t, uint16_t> dict;
  const nlp::WordClusters* classes = nullptr;  // word classes from a language model
};

// The first pass's output for every training sentence: classes and their margins.
struct FirstPass {
  std::vector<std::vector<int>> classes;
  std::vector<std::vector<float>> margins;
  float margin = 0;  // the second pass decides words whose margin is below this
};

// Trains one greedy pass on the sentences `subset` (in that order before shuffling), each seen
// with lexicon lex[s]. With `first` it is the second pass: words whose first-pass margin is
// below first->margin are scored with Features2(), the others keep their first-pass class.
AveragedPerceptron TrainPass(const TrainData& d, const std::vector<size_t>& subset,
                             const std::vector<const Lexicon*>& lex, const FirstPass* first,
                             int nclasses, int epochs,
                             uint64_t seed, bool verbose, const char* label,
                             std::chrono::steady_clock::time_point t0) {
  AveragedPerceptron model(nclasses);
  nlp::TaggerFeatures feats;
  std::vector<float> scores(static_cast<size_t>(nclasses));
  uint64_t keys[nlp::TaggerFeatures::kMaxFeatures];
  std::vector<size_t> order = subset;
  uint64_t rng = seed;
  for (int epoch = 1; epoch <= epochs; ++epoch) {
    for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[SplitMix64(rng) % i]);
    size_t correct = 0, n = 0;
    for (size_t s : order) {
      const auto& f = d.forms[s];
      const int* fs = first ? first->classes[s].data() : nullptr;
      const float* fm = first ? first->margins[s].data() : nullptr;
      feats.Prepare(f.data(), f.size(), lex[s], d.classes);
      int p1 = nlp::TaggerFeatures::kStart, p2 = nlp::TaggerFeatures::kStart;
      for (size_t i = 0; i < f.size(); ++i) {
        int guess;
        auto it = fs ? d.dict.end() : d.dict.find(nlp::TagDictKey(f[i]));
        if (it != d.dict.end()) {
          guess = it->second;
        } else if (fs && !(fm[i] < first->margin)) {
          guess = fs[i];
        } else {
          size_t k = fs ? feats.Features2(i, p1, p2, fs, keys) : feats.Features(i, p1, p2, keys);
          std::fill(scores.begin(), scores.end(), 0.0f);
          model.Score(keys, k, scores.data());
          guess = static_cast<int>(std::max_element(scores.begin(), scores.end()) - scores.begin());
          model.Update(keys, k, d.gold[s][i], guess);
        }
        correct += guess == d.gold[s][i];
        ++n;
        p2 = p1;
        p1 = guess;
      }
    }
    if (verbose)
      std::fprintf(stderr, "tagger: %s epoch %d: train accuracy %.2f%%, %zu features (%.1fs)\n", label,
                   epoch, 100.0 * static_cast<double>(correct) / static_cast<double>(n),
                   model.features(), Seconds(t0));
  }
  return model;
}

// Lexicons for training on the sentences `subset`: the whole-subset lexicon (as new text sees
// it) and, for each sentence of the subset, the one built without its tenth (s % kFolds).
struct SubsetLexicons {
  Lexicon full;
  std::vector<Lexicon> folds;
  std::vector<const Lexicon*> of;  // by sentence index (null outside the subset)
};
SubsetLexicons MakeSubsetLexicons(const TrainData& d, const std::vector<size_t>& subset) {
  WordClassCounts total;
  std::vector<WordClassCounts> fold(kFolds);
  for (size_t s : subset)
    for (size_t i = 0; i < d.forms[s].size(); ++i) {
      std::string l = nlp::LowerAscii(d.forms[s][i]);
      ++total[l][d.gold[s][i]];
      ++fold[s % kFolds][l][d.gold[s][i]];
    }
  SubsetLexicons out;
  out.full = MakeLexicon(total, nullptr);
  for (size_t k = 0; k < kFolds; ++k) out.folds.push_back(MakeLexicon(total, &fold[k]));
  out.of.assign(d.forms.size(), nullptr);
  for (size_t s : subset) out.of[s] = &out.folds[s % kFolds];
  return out;
}

}  // namespace

// Tagging accuracy of `tagger` on CoNLL-U files with gold tokens: UPOS, XPOS (percent).
Status EvaluateTagger(const Tagger& tagger, const std::string& file, double& upos, double& xpos,
                      size_t& words) {
  auto sents = nlp::ReadConllu(file);
  if (!sents.ok()) return sents.status();
  Document doc = nlp::DocumentFromConllu(*sents);
  tagger.Tag(doc);
  size_t i = 0, ok_u = 0, ok_x = 0;
  for (const auto& s : *sents)
    for (const auto& w : s.words) {
      if (i >= doc.tokens.size()) return Status::Error(file + ": token count mismatch");
      ok_u += doc.tokens[i].upos == w.upos;
      ok_x += doc.tokens[i].xpos == w.xpos;
      ++i;
    }
  words = i;
  upos = i ? 100.0 * static_cast<double>(ok_u) / static_cast<double>(i) : 0;
  xpos = i ? 100.0 * static_cast<double>(ok_x) / static_cast<double>(i) : 0;
  return Status::Ok();
}

Status TrainTagger(const TrainOptions& o) {
  const auto t0 = std::chrono::steady_clock::now();
  auto read = ReadTreebanks(o.train_files);
  if (!read.ok()) return read.status();
  const std::vector<nlp::ConlluSentence>& sents = *read;
  const int epochs = o.epochs > 0 ? o.epochs : kDefaultEpochs;
  auto word_classes = LmWordClasses(o.word_class_lm, o.verbose, "tagger");
  if (!word_classes.ok()) return word_classes.status();

  // Classes: (XPOS, UPOS) pairs by frequency; rare pairs fold into the XPOS's commonest pair.
  std::map<std::pair<std::string, std::string>, int> pair_count;
  for (const auto& s : sents)
    for (const auto& w : s.words) {
      if (StaticUpos(w.upos).empty()) return Status::Error("unknown UPOS tag '" + w.upos + "' in training data");
      ++pair_count[{w.xpos, w.upos}];
    }
  std::vector<std::pair<int, std::pair<std::string, std::string>>> ranked;
  for (const auto& [p, c] : pair_count)
    if (c >= kMinPairCount) ranked.push_back({c, p});
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  if (ranked.empty()) return Status::Error("no tag classes in the training data");
  std::map<std::pair<std::string, std::string>, int> class_of;
  for (size_t i = 0; i < ranked.size(); ++i) class_of[ranked[i].second] = static_cast<int>(i);
  for (const auto& [p, c] : pair_count) {
    if (class_of.count(p)) continue;
    int best = 0;  // the commonest class overall when nothing shares the XPOS or UPOS
    bool found = false;
    for (size_t i = 0; i < ranked.size() && !found; ++i)
      if (ranked[i].second.first == p.first) best = static_cast<int>(i), found = true;
    for (size_t i = 0; i < ranked.size() && !found; ++i)
      if (ranked[i].second.second == p.second) best = static_cast<int>(i), found = true;
    class_of[p] = best;
  }
  const int nclasses = static_cast<int>(ranked.size());

  // Gold data as forms and classes.
  TrainData d;
  d.forms.resize(sents.size());
  d.gold.resize(sents.size());
  size_t total_words = 0;
  for (size_t s = 0; s < sents.size(); ++s)
    for (const auto& w : sents[s].words) {
      d.forms[s].push_back(w.form);
      d.gold[s].push_back(class_of[{w.xpos, w.upos}]);
      ++total_words;
    }

  // Tag dictionary (exact forms).
  std::unordered_map<std::string_view, std::map<int, int>> seen;
  for (size_t s = 0; s < sents.size(); ++s)
    for (size_t i = 0; i < d.forms[s].size(); ++i) ++seen[d.forms[s][i]][d.gold[s][i]];
  std::map<uint64_t, uint16_t> dict;
  for (const auto& [form, counts] : seen) {
    int n = 0, best = 0, best_c = -1;
    for (const auto& [c, k] : counts) {
      n += k;
      if (k > best) best = k, best_c = c;
    }
    if (n >= kDictMinCount && static_cast<double>(best) >= kDictMinShare * n) {
      dict[nlp::TagDictKey(form)] = static_cast<uint16_t>(best_c);
    }
  }
  d.dict = std::unordered_map<uint64_t, uint16_t>(dict.begin(), dict.end());
  d.classes = &*word_classes;

  // Lexicon of ambiguity classes (lower-cased words); jackknifed for training so that the
  // training data sees unknown words as often as new text does.
  std::vector<size_t> all(sents.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = i;
  const SubsetLexicons lexicons = MakeSubsetLexicons(d, all);
  const Lexicon& lexicon = lexicons.full;
  if (o.verbose)
    std::fprintf(stderr, "tagger: %zu sentences, %zu words, %d classes, %zu dictionary words (%.1fs)\n",
                 sents.size(), total_words, nclasses, dict.size(), Seconds(t0));
  const uint32_t min_updates = total_words >= kPruneMinWords ? kMinUpdates : 1;

  // First pass on all sentences.
  const nlp::SparseWeights weights =
      TrainPass(d, all, lexicons.of, nullptr, nclasses, epochs, o.seed, o.verbose, "pass 1", t0)
          .Finish(min_updates);

  // Second pass: trained on the classes that first passes trained without each sentence's
  // fifth (s % kPassFolds) give it, as the first pass errs on new text.
  const bool two_pass = sents.size() >= kTwoPassMinSentences;
  nlp::SparseWeights weights2;
  float margin2 = 0;
  if (two_pass) {
    std::vector<float> scores(static_cast<size_t>(nclasses));
    FirstPass first;
    first.classes.resize(sents.size());
    first.margins.resize(sents.size());
    for (size_t k = 0; k < kPassFolds; ++k) {
      std::vector<size_t> part, held;
      for (size_t s : all) (s % kPassFolds == k ? held : part).push_back(s);
      const SubsetLexicons lk = MakeSubsetLexicons(d, part);
      const std::string label = "fold " + std::to_string(k + 1) + "/" + std::to_string(kPassFolds);
      const nlp::SparseWeights wk =
          TrainPass(d, part, lk.of, nullptr, nclasses, epochs, o.seed + 1 + k, false, label.c_str(), t0)
              .Finish(min_updates);
      nlp::TaggerFeatures feats;
      for (size_t s : held) {
        const size_t n = d.forms[s].size();
        first.classes[s].assign(n, 0);
        first.margins[s].assign(n, 0.0f);
        feats.Prepare(d.forms[s].data(), n, &lk.full, d.classes);
        nlp::DecodeFirst(feats, d.forms[s].data(), d.dict, wk, scores.data(), first.margins[s].data(),
                         first.classes[s].data());
      }
      if (o.verbose) std::fprintf(stderr, "tagger: first pass %s tagged (%.1fs)\n", label.c_str(), Seconds(t0));
    }
    // The margin threshold: the second pass decides the kSecondShare of words with the
    // smallest first-pass margins.
    std::vector<float> all_margins;
    for (size_t s : all) all_margins.insert(all_margins.end(), first.margins[s].begin(), first.margins[s].end());
    std::sort(all_margins.begin(), all_margins.end());
    const size_t at = static_cast<size_t>(kSecondShare * static_cast<double>(all_margins.size()));
    first.margin = at < all_margins.size() ? all_margins[at] : std::numeric_limits<float>::infinity();
    if (o.verbose) {
      size_t ok = 0, n = 0, below = 0, ok_above = 0;
      for (size_t s : all)
        for (size_t i = 0; i < first.classes[s].size(); ++i) {
          ok += first.classes[s][i] == d.gold[s][i], ++n;
          if (first.margins[s][i] < first.margin) ++below;
          else ok_above += first.classes[s][i] == d.gold[s][i];
        }
      std::fprintf(stderr,
                   "tagger: jackknifed first-pass accuracy %.2f%%; margin %.3f: %.1f%% of words below, "
                   "first-pass accuracy above it %.2f%%\n",
                   100.0 * static_cast<double>(ok) / static_cast<double>(n), first.margin,
                   100.0 * static_cast<double>(below) / static_cast<double>(n),
                   100.0 * static_cast<double>(ok_above) / static_cast<double>(n - below));
    }
    margin2 = first.margin;
    weights2 = TrainPass(d, all, lexicons.of, &first, nclasses, epochs, o.seed, o.verbose, "pass 2", t0)
                   .Finish(min_updates);
  }

  // The model file.
  nlp::ModelFile mf;
  mf.component = "tagger";
  mf.component_version = two_pass ? nlp::kTaggerVersion : 1;
  {
    nlp::ByteWriter w;
    w.U32(static_cast<uint32_t>(nclasses));
    for (const auto& r : ranked) {
      w.Str(r.second.first);
      w.Str(r.second.second);
    }
    mf.sections.emplace_back("classes", w.Take());
  }
  {
    nlp::ByteWriter w;
    w.U32(static_cast<uint32_t>(dict.size()));
    for (const auto& [k, c] : dict) {
      w.U64(k);
      w.U16(c);
    }
    mf.sections.emplace_back("dict", w.Take());
  }
  {
    std::map<uint64_t, uint64_t> sorted(lexicon.begin(), lexicon.end());
    nlp::ByteWriter w;
    w.U32(static_cast<uint32_t>(sorted.size()));
    for (const auto& [k, v] : sorted) {
      w.U64(k);
      w.U64(v);
    }
    mf.sections.emplace_back("lexicon", w.Take());
  }
  if (word_classes->size()) {  // a model without classes keeps the bytes of before
    nlp::ByteWriter w;
    word_classes->Write(w);
    mf.sections.emplace_back("word_classes", w.Take());
  }
  {
    nlp::ByteWriter w;
    weights.Write(w);
    mf.sections.emplace_back("weights", w.Take());
  }
  if (two_pass) {
    nlp::ByteWriter w;
    w.F32(margin2);
    weights2.Write(w);
    mf.sections.emplace_back("weights2", w.Take());
  }
  std::string json = "{\"model\":\"greedy averaged perceptron, (XPOS,UPOS) pair classes\"";
  json += ",\"passes\":" + std::to_string(two_pass ? 2 : 1);
  if (two_pass) json += ",\"pass_folds\":" + std::to_string(kPassFolds) + ",\"second_pass_margin\":" + std::to_string(margin2);
  json += ",\"epochs\":" + std::to_string(epochs) + ",\"seed\":" + std::to_string(o.seed);
  json += ",\"min_updates\":" + std::to_string(min_updates);
  json += ",\"dict_min_count\":" + std::to_string(kDictMinCount) + ",\"dict_min_share\":0.97";
  json += ",\"min_pair_count\":" + std::to_string(kMinPairCount);
  json += ",\"lexicon_min_count\":" + std::to_string(kLexMinCount);
  json += ",\"lexicon_min_percent\":" + std::to_string(kLexMinPercent);
  json += ",\"lexicon_folds\":" + std::to_string(kFolds);
  json += ",\"lexicon_words\":" + std::to_string(lexicon.size());
  json += ",\"train_files\":" + TrainFilesJson(o.train_files);
  json += ",\"train_sentences\":" + std::to_string(sents.size());
  json += ",\"train_words\":" + std::to_string(total_words);
  json += ",\"features\":" + std::to_string(weights.features());
  if (two_pass) json += ",\"features2\":" + std::to_string(weights2.features());
  json += ",\"dictionary_words\":" + std::to_string(dict.size());
  if (word_classes->size()) json += ",\"word_classes\":" + std::to_string(word_classes->size());
  json += ",\"classes\":[";
  for (size_t i = 0; i < ranked.size(); ++i)
    json += (i ? ",[" : "[") + exporters::JsonQuoted(ranked[i].second.first) + "," +
            exporters::JsonQuoted(ranked[i].second.second) + "]";
  json += "]}";
  mf.config_json = std::move(json);

  auto tagger = Tagger::FromModel(mf, false);
  if (!tagger.ok()) return tagger.status().With("trained tagger");
  for (const char* s : kSelfTests) mf.self_tests.push_back({s, (*tagger)->SelfTestOutput(s)});
  Status st = mf.Save(o.output);
  if (!st.ok()) return st;
  auto back = Tagger::Load(o.output);
  if (!back.ok()) return back.status();
  if (o.verbose) {
    std::fprintf(stderr, "tagger: %zu + %zu features kept, wrote %s (%.1fs)\n", weights.features(),
                 weights2.features(), o.output.c_str(), Seconds(t0));
    for (const std::string& dev : o.dev_files) {
      double u = 0, x = 0;
      size_t n = 0;
      Status e = EvaluateTagger(**back, dev, u, x, n);
      if (!e.ok()) return e;
      std::fprintf(stderr, "tagger: dev %s: %zu words, UPOS %.2f%%, XPOS %.2f%%\n", dev.c_str(), n, u, x);
    }
  }
  return Status::Ok();
}

}  // namespace relata::train
