// ReadArticles: the format of a file (by extension, else by content), the checks every
// input passes (size, encoding, binary data), and the plain text and Markdown articles.
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include <fmt/core.h>
#include <libxml/encoding.h>
#include <rapidjson/document.h>

#include "ingest/articles_internal.h"
#include "relata/ingest.h"
#include "relata/text.h"

namespace relata {
namespace fs = std::filesystem;
using namespace ingest;

namespace {

std::string LowerExtension(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

// kAuto for ".xml" and unknown extensions: those are decided by content.
ArticleFormat FormatOfExtension(const std::string& ext) {
  if (ext == ".txt" || ext == ".text") return ArticleFormat::kText;
  if (ext == ".md" || ext == ".markdown" || ext == ".mdown" || ext == ".mkd") return ArticleFormat::kMarkdown;
  if (ext == ".jsonl" || ext == ".ndjson") return ArticleFormat::kJsonl;
  if (ext == ".html" || ext == ".htm" || ext == ".xhtml") return ArticleFormat::kHtml;
  if (ext == ".rss" || ext == ".atom") return ArticleFormat::kFeed;
  return ArticleFormat::kAuto;
}

bool IsArticleExtension(const std::string& ext) {
  return FormatOfExtension(ext) != ArticleFormat::kAuto || ext == ".xml";
}

// From the first bytes: '{' JSONL; '<' a feed when <rss, <feed or <rdf:RDF comes before any
// <html, else HTML; anything else plain text.
ArticleFormat Sniff(std::string_view head, bool markup_only) {
  size_t i = 0;
  if (head.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < head.size() && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) ++i;
  if (!markup_only && i < head.size() && head[i] == '{') return ArticleFormat::kJsonl;
  if (markup_only || (i < head.size() && head[i] == '<')) {
    std::string lower(head);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    size_t feed = std::min({lower.find("<rss"), lower.find("<feed"), lower.find("<rdf:rdf")});
    size_t html = std::min({lower.find("<html"), lower.find("<!doctype html"), lower.find("<body")});
    if (feed < html) return ArticleFormat::kFeed;
    if (html != std::string::npos) return ArticleFormat::kHtml;
    return lower.compare(i, 5, "<?xml") == 0 ? ArticleFormat::kFeed : ArticleFormat::kHtml;
  }
  return ArticleFormat::kText;
}

// NUL bytes, UTF-16/32 byte-order marks and invalid UTF-8 are refused with the byte offset
// in the file (`base` is the offset of `bytes` in it).
Status CheckText(std::string_view bytes, size_t base, const std::string& name, bool utf8) {
  if (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF")
    return Status::Error(fmt::format("{}: byte {}: UTF-16 or UTF-32 text (byte-order mark); convert it to UTF-8",
                                     name, base));
  size_t nul = bytes.find('\0');
  size_t bad = utf8 ? Utf8Error(bytes) : std::string_view::npos;
  if (nul != std::string_view::npos && (bad == std::string_view::npos || nul <= bad))
    return Status::Error(fmt::format("{}: byte {}: NUL byte (binary data?)", name, base + nul));
  if (bad != std::string_view::npos)
    return Status::Error(fmt::format("{}: byte {}: invalid UTF-8 (binary data, or another encoding?)", name,
                                     base + bad));
  return Status::Ok();
}

// Reads the rest of `file` after `head`; refuses more than `max` bytes in all.
Status ReadAll(std::FILE* file, std::string head, size_t max, const std::string& name, std::string& out) {
  out = std::move(head);
  char buf[1 << 16];
  for (;;) {
    size_t got = std::fread(buf, 1, sizeof buf, file);
    out.append(buf, got);
    if (out.size() > max)
      return Status::Error(fmt::format("{}: more than {} bytes, the limit for one file", name, max));
    if (got < sizeof buf) break;
  }
  if (std::ferror(file)) return Status::Error(fmt::format("{}: read error: {}", name, std::strerror(errno)));
  return Status::Ok();
}

Status Emit(Document doc, const std::string& source, const IngestOptions& options, const std::string& name,
            const ArticleSink& sink) {
  if (doc.text.empty()) return Status::Error(fmt::format("{}: no article text", name));
  if (Status s = FinishDocument(doc, source, options.max_article_bytes, name); !s.ok()) return s;
  return sink(std::move(doc));
}

// README.md and friends describe a folder of articles; they are not articles.
bool IsReadme(const fs::path& p) {
  std::string stem = p.stem().string();
  for (char& c : stem) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return stem == "readme";
}

bool IsUtf8Charset(const std::string& cs) { return cs.empty() || cs == "utf-8" || cs == "utf8"; }

}  // namespace

Status ReadArticles(const std::string& path, const IngestOptions& options, const ArticleSink& sink) {
  bool is_stdin = path == "-";
  std::string name = is_stdin ? std::string("stdin") : path;
  std::error_code ec;
  if (!is_stdin && fs::is_directory(path, ec)) return Status::Error(fmt::format("{}: is a directory", path));
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(
      is_stdin ? stdin : std::fopen(path.c_str(), "rb"),
      is_stdin ? +[](std::FILE*) { return 0; } : &std::fclose);
  if (!file) return Status::Error(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  if (!is_stdin) {
    struct stat st;
    if (::fstat(fileno(file.get()), &st) == 0 && S_ISREG(st.st_mode) &&
        static_cast<size_t>(st.st_size) > options.max_file_bytes)
      return Status::Error(fmt::format("{}: {} bytes, more than the limit of {} bytes for one file", name,
                                       st.st_size, options.max_file_bytes));
  }

  std::string ext = is_stdin ? "" : LowerExtension(path);
  ArticleFormat format = options.format;
  std::string head;
  if (format == ArticleFormat::kAuto) {
    format = FormatOfExtension(ext);
    if (format == ArticleFormat::kAuto) {
      head.resize(4096);
      head.resize(std::fread(head.data(), 1, head.size(), file.get()));
      format = Sniff(head, ext == ".xml");
    }
  }
  std::string source = is_stdin ? std::string("stdin") : fs::path(path).filename().string();
  if (Utf8Error(source) != std::string_view::npos) source = "input";

  if (format == ArticleFormat::kJsonl) {
    LineSource lines(file.get(), std::move(head));
    return ReadJsonlArticles(lines, name, options, sink);
  }

  std::string bytes;
  if (Status s = ReadAll(file.get(), std::move(head), options.max_file_bytes, name, bytes); !s.ok()) return s;
  if (bytes.empty()) return Status::Error(fmt::format("{}: empty file", name));
  size_t base = 0;
  std::string_view body = bytes;
  if (body.substr(0, 3) == "\xEF\xBB\xBF") {
    body.remove_prefix(3);
    base = 3;
  }

  switch (format) {
    case ArticleFormat::kText: {
      if (Status s = CheckText(body, base, name, true); !s.ok()) return s;
      Document doc;
      doc.text = CleanPlainText(body);
      doc.title = DetectTitle(doc.text);
      doc.date = DatelineDate(doc.text);
      return Emit(std::move(doc), source, options, name, sink);
    }
    case ArticleFormat::kMarkdown: {
      if (Status s = CheckText(body, base, name, true); !s.ok()) return s;
      MarkdownResult md = MarkdownToText(body);
      Document doc;
      doc.text = std::move(md.text);
      doc.title = std::move(md.title);
      doc.date = std::move(md.date);
      doc.url = std::move(md.url);
      doc.source = std::move(md.source);
      doc.author = std::move(md.author);
      doc.id = std::move(md.id);
      if (!md.language.empty()) doc.language = md.language;
      return Emit(std::move(doc), source, options, name, sink);
    }
    case ArticleFormat::kHtml: {
      std::string charset = DeclaredCharset(body);
      bool utf8 = IsUtf8Charset(charset);
      if (Status s = CheckText(body, base, name, utf8); !s.ok()) return s;
      if (!utf8) {
        xmlCharEncodingHandlerPtr h = xmlFindCharEncodingHandler(charset.c_str());
        if (h == nullptr)
          return Status::Error(fmt::format("{}: unsupported character encoding \"{}\"", name, charset));
        xmlCharEncCloseFunc(h);
      }
      HtmlResult page;
      if (Status s = HtmlPage(body, utf8 ? std::string("UTF-8") : charset, name, page); !s.ok()) return s;
      Document doc;
      doc.text = std::move(page.text);
      doc.title = std::move(page.title);
      doc.date = std::move(page.date);
      doc.author = std::move(page.author);
      doc.url = std::move(page.url);
      doc.source = std::move(page.source);
      if (!page.language.empty()) doc.language = page.language;
      if (doc.text.empty()) return Status::Error(fmt::format("{}: no article text found in the page", name));
      return Emit(std::move(doc), source, options, name, sink);
    }
    case ArticleFormat::kFeed: {
      if (Status s = CheckText(body, base, name, false); !s.ok()) return s;
      return ReadFeed(bytes, name, options, sink);
    }
    default:
      return Status::Error(fmt::format("{}: unknown article format", name));
  }
}

bool LooksLikeArticlesJsonl(const std::string& path) {
  if (path == "-") return false;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) return false;
  LineSource lines(file.get(), "");
  std::string line;
  bool too_long = false;
  size_t n = 0;
  while (lines.Next(IngestOptions{}.max_article_bytes, line, too_long)) {
    if (too_long) return false;
    std::string_view body = line;
    if (n++ == 0 && body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
    while (!body.empty() && (body.front() == ' ' || body.front() == '\t')) body.remove_prefix(1);
    if (body.empty() || body.front() == '#') continue;
    rapidjson::Document d;
    d.Parse<rapidjson::kParseIterativeFlag>(body.data(), body.size());
    if (d.HasParseError() || !d.IsObject()) return false;
    return (d.HasMember("text") || d.HasMember("html")) && !d.HasMember("subject");
  }
  return false;
}

Result<std::vector<std::string>> ExpandArticleInputs(const std::vector<std::string>& inputs) {
  std::vector<std::string> out;
  for (const std::string& in : inputs) {
    if (in == "-") {
      out.push_back(in);
      continue;
    }
    std::error_code ec;
    auto st = fs::status(in, ec);
    if (ec || !fs::exists(st)) return Status::Error(fmt::format("{}: no such file or directory", in));
    if (!fs::is_directory(st)) {
      out.push_back(in);
      continue;
    }
    std::vector<std::string> found;
    fs::recursive_directory_iterator it(in, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) return Status::Error(fmt::format("{}: cannot read directory: {}", in, ec.message()));
    for (; it != end; it.increment(ec)) {
      if (ec) return Status::Error(fmt::format("{}: cannot read directory: {}", in, ec.message()));
      if (it->is_regular_file(ec) && IsArticleExtension(LowerExtension(it->path().string())) &&
          !IsReadme(it->path()))
        found.push_back(it->path().string());
    }
    if (found.empty())
      return Status::Error(fmt::format(
          "{}: directory holds no article files (.txt .md .markdown .jsonl .ndjson .html .htm .xml .rss .atom)", in));
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

}  // namespace relata
