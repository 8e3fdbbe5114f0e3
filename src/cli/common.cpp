#include "common.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include <fmt/core.h>

#include "exporters/escape.h"
#include "relata/sink.h"

namespace relata::cli {
namespace fs = std::filesystem;

void AddBeamOption(CLI::App& app, int& beam) {
  app.add_option("--beam", beam,
                 "Beam width of the dependency parser: 1 = greedy (default, fastest); 2-64 slower "
                 "and more accurate (docs/parser.md)")
      ->check(CLI::Range(1, 64));
}

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

void GraphFlags::AddTo(CLI::App& app) {
  app.add_option("--aliases", aliases,
                 "TSV: surface form, canonical id (wd:Q7184 or an IRI), label[, type]: forms of "
                 "one id are one node (owl:sameAs the id in RDF); docs/merging.md");
  app.add_option("--keep-apart", keep_apart,
                 "TSV: two surface forms (or a node id and a form) a line that must not be one node");
  app.add_option("--relations", relations,
                 "Relation schema (JSON, schema/relations.schema.json) mapping relations to canonical "
                 "ones, or 'news' for the built-in news schema; docs/relations.md");
  app.add_flag("--schema-only", schema_only,
               "With --relations: drop mentions whose relation the schema does not map");
  app.add_option("--event-window", event_window,
                 "Reports of one edge within DAYS of an event's first report are one event")
      ->capture_default_str();
}

Status GraphFlags::Resolve(GraphOptions& o) const {
  if (!aliases.empty()) {
    auto a = LoadAliases(aliases);
    if (!a.ok()) return a.status();
    o.aliases = std::move(a).value();
  }
  if (schema_only && relations.empty())
    return Status::Error("--schema-only needs --relations FILE (or --relations news)");
  if (!relations.empty()) {
    auto r = LoadRelationSchema(relations);
    if (!r.ok()) return r.status();
    o.relations = std::move(r).value();
  }
  o.schema_only = schema_only;
  o.event_window = event_window;
  if (!keep_apart.empty()) {
    auto k = LoadKeepApart(keep_apart);
    if (!k.ok()) return k.status();
    o.keep_apart = std::move(k).value();
  }
  return Status::Ok();
}

using escape::TsvField;

std::string MergeReport(const Graph& g) {
  std::string out = "node\tlabel\tform\tform_type\trule\tmentions\tdocuments\n";
  for (const MergeRecord& m : g.merges) {  // nodes are sorted by id: binary search
    auto it = std::lower_bound(g.nodes.begin(), g.nodes.end(), m.into,
                               [](const Node& n, const std::string& id) { return n.id < id; });
    TsvField(out, m.into);
    out += '\t';
    if (it != g.nodes.end() && it->id == m.into) TsvField(out, it->label);
    out += '\t';
    TsvField(out, m.surface);
    out += '\t';
    TsvField(out, m.type);
    out += '\t';
    TsvField(out, m.rule);
    out += fmt::format("\t{}\t", m.mentions);
    for (size_t i = 0; i < m.documents.size(); ++i) {
      if (i) out += ' ';
      TsvField(out, g.documents[m.documents[i]].name);
    }
    out += '\n';
  }
  return out;
}

Status WriteFileAtomic(const std::string& path, std::string_view text) {
  auto sink = FileSink::Create(path);
  if (!sink.ok()) return sink.status();
  (*sink)->Write(text);
  return (*sink)->Finish();
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
  std::string out = fmt::format("{} mentions from {} sources: {} entities, {} edges, {} relations",
                                store.size(), g.documents.size(), g.nodes.size(), g.edges.size(),
                                g.relations.size());
  if (g.mentions_mapped != 0 || g.mentions_unmapped_dropped != 0)
    out += fmt::format(" (relation schema: {} mentions mapped, {} dropped)", g.mentions_mapped,
                       g.mentions_unmapped_dropped);
  return out;
}

}  // namespace relata::cli
