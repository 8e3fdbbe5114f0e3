// relata view --store FILE -o graph.html: the graph as one self-contained HTML page that
// works offline (docs/viewer.md). The page template and the graph library are embedded into
// this binary at build time (viewer/embed.cmake); src/view/view.h builds the page.
#include <cstdio>
#include <filesystem>
#include <memory>

#include <fmt/core.h>

#include "common.h"
#include "view/view.h"

namespace relata::viewer_assets {
// Defined in the file viewer/embed.cmake generates; kLibrary is empty (and kMissing says
// why) when the library was not installed when relata was built.
extern const std::string_view kPage, kLibrary, kLibraryName, kMissing;
}  // namespace relata::viewer_assets

namespace relata::cli {
namespace {

struct ViewArgs {
  std::string store_path, out_path, title;
  size_t max_nodes = view::ViewOptions{}.max_nodes;
  size_t max_evidence = view::ViewOptions{}.max_evidence;
  bool quiet = false;
  GraphFlags graph;
};

int RunView(const ViewArgs& a) {
  namespace assets = viewer_assets;
  if (assets::kLibrary.empty())
    return Fail(Status::Error(fmt::format(
        "view: this relata was built without its graph library ({}): run `bash scripts/setup.sh` "
        "(or `npm ci --prefix viewer`) in the source tree, then rebuild relata",
        assets::kMissing)));
  GraphOptions graph_options;
  if (Status s = a.graph.Resolve(graph_options); !s.ok()) return Fail(s);
  auto store = Store::Load(a.store_path);
  if (!store.ok()) return Fail(store.status());
  Graph g = Graph::Build(*store, graph_options);
  view::ViewOptions options;
  options.max_nodes = a.max_nodes;
  options.max_evidence = a.max_evidence;
  options.title = a.title.empty() ? std::filesystem::path(a.store_path).filename().string() : a.title;
  auto page = view::ViewPage(g, options, assets::kPage, assets::kLibrary, assets::kLibraryName);
  if (!page.ok()) return Fail(page.status().With("view"));
  if (Status s = WriteFileAtomic(a.out_path, *page); !s.ok()) return Fail(s);
  if (!a.quiet) {
    const std::vector<char> keep = view::KeepHeaviest(g, options.max_nodes);
    size_t nodes = 0, edges = 0;
    for (char k : keep) nodes += k != 0;
    for (const Edge& e : g.edges) edges += keep[e.source] && keep[e.target];
    std::printf("%s\nwrote %s: %zu of %zu entities, %zu of %zu relations\n",
                Summary(*store, g).c_str(), a.out_path.c_str(), nodes, g.nodes.size(), edges,
                g.edges.size());
  }
  return 0;
}

}  // namespace

void AddView(CLI::App& root, int& exit_code) {
  auto args = std::make_shared<ViewArgs>();
  CLI::App* sub = root.add_subcommand(
      "view", "Write the graph of a store file as one self-contained HTML page (docs/viewer.md)");
  sub->add_option("--store", args->store_path, "Store file")->required();
  sub->add_option("-o,--output", args->out_path, "Output HTML file")->required();
  sub->add_option("--max-nodes", args->max_nodes,
                  "Keep the N most mentioned entities and the relations among them (0: all)")
      ->capture_default_str();
  sub->add_option("--max-evidence", args->max_evidence,
                  "Evidence sentences kept per relation (0: all)")
      ->capture_default_str();
  sub->add_option("--title", args->title, "Page title (default: the store file's name)");
  sub->add_flag("-q,--quiet", args->quiet, "Print nothing on success");
  args->graph.AddTo(*sub);
  sub->callback([args, &exit_code] { exit_code = RunView(*args); });
}

}  // namespace relata::cli
