// Training of the tokenizer (src/nlp/tokenizer.h): learns the abbreviation list, the
// multi-word-token table, the hyphen decisions and the sentence-boundary perceptron from
// CoNLL-U treebanks, then writes the model with self-tests. Deterministic.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>

#include "util/splitmix.h"
#include "nlp/conllu.h"
#include "nlp/model_file.h"
#include "nlp/seg_eval.h"
#include "nlp/tokenizer.h"
#include "train/perceptron_train.h"
#include "train/train.h"

namespace relata::train {
namespace {

std::string LowerAscii(std::string_view s) {
  std::string r(s);
  for (char& c : r)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return r;
}

bool HasLetter(std::string_view s) {
  for (char c : s)
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return false;
}

// Titles, months, US states and common abbreviations of news text, added to the learnt list.
const char* const kBuiltinAbbreviations[] = {
    "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Gen.", "Lt.", "Col.", "Sgt.", "Capt.", "Maj.", "Cpl.",
    "Adm.", "Cmdr.", "Brig.", "Gov.", "Sen.", "Rep.", "Reps.", "Sens.", "Rev.", "St.", "Jr.", "Sr.",
    "Pres.", "Supt.", "Det.", "Insp.", "Hon.", "Messrs.", "Mmes.", "Fr.", "Atty.", "Gens.",
    "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec.",
    "Mon.", "Tue.", "Tues.", "Wed.", "Thu.", "Thur.", "Thurs.", "Fri.", "Sat.", "Sun.",
    "Ala.", "Ariz.", "Ark.", "Calif.", "Colo.", "Conn.", "Del.", "Fla.", "Ga.", "Ill.", "Ind.",
    "Kan.", "Kans.", "Ky.", "La.", "Md.", "Mass.", "Mich.", "Minn.", "Miss.", "Mo.", "Mont.",
    "Neb.", "Nev.", "Okla.", "Ore.", "Pa.", "Penn.", "Tenn.", "Tex.", "Va.", "Vt.", "Wash.",
    "Wis.", "Wyo.", "Inc.", "Corp.", "Co.", "Ltd.", "Bros.", "Cos.", "vs.", "etc.", "No.", "Nos.",
    "approx.", "est.", "Ave.", "Blvd.", "Mt.", "Ft.", "Rd.", "Dept.", "Univ.", "Assn.", "Govt.",
    "Jan.", "ca.", "cf.", "al.", "Vol.", "vol.", "pp.", "Fig.", "fig.", "Ph.D.", "U.S.", "U.K.",
    "U.N.", "E.U.", "a.m.", "p.m.", "e.g.", "i.e.",
};

// What the hyphen counts collect: keep (1) or split (0) tallies.
struct Tally {
  uint32_t keep = 0, split = 0;
  uint8_t Decision() const { return keep > split ? 1 : 0; }
};

bool WordByte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

// Counts, for every hyphen between word characters in the gold text, whether the treebank
// splits the word there.
void CountHyphens(const Document& gold, std::map<std::string, Tally>& words,
                  std::map<std::string, Tally>& prefixes, Tally shapes[8][8]) {
  const std::string& t = gold.text;
  std::set<uint32_t> cuts;  // token boundaries
  for (const Token& tok : gold.tokens) {
    cuts.insert(tok.begin);
    cuts.insert(tok.end);
  }
  const auto* s = reinterpret_cast<const unsigned char*>(t.data());
  size_t i = 0, n = t.size();
  while (i < n) {
    if (!WordByte(s[i])) { ++i; continue; }
    size_t a = i;
    std::vector<size_t> hy;
    while (i < n) {
      if (WordByte(s[i])) { ++i; continue; }
      if (s[i] == '-' && i > a && i + 1 < n && WordByte(s[i + 1])) { hy.push_back(i); ++i; continue; }
      break;
    }
    size_t b = i;
    bool url = (a > 0 && (s[a - 1] == '.' || s[a - 1] == '/' || s[a - 1] == '@')) ||
               (b < n && (s[b] == '/' || s[b] == '@' || (s[b] == '.' && b + 1 < n && WordByte(s[b + 1]))));
    if (hy.empty() || url) continue;
    std::string whole = LowerAscii(t.substr(a, b - a));
    for (size_t k = 0; k < hy.size(); ++k) {
      size_t h = hy[k];
      size_t la = k ? hy[k - 1] + 1 : a, rb = k + 1 < hy.size() ? hy[k + 1] : b;
      bool split = cuts.count(static_cast<uint32_t>(h)) > 0;
      std::string_view left(t.data() + la, h - la), right(t.data() + h + 1, rb - h - 1);
      auto bump = [&](Tally& x) { (split ? x.split : x.keep)++; };
      bump(words[whole]);
      bump(prefixes[LowerAscii(left)]);
      bump(shapes[nlp::PartShape(left)][nlp::PartShape(right)]);
    }
  }
}

std::vector<uint8_t> HardBreaks(const Document& d) {
  std::vector<uint8_t> hard(d.tokens.size(), 0);
  for (size_t i = 0; i + 1 < d.tokens.size(); ++i) {
    std::string_view gap(d.text.data() + d.tokens[i].end, d.tokens[i + 1].begin - d.tokens[i].end);
    hard[i] = gap.find("\n\n") != std::string_view::npos;
  }
  return hard;
}

// Deterministic Fisher-Yates with splitmix64.
void Shuffle(std::vector<uint32_t>& v, uint64_t& state) {
  for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[SplitMix64(state) % i]);
}

nlp::SegmentationScores EvalOn(const Tokenizer& tok, const std::vector<nlp::ConlluSentence>& sents) {
  Document gold = nlp::DocumentFromConllu(sents);
  Document pred;
  pred.text = gold.text;
  tok.Tokenize(pred);
  return nlp::Evaluate(gold, pred);
}

}  // namespace

Status TrainTokenizer(const TrainOptions& o) {
  auto t0 = std::chrono::steady_clock::now();
  auto sents = ReadTreebanks(o.train_files);
  if (!sents.ok()) return sents.status();
  const int epochs = o.epochs > 0 ? o.epochs : 6;
  nlp::TokenizerModel m;

  // 1. Multi-word tokens whose words spell the surface, when usually split.
  std::map<std::string, std::map<std::string, uint32_t>> mwt;  // form -> offsets as bytes -> count
  std::map<std::string, uint32_t> single;
  std::map<std::string, uint32_t> abbr_whole, abbr_split;
  for (const auto& s : *sents) {
    for (const auto& x : s.mwts) {
      std::string joined;
      std::string offs;
      for (int k = x.first; k <= x.last; ++k) {
        if (k > x.first) offs.push_back(static_cast<char>(std::min<size_t>(joined.size(), 255)));
        joined += s.words[static_cast<size_t>(k)].form;
      }
      if (joined != x.form || x.form.size() > 60) continue;
      mwt[LowerAscii(x.form)][offs]++;
    }
    for (size_t i = 0; i < s.words.size(); ++i) {
      const auto& w = s.words[i];
      if (w.mwt >= 0) continue;
      single[LowerAscii(w.form)]++;
      if (w.form.size() >= 2 && w.form.back() == '.' && HasLetter(w.form) &&
          w.form.find_first_of(" /@:") == std::string::npos && w.form.size() <= 12)
        abbr_whole[w.form]++;
      if (i + 1 < s.words.size() && !w.space_after && s.words[i + 1].form == "." && HasLetter(w.form))
        abbr_split[w.form + "."]++;
    }
  }
  for (const auto& [form, by] : mwt) {
    uint32_t total = 0, best = 0;
    const std::string* offs = nullptr;
    for (const auto& [v, c] : by) {
      total += c;
      if (c > best) { best = c; offs = &v; }
    }
    auto it = single.find(form);
    uint32_t unsplit = it == single.end() ? 0 : it->second;
    if ((total >= 2 || unsplit == 0) && total > unsplit) m.mwt_list.emplace_back(form, std::vector<uint8_t>(offs->begin(), offs->end()));
  }
  std::set<std::string> abbrs(std::begin(kBuiltinAbbreviations), std::end(kBuiltinAbbreviations));
  size_t learnt_abbr = 0;
  for (const auto& [form, c] : abbr_whole) {
    auto it = abbr_split.find(form);
    uint32_t sp = it == abbr_split.end() ? 0 : it->second;
    if (c > sp && !abbrs.count(form)) {
      abbrs.insert(form);
      ++learnt_abbr;
    }
  }
  m.abbreviation_list.assign(abbrs.begin(), abbrs.end());
  // Abbreviations seen ending a sentence ("etc" + "." or "etc." last) at least 3 times.
  std::map<std::string, uint32_t> finals;
  for (const auto& s : *sents) {
    size_t n = s.words.size();
    if (n >= 2 && s.words[n - 1].form == "." && !s.words[n - 2].space_after &&
        abbrs.count(s.words[n - 2].form + "."))
      finals[s.words[n - 2].form + "."]++;
    if (n >= 1 && s.words[n - 1].form.size() > 1 && abbrs.count(s.words[n - 1].form))
      finals[s.words[n - 1].form]++;
  }
  for (const auto& [form, c] : finals)
    if (c >= 3) m.final_abbreviation_list.push_back(form);

  // Suffixes a number keeps ("5th", "1990s") rather than splitting off ("10 am", "5 k").
  {
    std::map<std::string, std::pair<uint32_t, uint32_t>> suffix;  // whole, split
    auto number = [](std::string_view w, bool whole_word) {
      size_t p = 0;
      while (p < w.size() && ((w[p] >= '0' && w[p] <= '9') || w[p] == '.' || w[p] == ',')) ++p;
      return p > 0 && w[p - 1] >= '0' && w[p - 1] <= '9' && (whole_word ? p < w.size() : p == w.size()) ? p : 0;
    };
    auto letters = [](std::string_view w) {
      for (char c : w)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
      return !w.empty();
    };
    for (const auto& s : *sents)
      for (size_t i = 0; i < s.words.size(); ++i) {
        const auto& w = s.words[i];
        if (w.mwt >= 0) continue;
        if (size_t p = number(w.form, true); p && letters(std::string_view(w.form).substr(p)))
          suffix[LowerAscii(w.form.substr(p))].first++;
        if (number(w.form, false) && !w.space_after && i + 1 < s.words.size() && letters(s.words[i + 1].form))
          suffix[LowerAscii(s.words[i + 1].form)].second++;
      }
    for (const auto& [suf, c] : suffix)
      if (c.first > 0 && c.first >= c.second) m.number_suffix_list.push_back(suf);
  }

  // 2. Hyphens.
  Document gold = nlp::DocumentFromConllu(*sents);
  std::map<std::string, Tally> hw, hp;
  Tally hs[8][8];
  CountHyphens(gold, hw, hp, hs);
  for (int a = 0; a < 8; ++a)
    for (int b = 0; b < 8; ++b) m.hyphen_shape[a][b] = hs[a][b].Decision();
  // Prefixes that disagree with their shape's default; whole words that disagree with both.
  std::map<std::string, uint8_t> prefix_decision;
  for (const auto& [p, tally] : hp) {
    if (tally.keep + tally.split < 2) continue;
    uint8_t d = tally.Decision();
    if (d != m.hyphen_shape[nlp::PartShape(p)][0] || d != m.hyphen_shape[nlp::PartShape(p)][1]) {
      m.hyphen_prefix_list.emplace_back(p, d);
      prefix_decision[p] = d;
    }
  }
  for (const auto& [w, tally] : hw) {
    uint8_t d = tally.Decision();
    std::string first = w.substr(0, w.find('-'));
    std::string rest = w.substr(w.find('-') + 1);
    auto it = prefix_decision.find(first);
    uint8_t fallback = it != prefix_decision.end()
                           ? it->second
                           : m.hyphen_shape[nlp::PartShape(first)][nlp::PartShape(rest)];
    if (d != fallback) m.hyphen_word_list.emplace_back(w, d);
  }
  m.Index();

  // 3. Whole tokens the rules would split ("b/c", ":)", "Yahoo!"): gold tokens our
  // segmentation cuts into pieces, kept when the treebanks keep them whole more often than
  // they split the same string.
  {
    Tokenizer rules(m);
    Document pred;
    pred.text = gold.text;
    rules.Tokenize(pred);
    std::set<uint32_t> pred_cuts;
    for (const Token& t : pred.tokens) {
      pred_cuts.insert(t.begin);
      pred_cuts.insert(t.end);
    }
    std::map<std::string, uint32_t> whole, split;
    for (size_t i = 0; i < gold.tokens.size(); ++i) {
      const Token& t = gold.tokens[i];
      if (t.end - t.begin < 2 || t.end - t.begin > 40 || (i > 0 && gold.tokens[i - 1].begin == t.begin)) continue;
      if (!pred_cuts.count(t.begin) || !pred_cuts.count(t.end)) continue;
      auto it = pred_cuts.upper_bound(t.begin);
      if (it != pred_cuts.end() && *it < t.end) whole[gold.text.substr(t.begin, t.end - t.begin)]++;
    }
    // The same strings split by the treebanks: runs of 2-4 gold tokens without spaces.
    for (size_t i = 0; i < gold.tokens.size(); ++i)
      for (size_t k = i + 1; k < gold.tokens.size() && k < i + 4; ++k) {
        if (gold.tokens[k].begin != gold.tokens[k - 1].end) break;
        std::string str = gold.text.substr(gold.tokens[i].begin, gold.tokens[k].end - gold.tokens[i].begin);
        if (whole.count(str)) split[str]++;
      }
    for (const auto& [w, c] : whole) {
      uint32_t sp = split.count(w) ? split[w] : 0;
      bool punct_only = !HasLetter(w);
      if (c > sp && (c >= 2 || (punct_only && sp == 0))) m.whole_list.push_back(w);
    }
    m.Index();
  }

  // 4. Sentence boundaries: an averaged perceptron over candidate tokens of the gold text.
  std::vector<uint8_t> hard = HardBreaks(gold);
  std::vector<uint8_t> is_end(gold.tokens.size(), 0);
  for (const Sentence& s : gold.sentences)
    if (s.last > s.first) is_end[s.last - 1] = 1;
  std::vector<uint64_t> hashes(gold.tokens.size());
  std::vector<uint8_t> shapes(gold.tokens.size());
  for (size_t i = 0; i < gold.tokens.size(); ++i) {
    hashes[i] = nlp::ValueHash(gold.tokens[i].form);
    shapes[i] = static_cast<uint8_t>(nlp::BoundaryShape(gold.tokens[i].form));
  }
  std::vector<uint64_t> feats;
  std::vector<uint32_t> offsets{0};
  std::vector<uint8_t> labels;
  uint64_t buf[32];
  for (size_t i = 0; i + 1 < gold.tokens.size(); ++i) {
    if (hard[i] || !nlp::BoundaryCandidate(shapes.data(), gold.tokens, i)) continue;
    size_t k = nlp::BoundaryFeatures(m, nlp::MakeBoundaryContext(gold.tokens, hashes.data(), shapes.data(), i), buf);
    feats.insert(feats.end(), buf, buf + k);
    offsets.push_back(static_cast<uint32_t>(feats.size()));
    labels.push_back(is_end[i]);
  }
  AveragedPerceptron p(2);
  std::vector<uint32_t> order(labels.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<uint32_t>(i);
  uint64_t rng = o.seed;
  for (int e = 0; e < epochs; ++e) {
    Shuffle(order, rng);
    size_t errors = 0;
    for (uint32_t idx : order) {
      const uint64_t* f = feats.data() + offsets[idx];
      size_t k = offsets[idx + 1] - offsets[idx];
      float sc[2] = {0, 0};
      p.Score(f, k, sc);
      int guess = sc[1] > sc[0] ? 1 : 0;
      if (guess != labels[idx]) ++errors;
      p.Update(f, k, labels[idx], guess);
    }
    if (o.verbose)
      std::fprintf(stderr, "tokenizer: epoch %d: %zu of %zu candidate boundaries wrong\n", e + 1, errors,
                   labels.size());
  }
  m.boundary = p.Finish(1);

  // 5. Model file with self-tests (the trained model's own output, checked at load).
  nlp::ModelFile f;
  f.component = "tokenizer";
  f.component_version = 1;
  std::string files;
  for (const auto& x : o.train_files) files += (files.empty() ? "\"" : ", \"") + x.substr(x.rfind('/') + 1) + "\"";
  f.config_json = "{\"train_files\": [" + files + "], \"epochs\": " + std::to_string(epochs) +
                  ", \"seed\": " + std::to_string(o.seed) +
                  ", \"abbreviations\": " + std::to_string(m.abbreviation_list.size()) +
                  ", \"abbreviations_learnt\": " + std::to_string(learnt_abbr) +
                  ", \"whole\": " + std::to_string(m.whole_list.size()) +
                  ", \"mwt\": " + std::to_string(m.mwt_list.size()) +
                  ", \"hyphen_words\": " + std::to_string(m.hyphen_word_list.size()) +
                  ", \"hyphen_prefixes\": " + std::to_string(m.hyphen_prefix_list.size()) +
                  ", \"boundary_features\": " + std::to_string(m.boundary.features()) +
                  ", \"max_sentence_tokens\": " + std::to_string(nlp::kMaxSentenceTokens) + "}";
  nlp::WriteTokenizerSections(m, f.sections);
  Tokenizer tok(m);
  const char* const inputs[] = {
      "Mr. Smith didn't go to Washington, D.C. on Jan. 5. He can't stand the U.S. Army's 5,200-page report.",
      "WASHINGTON (Reuters) \xE2\x80\x94 Stocks rose 3.5% to $4.25 a share \xE2\x80\x9C"
      "today\xE2\x80\x9D, said Dr. Jones.\n\nMarkets rally\n\nWe're gonna see, I'm sure...",
      "E-mail john.doe@example.com or visit https://www.example.com/a-b?x=1. Cannot wait! Really?",
      "The 500-person anti-war rally began at 10:30 a.m. on 11/28/2000. ``Fine,'' she said.",
  };
  for (const char* in : inputs) {
    Document d;
    d.text = in;
    tok.Tokenize(d);
    f.self_tests.push_back({in, nlp::SegmentationString(d)});
  }
  Status st = f.Save(o.output);
  if (!st.ok()) return st;
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (o.verbose) {
    std::fprintf(stderr,
                 "tokenizer: %zu abbreviations (%zu learnt), %zu multi-word tokens, %zu hyphen words, "
                 "%zu hyphen prefixes, %zu boundary features; %.1f s; wrote %s\n",
                 m.abbreviation_list.size(), learnt_abbr, m.mwt_list.size(), m.hyphen_word_list.size(),
                 m.hyphen_prefix_list.size(), m.boundary.features(), secs, o.output.c_str());
    for (const auto& t : f.self_tests) std::fprintf(stderr, "  self-test: %s\n", t.expected.c_str());
    for (const auto& dev : o.dev_files) {
      auto d = nlp::ReadConllu(dev);
      if (!d.ok()) return d.status();
      nlp::SegmentationScores sc = EvalOn(tok, *d);
      std::fprintf(stderr,
                   "tokenizer: %s: tokens P %.2f R %.2f F1 %.2f; sentences P %.2f R %.2f F1 %.2f\n",
                   dev.c_str(), sc.tokens.Precision(), sc.tokens.Recall(), sc.tokens.F1(),
                   sc.sentences.Precision(), sc.sentences.Recall(), sc.sentences.F1());
    }
  }
  return Status::Ok();
}

}  // namespace relata::train
