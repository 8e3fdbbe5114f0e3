// Training of the lemmatizer (docs/tagger.md): per tag, whether lemmas are lower-cased; per
// (tag, suffix of the lower-cased form) the most frequent edit rule; whole words ("^form")
// kept where their rule differs from what the suffixes predict (the exception table). A
// suffix entry is kept only where its rule differs from the next shorter known suffix.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "nlp/bytes.h"
#include "nlp/conllu.h"
#include "nlp/lemmatizer.h"
#include "nlp/model_file.h"
#include "nlp/tagger.h"
#include "train/train.h"

namespace relata::train {

// train_tagger.cpp
Status EvaluateTagger(const Tagger& tagger, const std::string& file, double& upos, double& xpos,
                      size_t& words);

namespace {

constexpr int kMinSuffixCount = 2;  // suffix entries need this many tokens

const char* const kSelfTests[] = {
    "NATO/NNP/PROPN trains/VBZ/VERB Iraqi/JJ/ADJ forces/NNS/NOUN ././PUNCT",
    "He/PRP/PRON went/VBD/VERB home/RB/ADV and/CC/CCONJ was/VBD/AUX better/JJR/ADJ",
    "Soleimani/NNP/PROPN 's/POS/PART men/NNS/NOUN are/VBP/AUX n't/RB/PART leaving/VBG/VERB",
    "The/DT/DET children/NNS/NOUN 's/VBZ/AUX been/VBN/AUX studying/VBG/VERB",
};

using Clock = std::chrono::steady_clock;
double Seconds(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

nlp::LemmaRule RuleWithCase(std::string_view form, std::string_view lemma, bool lower) {
  std::string base = lower ? nlp::LowerAscii(form) : std::string(form);
  size_t n = 0;
  while (n < base.size() && n < lemma.size() && base[n] == lemma[n]) ++n;
  nlp::LemmaRule r;
  r.lower = lower;
  r.strip = static_cast<uint32_t>(base.size() - n);
  r.append = std::string(lemma.substr(n));
  return r;
}

struct Node {
  std::map<uint32_t, int> counts;  // rule -> tokens
  int total = 0;
  uint32_t Best() const {
    uint32_t best = 0;
    int bc = -1;
    for (const auto& [r, c] : counts)
      if (c > bc) bc = c, best = r;
    return best;
  }
};

// Lemma accuracy (percent) over CoNLL-U files with gold tokens: with gold tags, and with the
// tags of `tagger` when given.
Status Evaluate(const Lemmatizer& lem, const Tagger* tagger, const std::string& file, double& gold_acc,
                double& pred_acc, size_t& words) {
  auto sents = nlp::ReadConllu(file);
  if (!sents.ok()) return sents.status();
  size_t n = 0, ok_gold = 0, ok_pred = 0;
  for (const auto& s : *sents)
    for (const auto& w : s.words) {
      ok_gold += lem.Lemma(w.form, w.xpos, w.upos) == w.lemma;
      ++n;
    }
  if (tagger) {
    Document doc = nlp::DocumentFromConllu(*sents);
    tagger->Tag(doc);
    lem.Lemmatize(doc);
    size_t i = 0;
    for (const auto& s : *sents)
      for (const auto& w : s.words) ok_pred += i < doc.tokens.size() && doc.tokens[i++].lemma == w.lemma;
  }
  words = n;
  gold_acc = n ? 100.0 * static_cast<double>(ok_gold) / static_cast<double>(n) : 0;
  pred_acc = n ? 100.0 * static_cast<double>(ok_pred) / static_cast<double>(n) : 0;
  return Status::Ok();
}

}  // namespace

Status TrainLemmatizer(const TrainOptions& o) {
  const auto t0 = Clock::now();
  auto read = ReadTreebanks(o.train_files);
  if (!read.ok()) return read.status();
  const auto& sents = *read;

  // Per tag: are lemmas lower-cased where the form has capitals?
  std::map<std::string, std::pair<int, int>> case_votes;  // tag -> (lower, keep)
  for (const auto& s : sents)
    for (const auto& w : s.words) {
      if (w.form.empty() || w.lemma.empty() || w.lemma == "_") continue;
      std::string lf = nlp::LowerAscii(w.form);
      if (lf == w.form) continue;
      auto& v = case_votes[w.xpos];
      if (nlp::LowerAscii(w.lemma) == w.lemma) ++v.first;
      else ++v.second;
    }
  auto tag_lower = [&](const std::string& tag) {
    auto it = case_votes.find(tag);
    return it != case_votes.end() && it->second.first > it->second.second;
  };

  // Rule ids and counts per (tag, suffix) and (tag, ^word).
  std::map<nlp::LemmaRule, uint32_t> rule_ids;
  std::vector<nlp::LemmaRule> rules;
  std::map<std::pair<std::string, std::string>, Node> nodes;  // (tag, suffix)
  // (tag, lower-cased word) -> (form, lemma) -> tokens
  std::map<std::pair<std::string, std::string>, std::map<std::pair<std::string, std::string>, int>> word_tokens;
  size_t words = 0;
  for (const auto& s : sents)
    for (const auto& w : s.words) {
      if (w.form.empty() || w.lemma.empty() || (w.lemma == "_" && w.form != "_")) continue;
      nlp::LemmaRule r = RuleWithCase(w.form, w.lemma, tag_lower(w.xpos));
      if (r.strip > 255) continue;
      auto [it, fresh] = rule_ids.emplace(r, static_cast<uint32_t>(rules.size()));
      if (fresh) rules.push_back(r);
      const uint32_t id = it->second;
      std::string lower = nlp::LowerAscii(w.form);
      for (size_t len = 0; len <= std::min(lower.size(), nlp::kLemmaMaxSuffix); ++len) {
        Node& n = nodes[{w.xpos, lower.substr(lower.size() - len)}];
        ++n.counts[id];
        ++n.total;
      }
      ++word_tokens[{w.xpos, lower}][{w.form, w.lemma}];
      ++words;
    }

  // Keep suffix entries that change the prediction of the next shorter eligible suffix.
  auto eligible = [&](const std::string& tag, std::string_view suffix) -> const Node* {
    auto it = nodes.find({tag, std::string(suffix)});
    if (it == nodes.end()) return nullptr;
    if (!suffix.empty() && it->second.total < kMinSuffixCount) return nullptr;
    return &it->second;
  };
  auto fallback = [&](const std::string& tag, std::string_view body, size_t len) -> const Node* {
    const Node* parent = nullptr;
    while (!parent && len-- > 0) parent = eligible(tag, body.substr(body.size() - len));
    return parent;
  };
  std::map<uint64_t, uint32_t> table;
  for (const auto& [key, node] : nodes) {
    const auto& [tag, suffix] = key;
    if (!eligible(tag, suffix)) continue;
    uint32_t best = node.Best();
    const Node* parent = suffix.empty() ? nullptr : fallback(tag, suffix, suffix.size());
    if (!parent || parent->Best() != best) table[nlp::LemmaKey(tag, suffix)] = best;
  }
  // Whole words (the exception table): the rule right for most of the word's tokens, among
  // the rules of its tokens computed with and without lower-casing and as a full replacement
  // (so that "I"/"i" -> "I" and "It"/"it" -> "it" both hold), kept where it beats the suffixes.
  size_t exceptions = 0;
  std::string applied;
  for (const auto& [key, tokens] : word_tokens) {
    const auto& [tag, lower] = key;
    if (tokens.empty()) continue;
    auto correct = [&](const nlp::LemmaRule& r) {
      int ok = 0;
      for (const auto& [fl, c] : tokens)
        if (nlp::ApplyLemmaRule(r, fl.first, applied) && applied == fl.second) ok += c;
      return ok;
    };
    std::vector<nlp::LemmaRule> candidates;
    for (const auto& [fl, c] : tokens) {
      candidates.push_back(RuleWithCase(fl.first, fl.second, false));
      candidates.push_back(RuleWithCase(fl.first, fl.second, true));
      nlp::LemmaRule full;
      full.strip = static_cast<uint32_t>(fl.first.size());
      full.append = fl.second;
      candidates.push_back(full);
    }
    std::sort(candidates.begin(), candidates.end());
    int best_ok = -1;
    const nlp::LemmaRule* best = nullptr;
    for (const auto& r : candidates) {
      if (r.strip > 255) continue;
      int ok = correct(r);
      if (ok > best_ok) best_ok = ok, best = &r;
    }
    if (!best) continue;
    const Node* parent = fallback(tag, lower, std::min(lower.size(), nlp::kLemmaMaxSuffix) + 1);
    if (parent && correct(rules[parent->Best()]) >= best_ok) continue;
    auto [it, fresh] = rule_ids.emplace(*best, static_cast<uint32_t>(rules.size()));
    if (fresh) rules.push_back(*best);
    table[nlp::LemmaKey(tag, "^" + lower)] = it->second;
    ++exceptions;
  }

  nlp::ModelFile mf;
  mf.component = "lemmatizer";
  mf.component_version = nlp::kLemmatizerVersion;
  {
    nlp::ByteWriter w;
    w.U32(static_cast<uint32_t>(rules.size()));
    for (const auto& r : rules) {
      w.U8(r.lower ? 1 : 0);
      w.U8(static_cast<uint8_t>(r.strip));
      w.Str(r.append);
    }
    mf.sections.emplace_back("rules", w.Take());
  }
  {
    nlp::ByteWriter w;
    w.U32(static_cast<uint32_t>(table.size()));
    for (const auto& [k, r] : table) {
      w.U64(k);
      w.U32(r);
    }
    mf.sections.emplace_back("table", w.Take());
  }
  std::string json = "{\"model\":\"edit rules by XPOS and longest suffix, whole-word exceptions\"";
  json += ",\"max_suffix\":" + std::to_string(nlp::kLemmaMaxSuffix);
  json += ",\"min_suffix_count\":" + std::to_string(kMinSuffixCount);
  json += ",\"train_words\":" + std::to_string(words);
  json += ",\"rules\":" + std::to_string(rules.size());
  json += ",\"entries\":" + std::to_string(table.size());
  json += ",\"whole_word_entries\":" + std::to_string(exceptions);
  json += ",\"lower_case_tags\":[";
  bool first = true;
  for (const auto& [tag, v] : case_votes)
    if (tag_lower(tag)) {
      std::string t;
      for (char c : tag)
        if (c != '"' && c != '\\') t += c;
      json += (first ? "\"" : ",\"") + t + "\"";
      first = false;
    }
  json += "]}";
  mf.config_json = std::move(json);

  auto lem = Lemmatizer::FromModel(mf, false);
  if (!lem.ok()) return lem.status().With("trained lemmatizer");
  for (const char* s : kSelfTests) mf.self_tests.push_back({s, (*lem)->SelfTestOutput(s)});
  Status st = mf.Save(o.output);
  if (!st.ok()) return st;
  auto back = Lemmatizer::Load(o.output);
  if (!back.ok()) return back.status();
  if (o.verbose) {
    std::fprintf(stderr, "lemmatizer: %zu words, %zu rules, %zu entries (%zu whole words), wrote %s (%.1fs)\n",
                 words, rules.size(), table.size(), exceptions, o.output.c_str(), Seconds(t0));
    // Predicted tags from the tagger model next to the output, when there is one.
    std::unique_ptr<Tagger> tagger;
    std::string tagger_path =
        (std::filesystem::path(o.output).parent_path() / "tagger.rmd").string();
    if (std::filesystem::exists(tagger_path)) {
      auto t = Tagger::Load(tagger_path);
      if (t.ok()) tagger = std::move(*t);
    }
    for (const std::string& dev : o.dev_files) {
      double g = 0, p = 0;
      size_t n = 0;
      Status e = Evaluate(**back, tagger.get(), dev, g, p, n);
      if (!e.ok()) return e;
      std::fprintf(stderr, "lemmatizer: dev %s: %zu words, lemma %.2f%% with gold tags", dev.c_str(), n, g);
      if (tagger) std::fprintf(stderr, ", %.2f%% with %s", p, tagger_path.c_str());
      std::fprintf(stderr, "\n");
    }
  }
  return Status::Ok();
}

}  // namespace relata::train
