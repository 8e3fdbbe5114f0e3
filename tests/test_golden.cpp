// Golden files: every format written from tests/data/golden.jsonl must match
// tests/golden/ byte for byte. After an intended change, regenerate with
//   RELATA_UPDATE_GOLDEN=1 ./relata_tests "[golden]"
// and review the diff like code.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "relata/exporter.h"
#include "relata/input.h"

using namespace relata;
namespace fs = std::filesystem;

namespace {

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void CheckGolden(const Graph& g, const ExportOptions& options, const ExporterInfo& e,
                 const std::string& variant) {
  StringSink sink;
  REQUIRE(e.write(g, options, sink).ok());
  fs::path golden = fs::path(RELATA_SOURCE_DIR) / "tests" / "golden" /
                    ("graph" + variant + "." + std::string(e.extension));
  if (std::getenv("RELATA_UPDATE_GOLDEN")) {
    std::ofstream(golden, std::ios::binary | std::ios::trunc) << sink.str();
    return;
  }
  INFO("golden file " << golden.string() << " (regenerate with RELATA_UPDATE_GOLDEN=1)");
  REQUIRE(fs::exists(golden));
  CHECK(sink.str() == ReadAll(golden));
}

}  // namespace

TEST_CASE("every format matches its golden file", "[golden]") {
  Store store;
  ReadStats stats;
  REQUIRE(ReadTriplesFile(std::string(RELATA_SOURCE_DIR) + "/tests/data/golden.jsonl", {}, store, stats).ok());
  Graph g = Graph::Build(store);
  ExportOptions options;
  options.base_iri = "http://example.org/kg/";
  for (const auto& e : Exporters()) {
    SECTION(std::string(e.name)) { CheckGolden(g, options, e, ""); }
  }
  SECTION("reification") {
    options.provenance = Provenance::kReification;
    for (const char* name : {"turtle", "nquads", "rdfxml", "jsonld"})
      CheckGolden(g, options, *FindExporter(name), ".reification");
  }
  SECTION("rdf-star") {
    options.provenance = Provenance::kRdfStar;
    for (const char* name : {"turtle", "ntriples"})
      CheckGolden(g, options, *FindExporter(name), ".rdfstar");
  }
  SECTION("gexf 1.2draft") {
    options.gexf_12draft = true;
    CheckGolden(g, options, *FindExporter("gexf"), ".12draft");
  }
}

TEST_CASE("evidence with positions, flags and speakers matches its golden files", "[golden]") {
  // tests/data/evidence.jsonl carries the fields of store format 2; the files above (from
  // golden.jsonl alone) show that graphs without them are written as before.
  Store store;
  ReadStats stats;
  for (const char* f : {"/tests/data/golden.jsonl", "/tests/data/evidence.jsonl"})
    REQUIRE(ReadTriplesFile(std::string(RELATA_SOURCE_DIR) + f, {}, store, stats).ok());
  Graph g = Graph::Build(store);
  ExportOptions options;
  options.base_iri = "http://example.org/kg/";
  for (const char* name : {"json", "graphml", "gexf"})
    SECTION(name) { CheckGolden(g, options, *FindExporter(name), ".evidence"); }
  SECTION("reification") {
    options.provenance = Provenance::kReification;
    for (const char* name : {"turtle", "ntriples", "nquads", "rdfxml", "jsonld"})
      CheckGolden(g, options, *FindExporter(name), ".evidence.reification");
  }
}
