// relata extract [FILE...]: articles -> one JSON line per extraction, for inspection.
#include <cstdio>
#include <thread>

#include <fmt/core.h>

#include "articles.h"
#include "common.h"
#include "extract/extraction_json.h"
#include "relata/sink.h"

namespace relata::cli {
namespace {

struct ExtractArgs {
  std::vector<std::string> inputs{"-"};
  std::string models, format = "auto";
  int beam = 1;
  unsigned threads = 0;
};

// {"document":ID,"source":S,"title":T,"date":D, <the extraction's fields>,
//  "resolved":{..},"unresolved":[..] (extraction_json.h, docs/coreference.md),
//  "triple":{"subject":..,"subject_type":..,"subject_form":..,"subject_rule":..,"relation":..,
//            "object":..,"object_type":..,"object_form":..,"object_rule":..}|null}
void AppendLine(const Document& doc, const Extraction& e, const GraphTriple* g, const Coreference& coref,
                std::string& out) {
  out += "{\"document\":";
  AppendJsonString(doc.id, out);
  out += ",\"source\":";
  AppendJsonString(doc.source, out);
  out += ",\"date\":";
  AppendJsonString(doc.date, out);
  out += ',';
  std::string x;
  AppendExtractionJson(doc, e, x);
  out.append(x, 1, x.size() - 2);  // the object's members, without its braces
  AppendResolutionJson(doc, e, coref, out);
  out += ",\"triple\":";
  if (!g) {
    out += "null";
  } else {
    out += "{\"subject\":";
    AppendJsonString(g->subject, out);
    out += ",\"subject_type\":";
    AppendJsonString(g->subject_type, out);
    out += ",\"subject_form\":";
    AppendJsonString(g->subject_form, out);
    out += ",\"subject_rule\":";
    AppendJsonString(g->subject_rule, out);
    out += ",\"relation\":";
    AppendJsonString(g->relation, out);
    out += ",\"object\":";
    AppendJsonString(g->object, out);
    out += ",\"object_type\":";
    AppendJsonString(g->object_type, out);
    out += ",\"object_form\":";
    AppendJsonString(g->object_form, out);
    out += ",\"object_rule\":";
    AppendJsonString(g->object_rule, out);
    out += '}';
  }
  out += "}\n";
}

int RunExtract(const ExtractArgs& a) {
  IngestOptions ingest;
  ingest.format = ArticleFormatFromName(a.format);
  auto sorted = SortInputs(a.inputs, false);
  if (!sorted.ok()) return Fail(sorted.status());
  if (!sorted->triples.empty())
    return Fail(Status::Error(fmt::format("{}: a triples file, not articles", sorted->triples[0])));
  auto pipeline = Pipeline::Load(a.models.empty() ? DefaultModelDir() : a.models);
  if (!pipeline.ok()) return Fail(pipeline.status());
  (*pipeline)->set_parser_beam(a.beam);
  unsigned threads = a.threads ? a.threads : std::max(1u, std::thread::hardware_concurrency());
  ArticleStats stats;
  std::string buf;
  Status s = ProcessArticles(
      sorted->articles, ingest, **pipeline, threads, false,
      [&](const Document& doc, const std::vector<Extraction>& xs, const std::vector<GraphTriple>& gs) {
        buf.clear();
        const Coreference coref = ResolveCoreference(doc);
        // An extraction gives at most one graph triple; gs is in extraction order.
        size_t k = 0;
        for (size_t x = 0; x < xs.size(); ++x) {
          const GraphTriple* g = k < gs.size() && gs[k].extraction == x ? &gs[k++] : nullptr;
          AppendLine(doc, xs[x], g, coref, buf);
        }
        if (std::fwrite(buf.data(), 1, buf.size(), stdout) != buf.size())
          return Status::Error("standard output: write failed");
        return Status::Ok();
      },
      stats);
  if (!s.ok()) return Fail(s);
  if (std::fflush(stdout) != 0) return Fail(Status::Error("standard output: write failed"));
  return 0;
}

}  // namespace

void AddExtract(CLI::App& root, int& exit_code) {
  auto args = std::make_shared<ExtractArgs>();
  CLI::App* sub = root.add_subcommand(
      "extract", "Parse articles and print every extraction as one JSON object a line "
                 "(document, sentence, arguments with spans and entity types, relation, flags, "
                 "confidence, evidence, and the graph triple it gives)");
  sub->add_option("inputs", args->inputs, "Article files or folders, - for standard input (default)");
  sub->add_option("--models", args->models, "Model folder (default: the installed models)");
  AddBeamOption(*sub, args->beam);
  sub->add_option("-j,--threads", args->threads, "Parsing threads (default: all cores)");
  sub->add_option("--input-format", args->format, "auto, text, markdown, articles (JSONL), html, feed")
      ->capture_default_str()
      ->check(CLI::IsMember({"auto", "text", "markdown", "articles", "html", "feed"}));
  sub->callback([args, &exit_code] { exit_code = RunExtract(*args); });
}

}  // namespace relata::cli
