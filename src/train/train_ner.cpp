// Training of the named-entity recogniser (docs/ner.md): GUM named mentions as BILOU
// labels, Viterbi decoding with the current weights, a structured-perceptron update per
// sentence; training tags are jackknifed predictions.
//
// Gazetteer features are trained by jackknifing: the documents fall into two folds, and each
// fold sees the gazetteer built from the other fold's names (plus the ISO 3166 country and
// subdivision names when Debian's iso-codes is installed). Otherwise every training name
// would be in the gazetteer and the model would trust it blindly. The model keeps the
// gazetteer built from all training names.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <system_error>
#include <thread>
#include <memory>
#include <unordered_map>

#include <unistd.h>

#include <rapidjson/document.h>

#include "util/splitmix.h"
#include "nlp/ner.h"
#include "nlp/ner_eval.h"
#include "nlp/tagger.h"
#include "train/lm_classes.h"
#include "train/wordnet.h"
#include "train/perceptron_train.h"
#include "train/train.h"

namespace relata::train {

namespace {

constexpr int kDefaultEpochs = 5;
constexpr uint32_t kMinUpdates = 2;         // features updated fewer times are pruned ...
constexpr size_t kPruneMinWords = 50000;    // ... when there are at least this many training words
                                            // (a small set is learnt in an epoch or two, with
                                            // one update for most features)
constexpr int kEnsemble = 4;  // perceptrons whose mean is the model (one thread each)
constexpr size_t kBarePercent = 10;  // % of sentences trained without tags and tree, and
                                     // again without the tree only

struct Rng {  // splitmix64: fixed, portable
  uint64_t s;
  uint64_t Next() { return SplitMix64(s); }
  size_t Below(size_t n) { return static_cast<size_t>(Next() % n); }
};

std::vector<std::string> SplitWords(std::string_view s) {
  std::vector<std::string> out;
  size_t p = 0;
  while (p < s.size()) {
    size_t e = s.find(' ', p);
    if (e == std::string_view::npos) e = s.size();
    if (e > p) out.emplace_back(s.substr(p, e - p));
    p = e + 1;
  }
  return out;
}

// A name list from a Debian package: token sequences with their gazetteer class.
using NameList = std::vector<std::pair<std::vector<std::string>, int>>;

std::string ReadAll(const char* path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// ISO 3166 names (countries; subdivisions of the kinds that are political units) and the
// cities of the time-zone database, as GPE.
void AddIsoPlaceNames(NameList& out) {
  const int gpe = nlp::NerTypeIndex("GPE");
  auto read = [](const char* path, rapidjson::Document& d) {
    std::string text = ReadAll(path);
    if (text.empty()) return false;
    d.Parse(text.c_str());
    return !d.HasParseError() && d.IsObject();
  };
  auto add = [&](const rapidjson::Value& v, const char* key) {
    if (!v.HasMember(key) || !v[key].IsString()) return;
    std::string_view name = v[key].GetString();
    if (name.find(',') != std::string_view::npos || name.find('(') != std::string_view::npos) return;
    out.emplace_back(SplitWords(name), gpe);
  };
  rapidjson::Document d1;
  if (read("/usr/share/iso-codes/json/iso_3166-1.json", d1) && d1.HasMember("3166-1") && d1["3166-1"].IsArray())
    for (const auto& c : d1["3166-1"].GetArray()) {
      if (!c.IsObject()) continue;
      add(c, "name");
      add(c, "common_name");
      add(c, "official_name");
    }
  rapidjson::Document d2;
  static const std::set<std::string_view> kKinds = {"State", "Province", "Country", "Nation", "City",
                                                    "Republic", "Emirate", "Autonomous republic",
                                                    "Capital district", "Capital city", "Federal district"};
  if (read("/usr/share/iso-codes/json/iso_3166-2.json", d2) && d2.HasMember("3166-2") && d2["3166-2"].IsArray())
    for (const auto& c : d2["3166-2"].GetArray()) {
      if (!c.IsObject() || !c.HasMember("type") || !c["type"].IsString()) continue;
      if (kKinds.count(c["type"].GetString())) add(c, "name");
    }
  // City names of the time-zone database (tzdata): "Europe/Athens" -> "Athens".
  std::ifstream tz("/usr/share/zoneinfo/zone1970.tab");
  std::string line;
  while (std::getline(tz, line)) {
    if (line.empty() || line[0] == '#') continue;
    size_t t1 = line.find('\t'), t2 = t1 == std::string::npos ? t1 : line.find('\t', t1 + 1);
    if (t2 == std::string::npos) continue;
    size_t t3 = line.find('\t', t2 + 1);
    std::string zone = line.substr(t2 + 1, t3 == std::string::npos ? std::string::npos : t3 - t2 - 1);
    std::string city = zone.substr(zone.rfind('/') + 1);
    for (char& c : city)
      if (c == '_') c = ' ';
    if (!city.empty()) out.emplace_back(SplitWords(city), gpe);
  }
}

// The weather locations database of libgweather-4-common: world regions (LOC) and the
// countries, states and cities under them (GPE). Weather stations (`<location>`: mostly
// airports) are left out. The file is read line by line: a `<_name>` names the element
// opened last.
void AddGweatherNames(NameList& out) {
  std::istringstream in(ReadAll("/usr/share/libgweather-4/Locations.xml"));
  const int gpe = nlp::NerTypeIndex("GPE"), loc = nlp::NerTypeIndex("LOC");
  std::string line, element;
  while (std::getline(in, line)) {
    for (const char* e : {"region", "country", "state", "city", "location", "named-timezone"})
      if (line.find(std::string("<") + e + ">") != std::string::npos) element = e;
    size_t a = line.find("<_name");
    if (a == std::string::npos) continue;
    a = line.find('>', a);
    size_t b = line.find("</_name>");
    if (a == std::string::npos || b == std::string::npos || b <= a) continue;
    std::string name = line.substr(a + 1, b - a - 1);
    if (name.find_first_of(",(&;") != std::string::npos) continue;
    if (element == "region") out.emplace_back(SplitWords(name), loc);
    else if (element == "country" || element == "state" || element == "city") out.emplace_back(SplitWords(name), gpe);
  }
}

// Given names and surnames of the 1990 US census lists in libtext-names-perl
// (Text/Names.pm: "NAME  freq  cumulative  rank" records in three here-documents).
void AddCensusNames(NameList& out) {
  const std::string text = ReadAll("/usr/share/perl5/Text/Names.pm");
  auto block = [&](const std::string& var, int cls) {
    size_t a = text.find("$" + var + " = <<ENDNAMES;");
    if (a == std::string::npos) return;
    a = text.find('\n', a);
    size_t b = text.find("\nENDNAMES", a);
    if (a == std::string::npos || b == std::string::npos) return;
    std::istringstream in(text.substr(a + 1, b - a - 1));
    std::string w;
    while (in >> w) {
      bool alpha = !w.empty() && std::all_of(w.begin(), w.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
      if (alpha && w.size() > 1) out.push_back({{w}, cls});
    }
  };
  block("COMMON_MALE_FIRSTNAMES", nlp::kGazFirstName);
  block("COMMON_FEMALE_FIRSTNAMES", nlp::kGazFirstName);
  block("COMMON_SURNAMES", nlp::kGazSurname);
}

// WordNet's proper names that are not people (layout 5): organisations (noun.group synsets:
// `Hamas`, `Red Cross`) as ORG, and instances of places (noun.location) as GPE, of objects
// (noun.object: rivers, mountains) as LOC, of acts and events (noun.act, noun.event: wars,
// battles) as EVENT; each name only where the synset is the word's first sense. People
// (noun.person) are left out: as names they cost more precision than they bring (docs/ner.md).
void AddWordNetNames(NameList& out) {
  const int org = nlp::NerTypeIndex("ORG"), gpe = nlp::NerTypeIndex("GPE"), loc = nlp::NerTypeIndex("LOC"),
            event = nlp::NerTypeIndex("EVENT");
  for (const WordNetName& n : ReadWordNetNames(kWordNetDir)) {
    if (!n.first_sense) continue;  // `Washington` is first a person, not the government
    int type = -1;
    if (n.lexfile == 14) type = org;
    else if (n.instance && n.lexfile == 15) type = gpe;
    else if (n.instance && n.lexfile == 17) type = loc;
    else if (n.instance && (n.lexfile == 4 || n.lexfile == 11)) type = event;
    if (type >= 0) out.emplace_back(SplitWords(n.words), type);
  }
}

// Casing knowledge (docs/ner.md): the English word lists of Debian's wamerican and wbritish
// (/usr/share/dict), one word a line as the list spells it.
nlp::CaseLexicon ReadCaseLexicon(size_t* lines_out) {
  nlp::CaseLexicon lex;
  size_t lines = 0;
  for (const char* path : {"/usr/share/dict/american-english", "/usr/share/dict/british-english"}) {
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      lex.Add(line);
      ++lines;
    }
  }
  lex.Finish();
  *lines_out = lines;
  return lex;
}

// ---- Word classes (docs/ner.md) ----
//
// Predictive exchange clustering (Uszkoreit & Brants 2008; the exchange algorithm of Kneser &
// Ney 1993): each word w gets the class c(w) that maximises the likelihood of the class
// bigram model P(next word | c(w)) over the text, i.e. sum N(c,v) log N(c,v) - sum N(c) log N(c)
// where N(c,v) counts the bigrams (w, v) with c(w) = c. Words are moved one at a time to
// their best class, in frequency order, for a fixed number of passes (deterministic). Run on
// the reversed sentences it gives classes from the preceding words.
constexpr int kClusters = 128;
constexpr int kClusterPasses = 6;
constexpr int kClusterMinCount = 3;

// Word ids: 0 = sentence boundary, 1 = rare word, 2... = words by decreasing frequency. The
// bigram counts, sorted by (first, next), go to the shared ExchangeClusters.
std::vector<int> SentenceClusters(const std::vector<std::vector<int>>& sents, int vocab, bool reverse) {
  std::vector<uint64_t> pairs;  // first << 32 | next
  for (const auto& s : sents) {
    std::vector<int> seq;
    seq.push_back(0);
    if (reverse) seq.insert(seq.end(), s.rbegin(), s.rend());
    else seq.insert(seq.end(), s.begin(), s.end());
    seq.push_back(0);
    for (size_t i = 0; i + 1 < seq.size(); ++i)
      pairs.push_back((static_cast<uint64_t>(seq[i]) << 32) | static_cast<uint32_t>(seq[i + 1]));
  }
  std::sort(pairs.begin(), pairs.end());
  std::vector<WeightedBigram> bigrams;
  for (size_t i = 0; i < pairs.size();) {
    size_t j = i;
    while (j < pairs.size() && pairs[j] == pairs[i]) ++j;
    bigrams.push_back({static_cast<uint32_t>(pairs[i] >> 32), static_cast<uint32_t>(pairs[i] & 0xFFFFFFFFu),
                       static_cast<double>(j - i)});
    i = j;
  }
  return ExchangeClusters(bigrams, static_cast<size_t>(vocab), kClusters, kClusterPasses);
}

// Word classes of the lower-cased words of the training treebanks' sentences, and of EWT's
// training sentences when en_ewt-ud-train.conllu lies beside the first training file (its
// text only: EWT has no entity annotation).
nlp::WordClusters LearnClusters(const std::vector<nlp::ConlluSentence>& train, const std::vector<std::string>& files,
                                size_t* words_out) {
  std::vector<const std::vector<nlp::ConlluSentence>*> texts = {&train};
  Result<std::vector<nlp::ConlluSentence>> ewt = Status::Error("");
  if (!files.empty()) {
    std::filesystem::path p = std::filesystem::path(files[0]).parent_path() / "en_ewt-ud-train.conllu";
    bool listed = std::any_of(files.begin(), files.end(), [&](const std::string& f) {
      return std::filesystem::path(f).filename() == "en_ewt-ud-train.conllu";
    });
    if (!listed && std::filesystem::exists(p)) {
      ewt = nlp::ReadConllu(p.string());
      if (ewt.ok()) texts.push_back(&*ewt);
    }
  }
  auto lower = [](std::string w) {
    for (char& c : w)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return w;
  };
  std::map<std::string, int64_t> counts;
  for (const auto* t : texts)
    for (const auto& s : *t)
      for (const auto& w : s.words) ++counts[lower(w.form)];
  std::vector<std::pair<int64_t, std::string>> by_freq;
  for (const auto& [w, c] : counts)
    if (c >= kClusterMinCount) by_freq.push_back({-c, w});
  std::sort(by_freq.begin(), by_freq.end());
  std::map<std::string, int> id;
  for (size_t i = 0; i < by_freq.size(); ++i) id[by_freq[i].second] = static_cast<int>(i) + 2;
  std::vector<std::vector<int>> sents;
  for (const auto* t : texts)
    for (const auto& s : *t) {
      sents.emplace_back();
      for (const auto& w : s.words) {
        auto it = id.find(lower(w.form));
        sents.back().push_back(it == id.end() ? 1 : it->second);
      }
    }
  const int vocab = static_cast<int>(by_freq.size()) + 2;
  std::vector<int> right = SentenceClusters(sents, vocab, false), left = SentenceClusters(sents, vocab, true);
  nlp::WordClusters out;
  for (const auto& [w, i] : id)
    out.Add(nlp::Gazetteer::TokenHash(w), static_cast<uint8_t>(right[static_cast<size_t>(i)] + 1),
            static_cast<uint8_t>(left[static_cast<size_t>(i)] + 1));
  out.Finish();
  size_t words = 0;
  for (const auto& sv : sents) words += sv.size();
  *words_out = words;
  return out;
}

// ---- Jackknifed tags (docs/ner.md) ----
//
// The recogniser runs on the tagger's UPOS and XPOS, so it learns from predicted ones: the
// training documents fall into kTagFolds folds (document index mod kTagFolds) and each fold
// is tagged by a tagger that TrainTagger trains on the other folds (kTagEpochs epochs, the
// same seed; GUM only and without the language model's word classes, to keep the time down;
// the recogniser of models/ was trained so). Trees stay gold (a jackknifed parser would cost
// many minutes).
constexpr int kTagFolds = 5;
constexpr int kTagEpochs = 4;
constexpr size_t kTagFoldsMinSentences = 1000;  // a smaller treebank keeps gold tags (its folds
                                                // would be too small to train a tagger on)
// Describing nouns: seen heading at least this many GUM mentions, this share (tenths) of one type.
constexpr uint32_t kNounTypeMinCount = 3;
constexpr uint32_t kNounTypeMinShareTenths = 6;
constexpr uint32_t kNounClassMinCount = 10;  // the same for a language-model class or a WordNet
                                             // supersense (the back-offs)

// Sentence ranges [begin, end) of the documents (a new one at each "# newdoc").
std::vector<std::pair<size_t, size_t>> DocumentRanges(const std::vector<nlp::ConlluSentence>& sents) {
  std::vector<std::pair<size_t, size_t>> out;
  for (size_t i = 0; i < sents.size(); ++i) {
    if (i == 0 || sents[i].newdoc) out.emplace_back(i, i);
    out.back().second = i + 1;
  }
  return out;
}

struct Example {
  uint32_t first, last;  // tokens in the training document
  int fold;
  size_t doc;  // index of its document (DocumentRanges)
  std::vector<int> gold;
  std::vector<nlp::NerScratch::Tok> toks;  // prepared with the fold's gazetteer
  std::vector<nlp::NerScratch::Tok> bare;    // the same without tags and tree
  std::vector<nlp::NerScratch::Tok> notree;  // the same with tags but without a tree
};

// A document whose tokens carry the gold tags and trees (views into `sents`, which must outlive it).
Document TaggedDocument(const std::vector<nlp::ConlluSentence>& sents) {
  Document doc = nlp::DocumentFromConllu(sents);
  size_t k = 0;
  for (const auto& s : sents) {
    const size_t first = k;
    for (const auto& w : s.words) {
      doc.tokens[k].upos = w.upos;
      doc.tokens[k].xpos = w.xpos;
      doc.tokens[k].deprel = w.deprel;
      doc.tokens[k].lemma = w.lemma;
      doc.tokens[k].head = w.head <= 0 ? -1 : static_cast<int32_t>(first + static_cast<size_t>(w.head) - 1);
      ++k;
    }
  }
  return doc;
}

std::vector<nlp::LabelSpan> ToLabelSpans(const std::vector<nlp::TypedSpan>& spans) {
  std::vector<nlp::LabelSpan> out;
  for (const auto& s : spans) {
    int t = nlp::NerTypeIndex(s.type);
    if (t >= 0) out.push_back({s.first, s.last, t});
  }
  return out;
}

std::string SelfTestInput(const Document& doc, uint32_t first, uint32_t last) {
  std::string out;
  for (uint32_t i = first; i < last; ++i) {
    const Token& t = doc.tokens[i];
    if (!out.empty()) out += ' ';
    out += t.form + "/" + std::string(t.upos) + "/" + std::string(t.xpos);
  }
  return out;
}

}  // namespace

Status TrainNer(const TrainOptions& o) {
  auto start = std::chrono::steady_clock::now();
  auto train = ReadTreebanks(o.train_files);
  if (!train.ok()) return train.status();
  std::vector<nlp::ConlluSentence> dev;
  if (!o.dev_files.empty()) {
    auto d = ReadTreebanks(o.dev_files);
    if (!d.ok()) return d.status();
    dev = std::move(d.value());
  }
  const int epochs = o.epochs > 0 ? o.epochs : kDefaultEpochs;
  const std::vector<nlp::ConlluSentence>& sents = *train;
  // Training tags: jackknifed predictions (gold spans are read from the gold sentences).
  std::vector<nlp::ConlluSentence> tagged = sents;
  const bool jackknife = sents.size() >= kTagFoldsMinSentences;
  if (jackknife) {
    std::vector<int> fold_of(sents.size());
    int d = -1;
    for (size_t i = 0; i < sents.size(); ++i) {
      if (i == 0 || sents[i].newdoc) ++d;
      fold_of[i] = d % kTagFolds;
    }
    if (Status st = JackknifeTags(tagged, fold_of, kTagFolds, kTagEpochs, o.seed, "ner", o.verbose, ""); !st.ok())
      return st;
  }
  Document doc = TaggedDocument(tagged);

  // Gold spans, folds, gazetteers.
  NameList iso;  // from Debian packages: every fold sees them
  AddIsoPlaceNames(iso);
  AddGweatherNames(iso);
  AddCensusNames(iso);
  if (!o.word_class_lm.empty()) {
    const size_t before = iso.size();
    AddWordNetNames(iso);
    if (o.verbose) std::fprintf(stderr, "ner: %zu names from WordNet\n", iso.size() - before);
  }
  nlp::Gazetteer full, by_fold[2];
  for (const auto& [name, cls] : iso) {
    full.Add(name, cls);
    by_fold[0].Add(name, cls);
    by_fold[1].Add(name, cls);
  }
  std::vector<Example> examples;
  int doc_index = -1;
  size_t names = 0;
  for (size_t si = 0; si < sents.size(); ++si) {
    const auto& s = sents[si];
    if (s.newdoc || doc_index < 0) ++doc_index;
    Example ex;
    ex.first = doc.sentences[si].first;
    ex.last = doc.sentences[si].last;
    ex.fold = doc_index % 2;
    ex.doc = static_cast<size_t>(doc_index);
    auto spans = ToLabelSpans(nlp::GumNamedEntities(s));
    ex.gold = nlp::LabelsFromSpans(spans, ex.last - ex.first);
    for (const auto& sp : spans) {
      std::vector<std::string> words;
      for (uint32_t i = sp.first; i < sp.last; ++i) words.push_back(s.words[i].form);
      full.Add(words, sp.type);
      by_fold[1 - ex.fold].Add(words, sp.type);  // seen by the other fold only
      ++names;
    }
    examples.push_back(std::move(ex));
  }
  full.Finish();
  size_t cluster_words = 0;
  const nlp::WordClusters clusters = LearnClusters(sents, o.train_files, &cluster_words);
  if (o.verbose)
    std::fprintf(stderr, "ner: word classes of %zu words from %zu words of text\n", clusters.size(), cluster_words);
  by_fold[0].Finish();
  by_fold[1].Finish();
  auto lm_classes = LmWordClasses(o.word_class_lm, o.verbose, "ner");
  if (!lm_classes.ok()) return lm_classes.status();
  // Types of describing nouns: GUM's type of the mentions each common noun heads (layout 5,
  // with the language model's classes only: opt-in).
  nlp::NounTypes noun_types;
  if (!o.word_class_lm.empty()) {
    using Counts = std::array<uint32_t, nlp::NounTypes::kTypes>;
    std::map<std::string, Counts> noun_lemmas;  // lower-cased lemma -> mentions it heads, per type
    for (const auto& s : sents) {
      auto ms = nlp::GumMentions(s);
      if (!ms.ok()) continue;
      for (const auto& m : *ms) {
        int head = -1;
        for (int k = m.first; k < m.last && head < 0; ++k) {
          const int h = s.words[static_cast<size_t>(k)].head - 1;
          if (h < m.first || h >= m.last) head = k;
        }
        if (head < 0 || s.words[static_cast<size_t>(head)].upos != "NOUN") continue;
        std::string low = s.words[static_cast<size_t>(head)].lemma;
        for (char& ch : low) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
        ++noun_lemmas[low][static_cast<size_t>(nlp::NounTypes::TypeOf(m.type))];
      }
    }
    // The type of most of the mentions, when there are enough of them and it is a clear majority.
    auto majority = [](const Counts& c, uint32_t min_count) {
      uint32_t total = 0;
      size_t best = 0;
      for (size_t k = 0; k < c.size(); ++k) {
        total += c[k];
        if (c[k] > c[best]) best = k;
      }
      return total >= min_count && c[best] * 10 >= total * kNounTypeMinShareTenths ? static_cast<int>(best) : -1;
    };
    for (const auto& [lemma, c] : noun_lemmas)
      if (const int t = majority(c, kNounTypeMinCount); t >= 0)
        noun_types.Add(nlp::NounTypeKey(lemma), static_cast<uint8_t>(t));
    // WordNet's nouns that GUM train has fewer than kNounTypeMinCount mentions of: the type of
    // most GUM mentions headed by nouns of the same supersense (first sense), when clear.
    const auto supersenses = ReadWordNetSupersenses(kWordNetDir);
    if (supersenses.empty())
      return Status::Error(std::string("no WordNet noun database in ") + kWordNetDir +
                           " (Debian's wordnet-base, scripts/setup.sh), which the recogniser's layout 5 needs");
    {
      std::map<uint8_t, Counts> by_sense;
      for (const auto& [lemma, c] : noun_lemmas)
        if (auto it = supersenses.find(lemma); it != supersenses.end())
          for (size_t k = 0; k < c.size(); ++k) by_sense[it->second][k] += c[k];
      std::map<uint8_t, int> sense_type;
      for (const auto& [sense, c] : by_sense)
        if (const int t = majority(c, kNounClassMinCount); t >= 0) sense_type[sense] = t;
      size_t added = 0;
      for (const auto& [lemma, sense] : supersenses) {
        auto known = noun_lemmas.find(lemma);
        uint32_t seen = 0;
        if (known != noun_lemmas.end())
          for (uint32_t n : known->second) seen += n;
        auto t = sense_type.find(sense);
        if (seen >= kNounTypeMinCount || t == sense_type.end()) continue;
        noun_types.Add(nlp::NounTypeKey(lemma), static_cast<uint8_t>(t->second));
        ++added;
      }
      if (o.verbose) {
        std::fprintf(stderr, "ner: WordNet: %zu noun lemmas, %zu supersenses typed, %zu nouns added:", supersenses.size(),
                     sense_type.size(), added);
        for (const auto& [sense, t] : sense_type) std::fprintf(stderr, " %u->%d", sense, t);
        std::fprintf(stderr, "\n");
      }
    }
    // The back-off: the types of the nouns of each language-model class (left class), for
    // nouns that GUM train does not have.
    std::map<uint8_t, Counts> by_class;
    for (const auto& [lemma, c] : noun_lemmas) {
      const uint8_t cls = lm_classes->size() ? lm_classes->Lookup(nlp::WordClassKey(lemma)).second : 0;
      if (!cls) continue;
      for (size_t k = 0; k < c.size(); ++k) by_class[cls][k] += c[k];
    }
    for (const auto& [cls, c] : by_class)
      if (const int t = majority(c, kNounClassMinCount); t >= 0)
        noun_types.Add(nlp::NounClassKey(cls), static_cast<uint8_t>(t));
    noun_types.Finish();
    if (o.verbose) std::fprintf(stderr, "ner: types of %zu describing nouns\n", noun_types.size());
  }
  size_t lexicon_lines = 0;
  const nlp::CaseLexicon lexicon = ReadCaseLexicon(&lexicon_lines);
  if (o.verbose)
    std::fprintf(stderr, "ner: casing lexicon of %zu words from %zu word-list lines\n", lexicon.size(), lexicon_lines);
  {
    // Some sentences are seen without tags and trees, or without trees, so that the model degrades gracefully
    // when it runs before (or without) the tagger and parser, and leans less on gold tags.
    Document bare = doc, notree = doc;
    for (Token& t : bare.tokens) {
      t.upos = t.xpos = t.deprel = std::string_view();
      t.head = -1;
    }
    for (Token& t : notree.tokens) {
      t.deprel = std::string_view();
      t.head = -1;
    }
    nlp::NerScratch scratch;
    const auto doc_ranges = DocumentRanges(sents);
    nlp::NerDescriptions descriptions;
    size_t described = SIZE_MAX;
    for (auto& ex : examples) {
      if (ex.doc != described) {
        descriptions.Build(doc, noun_types, &*lm_classes, doc_ranges[ex.doc].first, doc_ranges[ex.doc].second);
        described = ex.doc;
      }
      nlp::NerPrepare(doc, ex.first, ex.last, by_fold[ex.fold], &clusters, scratch, &lexicon, &*lm_classes,
                      &noun_types, &descriptions);
      ex.toks = scratch.toks;
      nlp::NerPrepare(bare, ex.first, ex.last, by_fold[ex.fold], &clusters, scratch, &lexicon, &*lm_classes,
                      &noun_types);
      ex.bare = scratch.toks;
      nlp::NerPrepare(notree, ex.first, ex.last, by_fold[ex.fold], &clusters, scratch, &lexicon, &*lm_classes,
                      &noun_types);
      ex.notree = scratch.toks;
    }
  }
  if (o.verbose)
    std::fprintf(stderr, "ner: %zu sentences, %zu names, %zu names from packages, gazetteer %zu entries\n",
                 examples.size(), names, iso.size(), full.size());

  // Dev set: one Document per document (prediction history is per document).
  std::vector<std::vector<nlp::ConlluSentence>> dev_docs;
  for (auto [b, e] : DocumentRanges(dev)) dev_docs.emplace_back(dev.begin() + static_cast<std::ptrdiff_t>(b), dev.begin() + static_cast<std::ptrdiff_t>(e));
  auto evaluate = [&](const EntityRecognizer& model) {
    nlp::SpanScorer sc;
    for (const auto& d : dev_docs) {
      Document dd = TaggedDocument(d);
      model.Recognize(dd);
      for (size_t si = 0; si < d.size(); ++si)
        sc.Add(nlp::GumNamedEntities(d[si], nlp::SpanExtent::kName),
               nlp::EntitiesIn(dd, dd.sentences[si].first, dd.sentences[si].last, false, nlp::SpanExtent::kName));
    }
    return sc;
  };
  const auto ranges = DocumentRanges(sents);

  // Structured perceptron (Collins 2002): each sentence is decoded with Viterbi under the
  // current weights; where the best sequence differs from the gold one, the gold sequence's
  // features gain and the predicted one's lose, token by token.
  size_t train_words = 0;
  for (const auto& sent : sents) train_words += sent.words.size();
  const uint32_t min_updates = train_words >= kPruneMinWords ? kMinUpdates : 1;
  // kEnsemble perceptrons learn side by side from different orders of the documents (and
  // different draws of the sentences seen without tags or trees); the model is the mean of
  // their averaged weights (AveragedPerceptron::FinishMean), as for the parser.
  const int ensemble = kEnsemble;
  std::vector<std::unique_ptr<AveragedPerceptron>> models;
  for (int k = 0; k < ensemble; ++k) models.push_back(std::make_unique<AveragedPerceptron>(nlp::kNerLabelCount));
  auto train_one = [&](int k) {
    AveragedPerceptron& sp = *models[static_cast<size_t>(k)];  // structured: Add() for the two sequences
    nlp::NerScratch s;
    s.lm = lm_classes->size() > 0;
    s.desc = noun_types.size() > 0;  // the prepared tokens carry the classes; the templates follow this flag
    Rng rng{o.seed + static_cast<uint64_t>(k) * 0x9E3779B97F4A7C15ull};
    std::vector<size_t> order(ranges.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    for (int epoch = 1; epoch <= epochs; ++epoch) {
      for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.Below(i)]);
      size_t correct = 0, total = 0;
      nlp::NerHistory history;
      std::vector<int> predicted;
      auto score = [&sp](const uint64_t* f, size_t n, float* out) { sp.Score(f, n, out); };
      for (size_t di : order)
        for (size_t idx = ranges[di].first; idx < ranges[di].second; ++idx) {
          if (idx == ranges[di].first) history.Clear();
          const Example& ex = examples[idx];
          const size_t r = rng.Below(100);
          s.toks = r < kBarePercent ? ex.bare : r < 2 * kBarePercent ? ex.notree : ex.toks;
          history.Apply(s);
          nlp::NerViterbi(s, score, predicted);
          for (size_t i = 0; i < predicted.size(); ++i) {
            const int g = ex.gold[i], p = predicted[i];
            const int gp = i ? ex.gold[i - 1] : 0, pp = i ? predicted[i - 1] : 0;
            if (g != p) {
              nlp::NerTokenFeatures(s, i, s.feats);
              sp.Add(s.feats.data(), s.feats.size(), g, 1.0f, true);
              sp.Add(s.feats.data(), s.feats.size(), p, -1.0f, false);
            }
            if (g != p || gp != pp) {
              s.feats.clear();
              nlp::NerPrevFeatures(s, i, gp, s.feats);
              sp.Add(s.feats.data(), s.feats.size(), g, 1.0f, true);
              s.feats.clear();
              nlp::NerPrevFeatures(s, i, pp, s.feats);
              sp.Add(s.feats.data(), s.feats.size(), p, -1.0f, gp != pp);
            }
            correct += g == p;
            ++total;
            sp.Tick();
          }
          history.Record(s, predicted);
        }
      if (o.verbose)
        std::fprintf(stderr, "ner: model %d epoch %d: train token accuracy %.2f%%, %zu features\n", k + 1, epoch,
                     100.0 * static_cast<double>(correct) / static_cast<double>(total), sp.features());
    }
  };
  {
    std::vector<std::thread> threads;
    for (int k = 1; k < ensemble; ++k) threads.emplace_back(train_one, k);
    train_one(0);
    for (auto& t : threads) t.join();
  }
  std::vector<const AveragedPerceptron*> parts;
  for (const auto& m : models) parts.push_back(m.get());
  nlp::SparseWeights weights = AveragedPerceptron::FinishMean(parts, min_updates);
  if (o.verbose && !dev.empty()) {
    nlp::SpanScorer sc = evaluate(EntityRecognizer(weights, full, clusters, lexicon, *lm_classes, noun_types));
    std::fprintf(stderr, "ner: the mean of %d: dev P %.1f R %.1f F1 %.1f\n", ensemble, sc.total().Precision(),
                 sc.total().Recall(), sc.total().F1());
  }

  EntityRecognizer model(std::move(weights), std::move(full), clusters, lexicon, *lm_classes, noun_types);
  // Self-tests: a hand-written news sentence and the first short training sentences with names.
  std::vector<std::string> tests;
  tests.push_back(
      "Angela/PROPN/NNP Merkel/PROPN/NNP met/VERB/VBD officials/NOUN/NNS of/ADP/IN the/DET/DT "
      "United/PROPN/NNP Nations/PROPN/NNPS in/ADP/IN Paris/PROPN/NNP on/ADP/IN Monday/PROPN/NNP ./PUNCT/.");
  for (const auto& ex : examples) {
    if (tests.size() >= 4) break;
    if (ex.last - ex.first > 20) continue;
    if (std::none_of(ex.gold.begin(), ex.gold.end(), [](int l) { return l != 0; })) continue;
    tests.push_back(SelfTestInput(doc, ex.first, ex.last));
  }
  std::string types;
  for (const char* t : nlp::kNerTypes) types += std::string(types.empty() ? "" : ",") + "\"" + t + "\"";
  std::string config = "{\"method\":\"BILOU Viterbi structured averaged perceptron\",\"epochs\":" + std::to_string(epochs) +
                       ",\"seed\":" + std::to_string(o.seed) +
                       ",\"ensemble\":" + std::to_string(ensemble) + ",\"min_updates\":" + std::to_string(min_updates) +
                       ",\"untagged_percent\":" + std::to_string(kBarePercent) +
                       ",\"tag_folds\":" + std::to_string(jackknife ? kTagFolds : 0) +
                       ",\"tag_fold_epochs\":" + std::to_string(kTagEpochs) +
                       ",\"train_files\":" + TrainFilesJson(o.train_files) + ",\"types\":[" + types +
                       "],\"gazetteer_entries\":" + std::to_string(model.gazetteer().size()) +
                       ",\"package_names\":" + std::to_string(iso.size()) +
                       ",\"word_classes\":" + std::to_string(kClusters) + ",\"class_passes\":" +
                       std::to_string(kClusterPasses) + ",\"class_words\":" + std::to_string(clusters.size()) +
                       ",\"class_text_words\":" + std::to_string(cluster_words) +
                       ",\"casing_words\":" + std::to_string(lexicon.size()) +
                       (lm_classes->size() ? ",\"lm_class_words\":" + std::to_string(lm_classes->size())
                                           : std::string()) +
                       (noun_types.size() ? ",\"describing_nouns\":" + std::to_string(noun_types.size()) +
                                                ",\"describing_noun_min_count\":" + std::to_string(kNounTypeMinCount)
                                          : std::string()) +
                       ",\"features\":" + std::to_string(model.weights().features()) + "}";
  Status st = SaveNerModel(model, config, tests, o.output);
  if (!st.ok()) return st;
  if (o.verbose)
    std::fprintf(stderr, "ner: wrote %s (%zu features) in %.1f s\n", o.output.c_str(), model.weights().features(),
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return Status::Ok();
}

}  // namespace relata::train
