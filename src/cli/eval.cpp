// relata eval: the NLP pipeline measured on the dev sets in ../shared/data (CoNLL 2018
// definitions) and open IE on CaRB dev (docs/oie-eval.md), compared with the floors in
// tests/eval_floors.json. Skipped, not failed, when the data is not there.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include <fmt/core.h>
#include <rapidjson/document.h>

#include "common.h"
#include "extract/carb.h"
#include "nlp/conllu.h"
#include "nlp/ner_eval.h"
#include "nlp/seg_eval.h"
#include "nlp/ud_eval.h"
#include "relata/extract.h"
#include "relata/nlp.h"

namespace relata::cli {
namespace {
namespace fs = std::filesystem;

struct EvalArgs {
  std::string data, models, floors;
  int beam = 1;
  bool per_document = false;
  std::string ner_errors;  // file for the NER error listing, "" for none
};

// NER errors, one line each: set, sentence id, kind (missed, spurious, type), the span's
// words, gold type, predicted type. Collected when `relata eval --ner-errors FILE` asks.
struct NerErrors {
  bool on = false;
  std::string text;
  void Add(const char* set, const std::string& sent_id, const std::vector<std::string>& words,
           const std::vector<nlp::TypedSpan>& gold, const std::vector<nlp::TypedSpan>& pred) {
    if (!on) return;
    auto span = [&](const nlp::TypedSpan& t) {
      std::string w;
      for (uint32_t i = t.first; i < t.last && i < words.size(); ++i) w += (w.empty() ? "" : " ") + words[i];
      return w;
    };
    auto line = [&](const char* kind, const nlp::TypedSpan& t, const std::string& g, const std::string& pr) {
      text += fmt::format("{}\t{}\t{}\t{}\t{}\t{}\n", set, sent_id, kind, span(t), g.empty() ? "-" : g,
                          pr.empty() ? "-" : pr);
    };
    for (const auto& g : gold) {
      const nlp::TypedSpan* same = nullptr;
      for (const auto& q : pred) if (q.first == g.first && q.last == g.last) same = &q;
      if (!same) line("missed", g, g.type, "");
      else if (same->type != g.type) line("type", g, g.type, same->type);
    }
    for (const auto& q : pred) {
      bool span_in_gold = false;
      for (const auto& g : gold) span_in_gold |= g.first == q.first && g.last == q.last;
      if (!span_in_gold) line("spurious", q, "", q.type);
    }
  }
};

std::string DefaultDataDir() {
  if (const char* env = std::getenv("RELATA_DATA"); env && *env) return env;
  return (fs::path(RELATA_SOURCE_DIR) / ".." / "shared" / "data").lexically_normal().string();
}

// Figures in the order measured: name -> percent.
using Figures = std::vector<std::pair<std::string, double>>;

Status EvalTreebank(const Pipeline& p, const std::string& name, const std::string& path,
                    Figures& out, double& words_per_s) {
  auto gold = nlp::ReadConllu(path);
  if (!gold.ok()) return gold.status();
  // Gold tokenization: tokens and sentences given, everything else predicted.
  Document doc = nlp::DocumentFromConllu(*gold);
  if (Status s = p.Run(doc, Stage::kParse, /*pretokenized=*/true); !s.ok()) return s;
  nlp::UdScores g = nlp::EvaluateUd(*gold, doc);
  out.emplace_back(name + ".gold.upos", g.F1(g.upos));
  out.emplace_back(name + ".gold.xpos", g.F1(g.xpos));
  out.emplace_back(name + ".gold.lemma", g.F1(g.lemma));
  out.emplace_back(name + ".gold.uas", g.F1(g.uas));
  out.emplace_back(name + ".gold.las", g.F1(g.las));
  // Raw text: the pipeline from the first character.
  Document raw;
  raw.text = nlp::RawText(*gold);
  auto start = std::chrono::steady_clock::now();
  if (Status s = p.Run(raw, Stage::kParse); !s.ok()) return s;
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  words_per_s = secs > 0 ? static_cast<double>(raw.tokens.size()) / secs : 0;
  nlp::SegmentationScores seg = nlp::Evaluate(nlp::DocumentFromConllu(*gold), raw);
  nlp::UdScores r = nlp::EvaluateUd(*gold, raw);
  out.emplace_back(name + ".raw.tokens", seg.tokens.F1());
  out.emplace_back(name + ".raw.sentences", seg.sentences.F1());
  out.emplace_back(name + ".raw.upos", r.F1(r.upos));
  out.emplace_back(name + ".raw.xpos", r.F1(r.xpos));
  out.emplace_back(name + ".raw.lemma", r.F1(r.lemma));
  out.emplace_back(name + ".raw.uas", r.F1(r.uas));
  out.emplace_back(name + ".raw.las", r.F1(r.las));
  return Status::Ok();
}

// NER on GUM dev: the file as one Document, or (`per_document`) one Document per "# newdoc",
// as articles are read (the prediction history, the type vote and, in layout 5, the
// description evidence then stay within a document).
Status EvalGumNer(const Pipeline& p, const std::string& path, bool per_document, Figures& out,
                  NerErrors& errors) {
  auto gold = nlp::ReadConllu(path);
  if (!gold.ok()) return gold.status();
  nlp::SpanScorer scorer;
  for (size_t a = 0; a < gold->size();) {
    size_t b = a + 1;
    while (b < gold->size() && !(per_document && (*gold)[b].newdoc)) ++b;
    std::vector<nlp::ConlluSentence> part(gold->begin() + long(a), gold->begin() + long(b));
    Document doc = nlp::DocumentFromConllu(part);
    if (Status s = p.Run(doc, Stage::kNer, true); !s.ok()) return s;
    for (size_t i = 0; i < part.size(); ++i) {
      const Sentence& s = doc.sentences[i];
      auto gold_spans = nlp::GumNamedEntities(part[i], nlp::SpanExtent::kName);
      auto pred_spans = nlp::EntitiesIn(doc, s.first, s.last, false, nlp::SpanExtent::kName);
      if (errors.on) {
        std::vector<std::string> words;
        for (const auto& w : part[i].words) words.push_back(w.form);
        errors.Add("gum", part[i].sent_id, words, gold_spans, pred_spans);
      }
      scorer.Add(std::move(gold_spans), std::move(pred_spans));
    }
    a = b;
  }
  out.emplace_back("gum.ner.p", scorer.total().Precision());
  out.emplace_back("gum.ner.r", scorer.total().Recall());
  out.emplace_back("gum.ner.f1", scorer.total().F1());
  return Status::Ok();
}

Status EvalUner(const Pipeline& p, const std::string& path, bool per_document, Figures& out,
                NerErrors& errors) {
  auto gold = nlp::ReadIob2(path);
  if (!gold.ok()) return gold.status();
  nlp::SpanScorer scorer;
  for (size_t a = 0; a < gold->size();) {
    size_t b = a + 1;
    while (b < gold->size() && !(per_document && (*gold)[b].newdoc)) ++b;
    // The given tokens, one space apart, one sentence each.
    Document doc;
    for (size_t k = a; k < b; ++k) {
      Sentence range{static_cast<uint32_t>(doc.tokens.size()), 0};
      for (const std::string& f : (*gold)[k].forms) {
        if (!doc.text.empty()) doc.text += ' ';
        Token t;
        t.begin = static_cast<uint32_t>(doc.text.size());
        doc.text += f;
        t.end = static_cast<uint32_t>(doc.text.size());
        t.form = f;
        doc.tokens.push_back(std::move(t));
      }
      range.last = static_cast<uint32_t>(doc.tokens.size());
      doc.sentences.push_back(range);
    }
    if (Status s = p.Run(doc, Stage::kNer, true); !s.ok()) return s;
    for (size_t k = a; k < b; ++k) {
      const Sentence& s = doc.sentences[k - a];
      auto pred_spans = nlp::EntitiesIn(doc, s.first, s.last, true, nlp::SpanExtent::kName);
      errors.Add("uner", (*gold)[k].sent_id, (*gold)[k].forms, (*gold)[k].entities, pred_spans);
      scorer.Add((*gold)[k].entities, std::move(pred_spans));
    }
    a = b;
  }
  out.emplace_back("uner.ner.p", scorer.total().Precision());
  out.emplace_back("uner.ner.r", scorer.total().Recall());
  out.emplace_back("uner.ner.f1", scorer.total().F1());
  return Status::Ok();
}

// Coreference within a document (ResolveCoreference, docs/coreference.md) against GUM's
// `Entity=` chains, each GUM document run alone through the pipeline on gold tokens.
// Mentions: the pipeline's own entity mentions and every pronoun the resolver considers (third
// person; first person inside quotes). Each is aligned to the smallest GUM mention holding it
// and takes that mention's entity id; a mention that no GUM mention holds is a gold singleton.
// relata's clusters: entity mentions that resolve to one name and type, with the pronouns
// linked to them; an unresolved pronoun is a singleton. Scored with MUC (Vilain et al. 1995)
// and B-cubed (Bagga & Baldwin 1998) over that mention set, summed over the documents. Also
// the earlier pairwise figure for names alone (gum.names.*: pairs of entity mentions whose own
// names differ) and the precision of pronoun links alone (antecedent in the pronoun's chain).
struct CorefCounts {
  double muc_p_num = 0, muc_p_den = 0, muc_r_num = 0, muc_r_den = 0;
  double b3_p = 0, b3_r = 0, mentions = 0;
  size_t pair_tp = 0, pair_fp = 0, pair_fn = 0;
  size_t pron = 0, pron_linked = 0, pron_right = 0, desc_linked = 0, desc_right = 0;
};

// MUC over one document: key and response partitions of the same mentions (cluster ids).
void AddMuc(const std::vector<int64_t>& key, const std::vector<int64_t>& resp, double& num, double& den) {
  std::map<int64_t, std::vector<size_t>> clusters;
  for (size_t i = 0; i < key.size(); ++i) clusters[key[i]].push_back(i);
  for (const auto& [k, members] : clusters) {
    std::map<int64_t, int> parts;
    for (size_t i : members) ++parts[resp[i]];
    num += double(members.size() - parts.size());
    den += double(members.size() - 1);
  }
}

void AddB3(const std::vector<int64_t>& key, const std::vector<int64_t>& resp, double& p, double& r) {
  std::map<int64_t, double> k_size, r_size;
  std::map<std::pair<int64_t, int64_t>, double> both;
  for (size_t i = 0; i < key.size(); ++i) ++k_size[key[i]], ++r_size[resp[i]], ++both[{key[i], resp[i]}];
  for (size_t i = 0; i < key.size(); ++i) {
    double c = both[{key[i], resp[i]}];
    p += c / r_size[resp[i]];
    r += c / k_size[key[i]];
  }
}

Status EvalGumCoref(const Pipeline& p, const std::string& path, Figures& out) {
  auto gold = nlp::ReadConllu(path);
  if (!gold.ok()) return gold.status();
  CorefCounts c;
  for (size_t a = 0; a < gold->size();) {
    size_t b = a + 1;
    while (b < gold->size() && !(*gold)[b].newdoc) ++b;
    std::vector<nlp::ConlluSentence> part(gold->begin() + long(a), gold->begin() + long(b));
    a = b;
    Document doc = nlp::DocumentFromConllu(part);
    if (Status s = p.Run(doc, Stage::kNer, true); !s.ok()) return s;
    std::vector<std::vector<nlp::GumMention>> gm(part.size());
    for (size_t k = 0; k < part.size(); ++k) {
      auto m = nlp::GumMentions(part[k]);
      if (!m.ok()) return m.status();
      gm[k] = std::move(m).value();
    }
    std::vector<uint32_t> sentence_of(doc.tokens.size(), 0);
    for (uint32_t k = 0; k < doc.sentences.size(); ++k)
      for (uint32_t i = doc.sentences[k].first; i < doc.sentences[k].last; ++i) sentence_of[i] = k;
    // The id of the smallest GUM mention holding tokens [first, last), "" for none.
    auto gold_id = [&](uint32_t first, uint32_t last) -> std::string {
      uint32_t k = sentence_of[first];
      int f = int(first - doc.sentences[k].first), l = int(last - doc.sentences[k].first);
      const nlp::GumMention* best = nullptr;
      for (const nlp::GumMention& x : gm[k])
        if (x.first <= f && l <= x.last && (!best || x.last - x.first < best->last - best->first)) best = &x;
      return best ? best->id : std::string();
    };
    Coreference co = ResolveCoreference(doc);
    const std::vector<ResolvedName>& names = co.names;
    // The mention set: entity mentions, then pronouns.
    std::vector<std::string> ids;
    std::vector<std::string> resp_names;
    for (size_t m = 0; m < doc.entities.size(); ++m) {
      ids.push_back(gold_id(doc.entities[m].first, doc.entities[m].last));
      resp_names.push_back(names[m].name + '\t' + std::string(names[m].type));
    }
    for (size_t i = 0; i < names.size(); ++i)
      for (size_t j = i + 1; j < names.size(); ++j) {
        if (names[i].own == names[j].own) continue;  // the store's name key joins these anyway
        bool pred = resp_names[i] == resp_names[j];
        bool same = !ids[i].empty() && ids[i] == ids[j];
        c.pair_tp += pred && same;
        c.pair_fp += pred && !same;
        c.pair_fn += !pred && same;
      }
    for (const Reference& r : co.references) {
      std::string id = gold_id(r.first, r.last);
      if (r.rule == "description") {
        if (r.mention < 0) continue;
        ++c.desc_linked;
        c.desc_right += !id.empty() && id == ids[size_t(r.mention)];
        continue;
      }
      ++c.pron;
      ids.push_back(id);
      if (r.mention >= 0) {
        ++c.pron_linked;
        c.pron_right += !id.empty() && id == ids[size_t(r.mention)];
        resp_names.push_back(resp_names[size_t(r.mention)]);
      } else {
        resp_names.push_back("\x01pronoun " + std::to_string(r.head));  // a singleton
      }
    }
    std::vector<int64_t> key(ids.size()), resp(ids.size());
    std::map<std::string, int64_t> kid, rid;
    for (size_t i = 0; i < ids.size(); ++i) {
      std::string k = ids[i].empty() ? "\x01unaligned " + std::to_string(i) : ids[i];
      key[i] = kid.emplace(k, int64_t(kid.size())).first->second;
      resp[i] = rid.emplace(resp_names[i], int64_t(rid.size())).first->second;
    }
    AddMuc(key, resp, c.muc_r_num, c.muc_r_den);
    AddMuc(resp, key, c.muc_p_num, c.muc_p_den);
    AddB3(key, resp, c.b3_p, c.b3_r);
    c.mentions += double(ids.size());
  }
  auto pct = [](double n, double d) { return d > 0 ? 100.0 * n / d : 0.0; };
  auto f1 = [](double x, double y) { return x + y > 0 ? 2 * x * y / (x + y) : 0.0; };
  double mp = pct(c.muc_p_num, c.muc_p_den), mr = pct(c.muc_r_num, c.muc_r_den);
  double bp = pct(c.b3_p, c.mentions), br = pct(c.b3_r, c.mentions);
  out.emplace_back("gum.coref.muc.p", mp);
  out.emplace_back("gum.coref.muc.r", mr);
  out.emplace_back("gum.coref.muc.f1", f1(mp, mr));
  out.emplace_back("gum.coref.b3.p", bp);
  out.emplace_back("gum.coref.b3.r", br);
  out.emplace_back("gum.coref.b3.f1", f1(bp, br));
  out.emplace_back("gum.coref.pron.p", pct(double(c.pron_right), double(c.pron_linked)));
  out.emplace_back("gum.names.p", pct(double(c.pair_tp), double(c.pair_tp + c.pair_fp)));
  out.emplace_back("gum.names.r", pct(double(c.pair_tp), double(c.pair_tp + c.pair_fn)));
  std::printf("relata eval: coreference on GUM dev: %.0f mentions (entity mentions and pronouns), "
              "%zu pronouns of which %zu linked, %zu right; %zu descriptions linked, %zu right; "
              "name pairs %zu linked right, %zu wrong, %zu missed\n",
              c.mentions, c.pron, c.pron_linked, c.pron_right, c.desc_linked, c.desc_right, c.pair_tp,
              c.pair_fp, c.pair_fn);
  return Status::Ok();
}

// CaRB dev (docs/oie-eval.md): `relata oie` on the sentences, scored as `relata eval-oie`
// does. Returns false (after a message) when the files are not there.
Result<bool> EvalCarb(const Pipeline& p, const std::string& dir, Figures& out, double& sentences_per_s,
                      double& sentences_per_cpu_s) {
  const std::string text_path = (fs::path(dir) / "carb" / "dev.txt").string();
  const std::string gold_path = (fs::path(dir) / "carb" / "dev.gold.tsv").string();
  if (!fs::is_regular_file(text_path) || !fs::is_regular_file(gold_path)) {
    std::printf("relata eval: %s or %s not found: CaRB skipped\n", text_path.c_str(), gold_path.c_str());
    return false;
  }
  std::ifstream in(text_path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  if (in.bad()) return Status::Error(fmt::format("{}: read error", text_path));
  std::string system;
  carb::OieStats stats;
  auto start = std::chrono::steady_clock::now();
  std::clock_t cpu_start = std::clock();
  Status s = carb::RunOie(p, text, text_path, carb::OieFormat::kCarb,
                          [&](std::string_view part) {
                            system += part;
                            return Status::Ok();
                          },
                          &stats);
  if (!s.ok()) return s;
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  sentences_per_s = secs > 0 ? static_cast<double>(stats.sentences) / secs : 0;
  sentences_per_cpu_s = cpu > 0 ? static_cast<double>(stats.sentences) / cpu : 0;
  auto gold = carb::ReadGoldFile(gold_path);
  if (!gold.ok()) return gold.status();
  auto tuples = carb::ParseSystem(system, "relata oie output");
  if (!tuples.ok()) return tuples.status();
  carb::Scores sc = carb::Score(*gold, *tuples);
  out.emplace_back("carb.p", 100 * sc.precision);
  out.emplace_back("carb.r", 100 * sc.recall);
  out.emplace_back("carb.f1", 100 * sc.f1);
  out.emplace_back("carb.auc", 100 * sc.auc);
  return true;
}

Result<std::map<std::string, double>> ReadFloors(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(fmt::format("{}: cannot open", path));
  std::string text((std::istreambuf_iterator<char>(in)), {});
  rapidjson::Document d;
  d.Parse<rapidjson::kParseIterativeFlag>(text.c_str(), text.size());
  if (d.HasParseError() || !d.IsObject())
    return Status::Error(fmt::format("{}: byte {}: not a JSON object", path, d.GetErrorOffset()));
  std::map<std::string, double> floors;
  for (auto it = d.MemberBegin(); it != d.MemberEnd(); ++it) {
    if (it->name.GetString()[0] == '_') continue;  // comments
    if (!it->value.IsNumber())
      return Status::Error(fmt::format("{}: floor \"{}\" is not a number", path, it->name.GetString()));
    floors[it->name.GetString()] = it->value.GetDouble();
  }
  return floors;
}

int RunEval(const EvalArgs& a) {
  std::string data = a.data.empty() ? DefaultDataDir() : a.data;
  if (!fs::is_directory(data)) {
    std::printf("relata eval: %s not found: evaluations skipped\n", data.c_str());
    return 0;
  }
  std::map<std::string, double> floors;
  if (!a.floors.empty()) {
    auto f = ReadFloors(a.floors);
    if (!f.ok()) return Fail(f.status());
    floors = std::move(f).value();
  }
  auto pipeline = Pipeline::Load(a.models.empty() ? DefaultModelDir() : a.models);
  if (!pipeline.ok()) return Fail(pipeline.status());
  (*pipeline)->set_parser_beam(a.beam);
  const Pipeline& p = **pipeline;
  Figures figures;
  double ewt_wps = 0, gum_wps = 0;
  auto path = [&](const char* rel) { return (fs::path(data) / rel).string(); };
  if (Status s = EvalTreebank(p, "ewt", path("ud/en_ewt-ud-dev.conllu"), figures, ewt_wps); !s.ok()) return Fail(s);
  if (Status s = EvalTreebank(p, "gum", path("ud/en_gum-ud-dev.conllu"), figures, gum_wps); !s.ok()) return Fail(s);
  NerErrors ner_errors;
  ner_errors.on = !a.ner_errors.empty();
  if (Status s = EvalGumNer(p, path("ud/en_gum-ud-dev.conllu"), a.per_document, figures, ner_errors); !s.ok())
    return Fail(s);
  if (Status s = EvalUner(p, path("ner/en_ewt-uner-dev.iob2"), a.per_document, figures, ner_errors); !s.ok())
    return Fail(s);
  if (ner_errors.on) {
    if (Status s = WriteFileAtomic(a.ner_errors, ner_errors.text); !s.ok()) return Fail(s);
  }
  if (Status s = EvalGumCoref(p, path("ud/en_gum-ud-dev.conllu"), figures); !s.ok()) return Fail(s);
  double carb_sps = 0, carb_cpu_sps = 0;
  auto carb_done = EvalCarb(p, data, figures, carb_sps, carb_cpu_sps);
  if (!carb_done.ok()) return Fail(carb_done.status());

  size_t passed = 0, failed = 0;
  for (const auto& [name, value] : figures) {
    auto it = floors.find(name);
    if (it == floors.end()) {
      std::printf("     %-20s %6.2f\n", name.c_str(), value);
      continue;
    }
    bool ok = value >= it->second;
    (ok ? passed : failed) += 1;
    std::printf("%s %-20s %6.2f  (floor %.2f)\n", ok ? "ok  " : "FAIL", name.c_str(), value, it->second);
  }
  for (const auto& [name, floor] : floors) {
    bool measured = false;
    for (const auto& f : figures) measured |= f.first == name;
    if (!measured && !*carb_done && name.rfind("carb.", 0) == 0) {
      std::printf("skip %-20s CaRB data not found (floor %.2f)\n", name.c_str(), floor);
    } else if (!measured) {
      ++failed;
      std::printf("FAIL %-20s not measured (floor %.2f)\n", name.c_str(), floor);
    }
  }
  std::printf("pipeline from raw text to parse, one thread (informative, not a benchmark): "
              "EWT dev %.0f words/s, GUM dev %.0f words/s\n", ewt_wps, gum_wps);
  if (*carb_done)
    std::printf("open IE on CaRB dev (pipeline from given tokens + extraction + CaRB lines), one thread "
                "(informative): %.0f sentences/s wall, %.0f sentences/s CPU time\n", carb_sps, carb_cpu_sps);
  if (!floors.empty()) std::printf("%zu passed, %zu failed\n", passed, failed);
  return failed ? kExitFailure : 0;
}

}  // namespace

void AddEval(CLI::App& root, int& exit_code) {
  auto args = std::make_shared<EvalArgs>();
  CLI::App* sub = root.add_subcommand(
      "eval", "Measure the NLP pipeline on the dev sets: tokens, sentences, UPOS, XPOS, lemma, "
              "UAS, LAS (gold tokens and raw text), NER on GUM and UNER, coreference on GUM, "
              "open IE on CaRB dev");
  sub->add_option("--data", args->data, "Data folder (default: $RELATA_DATA or ../shared/data beside the source)");
  sub->add_option("--models", args->models, "Model folder (default: $RELATA_MODELS or the built-in models/)");
  AddBeamOption(*sub, args->beam);
  sub->add_option("--floors", args->floors, "JSON object of figure -> minimum; any figure below fails");
  sub->add_flag("--per-document", args->per_document,
                "NER on GUM and UNER with one document per '# newdoc' (default: each dev file as one document, "
                "as the floors were set)");
  sub->add_option("--ner-errors", args->ner_errors,
                  "Write the NER errors of GUM and UNER dev to this file, one a line: set, sentence id, "
                  "missed/spurious/type, the words, gold type, predicted type (tab-separated)");
  sub->callback([args, &exit_code] { exit_code = RunEval(*args); });
}

}  // namespace relata::cli
