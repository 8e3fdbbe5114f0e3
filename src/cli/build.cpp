// relata build INPUT... [-o DIR] [--store FILE] [--merge-report FILE] [--dry-run]: read articles
// (parsed and extracted) and triples files, merge them into the store, export.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include <unistd.h>

#include <fmt/core.h>

#include "articles.h"
#include "common.h"
#include "relata/input.h"

namespace relata::cli {
namespace {

struct BuildArgs {
  std::vector<std::string> inputs;
  std::string out_dir, store_path, format = "auto", models, merge_report;
  int beam = 1;
  unsigned threads = 0;
  bool skip_bad = false, quiet = false, dry_run = false;
  ExportFlags flags;
  GraphFlags graph;
};

int RunBuild(const BuildArgs& a) {
  auto start = std::chrono::steady_clock::now();
  if (a.out_dir.empty() && a.store_path.empty() && !a.dry_run && a.merge_report.empty())
    return Fail(Status::Error(
        "build: give an output folder (-o DIR), a store (--store FILE), a merge report "
        "(--merge-report FILE) or --dry-run"));
  ExportOptions options;
  std::vector<const ExporterInfo*> chosen;
  if (Status s = a.flags.Resolve(options, chosen); !s.ok()) return Fail(s);
  GraphOptions graph_options;
  if (Status s = a.graph.Resolve(graph_options); !s.ok()) return Fail(s);
  // Check where results go before any work, so a typo costs nothing.
  if (!a.out_dir.empty() && !a.dry_run)
    if (Status s = PrepareOutputDir(a.out_dir); !s.ok()) return Fail(s);

  Store store;
  if (!a.store_path.empty() && std::filesystem::exists(a.store_path)) {
    auto loaded = Store::Load(a.store_path);
    if (!loaded.ok()) return Fail(loaded.status());
    store = std::move(loaded).value();
  }
  size_t before = store.size();

  // Triples files when --input-format names a triples format, articles when it names an
  // article format; else each input by its kind ("-" is a triples file then).
  bool triples_only = a.format == "tsv" || a.format == "jsonl";
  IngestOptions ingest;
  ingest.format = ArticleFormatFromName(a.format);
  bool articles_only = ingest.format != ArticleFormat::kAuto;
  auto sorted = SortInputs(a.inputs, !articles_only);
  if (!sorted.ok()) return Fail(sorted.status());
  if (articles_only) {
    sorted->articles.insert(sorted->articles.end(), sorted->triples.begin(), sorted->triples.end());
    sorted->triples.clear();
  }
  if (triples_only) {
    sorted->triples.insert(sorted->triples.end(), sorted->articles.begin(), sorted->articles.end());
    sorted->articles.clear();
  }
  const std::vector<std::string>* files = &sorted->triples;
  ReadOptions ro;
  ro.skip_bad = a.skip_bad;
  ro.format = a.format == "tsv" ? TripleFormat::kTsv : a.format == "jsonl" ? TripleFormat::kJsonl
                                                                           : TripleFormat::kAuto;
  ReadStats stats;
  for (const std::string& f : *files)
    if (Status s = ReadTriplesFile(f, ro, store, stats); !s.ok()) return Fail(s);

  ArticleStats art;
  if (!sorted->articles.empty()) {
    auto pipeline = Pipeline::Load(a.models.empty() ? DefaultModelDir() : a.models);
    if (!pipeline.ok()) return Fail(pipeline.status());
    (*pipeline)->set_parser_beam(a.beam);
    unsigned threads = a.threads ? a.threads : std::max(1u, std::thread::hardware_concurrency());
    bool progress = !a.quiet && isatty(STDERR_FILENO);
    Status s = ProcessArticles(
        sorted->articles, ingest, **pipeline, threads, progress,
        [&](const Document& doc, const std::vector<Extraction>&, const std::vector<GraphTriple>& gs) {
          for (const GraphTriple& g : gs) {
            // A triple the store refuses (e.g. a name that normalises to nothing) is left
            // out, not fatal: extraction output is ours, not the user's.
            (void)store.Add(ToTripleInput(doc, g));
          }
          return Status::Ok();
        },
        art);
    if (!s.ok()) return Fail(s);
  }

  Graph g = Graph::Build(store, graph_options);
  if (a.dry_run) {
    // The merges only: no store, no exports, no report file.
    std::fputs(MergeReport(g).c_str(), stdout);
    return 0;
  }
  if (!a.store_path.empty())
    if (Status s = store.Save(a.store_path); !s.ok()) return Fail(s);
  if (!a.merge_report.empty())
    if (Status s = WriteFileAtomic(a.merge_report, MergeReport(g)); !s.ok()) return Fail(s);
  if (!a.out_dir.empty())
    if (Status s = WriteExports(g, options, chosen, a.out_dir); !s.ok()) return Fail(s);

  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!a.quiet) {
    if (!sorted->articles.empty())
      std::printf("parsed %zu document%s: %zu sentences, %zu words, %zu triples\n", art.documents,
                  art.documents == 1 ? "" : "s", art.sentences, art.words, art.triples);
    if (!files->empty())
      std::printf("read %zu triples from %zu file%s%s\n", stats.triples, stats.files,
                  stats.files == 1 ? "" : "s",
                  stats.skipped ? fmt::format(" ({} bad lines skipped)", stats.skipped).c_str() : "");
    std::printf("%zu new mentions\n", store.size() - before);
    if (stats.skipped) std::printf("first skipped: %s\n", stats.first_skipped.c_str());
    std::printf("%s\n", Summary(store, g).c_str());
    if (!a.out_dir.empty())
      std::printf("wrote %zu format%s to %s/ in %.2f s\n", chosen.size(), chosen.size() == 1 ? "" : "s",
                  a.out_dir.c_str(), secs);
    if (!a.store_path.empty()) std::printf("store: %s\n", a.store_path.c_str());
    if (!a.merge_report.empty())
      std::printf("merge report: %s (%zu merges)\n", a.merge_report.c_str(), g.merges.size());
  }
  return 0;
}

}  // namespace

void AddBuild(CLI::App& root, int& exit_code) {
  auto args = std::make_shared<BuildArgs>();
  CLI::App* sub = root.add_subcommand(
      "build", "Read articles (text, Markdown, JSONL, HTML, RSS/Atom: parsed and extracted) and "
               "triples files (TSV, JSONL), merge them into the graph store and write the graph "
               "in every asked format to DIR/graph.<ext>");
  sub->add_option("inputs", args->inputs,
                  "Input files or folders (recursively), - for standard input (articles)")->required();
  sub->add_option("-o,--output", args->out_dir, "Output folder");
  sub->add_option("--store", args->store_path,
                  "Store file: loaded if it exists, then saved with the new triples added");
  sub->add_option("--models", args->models, "Model folder (default: the installed models)");
  AddBeamOption(*sub, args->beam);
  sub->add_option("-j,--threads", args->threads, "Parsing threads (default: all cores); the output does not depend on it");
  sub->add_option("--input-format", args->format,
                  "auto (by extension, else by content; - is a triples file), triples: tsv, "
                  "jsonl; articles: text, markdown, articles (JSONL), html, feed")
      ->capture_default_str()
      ->check(CLI::IsMember({"auto", "tsv", "jsonl", "text", "markdown", "articles", "html", "feed"}));
  sub->add_flag("--skip-bad", args->skip_bad, "Skip malformed lines (reported) instead of stopping");
  sub->add_flag("-q,--quiet", args->quiet, "Print nothing on success (no progress either)");
  sub->add_option("--merge-report", args->merge_report,
                  "Write every merge of names into nodes to FILE (TSV; docs/merging.md)");
  sub->add_flag("--dry-run", args->dry_run,
                "Print the merges (the --merge-report TSV) and write nothing: no store, no exports");
  args->flags.AddTo(*sub);
  args->graph.AddTo(*sub);
  sub->callback([args, &exit_code] { exit_code = RunBuild(*args); });
}

}  // namespace relata::cli
