// JSONL articles: one JSON object a line, as schema/articles.schema.json describes.
#include <cstdio>
#include <string>
#include <string_view>

#include <fmt/core.h>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "ingest/articles_internal.h"

namespace relata::ingest {

bool LineSource::Fill() {
  if (eof_ || file_ == nullptr) {
    eof_ = true;
    return false;
  }
  if (pos_ > 0) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  constexpr size_t kChunk = size_t{1} << 20;
  size_t old = buf_.size();
  buf_.resize(old + kChunk);
  size_t got = std::fread(buf_.data() + old, 1, kChunk, file_);
  buf_.resize(old + got);
  if (got < kChunk) {
    eof_ = true;
    if (std::ferror(file_)) error_ = true;
  }
  return got > 0;
}

bool LineSource::Next(size_t max_bytes, std::string& line, bool& too_long) {
  too_long = false;
  line.clear();
  size_t scan = pos_;
  for (;;) {
    size_t nl = buf_.find('\n', scan);
    if (nl != std::string::npos) {
      if (nl - pos_ > max_bytes + 1) {
        too_long = true;
      } else {
        line.assign(buf_, pos_, nl - pos_);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        too_long = line.size() > max_bytes;
        if (too_long) line.clear();
      }
      pos_ = nl + 1;
      return true;
    }
    if (buf_.size() - pos_ > max_bytes + 1) {
      // Too long: skip to the end of this line without keeping it.
      too_long = true;
      for (;;) {
        buf_.clear();
        pos_ = 0;
        if (!Fill()) return true;
        size_t e = buf_.find('\n');
        if (e != std::string::npos) {
          pos_ = e + 1;
          return true;
        }
      }
    }
    scan = buf_.size();
    size_t before_pos = pos_;
    if (!Fill()) {
      if (pos_ < buf_.size()) {  // the last line has no LF
        line.assign(buf_, pos_, std::string::npos);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        pos_ = buf_.size();
        too_long = line.size() > max_bytes;
        if (too_long) line.clear();
        return true;
      }
      return false;
    }
    scan -= before_pos;  // Fill moved the unread data to the front
  }
}

namespace {


Status ParseArticle(std::string_view line, Document& doc) {
  rapidjson::Document d;
  d.Parse<rapidjson::kParseValidateEncodingFlag | rapidjson::kParseIterativeFlag>(line.data(), line.size());
  if (d.HasParseError())
    return Status::Error(fmt::format("invalid JSON at column {}: {}", d.GetErrorOffset() + 1,
                                     rapidjson::GetParseError_En(d.GetParseError())));
  if (!d.IsObject()) return Status::Error("a JSONL line must be a JSON object");
  auto get = [&](const char* name, std::string& out, bool& present) -> Status {
    present = false;
    auto it = d.FindMember(name);
    if (it == d.MemberEnd() || it->value.IsNull()) return Status::Ok();
    if (!it->value.IsString()) return Status::Error(fmt::format("\"{}\" must be a string", name));
    out.assign(it->value.GetString(), it->value.GetStringLength());
    present = true;
    return Status::Ok();
  };
  std::string text, html, title, date, url, id, source, author, language;
  bool has_text = false, has_html = false, present = false;
  if (Status s = get("text", text, has_text); !s.ok()) return s;
  if (Status s = get("html", html, has_html); !s.ok()) return s;
  if (!has_text && !has_html) return Status::Error("missing \"text\"");
  if (has_text) doc.text = CleanPlainText(text);
  else if (Status s = HtmlFragmentToText(html, doc.text); !s.ok()) return s;
  if (doc.text.empty()) return Status::Error(fmt::format("\"{}\" is empty", has_text ? "text" : "html"));

  if (Status s = get("title", title, present); !s.ok()) return s;
  doc.title = FoldSpaces(title);
  if (Status s = get("date", date, present); !s.ok()) return s;
  if (present && !FoldSpaces(date).empty()) {
    doc.date = NormalizeDate(date);
    if (doc.date.empty())
      return Status::Error(fmt::format("date \"{}\" is not a date (ISO 8601 or RFC 822)", FoldSpaces(date)));
  }
  if (Status s = get("url", url, present); !s.ok()) return s;
  if (present && !FoldSpaces(url).empty()) {
    doc.url = NormalizeUrl(url);
    if (doc.url.empty())
      return Status::Error(fmt::format("url \"{}\" is not an absolute http(s) URL", FoldSpaces(url)));
  }
  if (Status s = get("id", id, present); !s.ok()) return s;
  doc.id = FoldSpaces(id);
  if (Status s = get("source", source, present); !s.ok()) return s;
  doc.source = FoldSpaces(source);
  if (Status s = get("author", author, present); !s.ok()) return s;
  doc.author = FoldSpaces(author);
  if (Status s = get("language", language, present); !s.ok()) return s;
  if (present) {
    std::string lang = LanguageCode(FoldSpaces(language));
    if (lang.empty())
      return Status::Error(fmt::format("language \"{}\" is not a language tag (\"en\", \"en-GB\")", FoldSpaces(language)));
    doc.language = lang;
  }
  return Status::Ok();
}

}  // namespace

Status ReadJsonlArticles(LineSource& lines, const std::string& name, const IngestOptions& options,
                         const ArticleSink& sink) {
  std::string fallback_source = name;
  if (size_t slash = fallback_source.find_last_of('/'); slash != std::string::npos)
    fallback_source = fallback_source.substr(slash + 1);
  std::string line;
  bool too_long = false;
  size_t line_no = 0, emitted = 0;
  while (lines.Next(options.max_article_bytes, line, too_long)) {
    ++line_no;
    std::string where = fmt::format("{}:{}", name, line_no);
    if (too_long)
      return Status::Error(fmt::format("{}: line longer than {} bytes (the limit for one article)", where,
                                       options.max_article_bytes));
    std::string_view body = line;
    if (line_no == 1 && body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
    while (!body.empty() && (body.front() == ' ' || body.front() == '\t')) body.remove_prefix(1);
    while (!body.empty() && (body.back() == ' ' || body.back() == '\t')) body.remove_suffix(1);
    if (body.empty() || body.front() == '#') continue;
    Document doc;
    if (Status s = ParseArticle(body, doc); !s.ok())
      return Status::Error(fmt::format("{}: {}", where, s.message()));
    if (Status s = FinishDocument(doc, fallback_source, options.max_article_bytes, where); !s.ok()) return s;
    if (Status s = sink(std::move(doc)); !s.ok()) return s;
    ++emitted;
  }
  if (lines.error()) return Status::Error(fmt::format("{}: read error", name));
  if (emitted == 0)
    return Status::Error(line_no == 0 ? fmt::format("{}: empty file", name)
                                      : fmt::format("{}: no articles in {} line{}", name, line_no,
                                                    line_no == 1 ? "" : "s"));
  return Status::Ok();
}

}  // namespace relata::ingest
