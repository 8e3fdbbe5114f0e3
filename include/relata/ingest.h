// Article readers: plain text, Markdown, JSONL articles, HTML pages, RSS 2.0 / RSS 1.0 and
// Atom feeds become Documents (text plus id, title, date, author, url, source, language) for
// the NLP pipeline. docs/ingest.md describes each format and the choices made.
//
// Hostile input is expected: libxml2 runs without network access; feeds with a document type
// declaration (the carrier of entity expansion and external entities) and HTML with an
// internal DTD subset are refused; oversized, binary or badly encoded input is refused with a
// one-line error naming the file and the line ("FILE:LINE: reason") or byte offset
// ("FILE: byte N: reason"). Readers never crash on any bytes, and every step is linear or
// near-linear in the input, so they never hang.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "relata/document.h"
#include "relata/status.h"

namespace relata {

enum class ArticleFormat { kAuto, kText, kMarkdown, kJsonl, kHtml, kFeed };

// kAuto picks by extension: .txt .text -> kText; .md .markdown .mdown .mkd -> kMarkdown;
// .jsonl .ndjson -> kJsonl; .html .htm .xhtml -> kHtml; .rss .atom -> kFeed. Other names,
// .xml and "-" are decided by their first 4 KB: '{' JSONL; markup with <rss, <feed or
// <rdf:RDF before any <html / <body -> kFeed, other markup -> kHtml; anything else kText.
struct IngestOptions {
  ArticleFormat format = ArticleFormat::kAuto;
  // A text, Markdown, HTML or feed file larger than this is refused before it is read (JSONL
  // is read a line at a time and not limited as a whole).
  size_t max_file_bytes = size_t{256} << 20;
  // An article whose text is larger, or a JSONL line that is longer, is refused.
  size_t max_article_bytes = size_t{16} << 20;
};

// Called once per article, in input order. A non-OK status stops the read and is returned.
using ArticleSink = std::function<Status(Document&&)>;

// Reads one file ("-" for standard input, named "stdin" in messages) and hands each article
// to `sink`, in input order. Every Document gets:
//   id      as given (JSONL "id", Markdown front matter), else 16 hex digits of XXH3 of the
//           normalised url when there is one, else of the text: stable across runs/machines;
//   source  as given (JSONL "source", og:site_name or JSON-LD publisher, a feed item's
//           <source> or the feed's title, front matter), else the url's host without "www.",
//           else the file's base name;
//   url     an absolute http(s) URL in normal form (tracking parameters and fragment
//           removed), "" when unknown;
//   date    ISO 8601 ("YYYY-MM-DD", or "YYYY-MM-DDThh:mm:ss[.f](Z|±hh:mm)" when the input
//           gives a time and a zone), "" when unknown;
//   title, author ("" when unknown), language (primary subtag, "en" by default);
//   text    the body as plain UTF-8, paragraphs separated by blank lines. For text and
//           Markdown a title taken from the first line stays in the text; for HTML and
//           feeds the title comes from the metadata and the text is the body alone.
// A file that yields no article is an error; so is any malformed line, item or byte, which
// stops the read (articles already handed to `sink` stay handed).
Status ReadArticles(const std::string& path, const IngestOptions& options, const ArticleSink& sink);

// True when a .jsonl/.ndjson file holds articles rather than triples: its first line that is
// not blank or a '#' comment is a JSON object with "text" or "html" and without "subject".
// False for "-" (standard input cannot be looked at twice) and for unreadable files.
bool LooksLikeArticlesJsonl(const std::string& path);

// Expands command-line inputs for article reading: files as given, "-" as is, directories
// recursively: files with the extensions above and .xml, except README.* files, in byte
// order of their paths. A missing path or a directory without such files is an error.
Result<std::vector<std::string>> ExpandArticleInputs(const std::vector<std::string>& inputs);

}  // namespace relata
