// relata query: placeholder registration while the command is being written (issue 6); it
// refuses to run. Replaced by the real command before it is documented.
#include "common.h"

namespace relata::cli {

void AddQuery(CLI::App& root, int& exit_code) {
  CLI::App* sub = root.add_subcommand("query", "(not available yet)");
  sub->allow_extras();
  sub->callback([&exit_code] { exit_code = Fail(Status::Error("query: not available yet in this build")); });
}

}  // namespace relata::cli
