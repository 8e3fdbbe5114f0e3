// relata oie [--format carb|jsonl] [FILE]: open IE over pre-tokenized sentences, one a line.
// relata eval-oie --gold GOLD SYSTEM: CaRB scores of a system file (docs/oie-eval.md).
#include <chrono>
#include <ctime>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include <fmt/core.h>

#include "common.h"
#include "util/read_input.h"
#include "extract/carb.h"
#include "relata/nlp.h"

namespace relata::cli {
namespace {

struct OieArgs {
  std::string file = "-", format = "carb", models;
  int beam = 1;
  bool timing = false;
};

struct EvalOieArgs {
  std::string gold, system, curve;
};

int RunOieCommand(const OieArgs& a) {
  auto data = ReadInput(a.file);
  if (!data.ok()) return Fail(data.status());
  auto pipeline = Pipeline::Load(a.models.empty() ? DefaultModelDir() : a.models);
  if (!pipeline.ok()) return Fail(pipeline.status());
  (*pipeline)->set_parser_beam(a.beam);
  auto start = std::chrono::steady_clock::now();
  std::clock_t cpu_start = std::clock();
  carb::OieStats stats;
  Status s = carb::RunOie(
      **pipeline, *data, a.file == "-" ? "stdin" : a.file,
      a.format == "jsonl" ? carb::OieFormat::kJsonl : carb::OieFormat::kCarb,
      [](std::string_view out) {
        if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size())
          return Status::Error("stdout: write failed");
        return Status::Ok();
      },
      &stats);
  if (!s.ok()) return Fail(s);
  if (std::fflush(stdout) != 0) return Fail(Status::Error("stdout: write failed"));
  if (a.timing) {
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    auto rate = [&](double t) { return t > 0 ? static_cast<double>(stats.sentences) / t : 0.0; };
    std::fprintf(stderr,
                 "relata oie: %zu sentences, %zu tokens, %zu extractions in %.3f s wall (%.0f sentences/s), "
                 "%.3f s CPU (%.0f sentences/s)\n",
                 stats.sentences, stats.tokens, stats.extractions, secs, rate(secs), cpu, rate(cpu));
  }
  return 0;
}

int RunEvalOie(const EvalOieArgs& a) {
  auto gold = carb::ReadGoldFile(a.gold);
  if (!gold.ok()) return Fail(gold.status());
  auto system = carb::ReadSystemFile(a.system);
  if (!system.ok()) return Fail(system.status());
  carb::Scores sc = carb::Score(*gold, *system);
  if (!a.curve.empty()) {
    std::string text = "threshold\tprecision\trecall\tf1\n";
    for (const carb::CurvePoint& p : sc.curve)
      text += fmt::format("{}\t{:.6f}\t{:.6f}\t{:.6f}\n", p.threshold, p.precision, p.recall, p.f1);
    std::ofstream out(a.curve, std::ios::binary | std::ios::trunc);
    if (!out || !out.write(text.data(), static_cast<std::streamsize>(text.size())) || !out.flush())
      return Fail(Status::Error(fmt::format("{}: cannot write", a.curve)));
  }
  std::string out;
  out += fmt::format("precision  {:.4f}\n", sc.precision);
  out += fmt::format("recall     {:.4f}\n", sc.recall);
  out += fmt::format("f1         {:.4f}  (best over {} thresholds)\n", sc.f1, sc.curve.size());
  out += fmt::format("auc        {:.4f}\n", sc.auc);
  if (sc.curve.empty()) {
    out += "threshold  none (no system tuple)\n";
  } else {
    out += fmt::format("threshold  {}\n", sc.threshold);
  }
  out += fmt::format("gold       {} sentences, {} tuples\n", sc.gold_sentences, sc.gold_tuples);
  out += fmt::format("system     {} tuples; {} on gold sentences; {} sentences not in the gold file "
                     "(ignored); {} gold sentences without output\n",
                     sc.system_tuples, sc.system_tuples_scored, sc.system_sentences_not_in_gold,
                     sc.gold_sentences_without_output);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return std::fflush(stdout) == 0 ? 0 : Fail(Status::Error("stdout: write failed"));
}

}  // namespace

void AddOie(CLI::App& root, int& exit_code) {
  auto args = std::make_shared<OieArgs>();
  CLI::App* sub = root.add_subcommand(
      "oie", "Open IE over pre-tokenized sentences (one a line, tokens between single spaces); "
             "prints CaRB's tab format (sentence, confidence, relation, arg1, arg2, ...) or JSON lines");
  sub->add_option("file", args->file, "Input file (default: standard input)");
  sub->add_option("--format", args->format, "carb, or jsonl for every field of each extraction")
      ->capture_default_str()
      ->check(CLI::IsMember({"carb", "jsonl"}));
  sub->add_option("--models", args->models, "Model folder (default: $RELATA_MODELS or the built-in models/)");
  AddBeamOption(*sub, args->beam);
  sub->add_flag("--timing", args->timing, "Print sentences/s (after loading the models; wall and CPU time) on stderr");
  sub->callback([args, &exit_code] { exit_code = RunOieCommand(*args); });
}

void AddEvalOie(CLI::App& root, int& exit_code) {
  auto args = std::make_shared<EvalOieArgs>();
  CLI::App* sub = root.add_subcommand(
      "eval-oie", "Score Open IE output in CaRB's tab format against CaRB gold tuples: precision, "
                  "recall and F1 at the best confidence threshold, area under the P/R curve");
  sub->add_option("--gold", args->gold, "Gold tuples: sentence<TAB>relation<TAB>arg1<TAB>arg2...")->required();
  sub->add_option("system", args->system, "System output: sentence<TAB>confidence<TAB>relation<TAB>arg1... "
                                          "(- for standard input)")
      ->required();
  sub->add_option("--curve", args->curve, "Also write the P/R curve (threshold, precision, recall, F1) to this file");
  sub->callback([args, &exit_code] { exit_code = RunEvalOie(*args); });
}

}  // namespace relata::cli
