// relata build INPUT... [-o DIR] [--store FILE]: read triples, merge into the store, export.
#include <chrono>
#include <cstdio>
#include <filesystem>

#include <fmt/core.h>

#include "common.h"
#include "relata/input.h"

namespace relata::cli {
namespace {

struct BuildArgs {
  std::vector<std::string> inputs;
  std::string out_dir, store_path, format = "auto";
  bool skip_bad = false, quiet = false;
  ExportFlags flags;
};

int RunBuild(const BuildArgs& a) {
  auto start = std::chrono::steady_clock::now();
  if (a.out_dir.empty() && a.store_path.empty())
    return Fail(Status::Error("build: give an output folder (-o DIR), a store (--store FILE), or both"));
  ExportOptions options;
  std::vector<const ExporterInfo*> chosen;
  if (Status s = a.flags.Resolve(options, chosen); !s.ok()) return Fail(s);
  // Check where results go before any work, so a typo costs nothing.
  if (!a.out_dir.empty())
    if (Status s = PrepareOutputDir(a.out_dir); !s.ok()) return Fail(s);

  Store store;
  if (!a.store_path.empty() && std::filesystem::exists(a.store_path)) {
    auto loaded = Store::Load(a.store_path);
    if (!loaded.ok()) return Fail(loaded.status());
    store = std::move(loaded).value();
  }
  size_t before = store.size();

  auto files = ExpandInputs(a.inputs);
  if (!files.ok()) return Fail(files.status());
  ReadOptions ro;
  ro.skip_bad = a.skip_bad;
  ro.format = a.format == "tsv" ? TripleFormat::kTsv : a.format == "jsonl" ? TripleFormat::kJsonl
                                                                           : TripleFormat::kAuto;
  ReadStats stats;
  for (const std::string& f : *files)
    if (Status s = ReadTriplesFile(f, ro, store, stats); !s.ok()) return Fail(s);

  if (!a.store_path.empty())
    if (Status s = store.Save(a.store_path); !s.ok()) return Fail(s);
  Graph g = Graph::Build(store);
  if (!a.out_dir.empty())
    if (Status s = WriteExports(g, options, chosen, a.out_dir); !s.ok()) return Fail(s);

  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!a.quiet) {
    std::printf("read %zu triples from %zu file%s (%zu new mentions%s)\n", stats.triples, stats.files,
                stats.files == 1 ? "" : "s", store.size() - before,
                stats.skipped ? fmt::format(", {} bad lines skipped", stats.skipped).c_str() : "");
    if (stats.skipped) std::printf("first skipped: %s\n", stats.first_skipped.c_str());
    std::printf("%s\n", Summary(store, g).c_str());
    if (!a.out_dir.empty())
      std::printf("wrote %zu format%s to %s/ in %.2f s\n", chosen.size(), chosen.size() == 1 ? "" : "s",
                  a.out_dir.c_str(), secs);
    if (!a.store_path.empty()) std::printf("store: %s\n", a.store_path.c_str());
  }
  return 0;
}

}  // namespace

void AddBuild(CLI::App& root, int& exit_code) {
  auto args = std::make_shared<BuildArgs>();
  CLI::App* sub = root.add_subcommand(
      "build", "Read triples files (TSV, JSONL; files, folders, - for stdin), merge them into "
               "the graph store and write the graph in every asked format to DIR/graph.<ext>");
  sub->add_option("inputs", args->inputs, "Input files or folders, - for standard input")->required();
  sub->add_option("-o,--output", args->out_dir, "Output folder");
  sub->add_option("--store", args->store_path,
                  "Store file: loaded if it exists, then saved with the new triples added");
  sub->add_option("--input-format", args->format, "auto (by extension, else by content), tsv, jsonl")
      ->capture_default_str()
      ->check(CLI::IsMember({"auto", "tsv", "jsonl"}));
  sub->add_flag("--skip-bad", args->skip_bad, "Skip malformed lines (reported) instead of stopping");
  sub->add_flag("-q,--quiet", args->quiet, "Print nothing on success");
  args->flags.AddTo(*sub);
  sub->callback([args, &exit_code] { exit_code = RunBuild(*args); });
}

}  // namespace relata::cli
