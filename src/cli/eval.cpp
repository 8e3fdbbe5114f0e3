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

Status EvalGumNer(const Pipeline& p, const std::string& path, Figures& out) {
  auto gold = nlp::ReadConllu(path);
  if (!gold.ok()) return gold.status();
  Document doc = nlp::DocumentFromConllu(*gold);
  if (Status s = p.Run(doc, Stage::kNer, true); !s.ok()) return s;
  nlp::SpanScorer scorer;
  for (size_t i = 0; i < gold->size(); ++i) {
    const Sentence& s = doc.sentences[i];
    scorer.Add(nlp::GumNamedEntities((*gold)[i]), nlp::EntitiesIn(doc, s.first, s.last, false));
  }
  out.emplace_back("gum.ner.p", scorer.total().Precision());
  out.emplace_back("gum.ner.r", scorer.total().Recall());
  out.emplace_back("gum.ner.f1", scorer.total().F1());
  return Status::Ok();
}

Status EvalUner(const Pipeline& p, const std::string& path, Figures& out) {
  auto gold = nlp::ReadIob2(path);
  if (!gold.ok()) return gold.status();
  // The given tokens, one space apart, one sentence each.
  Document doc;
  for (const nlp::Iob2Sentence& s : *gold) {
    Sentence range{static_cast<uint32_t>(doc.tokens.size()), 0};
    for (const std::string& f : s.forms) {
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
  nlp::SpanScorer scorer;
  for (size_t i = 0; i < gold->size(); ++i) {
    const Sentence& s = doc.sentences[i];
    scorer.Add((*gold)[i].entities, nlp::EntitiesIn(doc, s.first, s.last, true));
  }
  out.emplace_back("uner.ner.p", scorer.total().Precision());
  out.emplace_back("uner.ner.r", scorer.total().Recall());
  out.emplace_back("uner.ner.f1", scorer.total().F1());
  return Status::Ok();
}

// Names within a document (ResolveNames, docs/extraction.md) against GUM's coreference:
// every pair of predicted entity mentions of one GUM document whose own names differ is
// "same" for relata when both resolve to one name and type, and "same" in the gold when the
// smallest GUM mention holding each carries one entity id. Pairwise precision and recall.
Status EvalGumNames(const Pipeline& p, const std::string& path, Figures& out) {
  auto gold = nlp::ReadConllu(path);
  if (!gold.ok()) return gold.status();
  size_t tp = 0, fp = 0, fn = 0;
  for (size_t a = 0; a < gold->size();) {
    size_t b = a + 1;
    while (b < gold->size() && !(*gold)[b].newdoc) ++b;
    std::vector<nlp::ConlluSentence> part(gold->begin() + long(a), gold->begin() + long(b));
    a = b;
    Document doc = nlp::DocumentFromConllu(part);
    if (Status s = p.Run(doc, Stage::kNer, true); !s.ok()) return s;
    std::vector<ResolvedName> names = ResolveNames(doc);
    std::vector<std::string> ids(doc.entities.size());
    for (size_t m = 0; m < doc.entities.size(); ++m) {
      const EntityMention& em = doc.entities[m];
      for (size_t k = 0; k < doc.sentences.size(); ++k) {
        const Sentence& s = doc.sentences[k];
        if (em.first < s.first || em.first >= s.last) continue;
        auto gm = nlp::GumMentions(part[k]);
        if (!gm.ok()) return gm.status();
        int best = -1;
        int f = int(em.first - s.first), l = int(em.last - s.first);
        for (size_t g = 0; g < gm->size(); ++g) {
          const nlp::GumMention& x = (*gm)[g];
          if (x.first <= f && l <= x.last && (best < 0 || x.last - x.first < (*gm)[size_t(best)].last - (*gm)[size_t(best)].first))
            best = int(g);
        }
        if (best >= 0) ids[m] = (*gm)[size_t(best)].id;
        break;
      }
    }
    for (size_t i = 0; i < names.size(); ++i)
      for (size_t j = i + 1; j < names.size(); ++j) {
        if (names[i].own == names[j].own) continue;  // the store's name key joins these anyway
        bool pred = names[i].name == names[j].name && names[i].type == names[j].type;
        bool same = !ids[i].empty() && ids[i] == ids[j];
        tp += pred && same;
        fp += pred && !same;
        fn += !pred && same;
      }
  }
  out.emplace_back("gum.names.p", tp + fp ? 100.0 * double(tp) / double(tp + fp) : 0);
  out.emplace_back("gum.names.r", tp + fn ? 100.0 * double(tp) / double(tp + fn) : 0);
  std::printf("relata eval: names within a document on GUM dev: %zu pairs linked right, %zu wrong, %zu missed\n",
              tp, fp, fn);
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
  const Pipeline& p = **pipeline;
  Figures figures;
  double ewt_wps = 0, gum_wps = 0;
  auto path = [&](const char* rel) { return (fs::path(data) / rel).string(); };
  if (Status s = EvalTreebank(p, "ewt", path("ud/en_ewt-ud-dev.conllu"), figures, ewt_wps); !s.ok()) return Fail(s);
  if (Status s = EvalTreebank(p, "gum", path("ud/en_gum-ud-dev.conllu"), figures, gum_wps); !s.ok()) return Fail(s);
  if (Status s = EvalGumNer(p, path("ud/en_gum-ud-dev.conllu"), figures); !s.ok()) return Fail(s);
  if (Status s = EvalUner(p, path("ner/en_ewt-uner-dev.iob2"), figures); !s.ok()) return Fail(s);
  if (Status s = EvalGumNames(p, path("ud/en_gum-ud-dev.conllu"), figures); !s.ok()) return Fail(s);
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
              "UAS, LAS (gold tokens and raw text), NER on GUM and UNER, open IE on CaRB dev");
  sub->add_option("--data", args->data, "Data folder (default: $RELATA_DATA or ../shared/data beside the source)");
  sub->add_option("--models", args->models, "Model folder (default: $RELATA_MODELS or the built-in models/)");
  sub->add_option("--floors", args->floors, "JSON object of figure -> minimum; any figure below fails");
  sub->callback([args, &exit_code] { exit_code = RunEval(*args); });
}

}  // namespace relata::cli
