// relata render --store FILE -o graph.png|graph.svg: a picture of a small graph, drawn by
// Graphviz's sfdp from the DOT export (exporters/dot.cpp, with its guard: --max-nodes keeps
// the most mentioned entities). sfdp runs as a child process (posix_spawnp, no shell) on a
// temporary DOT file and writes a temporary picture, which is renamed over the output only
// when sfdp succeeded; a run longer than --timeout seconds is killed. docs/viewer.md.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

#include <fmt/core.h>

#include "common.h"
#include "relata/sink.h"

extern char** environ;

namespace relata::cli {
namespace {
namespace fs = std::filesystem;

struct RenderArgs {
  std::string store_path, out_path;
  size_t max_nodes = 300;
  double min_weight = 0;
  double timeout = 300;
  bool quiet = false;
  GraphFlags graph;
};

// Removes the files it names when it goes out of scope.
struct TempFiles {
  std::vector<std::string> paths;
  ~TempFiles() {
    for (const auto& p : paths) ::unlink(p.c_str());
  }
};

std::string FirstLine(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) return line;
  return "";
}

// Runs sfdp; Ok when it exited 0 within the time limit.
Status RunSfdp(const std::string& format, const std::string& dot, const std::string& out,
               const std::string& err, double timeout) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<std::string> args = {"sfdp", "-T" + format, "-Goverlap=prism",
                                   "-Goutputorder=edgesfirst", "-o", out, dot};
  std::vector<char*> argv;
  for (auto& s : args) argv.push_back(s.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, "sfdp", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc == ENOENT)
    return Status::Error("render: sfdp not found on PATH: install Graphviz (Debian: apt-get install graphviz)");
  if (rc != 0) return Status::Error(fmt::format("render: cannot run sfdp: {}", std::strerror(rc)));
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::milliseconds(static_cast<long long>(timeout * 1000));
  int wstatus = 0;
  for (auto pause = std::chrono::milliseconds(1);; pause = std::min(pause * 2, std::chrono::milliseconds(50))) {
    const pid_t w = ::waitpid(pid, &wstatus, WNOHANG);
    if (w == pid) break;
    if (w < 0 && errno != EINTR)
      return Status::Error(fmt::format("render: waiting for sfdp: {}", std::strerror(errno)));
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(pid, SIGKILL);
      while (::waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
      }
      return Status::Error(fmt::format(
          "render: sfdp took longer than {} s and was stopped: try a smaller --max-nodes or a "
          "larger --timeout", timeout));
    }
    std::this_thread::sleep_for(pause);
  }
  if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0) return Status::Ok();
  std::string why = FirstLine(err);
  if (WIFSIGNALED(wstatus)) why = fmt::format("killed by signal {}{}{}", WTERMSIG(wstatus), why.empty() ? "" : ": ", why);
  else why = fmt::format("exit status {}{}{}", WEXITSTATUS(wstatus), why.empty() ? "" : ": ", why);
  return Status::Error("render: sfdp failed (" + why + ")");
}

int RunRender(const RenderArgs& a) {
  const std::string ext = fs::path(a.out_path).extension().string();
  std::string format;
  if (ext == ".png" || ext == ".PNG") format = "png";
  else if (ext == ".svg" || ext == ".SVG") format = "svg";
  else return Fail(Status::Error(fmt::format("render: {}: the output must end in .png or .svg", a.out_path)));
  if (!(a.timeout > 0)) return Fail(Status::Error("render: --timeout must be more than 0"));
  GraphOptions graph_options;
  if (Status s = a.graph.Resolve(graph_options); !s.ok()) return Fail(s);
  auto store = Store::Load(a.store_path);
  if (!store.ok()) return Fail(store.status());
  Graph g = Graph::Build(*store, graph_options);

  ExportOptions options;
  options.dot_max_nodes = a.max_nodes;
  options.dot_min_weight = a.min_weight;
  const ExporterInfo* dot_writer = FindExporter("dot");
  if (!dot_writer) return Fail(Status::Error("render: no DOT writer in this build"));
  StringSink dot;
  if (Status s = dot_writer->write(g, options, dot); !s.ok()) return Fail(s.With("render"));
  (void)dot.Finish();

  // Temporary files beside the output, so the final rename stays on one file system.
  const std::string stem = fmt::format("{}.tmp-{}", a.out_path, ::getpid());
  TempFiles temps;
  temps.paths = {stem + ".dot", stem + "." + format, stem + ".err"};
  if (Status s = WriteFileAtomic(temps.paths[0], dot.str()); !s.ok()) return Fail(s);
  if (Status s = RunSfdp(format, temps.paths[0], temps.paths[1], temps.paths[2], a.timeout); !s.ok())
    return Fail(s);
  // Flush the picture to disk before it replaces the output.
  if (int fd = ::open(temps.paths[1].c_str(), O_RDONLY); fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  } else {
    return Fail(Status::Error(fmt::format("render: sfdp wrote no picture ({})", temps.paths[1])));
  }
  if (::rename(temps.paths[1].c_str(), a.out_path.c_str()) != 0)
    return Fail(Status::Error(fmt::format("{}: cannot write: {}", a.out_path, std::strerror(errno))));
  if (!a.quiet) {
    const std::string& text = dot.str();
    std::string note;
    if (text.rfind("// relata guard: ", 0) == 0) note = "\n" + text.substr(3, text.find('\n') - 3);
    std::printf("%s%s\nwrote %s\n", Summary(*store, g).c_str(), note.c_str(), a.out_path.c_str());
  }
  return 0;
}

}  // namespace

void AddRender(CLI::App& root, int& exit_code) {
  auto args = std::make_shared<RenderArgs>();
  CLI::App* sub = root.add_subcommand(
      "render", "Draw the graph of a small store as PNG or SVG with Graphviz sfdp (docs/viewer.md)");
  sub->add_option("--store", args->store_path, "Store file")->required();
  sub->add_option("-o,--output", args->out_path, "Output picture: FILE.png or FILE.svg")->required();
  sub->add_option("--max-nodes", args->max_nodes,
                  "Keep the N most mentioned entities and the relations among them (0: all)")
      ->capture_default_str();
  sub->add_option("--min-weight", args->min_weight, "Drop relations lighter than W")
      ->capture_default_str();
  sub->add_option("--timeout", args->timeout, "Stop sfdp after this many seconds")
      ->capture_default_str();
  sub->add_flag("-q,--quiet", args->quiet, "Print nothing on success");
  args->graph.AddTo(*sub);
  sub->callback([args, &exit_code] { exit_code = RunRender(*args); });
}

}  // namespace relata::cli
