// relata render: placeholder registration while the command is being written (issue 6); it
// refuses to run. Replaced by the real command before it is documented.
#include "common.h"

namespace relata::cli {

void AddRender(CLI::App& root, int& exit_code) {
  CLI::App* sub = root.add_subcommand("render", "(not available yet)");
  sub->allow_extras();
  sub->callback([&exit_code] { exit_code = Fail(Status::Error("render: not available yet in this build")); });
}

}  // namespace relata::cli
