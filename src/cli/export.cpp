// relata export --store FILE -o DIR: write a saved store in every asked format.
#include <cstdio>

#include "common.h"

namespace relata::cli {
namespace {

struct ExportArgs {
  std::string store_path, out_dir;
  bool quiet = false;
  ExportFlags flags;
  GraphFlags graph;
};

int RunExport(const ExportArgs& a) {
  ExportOptions options;
  std::vector<const ExporterInfo*> chosen;
  if (Status s = a.flags.Resolve(options, chosen); !s.ok()) return Fail(s);
  GraphOptions graph_options;
  if (Status s = a.graph.Resolve(graph_options); !s.ok()) return Fail(s);
  if (Status s = PrepareOutputDir(a.out_dir); !s.ok()) return Fail(s);
  auto store = Store::Load(a.store_path);
  if (!store.ok()) return Fail(store.status());
  Graph g = Graph::Build(*store, graph_options);
  if (Status s = WriteExports(g, options, chosen, a.out_dir); !s.ok()) return Fail(s);
  if (!a.quiet)
    std::printf("%s\nwrote %zu format%s to %s/\n", Summary(*store, g).c_str(), chosen.size(),
                chosen.size() == 1 ? "" : "s", a.out_dir.c_str());
  return 0;
}

}  // namespace

void AddExport(CLI::App& root, int& exit_code) {
  auto args = std::make_shared<ExportArgs>();
  CLI::App* sub = root.add_subcommand("export", "Write the graph of a store file in every asked format");
  sub->add_option("--store", args->store_path, "Store file")->required();
  sub->add_option("-o,--output", args->out_dir, "Output folder")->required();
  sub->add_flag("-q,--quiet", args->quiet, "Print nothing on success");
  args->flags.AddTo(*sub);
  args->graph.AddTo(*sub);
  sub->callback([args, &exit_code] { exit_code = RunExport(*args); });
}

}  // namespace relata::cli
