#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string_view>

#include <fmt/core.h>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "relata/input.h"
#include "relata/text.h"

namespace relata {
namespace fs = std::filesystem;
namespace {

std::string LowerExtension(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

bool IsTriplesExtension(const std::string& ext) {
  return ext == ".tsv" || ext == ".jsonl" || ext == ".ndjson";
}

// Strict decimal in [0, 1]: "0.8", "1", ".5", "1e-1"; no spaces, no "nan".
Status ParseConfidence(std::string_view s, double& out) {
  const char* end = s.data() + s.size();
  auto [p, ec] = std::from_chars(s.data(), end, out);
  if (ec != std::errc() || p != end || !(out >= 0.0 && out <= 1.0))
    return Status::Error(fmt::format("confidence \"{}\" is not a number in [0, 1]", s));
  return Status::Ok();
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

Status ParseTsv(std::string_view line, TripleInput& t) {
  std::string_view f[7];
  size_t n = 0, start = 0;
  for (;;) {
    size_t tab = line.find('\t', start);
    if (n == 6) return Status::Error("more than 6 tab-separated fields");
    f[n++] = line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start);
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  if (n < 3)
    return Status::Error(fmt::format(
        "{} tab-separated field{}; need subject, relation, object", n, n == 1 ? "" : "s"));
  t.subject = std::string(f[0]);
  t.relation = std::string(f[1]);
  t.object = std::string(f[2]);
  if (n > 3 && !Trim(f[3]).empty())
    if (Status s = ParseConfidence(Trim(f[3]), t.confidence); !s.ok()) return s;
  if (n > 4) t.source = std::string(Trim(f[4]));
  if (n > 5) t.date = std::string(Trim(f[5]));
  return Status::Ok();
}

Status ParseJsonl(std::string_view line, TripleInput& t) {
  rapidjson::Document d;
  // Iterative: a line of deeply nested arrays must not exhaust the stack.
  d.Parse<rapidjson::kParseValidateEncodingFlag | rapidjson::kParseIterativeFlag>(line.data(), line.size());
  if (d.HasParseError())
    return Status::Error(fmt::format("invalid JSON at column {}: {}", d.GetErrorOffset() + 1,
                                     rapidjson::GetParseError_En(d.GetParseError())));
  if (!d.IsObject()) return Status::Error("a JSONL line must be a JSON object");
  auto text = [&](const char* name, bool required, std::string& out) -> Status {
    auto it = d.FindMember(name);
    if (it == d.MemberEnd() || it->value.IsNull()) {
      if (required) return Status::Error(fmt::format("missing \"{}\"", name));
      return Status::Ok();
    }
    if (!it->value.IsString()) return Status::Error(fmt::format("\"{}\" must be a string", name));
    out.assign(it->value.GetString(), it->value.GetStringLength());
    return Status::Ok();
  };
  for (auto [name, req, out] : {std::tuple{"subject", true, &t.subject},
                                std::tuple{"relation", true, &t.relation},
                                std::tuple{"object", true, &t.object},
                                std::tuple{"subject_type", false, &t.subject_type},
                                std::tuple{"object_type", false, &t.object_type},
                                std::tuple{"source", false, &t.source},
                                std::tuple{"date", false, &t.date},
                                std::tuple{"sentence", false, &t.sentence},
                                std::tuple{"extractor", false, &t.extractor}})
    if (Status s = text(name, req, *out); !s.ok()) return s;
  if (Status s = text("speaker", false, t.speaker); !s.ok()) return s;
  // How the text named each side (store format 3): form and rule together.
  for (auto [form, rule, fo, ro] : {std::tuple{"subject_form", "subject_rule", &t.subject_form, &t.subject_rule},
                                    std::tuple{"object_form", "object_rule", &t.object_form, &t.object_rule}}) {
    if (Status s = text(form, false, *fo); !s.ok()) return s;
    if (Status s = text(rule, false, *ro); !s.ok()) return s;
    if (Trim(*fo).empty() != Trim(*ro).empty())
      return Status::Error(fmt::format("\"{}\" and \"{}\" must be given together", form, rule));
  }
  // Positions: integers in [0, 2^32 - 2] (what the store holds).
  for (auto [name, out] : {std::pair{"sentence_index", &t.sentence_index},
                           std::pair{"char_begin", &t.char_begin},
                           std::pair{"char_end", &t.char_end}}) {
    auto it = d.FindMember(name);
    if (it == d.MemberEnd() || it->value.IsNull()) continue;
    const auto& v = it->value;
    if (v.IsUint64() && v.GetUint64() <= static_cast<uint64_t>(TripleInput::kMaxPosition))
      *out = static_cast<int64_t>(v.GetUint64());
    else if (v.IsNumber() && !v.IsDouble())
      return Status::Error(fmt::format("\"{}\" must be an integer in [0, {}]", name,
                                       TripleInput::kMaxPosition));
    else
      return Status::Error(fmt::format("\"{}\" must be an integer", name));
  }
  if ((t.char_begin == -1) != (t.char_end == -1))
    return Status::Error(t.char_begin == -1 ? "\"char_end\" given without \"char_begin\""
                                            : "\"char_begin\" given without \"char_end\"");
  if (t.char_end < t.char_begin)
    return Status::Error(fmt::format("\"char_end\" {} is before \"char_begin\" {}", t.char_end,
                                     t.char_begin));
  for (auto [name, bit] : {std::pair{"negated", TripleInput::kNegated},
                           std::pair{"hedged", TripleInput::kHedged},
                           std::pair{"attributed", TripleInput::kAttributed}}) {
    auto it = d.FindMember(name);
    if (it == d.MemberEnd() || it->value.IsNull()) continue;
    if (!it->value.IsBool()) return Status::Error(fmt::format("\"{}\" must be true or false", name));
    if (it->value.GetBool()) t.flags |= bit;
  }
  // A speaker means the statement is attributed; saying otherwise is a contradiction.
  if (Trim(t.speaker).empty()) {
    t.speaker.clear();
  } else {
    auto it = d.FindMember("attributed");
    if (it != d.MemberEnd() && it->value.IsBool() && !it->value.GetBool())
      return Status::Error("\"speaker\" given with \"attributed\": false");
    t.flags |= TripleInput::kAttributed;
  }
  auto c = d.FindMember("confidence");
  if (c != d.MemberEnd() && !c->value.IsNull()) {
    if (!c->value.IsNumber()) return Status::Error("\"confidence\" must be a number");
    t.confidence = c->value.GetDouble();
    if (!(t.confidence >= 0.0 && t.confidence <= 1.0))
      return Status::Error(fmt::format("confidence {} is not in [0, 1]", t.confidence));
  }
  return Status::Ok();
}

// Reads lines with POSIX getline: any length, NUL bytes kept (and refused below).
class LineReader {
 public:
  explicit LineReader(std::FILE* f) : f_(f) {}
  ~LineReader() { std::free(buf_); }
  bool Next(std::string_view& line) {
    ssize_t n = ::getline(&buf_, &cap_, f_);
    if (n < 0) return false;
    line = std::string_view(buf_, static_cast<size_t>(n));
    if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return true;
  }

 private:
  std::FILE* f_;
  char* buf_ = nullptr;
  size_t cap_ = 0;
};

}  // namespace

Status ReadTriplesFile(const std::string& path, const ReadOptions& options, Store& store,
                       ReadStats& stats) {
  bool is_stdin = path == "-";
  std::string name = is_stdin ? std::string("stdin") : path;
  if (!is_stdin && fs::is_directory(path))
    return Status::Error(fmt::format("{}: is a directory", path));
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(
      is_stdin ? stdin : std::fopen(path.c_str(), "rb"), is_stdin ? +[](std::FILE*) { return 0; } : &std::fclose);
  if (!file) return Status::Error(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));

  TripleFormat format = options.format;
  if (format == TripleFormat::kAuto) {
    std::string ext = LowerExtension(path);
    if (ext == ".tsv") format = TripleFormat::kTsv;
    else if (ext == ".jsonl" || ext == ".ndjson") format = TripleFormat::kJsonl;
  }
  std::string default_source = is_stdin ? std::string("stdin") : fs::path(path).filename().string();
  if (Utf8Error(default_source) != std::string_view::npos) default_source = "input";

  // Triples go to a scratch store first so that a failure leaves `store` untouched.
  Store scratch;
  ReadStats local;
  LineReader reader(file.get());
  std::string_view line;
  size_t line_no = 0, bytes = 0;
  while (reader.Next(line)) {
    ++line_no;
    size_t line_start = bytes;
    bytes += line.size() + 1;
    if (line_no == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") {  // a UTF-8 byte-order mark
      line.remove_prefix(3);
      line_start += 3;
    }
    std::string_view body = Trim(line);
    if (body.empty() || body.front() == '#') continue;
    ++local.lines;
    if (format == TripleFormat::kAuto) format = body.front() == '{' ? TripleFormat::kJsonl : TripleFormat::kTsv;

    Status st;
    TripleInput t;
    if (size_t bad = Utf8Error(line); bad != std::string_view::npos)
      st = Status::Error(fmt::format("invalid UTF-8 at byte {} of the file", line_start + bad));
    else if (format == TripleFormat::kTsv && line.find('\0') != std::string_view::npos)
      st = Status::Error("NUL byte in a TSV line (binary data?)");
    else
      st = format == TripleFormat::kTsv ? ParseTsv(line, t) : ParseJsonl(line, t);
    if (st.ok()) {
      if (t.source.empty()) t.source = default_source;
      if (t.extractor.empty()) t.extractor = format == TripleFormat::kTsv ? "tsv" : "jsonl";
      st = scratch.Add(t);
    }
    if (!st.ok()) {
      std::string msg = fmt::format("{}:{}: {}", name, line_no, st.message());
      if (!options.skip_bad) return Status::Error(msg);
      if (local.skipped++ == 0) local.first_skipped = msg;
      continue;
    }
    ++local.triples;
  }
  if (std::ferror(file.get())) return Status::Error(fmt::format("{}: read error: {}", name, std::strerror(errno)));
  if (local.triples == 0) {
    if (line_no == 0) return Status::Error(fmt::format("{}: empty file", name));
    return Status::Error(fmt::format("{}: no triples in {} line{}{}", name, line_no,
                                     line_no == 1 ? "" : "s",
                                     local.skipped ? " (first bad: " + local.first_skipped + ")" : ""));
  }
  if (store.size() == 0) store = std::move(scratch);  // the common case: no second copy
  else store.Merge(scratch);
  stats.files += 1;
  stats.lines += local.lines;
  stats.triples += local.triples;
  if (stats.skipped == 0 && local.skipped) stats.first_skipped = local.first_skipped;
  stats.skipped += local.skipped;
  return Status::Ok();
}

Result<std::vector<std::string>> ExpandInputs(const std::vector<std::string>& inputs) {
  std::vector<std::string> out;
  for (const std::string& in : inputs) {
    if (in == "-") { out.push_back(in); continue; }
    std::error_code ec;
    auto st = fs::status(in, ec);
    if (ec || !fs::exists(st)) return Status::Error(fmt::format("{}: no such file or directory", in));
    if (!fs::is_directory(st)) { out.push_back(in); continue; }
    std::vector<std::string> found;
    fs::recursive_directory_iterator it(in, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) return Status::Error(fmt::format("{}: cannot read directory: {}", in, ec.message()));
    for (; it != end; it.increment(ec)) {
      if (ec) return Status::Error(fmt::format("{}: cannot read directory: {}", in, ec.message()));
      if (it->is_regular_file(ec) && IsTriplesExtension(LowerExtension(it->path().string())))
        found.push_back(it->path().string());
    }
    if (found.empty())
      return Status::Error(fmt::format("{}: directory holds no input files (.tsv, .jsonl, .ndjson)", in));
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

}  // namespace relata
