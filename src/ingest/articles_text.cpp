// Plain text and Markdown articles: title detection and Markdown markup stripped to text.
//
// The Markdown reader is line-based and linear in the input (bracket, code-span and comment
// matching are precomputed or cached), so hostile input cannot make it quadratic.
#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ingest/articles_internal.h"

namespace relata::ingest {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsWs(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool IsPunct(char c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
         (c >= '{' && c <= '~');
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsWs(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsWs(s.back())) s.remove_suffix(1);
  return s;
}

size_t Indent(std::string_view line) {
  size_t n = 0;
  for (char c : line) {
    if (c == ' ') ++n;
    else if (c == '\t') n += 4;
    else break;
  }
  return n;
}

// ---------------------------------------------------------------- inline markup

constexpr int kMaxLinkDepth = 8;

class InlineStripper {
 public:
  explicit InlineStripper(std::string_view s) : s_(s) { Match(); }

  std::string Run(int depth) {
    std::string out;
    out.reserve(s_.size());
    Emit(0, s_.size(), depth, out);
    return out;
  }

 private:
  // Brackets and parentheses paired with a stack (escaped ones ignored); backtick runs paired
  // with the next run of the same length.
  void Match() {
    match_.assign(s_.size(), std::string_view::npos);
    std::vector<size_t> sq, par;
    std::unordered_map<size_t, size_t> last_run;  // run length -> index of its latest run
    for (size_t i = 0; i < s_.size(); ++i) {
      char c = s_[i];
      if (c == '\\' && i + 1 < s_.size()) { ++i; continue; }
      if (c == '[') sq.push_back(i);
      else if (c == ']' && !sq.empty()) { match_[sq.back()] = i; sq.pop_back(); }
      else if (c == '(') par.push_back(i);
      else if (c == ')' && !par.empty()) { match_[par.back()] = i; par.pop_back(); }
      else if (c == '`') {
        size_t j = i;
        while (j < s_.size() && s_[j] == '`') ++j;
        size_t n = j - i;
        auto it = last_run.find(n);
        if (it != last_run.end()) {
          match_[it->second] = i;  // closes the open run of the same length
          last_run.erase(it);
        } else {
          last_run[n] = i;
        }
        i = j - 1;
      }
    }
  }

  // Emits s_[from, to) as text.
  void Emit(size_t from, size_t to, int depth, std::string& out) {
    size_t i = from;
    while (i < to) {
      char c = s_[i];
      if (c == '\\' && i + 1 < to && IsPunct(s_[i + 1])) {
        out.push_back(s_[i + 1]);
        i += 2;
        continue;
      }
      if (c == '`') {
        size_t j = i;
        while (j < to && s_[j] == '`') ++j;
        size_t close = match_[i];
        if (close != std::string_view::npos && close < to) {
          std::string_view code = s_.substr(j, close - j);
          if (code.size() >= 2 && code.front() == ' ' && code.back() == ' ') code = code.substr(1, code.size() - 2);
          out.append(code);
          i = close + (j - i);
        } else {
          out.append(s_.substr(i, j - i));
          i = j;
        }
        continue;
      }
      if ((c == '[' || (c == '!' && i + 1 < to && s_[i + 1] == '[')) && depth < kMaxLinkDepth) {
        bool image = c == '!';
        size_t open = image ? i + 1 : i;
        size_t end = 0, text_end = 0;
        if (Link(open, to, text_end, end)) {
          if (!image) Emit(open + 1, text_end, depth + 1, out);
          i = end;
          continue;
        }
        out.push_back(c);
        ++i;
        continue;
      }
      if (c == '<') {
        if (size_t end = Angle(i, to, out); end != 0) {
          i = end;
          continue;
        }
        out.push_back(c);
        ++i;
        continue;
      }
      if (c == '&') {
        size_t semi = s_.find(';', i + 1);
        if (semi != std::string_view::npos && semi < to && semi - i <= 33) {
          std::string_view ref = s_.substr(i, semi - i + 1);
          std::string dec = DecodeEntities(ref);
          if (dec != ref) {
            out += dec;
            i = semi + 1;
            continue;
          }
        }
        out.push_back(c);
        ++i;
        continue;
      }
      if (c == '*' || c == '_' || c == '~') {
        size_t j = i;
        while (j < to && s_[j] == c) ++j;
        size_t n = j - i;
        char prev = i > 0 ? s_[i - 1] : ' ';
        char next = j < s_.size() ? s_[j] : ' ';
        bool left = !IsWs(next) && (!IsPunct(next) || IsWs(prev) || IsPunct(prev));
        bool right = !IsWs(prev) && (!IsPunct(prev) || IsWs(next) || IsPunct(next));
        bool drop;
        if (c == '~') drop = n == 2 && (left || right);
        else if (c == '_') drop = (left && (!right || IsPunct(prev))) || (right && (!left || IsPunct(next)));
        else drop = left || right;
        if (!drop) out.append(s_.substr(i, n));
        i = j;
        continue;
      }
      out.push_back(c);
      ++i;
    }
  }

  // [text](destination "title"), [text][ref], [text][]: the end of the whole link and of
  // its text. Plain brackets ("[sic]") are not links.
  bool Link(size_t open, size_t to, size_t& text_end, size_t& end) const {
    size_t close = match_[open];
    if (close == std::string_view::npos || close + 1 >= to) return false;
    char after = s_[close + 1];
    if (after != '(' && after != '[') return false;
    size_t close2 = match_[close + 1];
    if (close2 == std::string_view::npos || close2 >= to) return false;
    text_end = close;
    end = close2 + 1;
    return true;
  }

  // <scheme:...> autolinks (emitted), <tag ...> and <!-- comments --> (dropped). Returns the
  // end of what was consumed, 0 when this '<' is text.
  size_t Angle(size_t i, size_t to, std::string& out) {
    if (s_.substr(i, 4) == "<!--") {
      if (comment_close_ == std::string_view::npos || comment_close_ < i + 4) {
        if (comment_none_after_ != std::string_view::npos && i >= comment_none_after_) return 0;
        comment_close_ = s_.find("-->", i + 4);
        if (comment_close_ == std::string_view::npos) {
          comment_none_after_ = i;
          return 0;
        }
      }
      if (comment_close_ + 3 > to) return 0;
      return comment_close_ + 3;
    }
    size_t j = i + 1;
    bool closing = j < to && s_[j] == '/';
    if (closing) ++j;
    if (j >= to || !IsAlpha(s_[j])) return 0;
    size_t k = j;
    while (k < to && (IsAlpha(s_[k]) || IsDigit(s_[k]) || s_[k] == '-' || s_[k] == '+' || s_[k] == '.')) ++k;
    if (!closing && k < to && s_[k] == ':') {  // autolink
      size_t e = k;
      while (e < to && s_[e] != '>' && s_[e] != '<' && !IsWs(s_[e])) ++e;
      if (e < to && s_[e] == '>') {
        out.append(s_.substr(i + 1, e - i - 1));
        return e + 1;
      }
      return 0;
    }
    for (size_t e = k; e < to && e < k + 1000; ++e) {
      if (s_[e] == '>') return e + 1;
      if (s_[e] == '<') return 0;
    }
    return 0;
  }

  std::string_view s_;
  std::vector<size_t> match_;
  size_t comment_close_ = std::string_view::npos;
  size_t comment_none_after_ = std::string_view::npos;
};

// ---------------------------------------------------------------- blocks

bool IsFence(std::string_view line, char& ch, size_t& len) {
  if (Indent(line) > 3) return false;
  std::string_view t = Trim(line);
  if (t.size() < 3 || (t[0] != '`' && t[0] != '~')) return false;
  size_t n = 0;
  while (n < t.size() && t[n] == t[0]) ++n;
  if (n < 3) return false;
  if (t[0] == '`' && t.substr(n).find('`') != std::string_view::npos) return false;
  ch = t[0];
  len = n;
  return true;
}

bool IsThematicBreak(std::string_view line) {
  if (Indent(line) > 3) return false;
  std::string_view t = Trim(line);
  if (t.empty() || (t[0] != '-' && t[0] != '*' && t[0] != '_')) return false;
  size_t n = 0;
  for (char c : t) {
    if (c == t[0]) ++n;
    else if (c != ' ' && c != '\t') return false;
  }
  return n >= 3;
}

bool IsSetextUnderline(std::string_view line) {
  if (Indent(line) > 3) return false;
  std::string_view t = Trim(line);
  if (t.empty() || (t[0] != '=' && t[0] != '-')) return false;
  return std::all_of(t.begin(), t.end(), [&](char c) { return c == t[0]; });
}

// "# Heading ##" -> "Heading"; npos-like false when not a heading.
bool AtxHeading(std::string_view line, std::string_view& text) {
  if (Indent(line) > 3) return false;
  std::string_view t = Trim(line);
  size_t n = 0;
  while (n < t.size() && t[n] == '#') ++n;
  if (n == 0 || n > 6 || (n < t.size() && t[n] != ' ' && t[n] != '\t')) return false;
  t = Trim(t.substr(n));
  size_t e = t.size();
  while (e > 0 && t[e - 1] == '#') --e;
  if (e == 0 || t[e - 1] == ' ' || t[e - 1] == '\t') t = Trim(t.substr(0, e));
  text = t;
  return true;
}

// The text of a list item line ("- x", "* x", "+ x", "1. x", "2) x"), or false.
bool ListItem(std::string_view line, std::string_view& rest) {
  if (Indent(line) > 12) return false;
  std::string_view t = Trim(line);
  if (t.size() >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && (t[1] == ' ' || t[1] == '\t')) {
    rest = Trim(t.substr(2));
    return true;
  }
  size_t k = 0;
  while (k < t.size() && k < 9 && IsDigit(t[k])) ++k;
  if (k > 0 && k + 1 < t.size() && (t[k] == '.' || t[k] == ')') && (t[k + 1] == ' ' || t[k + 1] == '\t')) {
    rest = Trim(t.substr(k + 2));
    return true;
  }
  return false;
}

bool IsTableSeparator(std::string_view line) {
  std::string_view t = Trim(line);
  if (t.find('|') == std::string_view::npos || t.find('-') == std::string_view::npos) return false;
  return std::all_of(t.begin(), t.end(), [](char c) { return c == '|' || c == '-' || c == ':' || c == ' ' || c == '\t'; });
}

bool IsReferenceDefinition(std::string_view line) {
  if (Indent(line) > 3) return false;
  std::string_view t = Trim(line);
  if (t.empty() || t[0] != '[') return false;
  size_t close = t.find("]:");
  return close != std::string_view::npos && close > 1 && close < 1000;
}

std::string Unquote(std::string_view v) {
  v = Trim(v);
  if (v.size() >= 2 && ((v.front() == '"' && v.back() == '"') || (v.front() == '\'' && v.back() == '\'')))
    v = v.substr(1, v.size() - 2);
  return std::string(v);
}

std::vector<std::string_view> SplitLines(std::string_view s) {
  std::vector<std::string_view> lines;
  size_t i = 0;
  while (i <= s.size()) {
    size_t nl = s.find('\n', i);
    if (nl == std::string_view::npos) nl = s.size();
    std::string_view l = s.substr(i, nl - i);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    lines.push_back(l);
    i = nl + 1;
  }
  return lines;
}

// YAML-like front matter between "---" lines: simple "key: value" pairs (and "- item" lists
// under a key). Returns the index of the first line after it (0 when there is none).
size_t FrontMatter(const std::vector<std::string_view>& lines, MarkdownResult& r) {
  if (lines.empty() || Trim(lines[0]) != "---") return 0;
  size_t end = 0;
  for (size_t i = 1; i < lines.size() && i < 200; ++i)
    if (Trim(lines[i]) == "---" || Trim(lines[i]) == "...") { end = i; break; }
  if (end == 0) return 0;
  std::string key;
  for (size_t i = 1; i < end; ++i) {
    std::string_view l = lines[i];
    std::string_view t = Trim(l);
    if (t.empty() || t[0] == '#') continue;
    std::string value;
    if (t.size() >= 2 && t[0] == '-' && t[1] == ' ' && !key.empty()) {
      value = Unquote(t.substr(2));
      if (key == "author" || key == "authors") {
        std::string v = FoldSpaces(value);
        if (!v.empty()) r.author += (r.author.empty() ? "" : ", ") + v;
      }
      continue;
    }
    size_t colon = t.find(':');
    if (colon == std::string_view::npos) continue;
    key.clear();
    for (char c : Trim(t.substr(0, colon))) key.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    value = FoldSpaces(Unquote(t.substr(colon + 1)));
    if (value.empty()) continue;
    if (key == "title") r.title = value;
    else if (key == "date" || key == "published") r.date = NormalizeDate(value);
    else if (key == "url" || key == "link" || key == "canonical_url") r.url = NormalizeUrl(value);
    else if (key == "source" || key == "publisher" || key == "site") r.source = value;
    else if (key == "author" || key == "authors" || key == "byline") r.author = value;
    else if (key == "id") r.id = value;
    else if (key == "lang" || key == "language") r.language = LanguageCode(value);
  }
  return end + 1;
}

}  // namespace

std::string DetectTitle(std::string_view text) {
  size_t end = text.find("\n\n");
  if (end == std::string_view::npos) return "";  // nothing follows
  std::string_view first = text.substr(0, end);
  if (first.empty() || first.size() > 200 || first.find('\n') != std::string_view::npos) return "";
  char last = first.back();
  if (last == '.' || last == ',' || last == ';' || last == ':') return "";
  if (first[0] >= 'a' && first[0] <= 'z') return "";
  size_t words = 1;
  bool letter = false;
  for (char c : first) {
    if (c == ' ') ++words;
    if (IsAlpha(c) || static_cast<unsigned char>(c) >= 0x80) letter = true;
  }
  if (words > 30 || !letter) return "";
  return FoldSpaces(first);
}

std::string DatelineDate(std::string_view text) {
  // The first paragraph after a title line, else the first.
  std::string_view para = text;
  if (!DetectTitle(text).empty()) para = text.substr(text.find("\n\n") + 2);
  para = para.substr(0, std::min<size_t>(para.size(), 100));
  size_t sep = std::string_view::npos;
  for (std::string_view dash : {" - ", " \xE2\x80\x94 ", " \xE2\x80\x93 ", " -- "})
    sep = std::min(sep, para.find(dash));
  if (sep == std::string_view::npos) return "";
  std::string_view head = para.substr(0, sep);
  if (std::string d = NormalizeDate(head); !d.empty()) return d;
  size_t comma = head.find(',');
  if (comma == std::string_view::npos) return "";
  return NormalizeDate(head.substr(comma + 1));
}

MarkdownResult MarkdownToText(std::string_view md) {
  MarkdownResult r;
  std::vector<std::string_view> lines = SplitLines(md);
  size_t start = FrontMatter(lines, r);

  std::vector<std::string> blocks;
  bool first_block_heading = false;
  std::string para;  // raw inline text of the open paragraph
  auto flush = [&](bool heading = false) {
    if (para.empty()) return;
    std::string text = InlineStripper(para).Run(0);
    // Hard breaks were kept as '\n'; fold each line.
    std::string folded;
    size_t i = 0;
    while (i <= text.size()) {
      size_t nl = text.find('\n', i);
      if (nl == std::string::npos) nl = text.size();
      std::string line = FoldSpaces(std::string_view(text).substr(i, nl - i));
      if (!line.empty()) {
        if (!folded.empty()) folded += '\n';
        folded += line;
      }
      i = nl + 1;
    }
    if (!folded.empty()) {
      if (blocks.empty()) first_block_heading = heading;
      blocks.push_back(std::move(folded));
    }
    para.clear();
  };
  auto add_line = [&](std::string_view t) {
    if (!para.empty() && para.back() != '\n') para.push_back(' ');
    // A hard break: two trailing spaces or a backslash at the end of the line.
    bool hard = false;
    std::string_view body = t;
    if (body.size() >= 2 && body.substr(body.size() - 2) == "  ") hard = true;
    body = Trim(body);
    if (!body.empty() && body.back() == '\\') {
      body.remove_suffix(1);
      hard = true;
    }
    para.append(body);
    if (hard) para.push_back('\n');
  };

  char fence_ch = 0;
  size_t fence_len = 0;
  bool in_fence = false, in_comment = false, in_raw = false;
  std::string raw_end;  // "</script>" or "</style>"
  for (size_t li = start; li < lines.size(); ++li) {
    std::string_view line = lines[li];
    if (in_fence) {
      char ch;
      size_t len;
      if (IsFence(line, ch, len) && ch == fence_ch && len >= fence_len && Trim(line).size() == len) in_fence = false;
      continue;
    }
    if (in_comment) {
      if (line.find("-->") != std::string_view::npos) in_comment = false;
      continue;
    }
    if (in_raw) {
      std::string lower(line);
      for (char& c : lower) c = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
      if (lower.find(raw_end) != std::string::npos) in_raw = false;
      continue;
    }
    // Block quotes: their markers go, their content is read like any other.
    for (;;) {
      std::string_view t = line;
      size_t k = 0;
      while (k < t.size() && k < 3 && t[k] == ' ') ++k;
      if (k < t.size() && t[k] == '>') {
        line = t.substr(k + 1);
        if (!line.empty() && line.front() == ' ') line.remove_prefix(1);
        continue;
      }
      break;
    }
    std::string_view t = Trim(line);
    if (t.empty()) { flush(); continue; }
    if (IsFence(line, fence_ch, fence_len)) {
      flush();
      in_fence = true;
      continue;
    }
    if (t.rfind("<!--", 0) == 0 && t.find("-->") == std::string_view::npos) {
      flush();
      in_comment = true;
      continue;
    }
    if (t.size() >= 7 && t[0] == '<') {
      std::string lower(t.substr(0, 7));
      for (char& c : lower) c = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
      if (lower == "<script" || lower.substr(0, 6) == "<style") {
        flush();
        raw_end = lower == "<script" ? "</script>" : "</style>";
        std::string rest(t);
        for (char& c : rest) c = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
        in_raw = rest.find(raw_end) == std::string::npos;
        continue;
      }
    }
    std::string_view heading;
    if (AtxHeading(line, heading)) {
      flush();
      para = std::string(heading);
      flush(true);
      continue;
    }
    if (!para.empty() && IsSetextUnderline(line)) {
      flush(true);
      continue;
    }
    if (IsThematicBreak(line)) { flush(); continue; }
    if (para.empty() && IsReferenceDefinition(line)) continue;
    if (IsTableSeparator(line)) { flush(); continue; }
    if (t[0] == '|') {  // a table row: its cells, separated by "; "
      flush();
      std::string_view cells = t.substr(1);
      if (!cells.empty() && cells.back() == '|') cells.remove_suffix(1);
      std::string row;
      size_t i = 0;
      while (i <= cells.size()) {
        size_t bar = cells.find('|', i);
        if (bar == std::string_view::npos) bar = cells.size();
        std::string_view cell = Trim(cells.substr(i, bar - i));
        if (!cell.empty()) {
          if (!row.empty()) row += "; ";
          row += cell;
        }
        i = bar + 1;
      }
      para = row;
      flush();
      continue;
    }
    std::string_view item;
    if (ListItem(line, item)) {
      flush();
      if (!item.empty()) add_line(item);
      continue;
    }
    add_line(line);
  }
  flush();

  for (const std::string& b : blocks) {
    if (!r.text.empty()) r.text += "\n\n";
    r.text += b;
  }
  if (r.date.empty()) r.date = DatelineDate(r.text);
  if (r.title.empty()) {
    if (first_block_heading && !blocks.empty() && blocks[0].find('\n') == std::string::npos)
      r.title = blocks[0];
    else
      r.title = DetectTitle(r.text);
  }
  return r;
}

}  // namespace relata::ingest
