// Article readers: plain text, Markdown, JSONL articles, HTML pages, RSS 2.0 and Atom feeds
// become Documents (text plus id, title, date, url, source) for the NLP pipeline.
//
// Hostile input is expected: libxml2 runs without network access, external entities or
// entity expansion; oversized or binary input is refused with a one-line error naming the
// file (and line or byte offset). Readers never crash on any bytes.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "relata/document.h"
#include "relata/status.h"

namespace relata {

enum class ArticleFormat { kAuto, kText, kMarkdown, kJsonl, kHtml, kFeed };

struct IngestOptions {
  ArticleFormat format = ArticleFormat::kAuto;  // kAuto: by extension, else by content
  size_t max_file_bytes = size_t{256} << 20;    // larger inputs are refused
  size_t max_article_bytes = size_t{16} << 20;  // a larger article (or JSONL line) is refused
};

// Called once per article, in input order. A non-OK status stops the read and is returned.
using ArticleSink = std::function<Status(Document&&)>;

// Reads one file ("-" for standard input) and hands each article to `sink`. Every Document
// gets `id` (stable: from its URL when given, else from a hash of its text), `source` (the
// given source, else the site of the URL, else the file's name), and `title`, `date` (ISO
// 8601, "" when unknown), `url` where the input has them. `text` is the article's body as
// plain UTF-8 (a title taken from the body stays in the text).
Status ReadArticles(const std::string& path, const IngestOptions& options, const ArticleSink& sink);

// True when a .jsonl/.ndjson file holds articles (objects with "text") rather than triples;
// decided from the first non-blank line.
bool LooksLikeArticlesJsonl(const std::string& path);

// Expands command-line inputs for article reading: files as given, directories recursively
// (.txt .md .markdown .jsonl .ndjson .html .htm .xml .rss .atom, in byte order of paths), "-".
Result<std::vector<std::string>> ExpandArticleInputs(const std::vector<std::string>& inputs);

}  // namespace relata
