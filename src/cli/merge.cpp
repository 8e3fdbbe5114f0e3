// relata merge A B... -o FILE: the union of stores (equal to the store built from all inputs).
#include <cstdio>

#include "common.h"

namespace relata::cli {
namespace {

struct MergeArgs {
  std::vector<std::string> stores;
  std::string out;
  bool quiet = false;
};

int RunMerge(const MergeArgs& a) {
  Store merged;
  for (const std::string& path : a.stores) {
    auto s = Store::Load(path);
    if (!s.ok()) return Fail(s.status());
    merged.Merge(*s);
  }
  if (Status s = merged.Save(a.out); !s.ok()) return Fail(s);
  if (!a.quiet)
    std::printf("merged %zu stores: %zu mentions -> %s\n", a.stores.size(), merged.size(), a.out.c_str());
  return 0;
}

}  // namespace

void AddMerge(CLI::App& root, int& exit_code) {
  auto args = std::make_shared<MergeArgs>();
  CLI::App* sub = root.add_subcommand("merge", "Merge store files into one (a set union of their mentions)");
  sub->add_option("stores", args->stores, "Store files")->required();
  sub->add_option("-o,--output", args->out, "The merged store file (may be one of the inputs)")->required();
  sub->add_flag("-q,--quiet", args->quiet, "Print nothing on success");
  sub->callback([args, &exit_code] { exit_code = RunMerge(*args); });
}

}  // namespace relata::cli
