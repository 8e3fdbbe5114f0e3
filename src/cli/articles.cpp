#include "articles.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include <fmt/core.h>

#include "relata/input.h"

namespace relata::cli {
namespace fs = std::filesystem;

namespace {

bool HasExtension(const std::string& path, std::initializer_list<const char*> exts) {
  std::string ext = fs::path(path).extension().string();
  for (char& c : ext) c = char(std::tolower(static_cast<unsigned char>(c)));
  for (const char* e : exts)
    if (ext == e) return true;
  return false;
}

}  // namespace

Result<SortedInputs> SortInputs(const std::vector<std::string>& inputs, bool stdin_triples) {
  SortedInputs out;
  for (const std::string& in : inputs) {
    if (in == "-") {
      (stdin_triples ? out.triples : out.articles).push_back(in);
      continue;
    }
    std::error_code ec;
    if (fs::is_directory(in, ec)) {
      auto files = ExpandArticleInputs({in});
      auto tsv = ExpandInputs({in});
      std::vector<std::string> all;
      if (files.ok()) all = *files;
      if (tsv.ok()) all.insert(all.end(), tsv->begin(), tsv->end());
      if (all.empty())
        return Status::Error(fmt::format("{}: no articles or triples files in this folder", in));
      std::sort(all.begin(), all.end());
      all.erase(std::unique(all.begin(), all.end()), all.end());
      for (const std::string& f : all) {
        if (HasExtension(f, {".tsv"})) out.triples.push_back(f);
        else if (HasExtension(f, {".jsonl", ".ndjson"}) && !LooksLikeArticlesJsonl(f)) out.triples.push_back(f);
        else out.articles.push_back(f);
      }
      continue;
    }
    if (!fs::exists(in, ec)) return Status::Error(fmt::format("{}: no such file or folder", in));
    if (HasExtension(in, {".tsv"})) out.triples.push_back(in);
    else if (HasExtension(in, {".jsonl", ".ndjson"}) && !LooksLikeArticlesJsonl(in)) out.triples.push_back(in);
    else out.articles.push_back(in);
  }
  return out;
}

TripleInput ToTripleInput(const Document& doc, const GraphTriple& g) {
  TripleInput t;
  t.subject = g.subject;
  t.subject_type = g.subject_type;
  t.relation = g.relation;
  t.object = g.object;
  t.object_type = g.object_type;
  t.confidence = g.confidence;
  t.source = doc.url.empty() ? doc.id : doc.url;
  t.date = doc.date;
  if (g.sentence < doc.sentences.size()) {
    const Sentence& s = doc.sentences[g.sentence];
    if (s.last > s.first) {
      uint32_t b = doc.tokens[s.first].begin, e = doc.tokens[s.last - 1].end;
      t.sentence = doc.text.substr(b, e - b);
    }
  }
  t.extractor = "relata:" + std::string(g.kind);
  t.sentence_index = g.sentence;
  if (g.char_end >= g.char_begin) {
    t.char_begin = g.char_begin;
    t.char_end = g.char_end;
  }
  t.flags = static_cast<uint8_t>((g.negated ? TripleInput::kNegated : 0) |
                                 (g.hedged ? TripleInput::kHedged : 0) |
                                 (g.speaker.empty() ? 0 : TripleInput::kAttributed));
  t.speaker = g.speaker;
  t.subject_form = g.subject_form;
  t.subject_rule = std::string(g.subject_rule);
  t.object_form = g.object_form;
  t.object_rule = std::string(g.object_rule);
  return t;
}

Status ProcessArticles(const std::vector<std::string>& files, const IngestOptions& ingest,
                       const Pipeline& pipeline, unsigned threads, bool progress,
                       const ArticleConsumer& consume, ArticleStats& stats) {
  threads = std::max(1u, threads);
  auto start = std::chrono::steady_clock::now();
  uintmax_t total_bytes = 0, done_bytes = 0;
  for (const std::string& f : files) {
    std::error_code ec;
    if (f != "-") total_bytes += fs::file_size(f, ec);
  }
  auto report = [&](bool final) {
    if (!progress) return;
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    double wps = secs > 0 ? double(stats.words) / secs : 0;
    std::string left;
    if (!final && done_bytes > 0 && total_bytes > done_bytes)
      left = fmt::format(", about {:.0f} s left", secs * double(total_bytes - done_bytes) / double(done_bytes));
    std::fprintf(stderr, "\r%zu documents, %zu sentences, %.0f words/s%s\033[K%s", stats.documents,
                 stats.sentences, wps, left.c_str(), final ? "\n" : "");
    std::fflush(stderr);
  };

  constexpr size_t kBatch = 64;
  std::vector<Document> batch;
  std::vector<std::vector<Extraction>> xs;
  std::vector<std::vector<GraphTriple>> gs;
  std::vector<Status> errors;
  auto flush = [&]() -> Status {
    size_t n = batch.size();
    if (n == 0) return Status::Ok();
    xs.assign(n, {});
    gs.assign(n, {});
    errors.assign(n, Status::Ok());
    std::atomic<size_t> next{0};
    auto work = [&] {
      for (size_t i; (i = next.fetch_add(1)) < n;) {
        errors[i] = pipeline.Run(batch[i]);
        if (!errors[i].ok()) continue;
        xs[i] = Extract(batch[i]);
        gs[i] = ToGraphTriples(batch[i], xs[i]);
      }
    };
    if (threads == 1 || n == 1) {
      work();
    } else {
      std::vector<std::thread> pool;
      for (unsigned t = 0; t < std::min<size_t>(threads, n); ++t) pool.emplace_back(work);
      for (auto& t : pool) t.join();
    }
    for (size_t i = 0; i < n; ++i) {
      if (!errors[i].ok()) return errors[i].With(batch[i].id);
      stats.documents++;
      stats.sentences += batch[i].sentences.size();
      stats.words += batch[i].tokens.size();
      stats.extractions += xs[i].size();
      stats.triples += gs[i].size();
      if (Status s = consume(batch[i], xs[i], gs[i]); !s.ok()) return s;
    }
    batch.clear();
    report(false);
    return Status::Ok();
  };

  for (const std::string& f : files) {
    Status s = ReadArticles(f, ingest, [&](Document&& d) -> Status {
      batch.push_back(std::move(d));
      if (batch.size() >= kBatch) return flush();
      return Status::Ok();
    });
    if (!s.ok()) return s;
    if (Status fs_ = flush(); !fs_.ok()) return fs_;
    std::error_code ec;
    if (f != "-") done_bytes += fs::file_size(f, ec);
    report(false);
  }
  report(true);
  return Status::Ok();
}

}  // namespace relata::cli
