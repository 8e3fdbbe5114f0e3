// relata: news articles to a knowledge graph. One file per subcommand in this folder.
#include <cstdio>

#include <malloc.h>
#include <string>

#include <CLI/CLI.hpp>

#include "common.h"

int main(int argc, char** argv) {
  // Large buffers (the store, the graph's tables) are allocated and freed in phases; a fixed
  // mmap threshold hands freed ones back to the system instead of keeping them in the heap,
  // which lowers the peak memory of a big build by about a tenth (bench/README.md).
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  CLI::App app{"relata: turn news articles and triples into a merged knowledge graph"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("relata 0.1.0"));
  int exit_code = 0;
  relata::cli::AddBuild(app, exit_code);
  relata::cli::AddExtract(app, exit_code);
  relata::cli::AddExport(app, exit_code);
  relata::cli::AddExplain(app, exit_code);
  relata::cli::AddQuery(app, exit_code);
  relata::cli::AddView(app, exit_code);
  relata::cli::AddRender(app, exit_code);
  relata::cli::AddStats(app, exit_code);
  relata::cli::AddMerge(app, exit_code);
  relata::cli::AddParse(app, exit_code);
  relata::cli::AddTrain(app, exit_code);
  relata::cli::AddEval(app, exit_code);
  relata::cli::AddOie(app, exit_code);
  relata::cli::AddEvalOie(app, exit_code);
  if (argc > 1 && argv[1][0] != '-') {
    bool known = false;
    std::string names;
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
      known |= sub->get_name() == argv[1];
      names += (names.empty() ? "" : ", ") + sub->get_name();
    }
    if (!known) {
      std::fprintf(stderr, "relata: unknown command \"%s\" (commands: %s; see relata --help)\n",
                   argv[1], names.c_str());
      return relata::cli::kExitUsage;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "relata: %s (see relata --help)\n", e.what());
    return relata::cli::kExitUsage;
  }
  return exit_code;
}
