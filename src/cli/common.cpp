#include "common.h"

#include <cstdio>
#include <filesystem>
#include <sstream>

#include <fmt/core.h>

#include "relata/sink.h"

namespace relata::cli {
namespace fs = std::filesystem;

int Fail(const Status& s) {
  std::fprintf(stderr, "relata: %s\n", s.message().c_str());
  return kExitFailure;
}

void ExportFlags::AddTo(CLI::App& app) {
  std::string names;
  for (const auto& e : Exporters()) names += (names.empty() ? "" : ",") + std::string(e.name);
  app.add_option("--formats", formats, "Comma-separated formats, or 'all': " + names)
      ->capture_default_str();
  app.add_option("--base", base, "Base IRI for minted entity, relation and source IRIs")
      ->capture_default_str();
  app.add_option("--provenance", provenance,
                 "RDF provenance: graphs (named graph per source), reification, rdf-star")
      ->capture_default_str()
      ->check(CLI::IsMember({"graphs", "reification", "rdf-star"}));
  app.add_option("--gexf-version", gexf_version, "GEXF version: 1.3 or 1.2draft")
      ->capture_default_str()
      ->check(CLI::IsMember({"1.3", "1.2draft"}));
  app.add_option("--max-nodes", max_nodes, "DOT guard: keep at most N heaviest nodes (0: all)")
      ->capture_default_str();
  app.add_option("--min-weight", min_weight, "DOT guard: drop edges lighter than W")
      ->capture_default_str();
}

Status ExportFlags::Resolve(ExportOptions& o, std::vector<const ExporterInfo*>& chosen) const {
  if (Status s = ValidateBaseIri(base); !s.ok()) return s.With("--base");
  o.base_iri = base;
  o.provenance = provenance == "reification" ? Provenance::kReification
                 : provenance == "rdf-star"  ? Provenance::kRdfStar
                                             : Provenance::kNamedGraphs;
  o.gexf_12draft = gexf_version == "1.2draft";
  o.dot_max_nodes = max_nodes;
  o.dot_min_weight = min_weight;
  chosen.clear();
  if (formats == "all") {
    for (const auto& e : Exporters()) chosen.push_back(&e);
    return Status::Ok();
  }
  std::stringstream ss(formats);
  std::string name;
  while (std::getline(ss, name, ',')) {
    if (name.empty()) continue;
    const ExporterInfo* e = FindExporter(name);
    if (!e) return Status::Error(fmt::format("--formats: unknown format \"{}\"", name));
    bool seen = false;
    for (auto* c : chosen) seen |= c == e;
    if (!seen) chosen.push_back(e);
  }
  if (chosen.empty()) return Status::Error("--formats: no format given");
  return Status::Ok();
}

Status PrepareOutputDir(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::Error(fmt::format("{}: cannot create output folder: {}", dir, ec.message()));
  if (!fs::is_directory(dir)) return Status::Error(fmt::format("{}: not a folder", dir));
  auto probe = FileSink::Create((fs::path(dir) / ".relata-write-test").string());
  if (!probe.ok()) return Status::Error(fmt::format("{}: output folder is not writable", dir));
  return Status::Ok();  // the probe's temporary file is removed by its destructor
}

Status WriteExports(const Graph& g, const ExportOptions& options,
                    const std::vector<const ExporterInfo*>& chosen, const std::string& dir) {
  for (const ExporterInfo* e : chosen) {
    std::string path = (fs::path(dir) / ("graph." + std::string(e->extension))).string();
    auto sink = FileSink::Create(path);
    if (!sink.ok()) return sink.status();
    if (Status s = e->write(g, options, **sink); !s.ok()) return s.With(path);
    if (Status s = (*sink)->Finish(); !s.ok()) return s;
  }
  return Status::Ok();
}

std::string Summary(const Store& store, const Graph& g) {
  return fmt::format("{} mentions from {} sources: {} entities, {} edges, {} relations",
                     store.size(), g.documents.size(), g.nodes.size(), g.edges.size(),
                     g.relations.size());
}

}  // namespace relata::cli
