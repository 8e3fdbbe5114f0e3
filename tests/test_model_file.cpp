#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "nlp/model_file.h"

using namespace relata;
using namespace relata::nlp;
namespace fs = std::filesystem;

namespace {
std::string Slurp(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}
void Spit(const std::string& p, const std::string& s) { std::ofstream(p, std::ios::binary | std::ios::trunc) << s; }
}  // namespace

TEST_CASE("model container: round trip, corruption, version, truncation, wrong component", "[model]") {
  ModelFile m;
  m.component = "tagger";
  m.component_version = 3;
  m.config_json = R"({"epochs":5})";
  m.self_tests.push_back({"The cat sat .", "DT NN VBD ."});
  m.sections.emplace_back("weights", std::string("\x01\x02\x00\x03", 4));
  std::string p = (fs::temp_directory_path() / "relata-model-test.rmd").string();
  REQUIRE(m.Save(p).ok());
  auto back = ModelFile::Load(p, "tagger");
  REQUIRE(back.ok());
  CHECK(back->component_version == 3);
  CHECK(back->config_json == m.config_json);
  REQUIRE(back->self_tests.size() == 1);
  CHECK(back->self_tests[0].expected == "DT NN VBD .");
  REQUIRE(back->Section("weights"));
  CHECK(*back->Section("weights") == std::string("\x01\x02\x00\x03", 4));
  CHECK(back->Section("nope") == nullptr);

  CHECK(ModelFile::Load(p, "parser").status().message().find("is a tagger model, not a parser model") != std::string::npos);
  const std::string bytes = Slurp(p);
  Spit(p, bytes.substr(0, bytes.size() - 10));
  CHECK(ModelFile::Load(p, "tagger").status().message().find(p + ": byte") == 0);
  std::string flipped = bytes;
  flipped.back() ^= 0x40;
  Spit(p, flipped);
  CHECK(ModelFile::Load(p, "tagger").status().message().find("checksum") != std::string::npos);
  std::string v2 = bytes;
  v2[8] = 2;
  Spit(p, v2);
  CHECK(ModelFile::Load(p, "tagger").status().message().find("version 2 is not supported") != std::string::npos);
  Spit(p, "not a model");
  CHECK(ModelFile::Load(p, "tagger").status().message().find("bad magic") != std::string::npos);
  fs::remove(p);
  CHECK(ModelFile::Load(p, "tagger").status().message().find("cannot open") != std::string::npos);
}
