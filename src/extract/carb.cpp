// CaRB formats, scorer and the oie runner (carb.h; the rules are in docs/oie-eval.md).
#include "extract/carb.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/core.h>

#include "extract/extraction_json.h"
#include "relata/nlp.h"
#include "relata/text.h"
#include "util/read_input.h"

namespace relata::carb {
namespace {

// ---- text helpers ---------------------------------------------------------------------------

// Decodes the code point at s[i] (s is valid UTF-8) and its length.
uint32_t CodePoint(std::string_view s, size_t i, size_t& len) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  unsigned char c = b(0);
  if (c < 0x80) { len = 1; return c; }
  if (c < 0xE0 && i + 1 < s.size()) { len = 2; return ((c & 0x1Fu) << 6) | (b(1) & 0x3Fu); }
  if (c < 0xF0 && i + 2 < s.size()) {
    len = 3;
    return ((c & 0x0Fu) << 12) | ((b(1) & 0x3Fu) << 6) | (b(2) & 0x3Fu);
  }
  if (i + 3 < s.size()) {
    len = 4;
    return ((c & 0x07u) << 18) | ((b(1) & 0x3Fu) << 12) | ((b(2) & 0x3Fu) << 6) | (b(3) & 0x3Fu);
  }
  len = 1;
  return c;
}

// The white space of Python's str.split() and str.strip(), which the reference scorer uses.
bool IsSpaceCp(uint32_t c) {
  return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 ||
         c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
         c == 0x202F || c == 0x205F || c == 0x3000;
}

// Length of the white-space character at s[i], 0 when there is none.
size_t SpaceAt(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return IsSpaceCp(c) ? 1 : 0;
  size_t len = 1;
  uint32_t cp = CodePoint(s, i, len);
  return IsSpaceCp(cp) ? len : 0;
}

std::string_view Strip(std::string_view s) {
  size_t b = 0;
  while (b < s.size()) {
    size_t n = SpaceAt(s, b);
    if (!n) break;
    b += n;
  }
  size_t e = s.size();
  while (e > b) {
    // Step back to the start of the last character.
    size_t k = e - 1;
    while (k > b && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80) --k;
    if (SpaceAt(s, k) != e - k) break;
    e = k;
  }
  return s.substr(b, e - b);
}

// Appends the white-space separated words of `s` to `out`.
void SplitWords(std::string_view s, std::vector<std::string_view>& out) {
  size_t i = 0, start = std::string_view::npos;
  while (i < s.size()) {
    size_t n = SpaceAt(s, i);
    if (n) {
      if (start != std::string_view::npos) out.push_back(s.substr(start, i - start));
      start = std::string_view::npos;
      i += n;
    } else {
      if (start == std::string_view::npos) start = i;
      ++i;
    }
  }
  if (start != std::string_view::npos) out.push_back(s.substr(start));
}

std::vector<std::string_view> SplitTabs(std::string_view s) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  for (;;) {
    size_t t = s.find('\t', start);
    if (t == std::string_view::npos) {
      fields.push_back(s.substr(start));
      return fields;
    }
    fields.push_back(s.substr(start, t - start));
    start = t + 1;
  }
}

// Calls f(line, number) for each line of `data` (LF or CRLF endings; a last line without a
// line break counts). Stops at the first failed Status.
template <typename F>
Status ForEachLine(std::string_view data, size_t first_line, F&& f) {
  size_t pos = 0, number = first_line;
  while (pos < data.size()) {
    size_t nl = data.find('\n', pos);
    size_t end = nl == std::string_view::npos ? data.size() : nl;
    std::string_view line = data.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (Status s = f(line, number, pos); !s.ok()) return s;
    ++number;
    pos = end + 1;
  }
  return Status::Ok();
}

// ---- matching -------------------------------------------------------------------------------

// A tuple cut into words once: relation, then the arguments folded to two (arg1, and arg2
// with every further argument after it), and for said-type matching the system tuple's
// arguments swapped (arg2 + further arguments first, arg1 second).
struct Words {
  std::vector<std::string_view> rel;
  std::vector<std::vector<std::string_view>> args, swapped;
};

Words Prepare(const Tuple& t) {
  Words w;
  SplitWords(t.relation, w.rel);
  if (!t.args.empty()) {
    w.args.resize(std::min<size_t>(t.args.size(), 2));
    SplitWords(t.args[0], w.args[0]);
    for (size_t i = 1; i < t.args.size(); ++i) SplitWords(t.args[i], w.args[1]);
    if (t.args.size() >= 2) w.swapped = {w.args[1], w.args[0]};
  }
  return w;
}

// Matches `gold` words against `sys` words as multisets: each gold word takes one equal
// system word still free. `free` marks the system words not yet taken.
size_t CountMatches(const std::vector<std::string_view>& gold,
                    const std::vector<std::string_view>& sys, std::vector<char>& free) {
  free.assign(sys.size(), 1);
  size_t n = 0;
  for (std::string_view g : gold) {
    for (size_t j = 0; j < sys.size(); ++j) {
      if (free[j] && sys[j] == g) {
        free[j] = 0;
        ++n;
        break;
      }
    }
  }
  return n;
}

// The reference's lenient tuple match, on folded tuples.
MatchScore Lenient(const Words& gold, const std::vector<std::vector<std::string_view>>& gold_args,
                   const std::vector<std::string_view>& sys_rel,
                   const std::vector<std::vector<std::string_view>>& sys_args) {
  std::vector<char> free;
  size_t p_num = 0, p_den = sys_rel.size(), r_num = 0, r_den = gold.rel.size();
  size_t m = CountMatches(gold.rel, sys_rel, free);
  // A system relation "be" (left over) matches any form of "be" in the gold relation.
  bool be_left = false;
  for (size_t j = 0; j < sys_rel.size(); ++j) be_left |= free[j] && sys_rel[j] == "be";
  if (be_left) {
    static constexpr std::string_view kBe[] = {"be", "is", "am", "are", "was", "were", "been", "being"};
    bool gold_has_be = false;
    for (std::string_view form : kBe)
      gold_has_be |= std::find(gold.rel.begin(), gold.rel.end(), form) != gold.rel.end();
    if (gold_has_be) ++m;
  }
  if (m == 0) return {};
  p_num += m;
  r_num += m;
  for (size_t i = 0; i < gold_args.size(); ++i) {
    r_den += gold_args[i].size();
    if (sys_args.size() <= i) {
      if (i < 2) return {};
      continue;
    }
    p_den += sys_args[i].size();
    size_t k = CountMatches(gold_args[i], sys_args[i], free);
    p_num += k;
    r_num += k;
  }
  MatchScore s;
  s.precision = p_den ? static_cast<double>(p_num) / static_cast<double>(p_den) : 0;
  s.recall = r_den ? static_cast<double>(r_num) / static_cast<double>(r_den) : 0;
  return s;
}

bool SaidType(std::string_view gold_relation) {
  static constexpr std::string_view kSaid[] = {"said", "told", "added", "adds", "says"};
  for (std::string_view v : kSaid)
    if (gold_relation.find(v) != std::string_view::npos) return true;
  return false;
}

MatchScore MatchPrepared(const Tuple& gold_tuple, const Words& gold, const Words& sys) {
  MatchScore straight = Lenient(gold, gold.args, sys.rel, sys.args);
  if (!SaidType(gold_tuple.relation) || sys.swapped.empty()) return straight;
  MatchScore reverse = Lenient(gold, gold.args, sys.rel, sys.swapped);
  // Python's max() of [precision, recall] lists: lexicographic, the first on a tie.
  bool better = reverse.precision > straight.precision ||
                (reverse.precision == straight.precision && reverse.recall > straight.recall);
  return better ? reverse : straight;
}

// ---- oie ------------------------------------------------------------------------------------

// The form the tagger was trained on for a PTB-escaped token.
std::string TaggerForm(std::string_view tok) {
  if (tok == "``" || tok == "''") return "\"";
  if (tok == "`") return "'";
  if (tok == "-LRB-") return "(";
  if (tok == "-RRB-") return ")";
  if (tok == "-LSB-") return "[";
  if (tok == "-RSB-") return "]";
  if (tok == "-LCB-") return "{";
  if (tok == "-RCB-") return "}";
  // PTB escapes the slash and the asterisk: "1\/2", "\*".
  std::string form;
  form.reserve(tok.size());
  for (size_t i = 0; i < tok.size(); ++i) {
    if (tok[i] == '\\' && i + 1 < tok.size() && (tok[i + 1] == '/' || tok[i + 1] == '*')) continue;
    form += tok[i];
  }
  return form;
}

Status CheckLine(std::string_view line, const std::string& name, size_t number) {
  if (line.size() > kMaxLineBytes)
    return Status::Error(fmt::format("{}:{}: line longer than {} bytes", name, number, kMaxLineBytes));
  if (size_t bad = Utf8Error(line); bad != std::string::npos)
    return Status::Error(fmt::format("{}:{}: invalid UTF-8 at byte {} of the line", name, number, bad + 1));
  for (size_t i = 0; i < line.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if (c < 0x20 || c == 0x7F)
      return Status::Error(fmt::format("{}:{}: control character 0x{:02X} at byte {} of the line "
                                       "(tokens are separated by single spaces)",
                                       name, number, c, i + 1));
  }
  return Status::Ok();
}

void AppendField(std::string_view s, std::string& out) {
  for (char c : s) out += (c == '\t' || c == '\n' || c == '\r') ? ' ' : c;
}

}  // namespace

// ---- TupleSet -------------------------------------------------------------------------------

void TupleSet::Add(std::string_view text, Tuple tuple) {
  std::string key = SentenceKey(text);
  auto it = by_key.find(key);
  if (it == by_key.end()) {
    it = by_key.emplace(key, sentences.size()).first;
    sentences.push_back({std::move(key), std::string(text), {}});
  }
  sentences[it->second].tuples.push_back(std::move(tuple));
}

const TupleSet::Sentence* TupleSet::Find(std::string_view key) const {
  auto it = by_key.find(std::string(key));
  return it == by_key.end() ? nullptr : &sentences[it->second];
}

size_t TupleSet::TupleCount() const {
  size_t n = 0;
  for (const Sentence& s : sentences) n += s.tuples.size();
  return n;
}

std::string SentenceKey(std::string_view sentence) {
  std::string s;
  s.reserve(sentence.size());
  for (char c : sentence)
    if (c != ' ') s += c;
  static constexpr std::pair<std::string_view, char> kEscapes[] = {
      {"-LRB-", '('}, {"-RRB-", ')'}, {"-LSB-", '['}, {"-RSB-", ']'}, {"-LCB-", '{'}, {"-RCB-", '}'}};
  for (const auto& [esc, bracket] : kEscapes) {
    for (size_t p = s.find(esc); p != std::string::npos; p = s.find(esc, p + 1))
      s.replace(p, esc.size(), 1, bracket);
  }
  std::string key;
  key.reserve(s.size());
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    // Python's string.punctuation: the printable ASCII characters but letters and digits.
    bool punct = (u >= 0x21 && u <= 0x2F) || (u >= 0x3A && u <= 0x40) || (u >= 0x5B && u <= 0x60) ||
                 (u >= 0x7B && u <= 0x7E);
    if (!punct) key += c;
  }
  return key;
}

// Calls fn(fields, line number) for each non-blank line of a CaRB tab file, after checking
// its UTF-8 and that it has at least `min_fields` fields (else "NAME:LINE: expected USAGE").
template <class Fn>
Status ForEachTabbedLine(std::string_view data, const std::string& name, size_t min_fields,
                         std::string_view usage, Fn fn) {
  return ForEachLine(data, 1, [&](std::string_view line, size_t number, size_t) -> Status {
    if (Utf8Error(line) != std::string::npos)
      return Status::Error(fmt::format("{}:{}: invalid UTF-8", name, number));
    std::string_view stripped = Strip(line);
    if (stripped.empty()) return Status::Ok();
    std::vector<std::string_view> f = SplitTabs(stripped);
    if (f.size() < min_fields) return Status::Error(fmt::format("{}:{}: expected {}", name, number, usage));
    return fn(f, number);
  });
}

Result<TupleSet> ParseGold(std::string_view data, const std::string& name) {
  TupleSet set;
  Status s = ForEachTabbedLine(data, name, 2, "sentence<TAB>relation<TAB>arg1...",
                               [&](const std::vector<std::string_view>& f, size_t number) -> Status {
    Tuple t;
    t.relation = Strip(f[1]);
    t.line = static_cast<uint32_t>(number);
    for (size_t i = 2; i < f.size(); ++i) {
      if (f[i].find("C: ") != std::string_view::npos) continue;  // context, not an argument
      t.args.emplace_back(Strip(f[i]));
    }
    set.Add(Strip(f[0]), std::move(t));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return set;
}

Result<TupleSet> ParseSystem(std::string_view data, const std::string& name) {
  TupleSet set;
  Status s = ForEachTabbedLine(data, name, 3, "sentence<TAB>confidence<TAB>relation<TAB>arg1...",
                               [&](const std::vector<std::string_view>& f, size_t number) -> Status {
    Tuple t;
    std::string_view conf = Strip(f[1]);
    auto [end, ec] = std::from_chars(conf.data(), conf.data() + conf.size(), t.confidence);
    if (ec != std::errc() || end != conf.data() + conf.size() || !std::isfinite(t.confidence))
      return Status::Error(fmt::format("{}:{}: confidence \"{}\" is not a finite number", name,
                                       number, conf.substr(0, 40)));
    t.relation = f[2];
    t.line = static_cast<uint32_t>(number);
    for (size_t i = 3; i < f.size(); ++i) t.args.emplace_back(f[i]);
    set.Add(f[0], std::move(t));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return set;
}

Result<TupleSet> ReadGoldFile(const std::string& path) {
  auto data = ReadInput(path);
  if (!data.ok()) return data.status();
  return ParseGold(*data, path == "-" ? "stdin" : path);
}

Result<TupleSet> ReadSystemFile(const std::string& path) {
  auto data = ReadInput(path);
  if (!data.ok()) return data.status();
  return ParseSystem(*data, path == "-" ? "stdin" : path);
}

MatchScore MatchTuples(const Tuple& gold, const Tuple& system) {
  return MatchPrepared(gold, Prepare(gold), Prepare(system));
}

Scores Score(const TupleSet& gold, const TupleSet& system) {
  Scores out;
  out.gold_sentences = gold.sentences.size();
  out.gold_tuples = gold.TupleCount();
  out.system_tuples = system.TupleCount();
  std::vector<double> thresholds;
  for (const TupleSet::Sentence& s : system.sentences) {
    for (const Tuple& t : s.tuples) thresholds.push_back(t.confidence);
    if (!gold.Find(s.key)) ++out.system_sentences_not_in_gold;
  }
  std::sort(thresholds.begin(), thresholds.end());
  thresholds.erase(std::unique(thresholds.begin(), thresholds.end()), thresholds.end());
  const size_t n = thresholds.size();
  // Numerators and denominators of precision and recall at each threshold.
  std::vector<double> p(n), pl(n), r(n), rl(n);
  auto add = [](std::vector<double>& v, size_t from, size_t to, double x) {
    for (size_t i = from; i < to; ++i) v[i] += x;
  };

  static const std::vector<Tuple> kNone;
  std::vector<Words> gw, sw;
  std::vector<MatchScore> scores;  // gold-major: scores[i * S + j]
  std::vector<size_t> order, selected;
  std::vector<char> row_used, col_used;
  for (const TupleSet::Sentence& gs : gold.sentences) {
    const TupleSet::Sentence* ss = system.Find(gs.key);
    const std::vector<Tuple>& sys = ss ? ss->tuples : kNone;
    const size_t G = gs.tuples.size(), S = sys.size();
    out.system_tuples_scored += S;
    if (S == 0) ++out.gold_sentences_without_output;
    gw.clear();
    sw.clear();
    for (const Tuple& t : gs.tuples) gw.push_back(Prepare(t));
    for (const Tuple& t : sys) sw.push_back(Prepare(t));
    scores.assign(G * S, {});
    for (size_t i = 0; i < G; ++i)
      for (size_t j = 0; j < S; ++j) scores[i * S + j] = MatchPrepared(gs.tuples[i], gw[i], sw[j]);

    // For each of the sentence's confidences, lowest first: the tuples at or above it.
    order.resize(S);
    for (size_t j = 0; j < S; ++j) order[j] = j;
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return sys[a].confidence < sys[b].confidence; });
    size_t prev = 0;
    for (size_t k = 0; k < S; ++k) {
      const double conf = sys[order[k]].confidence;
      const size_t c = static_cast<size_t>(
          std::lower_bound(thresholds.begin(), thresholds.end(), conf) - thresholds.begin());
      if (c + 1 <= prev) continue;  // the same confidence again: nothing new
      selected.clear();
      for (size_t j = 0; j < S; ++j)
        if (sys[j].confidence >= conf) selected.push_back(j);
      // Recall: each gold tuple's best recall over the selected system tuples.
      double recall_num = 0;
      for (size_t i = 0; i < G; ++i) {
        double best = 0;
        for (size_t j : selected) best = std::max(best, scores[i * S + j].recall);
        recall_num += best;
      }
      // Precision: one-to-one, greedily taking the pair of highest precision still free.
      double precision_num = 0;
      row_used.assign(G, 0);
      col_used.assign(S, 0);
      const size_t rounds = std::min(G, selected.size());
      for (size_t t = 0; t < rounds; ++t) {
        double best = -1;
        size_t bi = 0, bj = 0;
        for (size_t i = 0; i < G; ++i) {
          if (row_used[i]) continue;
          for (size_t j : selected) {
            if (col_used[j]) continue;
            if (scores[i * S + j].precision > best) {
              best = scores[i * S + j].precision;
              bi = i;
              bj = j;
            }
          }
        }
        row_used[bi] = 1;
        col_used[bj] = 1;
        precision_num += best;
      }
      add(p, prev, c + 1, precision_num);
      add(pl, prev, c + 1, static_cast<double>(selected.size()));
      add(r, prev, c + 1, recall_num);
      add(rl, prev, c + 1, static_cast<double>(G));
      prev = c + 1;
    }
    // Thresholds above all of this sentence's confidences: its gold tuples are all missed.
    add(rl, prev, n, static_cast<double>(G));
  }

  out.curve.resize(n);
  size_t best = 0;
  for (size_t t = 0; t < n; ++t) {
    CurvePoint& pt = out.curve[t];
    pt.threshold = thresholds[t];
    pt.precision = pl[t] > 0 ? p[t] / pl[t] : 1;
    pt.recall = rl[t] > 0 ? r[t] / rl[t] : 0;
    pt.f1 = pt.precision + pt.recall > 0 ? 2 * pt.precision * pt.recall / (pt.precision + pt.recall) : 0;
    if (pt.f1 > out.curve[best].f1) best = t;
  }
  if (n == 0) return out;
  out.precision = out.curve[best].precision;
  out.recall = out.curve[best].recall;
  out.f1 = out.curve[best].f1;
  out.threshold = out.curve[best].threshold;
  // Trapezoids between consecutive points, recall falling as the threshold rises, closed by
  // (recall 0, precision 1).
  double area = 0;
  for (size_t t = 0; t < n; ++t) {
    double r1 = out.curve[t].recall, p1 = out.curve[t].precision;
    double r2 = t + 1 < n ? out.curve[t + 1].recall : 0, p2 = t + 1 < n ? out.curve[t + 1].precision : 1;
    area += (r1 - r2) * (p1 + p2) / 2;
  }
  out.auc = area;
  return out;
}

// ---- oie ------------------------------------------------------------------------------------

void AppendCarbLine(std::string_view sentence, const Extraction& e, std::string& out) {
  AppendField(sentence, out);
  out += '\t';
  out += fmt::format("{:.6g}", e.confidence);
  out += '\t';
  AppendField(e.relation_text, out);
  out += '\t';
  AppendField(e.subject.text, out);
  out += '\t';
  AppendField(e.object.text, out);
  for (const ExtractedArg& a : e.extra) {
    out += '\t';
    AppendField(a.text, out);
  }
  out += '\n';
}

Result<TokenizedLines> TokenizeLines(std::string_view data, const std::string& name, size_t first_line) {
  TokenizedLines out;
  Document& doc = out.doc;
  doc.text.assign(data);
  Status s = ForEachLine(data, first_line, [&](std::string_view line, size_t number, size_t begin) -> Status {
    if (Status c = CheckLine(line, name, number); !c.ok()) return c;
    Sentence sent{static_cast<uint32_t>(doc.tokens.size()), 0};
    size_t i = 0;
    while (i < line.size()) {
      if (line[i] == ' ') {
        ++i;
        continue;
      }
      size_t e = line.find(' ', i);
      if (e == std::string_view::npos) e = line.size();
      Token t;
      t.begin = static_cast<uint32_t>(begin + i);
      t.end = static_cast<uint32_t>(begin + e);
      t.form = TaggerForm(line.substr(i, e - i));
      t.space_after = t.end < data.size();  // a space or the line break follows
      doc.tokens.push_back(std::move(t));
      i = e;
    }
    sent.last = static_cast<uint32_t>(doc.tokens.size());
    if (sent.last == sent.first) return Status::Ok();  // blank line: no sentence
    doc.sentences.push_back(sent);
    out.line_begin.push_back(static_cast<uint32_t>(begin));
    out.line_end.push_back(static_cast<uint32_t>(begin + line.size()));
    out.line_number.push_back(static_cast<uint32_t>(number));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Status RunOie(const Pipeline& pipeline, std::string_view data, const std::string& name,
              OieFormat format, const std::function<Status(std::string_view)>& write, OieStats* stats) {
  if (data.size() > UINT32_MAX / 2)
    return Status::Error(fmt::format("{}: input larger than {} bytes", name, UINT32_MAX / 2));
  // All lines are checked before anything is written, so bad input gives no partial output.
  size_t lines = 0;
  if (Status s = ForEachLine(data, 1, [&](std::string_view line, size_t number, size_t) {
        ++lines;
        return CheckLine(line, name, number);
      });
      !s.ok())
    return s;
  OieStats local;
  local.lines = lines;
  constexpr size_t kBatchLines = 256;
  size_t pos = 0, line = 1;
  std::string out;
  while (pos < data.size()) {
    // The next kBatchLines lines.
    size_t end = pos;
    for (size_t k = 0; k < kBatchLines && end < data.size(); ++k) {
      size_t nl = data.find('\n', end);
      end = nl == std::string_view::npos ? data.size() : nl + 1;
    }
    auto batch = TokenizeLines(data.substr(pos, end - pos), name, line);
    if (!batch.ok()) return batch.status();
    TokenizedLines& b = *batch;
    if (!b.doc.sentences.empty()) {
      if (Status s = pipeline.Run(b.doc, Stage::kNer, /*pretokenized=*/true); !s.ok())
        return s.With(fmt::format("{}:{}", name, b.line_number.front()));
      std::vector<Extraction> extractions = Extract(b.doc);
      out.clear();
      for (const Extraction& e : extractions) {
        if (e.sentence >= b.doc.sentences.size()) continue;
        if (format == OieFormat::kCarb) {
          std::string_view sentence = std::string_view(b.doc.text).substr(
              b.line_begin[e.sentence], b.line_end[e.sentence] - b.line_begin[e.sentence]);
          AppendCarbLine(sentence, e, out);
        } else {
          ExtractionJsonOptions o;
          o.sentence_offset = static_cast<uint32_t>(local.sentences);
          o.char_base = b.line_begin[e.sentence];
          AppendExtractionJson(b.doc, e, out, o);
          out += '\n';
        }
      }
      local.extractions += extractions.size();
      if (Status s = write(out); !s.ok()) return s;
    }
    local.sentences += b.doc.sentences.size();
    local.tokens += b.doc.tokens.size();
    line += static_cast<size_t>(std::count(data.begin() + static_cast<std::ptrdiff_t>(pos),
                                           data.begin() + static_cast<std::ptrdiff_t>(end), '\n'));
    pos = end;
  }
  if (stats) *stats = local;
  return Status::Ok();
}

}  // namespace relata::carb
