// Internals of the article readers (src/ingest/articles*.cpp), shared between the formats.
// Not part of the public API: include/relata/ingest.h is.
#pragma once

#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "relata/document.h"
#include "relata/ingest.h"
#include "relata/status.h"

namespace relata::ingest {

// ---- metadata (articles_meta.cpp) ----

// An ISO 8601 form of a date as news sources write it: ISO 8601 itself ("2024-03-05",
// "2024-03-05T14:30:00+0100", "2024-03-05 14:30Z"), RFC 822/2822 as RSS uses it ("Tue, 05 Mar
// 2024 14:30:00 GMT", "5 Mar 24 09:00 EST"), and English prose dates ("March 5, 2024",
// "5 March 2024 2:30 PM UTC"). The result is "YYYY-MM-DD", or "YYYY-MM-DDThh:mm:ss[.f](Z|±hh:mm)"
// when the input has a time and a zone (a time without a zone is dropped: the instant would
// be ambiguous). "" when `s` is not a valid date.
std::string NormalizeDate(std::string_view s);

// The normal form of an absolute http(s) URL (RFC 3986 section 6 plus news habits): scheme and
// host lower-cased, default port and fragment removed, dot segments resolved, empty path "/",
// percent-escapes upper-cased and unreserved ones decoded, other bytes escaped, tracking
// parameters (utm_*, fbclid, gclid, mc_cid, mc_eid) removed. "" when `s` is not one.
std::string NormalizeUrl(std::string_view s);

// The primary subtag of a language tag, lower-cased ("en-GB" and "en_gb" give "en"); "" when
// the tag does not start with two or three ASCII letters.
std::string LanguageCode(std::string_view tag);

// The site of a normalised URL: its host without a leading "www.".
std::string UrlSite(std::string_view url);

// Fills in what every Document must have: `id` (hash of the URL when there is one, else of
// the text), `source` (the site of the URL, else `fallback_source`), and checks the size.
// `where` prefixes an error ("FILE" or "FILE:LINE").
Status FinishDocument(Document& doc, const std::string& fallback_source, size_t max_bytes,
                      const std::string& where);

// White space folded to single spaces and trimmed (ASCII white space and U+00A0); zero-width
// spaces, soft hyphens and C0 controls removed.
std::string FoldSpaces(std::string_view s);

// Named (HTML 4 set) and numeric character references decoded; anything else left as is.
std::string DecodeEntities(std::string_view s);

// Plain text cleaned for the pipeline: CR LF and CR become LF, C0 controls but tab and LF
// removed, trailing white space of lines removed, runs of blank lines folded to one blank
// line, leading and trailing blank lines removed. Lines of a paragraph that look hard-wrapped
// (the earlier line at least 40 bytes long, the next not a list item) are joined by a space.
std::string CleanPlainText(std::string_view s);

// ---- plain text and Markdown (articles_text.cpp) ----

// The first line of `text` when it looks like a title: the first paragraph is a single line
// of at most 200 bytes and 30 words, not starting with a lower-case letter, not ending in
// . , ; or :, and more text follows. "" otherwise.
std::string DetectTitle(std::string_view cleaned_text);

// The date of a news dateline at the start of the body ("BRUSSELS, April 4, 2023 - ..."):
// the words before the first " - " (or en or em dash) within 100 bytes, the place before
// the first comma dropped. "" when there is none.
std::string DatelineDate(std::string_view cleaned_text);

struct MarkdownResult {
  std::string text, title, date, url, source, author, id, language;
};
// Markdown to plain text (see docs/ingest.md for what is kept and dropped), with the title
// (front matter, else a leading heading, else DetectTitle) and front-matter metadata.
MarkdownResult MarkdownToText(std::string_view md);

// ---- HTML (articles_html.cpp) ----

struct HtmlResult {
  std::string text, title, date, author, url, source, language;
};
// A whole page: main text and metadata. `encoding` is the declared charset or "UTF-8".
// `name` is used in error messages.
Status HtmlPage(std::string_view bytes, const std::string& encoding, const std::string& name,
                HtmlResult& out);
// An HTML fragment (a feed's description, a JSONL "html" member) given as UTF-8: its text
// only. Fails (with a message that names no file) where HtmlPage would.
Status HtmlFragmentToText(std::string_view utf8, std::string& out);

// libxml2 2.9 spends time that grows with the square of the number of attributes on one
// element, and, in HTML, with the number of open elements for every end tag that matches
// none of them. This linear scan models both costs and refuses markup whose cost is beyond
// what any real page or feed needs (docs/ingest.md). The message names `name` and the line
// ("NAME:LINE: ..."; with an empty name, "... (line N of the HTML)").
Status CheckMarkupCost(std::string_view bytes, bool html, const std::string& name);
// The charset an HTML document declares in its first 4 KB (meta charset, http-equiv content
// type, XML declaration), lower-cased; "" when none.
std::string DeclaredCharset(std::string_view bytes);

// libxml2's one-time initialisation (thread-safe).
void InitXml();
// The text of a parsed element (an Atom xhtml content div) by the same rules as a page.
std::string NodeText(struct _xmlNode* n);

// ---- feeds (articles_feed.cpp) ----

// RSS 2.0, RSS 1.0 (RDF) and Atom 1.0. Items go to `sink` in document order.
Status ReadFeed(std::string_view bytes, const std::string& name, const IngestOptions& options,
                const ArticleSink& sink);

// ---- JSONL (articles_jsonl.cpp) ----

// Reads lines from a stream (a file or stdin) with a cap on the line length.
class LineSource {
 public:
  // `prefix` is data already read from `file` (content sniffing); it comes first.
  LineSource(std::FILE* file, std::string prefix) : file_(file), buf_(std::move(prefix)) {}
  // Next line without its end (LF or CR LF). False at the end of input. A line longer than
  // `max_bytes` sets `too_long` and returns true with an empty line.
  bool Next(size_t max_bytes, std::string& line, bool& too_long);
  bool error() const { return error_; }

 private:
  bool Fill();
  std::FILE* file_;
  std::string buf_;
  size_t pos_ = 0;
  bool eof_ = false, error_ = false;
};

Status ReadJsonlArticles(LineSource& lines, const std::string& name, const IngestOptions& options,
                         const ArticleSink& sink);

}  // namespace relata::ingest
