// What the subcommands share: export options on the command line, writing every asked
// format to a folder, and the one-line error convention.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "relata/exporter.h"
#include "relata/graph.h"
#include "relata/status.h"
#include "relata/store.h"

namespace relata::cli {

// Exit codes: 0 success, 1 failure (bad input, I/O), 2 usage error.
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

// Prints "relata: MESSAGE" to stderr and returns kExitFailure.
int Fail(const Status& s);

struct ExportFlags {
  std::string formats = "all";
  std::string base = ExportOptions{}.base_iri;
  std::string provenance = "graphs";
  std::string gexf_version = "1.3";
  size_t max_nodes = ExportOptions{}.dot_max_nodes;
  double min_weight = 0;

  void AddTo(CLI::App& app);
  // Checks the flags; fills the options and the chosen exporters.
  Status Resolve(ExportOptions& options, std::vector<const ExporterInfo*>& chosen) const;
};

// How names merge into nodes (docs/merging.md): --aliases FILE and --keep-apart FILE; the
// relation schema (docs/relations.md): --relations FILE|news, --schema-only; events of an
// edge (docs/graph-formats.md): --event-window DAYS.
struct GraphFlags {
  std::string aliases, keep_apart;
  std::string relations;
  bool schema_only = false;
  uint32_t event_window = GraphOptions{}.event_window;

  void AddTo(CLI::App& app);
  // Reads the files; a bad line fails with "FILE:LINE: reason".
  Status Resolve(GraphOptions& options) const;
};

// --beam K of the commands that parse (build, extract, parse, oie, eval): the parser's beam
// width, 1 (greedy, the default) to 64 (docs/parser.md); Pipeline::set_parser_beam takes it.
void AddBeamOption(CLI::App& app, int& beam);

// The merges of a graph as TSV (docs/merging.md): a header line, then one line per
// MergeRecord in Graph::merges order.
std::string MergeReport(const Graph& g);

// Writes `text` to `path` atomically (temporary file, rename).
Status WriteFileAtomic(const std::string& path, std::string_view text);

// Creates `dir` if needed and checks that a file can be written in it.
Status PrepareOutputDir(const std::string& dir);

// Writes DIR/graph.<ext> for each exporter (each file atomically). Returns the first error.
Status WriteExports(const Graph& g, const ExportOptions& options,
                    const std::vector<const ExporterInfo*>& chosen, const std::string& dir);

// The short summary printed after build and export.
std::string Summary(const Store& store, const Graph& g);

// Registration of each subcommand (one file each). The callback stores the exit code.
void AddBuild(CLI::App& root, int& exit_code);
void AddExport(CLI::App& root, int& exit_code);
void AddExplain(CLI::App& root, int& exit_code);
void AddQuery(CLI::App& root, int& exit_code);
void AddView(CLI::App& root, int& exit_code);
void AddRender(CLI::App& root, int& exit_code);
void AddStats(CLI::App& root, int& exit_code);
void AddMerge(CLI::App& root, int& exit_code);
void AddParse(CLI::App& root, int& exit_code);
void AddTrain(CLI::App& root, int& exit_code);
void AddEval(CLI::App& root, int& exit_code);
void AddExtract(CLI::App& root, int& exit_code);
void AddOie(CLI::App& root, int& exit_code);
void AddEvalOie(CLI::App& root, int& exit_code);

}  // namespace relata::cli
