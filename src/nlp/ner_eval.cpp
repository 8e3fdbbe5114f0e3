#include "nlp/ner_eval.h"

#include "nlp/lemmatizer.h"
#include "nlp/ner.h"
#include "nlp/titles.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>

namespace relata::nlp {

namespace {

bool In(std::string_view w, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), w) != set.end();
}

bool HasDigit(std::string_view w) {
  return std::any_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool IsMonthOrDay(std::string_view w) {
  return In(w, {"January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December", "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.",
                "Sep.", "Sept.", "Oct.", "Nov.", "Dec.", "Monday", "Tuesday", "Wednesday", "Thursday",
                "Friday", "Saturday", "Sunday", "january", "june"});
}

}  // namespace

Result<std::vector<GumMention>> GumMentions(const ConlluSentence& s) {
  std::vector<GumMention> out;
  struct Open {
    std::string id, type;
    int first;
  };
  std::vector<Open> open;
  const std::string where = "line " + std::to_string(s.line) + ": Entity=";
  for (int i = 0; i < static_cast<int>(s.words.size()); ++i) {
    std::string_view v = Attribute(s.words[static_cast<size_t>(i)].misc, "Entity");
    size_t j = 0;
    while (j < v.size()) {
      if (v[j] == '(') {
        size_t k = v.find_first_of("()", j + 1);
        if (k == std::string_view::npos) k = v.size();
        std::string_view fields = v.substr(j + 1, k - j - 1);
        size_t d1 = fields.find('-');
        if (d1 == std::string_view::npos || d1 == 0)
          return Status::Error(where + std::string(v) + ": no type in \"(" + std::string(fields) + "\"");
        size_t d2 = fields.find('-', d1 + 1);
        std::string id(fields.substr(0, d1));
        std::string type(fields.substr(d1 + 1, d2 == std::string_view::npos ? std::string_view::npos : d2 - d1 - 1));
        if (k < v.size() && v[k] == ')') {
          out.push_back({i, i + 1, type, id});
          j = k + 1;
        } else {
          open.push_back({id, type, i});
          j = k;
        }
      } else {
        size_t k = v.find(')', j);
        if (k == std::string_view::npos)
          return Status::Error(where + std::string(v) + ": unexpected \"" + std::string(v.substr(j)) + "\"");
        std::string id(v.substr(j, k - j));
        // The innermost open mention with this id closes.
        auto it = std::find_if(open.rbegin(), open.rend(), [&](const Open& o) { return o.id == id; });
        if (it == open.rend())
          return Status::Error(where + std::string(v) + ": mention " + id + " closed but not open");
        out.push_back({it->first, i + 1, it->type, id});
        open.erase(std::next(it).base());
        j = k + 1;
      }
    }
  }
  if (!open.empty()) return Status::Error(where + " mention " + open.back().id + " is not closed in its sentence");
  std::stable_sort(out.begin(), out.end(), [](const GumMention& a, const GumMention& b) {
    return a.first != b.first ? a.first < b.first : a.last > b.last;
  });
  return out;
}

std::vector<TypedSpan> GumNamedEntities(const ConlluSentence& s, SpanExtent extent) {
  std::vector<TypedSpan> out;
  auto mentions = GumMentions(s);
  if (!mentions.ok()) return out;
  const int n = static_cast<int>(s.words.size());
  struct Cand {
    int first, last;
    std::string type;  // "" = named but not one of ours: blocks the mentions inside it
  };
  std::vector<Cand> cands;
  for (const GumMention& m : *mentions) {
    if (m.first < 0 || m.last > n || m.first >= m.last) continue;
    // The head: the first word whose syntactic head lies outside the span.
    int head = -1;
    for (int i = m.first; i < m.last && head < 0; ++i) {
      int h = s.words[static_cast<size_t>(i)].head - 1;
      if (h < m.first || h >= m.last) head = i;
    }
    if (head < 0) head = m.first;
    const ConlluWord& hw = s.words[static_cast<size_t>(head)];
    bool propn = hw.upos == "PROPN";
    if (!propn && !(m.type == "time" && hw.upos == "NUM")) continue;
    // Trim: cut trailing clauses, appositions and parentheticals after the head, then
    // leading determiners / punctuation and trailing possessives / punctuation.
    int a = m.first, b = m.last;
    // The leftmost word of i's subtree within [head + 1, i] (a relative clause starts with its
    // subject: `World Cups [we 've] ...`).
    auto subtree_start = [&](int i) {
      int lo = i;
      for (int j = head + 1; j < i; ++j) {
        int k = j;
        for (int steps = 0; steps < n && k >= 0 && k != i; ++steps) k = s.words[static_cast<size_t>(k)].head - 1;
        if (k == i) {
          lo = j;
          break;
        }
      }
      return lo;
    };
    for (int i = head + 1; i < b; ++i) {
      const ConlluWord& w = s.words[static_cast<size_t>(i)];
      // A company's legal form after a comma belongs to its name (`Atlantic Lottery
      // Corporation, Inc.`), as in UNER and OntoNotes.
      if (w.form == "," && i + 2 == b && IsCompanyDesignator(s.words[static_cast<size_t>(i) + 1].form, true)) break;
      if (In(w.form, {",", "(", ";", ":", "--", "–", "—"}) || In(w.xpos, {"WDT", "WP", "WP$", "WRB"}) ||
          w.deprel == "cc") {
        b = i;
        break;
      }
      if (w.deprel.rfind("acl", 0) == 0 || w.deprel == "appos" || w.deprel == "parataxis" ||
          w.deprel.rfind("conj", 0) == 0) {
        b = subtree_start(i);
        break;
      }
      // A person's name ends before a prepositional phrase (`Rezwan [from Bangladesh]`,
      // `Charles Ryder [in ...]`); `of` may belong to the name (`Catherine of Aragon`,
      // `Emperor of the United States`).
      if (m.type == "person" && w.upos == "ADP" && w.form != "of") {
        b = i;
        break;
      }
    }
    // Words after the head that attach outside the mention ("Tagbanuas who", a cleft's
    // "that"), and post-modifiers of the head without any capitalised word or number in them
    // ("Americans with federally held loans", "Vane himself", "President of that country"),
    // are not part of the name. Time expressions keep theirs ("October last").
    if (m.type != "time") {
      for (int i = head + 1; i < b; ++i) {
        const int h = s.words[static_cast<size_t>(i)].head - 1;
        if (h < m.first || h >= m.last) {
          b = i;
          break;
        }
        if (h != head) continue;
        // The dependent's subtree within the span: its leftmost and rightmost words.
        int lo = i, hi = i;
        for (int j = head + 1; j < b; ++j) {
          int k = j;
          for (int steps = 0; k != head && k != i && steps < n; ++steps) {
            int up = s.words[static_cast<size_t>(k)].head - 1;
            if (up < m.first || up >= m.last) break;
            k = up;
          }
          if (k == i) lo = std::min(lo, j), hi = std::max(hi, j);
        }
        bool named = false;
        for (int j = lo; j <= hi; ++j) {
          unsigned char c = static_cast<unsigned char>(s.words[static_cast<size_t>(j)].form[0]);
          named |= (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
        }
        if (!named && s.words[static_cast<size_t>(i)].upos != "PUNCT") {
          b = lo;
          break;
        }
      }
    }
    auto punct = [&](int i) { return s.words[static_cast<size_t>(i)].upos == "PUNCT"; };
    // Leading words that are not part of the name: determiners and possessive pronouns
    // (`the`, `our`), lower-case modifiers (`ancient Athens`, `said Congress`; name particles
    // such as `de` or `van` stay) and, except in times, numbers (`43 million Americans`).
    // A lower-case word that is not a proper noun nor a name particle.
    auto common_lower = [&](const ConlluWord& w) {
      const unsigned char c = static_cast<unsigned char>(w.form[0]);
      return c >= 'a' && c <= 'z' && w.upos != "PROPN" &&
             !In(w.form, {"de", "van", "von", "der", "den", "da", "di", "du", "la", "le", "al", "el", "bin", "ibn"});
    };
    auto leading = [&](int i) {
      const ConlluWord& w = s.words[static_cast<size_t>(i)];
      if (w.xpos == "DT" || w.xpos == "PRP$" || w.xpos == "POS" || punct(i)) return true;
      if (m.type != "time" && w.upos == "NUM") return true;
      return common_lower(w);
    };
    while (a < head && leading(a)) ++a;
    // A description before the name ends with its last lower-case word (`US political activist
    // and philosopher [Noam Chomsky]`, `US team [Cloud9]`); times keep theirs.
    if (m.type != "time") {
      int cut = a;
      for (int i = a; i < head; ++i) {
        const ConlluWord& w = s.words[static_cast<size_t>(i)];
        if (common_lower(w) && w.upos != "ADP" && w.upos != "DET" && w.upos != "CCONJ") cut = i + 1;
      }
      a = cut;
      while (a < head && leading(a)) ++a;
    }
    while (b - 1 > head && (s.words[static_cast<size_t>(b - 1)].xpos == "POS" || punct(b - 1))) --b;
    bool no_name = false;
    if (extent == SpanExtent::kName && m.type == "person") {
      // Leading words in the subtree of an `nmod:desc` dependent of a word of the name.
      auto in_title = [&](int i) {
        for (int k = i, steps = 0; steps < n; ++steps) {
          const ConlluWord& w = s.words[static_cast<size_t>(k)];
          const int h = w.head - 1;
          if (h < a || h >= b) return false;
          if (w.deprel == "nmod:desc" && h > k) return true;
          k = h;
        }
        return false;
      };
      while (a < head && (in_title(a) || leading(a))) ++a;
      // An office of a place or organisation (`President of the United States`) names no one,
      // and does not hide the place inside it (SplitOfficeTitles does the same to predictions).
      auto lower = [&](int i) { return LowerAscii(s.words[static_cast<size_t>(i)].form); };
      int of = a;
      while (of < b && IsOfficeTitleWord(lower(of))) ++of;
      if (of > a && of + 1 < b && lower(of) == "of") continue;
      no_name = true;
      for (int i = a; i < b && no_name; ++i)
        no_name = punct(i) || s.words[static_cast<size_t>(i)].xpos == "DT" || IsPersonTitleWord(lower(i));
    }
    std::string type;
    std::vector<std::string_view> words;
    for (int i = a; i < b; ++i) words.push_back(s.words[static_cast<size_t>(i)].form);
    if (m.type == "person") {
      type = hw.xpos == "NNPS" ? "NORP" : "PERSON";
    } else if (m.type == "organization") {
      type = "ORG";
    } else if (m.type == "place") {
      type = PlaceType(words);
    } else if (m.type == "event") {
      type = "EVENT";
    } else if (m.type == "object") {
      type = "PRODUCT";
    } else if (m.type == "time") {
      bool clock = false, date = false;
      for (size_t i = 0; i < words.size(); ++i) {
        std::string_view w = words[i];
        if (In(w, {"a.m.", "p.m.", "am", "pm", "AM", "PM", "o'clock"}) ||
            (HasDigit(w) && w.find(':') != std::string_view::npos))
          clock = true;
        if (IsMonthOrDay(w) || HasDigit(w)) date = true;
      }
      if (clock) type = "TIME";
      else if (date) type = "DATE";
      else continue;  // "the Future", "Winter": not a date, and not a name worth blocking
    }
    if (no_name) type.clear();
    cands.push_back({a, b, type});
  }
  // Outermost first (mentions are sorted by first, then longest), non-overlapping.
  std::vector<Cand> kept;
  std::stable_sort(cands.begin(), cands.end(), [](const Cand& x, const Cand& y) {
    return (x.last - x.first) > (y.last - y.first);
  });
  for (const Cand& c : cands) {
    bool overlaps = std::any_of(kept.begin(), kept.end(),
                                [&](const Cand& k) { return c.first < k.last && k.first < c.last; });
    if (!overlaps) kept.push_back(c);
  }
  for (const Cand& c : kept)
    if (!c.type.empty())
      out.push_back({static_cast<uint32_t>(c.first), static_cast<uint32_t>(c.last), c.type});
  std::sort(out.begin(), out.end());
  return out;
}

Result<std::vector<Iob2Sentence>> ParseIob2(std::string_view text, const std::string& name) {
  std::vector<Iob2Sentence> out;
  Iob2Sentence cur;
  std::string open_type;
  uint32_t open_first = 0;
  auto close = [&](uint32_t end) {
    if (!open_type.empty()) cur.entities.push_back({open_first, end, open_type});
    open_type.clear();
  };
  auto flush = [&]() {
    close(static_cast<uint32_t>(cur.forms.size()));
    if (!cur.forms.empty()) out.push_back(std::move(cur));
    cur = Iob2Sentence();
  };
  size_t pos = 0, line_no = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      flush();
      if (end == text.size()) break;
      continue;
    }
    if (line[0] == '#') {
      if (cur.forms.empty() && cur.line == 0) cur.line = line_no;
      if (line.rfind("# newdoc", 0) == 0) cur.newdoc = true;
      if (line.rfind("# sent_id = ", 0) == 0) cur.sent_id = std::string(line.substr(12));
      if (line.rfind("# text = ", 0) == 0) cur.text = std::string(line.substr(9));
      continue;
    }
    if (cur.line == 0) cur.line = line_no;
    size_t t1 = line.find('\t');
    size_t t2 = t1 == std::string_view::npos ? t1 : line.find('\t', t1 + 1);
    if (t2 == std::string_view::npos)
      return Status::Error(name + ":" + std::to_string(line_no) + ": expected index, token and tag separated by tabs");
    size_t t3 = line.find('\t', t2 + 1);
    std::string_view form = line.substr(t1 + 1, t2 - t1 - 1);
    std::string_view tag = line.substr(t2 + 1, t3 == std::string_view::npos ? std::string_view::npos : t3 - t2 - 1);
    uint32_t i = static_cast<uint32_t>(cur.forms.size());
    if (tag == "O") {
      close(i);
    } else if (tag.size() > 2 && (tag[0] == 'B' || tag[0] == 'I') && tag[1] == '-') {
      std::string type(tag.substr(2));
      // IOB2: B starts a span; an I that does not continue one of its type starts one too.
      if (tag[0] == 'B' || open_type != type) {
        close(i);
        open_type = type;
        open_first = i;
      }
    } else {
      return Status::Error(name + ":" + std::to_string(line_no) + ": bad tag \"" + std::string(tag) + "\"");
    }
    cur.forms.emplace_back(form);
  }
  flush();
  return out;
}

Result<std::vector<Iob2Sentence>> ReadIob2(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(path + ": cannot open");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return ParseIob2(text, path);
}

std::string_view UnerType(std::string_view ours) {
  if (ours == "PERSON") return "PER";
  if (ours == "ORG") return "ORG";
  if (ours == "GPE" || ours == "LOC" || ours == "FAC") return "LOC";
  return "";
}

void SpanScorer::Add(std::vector<TypedSpan> gold, std::vector<TypedSpan> pred) {
  std::sort(gold.begin(), gold.end());
  std::sort(pred.begin(), pred.end());
  for (const TypedSpan& g : gold) {
    ++total_.gold;
    ++by_type_[g.type].gold;
  }
  for (const TypedSpan& p : pred) {
    ++total_.predicted;
    ++by_type_[p.type].predicted;
    if (std::binary_search(gold.begin(), gold.end(), p)) {
      ++total_.correct;
      ++by_type_[p.type].correct;
    }
  }
}

std::string SpanScorer::Report() const {
  auto line = [](const std::string& label, const Prf& c) {
    char buf[200];
    std::snprintf(buf, sizeof buf, "%-8s P %5.1f  R %5.1f  F1 %5.1f  (gold %zu, predicted %zu, correct %zu)\n",
                  label.c_str(), c.Precision(), c.Recall(), c.F1(), c.gold, c.predicted, c.correct);
    return std::string(buf);
  };
  std::string out = line("all", total_);
  for (const auto& [type, c] : by_type_) out += line(type, c);
  return out;
}

std::vector<TypedSpan> EntitiesIn(const Document& doc, uint32_t first, uint32_t last, bool to_uner,
                                  SpanExtent extent) {
  std::vector<TypedSpan> out;
  for (const EntityMention& e : doc.entities) {
    if (e.first < first || e.last > last) continue;
    std::string type(to_uner ? UnerType(e.type) : e.type);
    if (type.empty()) continue;
    const uint32_t start = extent == SpanExtent::kName ? NameStart(doc, e) : e.first;
    if (start == e.last) continue;
    out.push_back({start - first, e.last - first, type});
  }
  return out;
}

}  // namespace relata::nlp
