#include "util/read_input.h"

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include <fmt/core.h>

namespace relata {

Result<std::string> ReadInput(const std::string& path) {
  std::string data;
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    data = ss.str();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::Error(fmt::format("{}: cannot open", path));
    data.assign(std::istreambuf_iterator<char>(in), {});
    if (in.bad()) return Status::Error(fmt::format("{}: read error", path));
  }
  return data;
}

}  // namespace relata
