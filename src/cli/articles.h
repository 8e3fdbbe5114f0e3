// Articles through the pipeline: what `relata build` and `relata extract` share. Files are
// read one by one (src/ingest/), their articles parsed and extracted in batches on N threads,
// and each article's result handed on in input order, so the output does not depend on the
// thread count.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "relata/document.h"
#include "relata/extract.h"
#include "relata/ingest.h"
#include "relata/nlp.h"
#include "relata/status.h"
#include "relata/store.h"

namespace relata::cli {

// Which command-line inputs are articles and which are triples files: .tsv is triples;
// .jsonl/.ndjson is articles when its first object has "text"; the article extensions of
// ExpandArticleInputs are articles; "-" is articles unless `stdin_triples`.
struct SortedInputs {
  std::vector<std::string> triples, articles;
};
Result<SortedInputs> SortInputs(const std::vector<std::string>& inputs, bool stdin_triples);

// The article format that --input-format names ("text", "markdown", "articles", "html",
// "feed"); kAuto for any other value.
inline ArticleFormat ArticleFormatFromName(const std::string& name) {
  return name == "text"       ? ArticleFormat::kText
         : name == "markdown" ? ArticleFormat::kMarkdown
         : name == "articles" ? ArticleFormat::kJsonl
         : name == "html"     ? ArticleFormat::kHtml
         : name == "feed"     ? ArticleFormat::kFeed
                              : ArticleFormat::kAuto;
}

struct ArticleStats {
  size_t documents = 0, sentences = 0, words = 0, extractions = 0, triples = 0;
};

using ArticleConsumer =
    std::function<Status(const Document&, const std::vector<Extraction>&, const std::vector<GraphTriple>&)>;

// Reads, parses and extracts every article of `files`. `threads` >= 1. With `progress`,
// a status line on stderr is rewritten as documents finish (documents, words/s, time left).
Status ProcessArticles(const std::vector<std::string>& files, const IngestOptions& ingest,
                       const Pipeline& pipeline, unsigned threads, bool progress,
                       const ArticleConsumer& consume, ArticleStats& stats);

// The triple-store record for one graph triple of a document.
TripleInput ToTripleInput(const Document& doc, const GraphTriple& g);

}  // namespace relata::cli
