#include "nlp/conllu.h"

#include <charconv>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <fmt/core.h>

namespace relata::nlp {
namespace {

bool ParseInt(std::string_view s, int& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> f;
  size_t start = 0;
  for (;;) {
    size_t tab = line.find('\t', start);
    f.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return f;
}

}  // namespace

std::string_view Attribute(std::string_view column, std::string_view key) {
  size_t pos = 0;
  while (pos <= column.size()) {
    size_t bar = column.find('|', pos);
    std::string_view item = column.substr(pos, bar == std::string_view::npos ? std::string_view::npos : bar - pos);
    if (item.size() > key.size() && item.substr(0, key.size()) == key && item[key.size()] == '=')
      return item.substr(key.size() + 1);
    if (bar == std::string_view::npos) break;
    pos = bar + 1;
  }
  return {};
}

Result<std::vector<ConlluSentence>> ParseConllu(std::string_view text, const std::string& name) {
  std::vector<ConlluSentence> out;
  ConlluSentence cur;
  bool in_sentence = false;
  size_t line_no = 0, pos = 0;
  auto fail = [&](const std::string& why) {
    return Status::Error(fmt::format("{}:{}: {}", name, line_no, why));
  };
  auto finish = [&]() -> Status {
    if (!in_sentence) return Status::Ok();
    if (cur.words.empty()) return fail("sentence without words");
    for (const auto& w : cur.words)
      if (w.head < 0 || w.head > static_cast<int>(cur.words.size()))
        return fail(fmt::format("head {} out of range in the sentence ending here", w.head));
    out.push_back(std::move(cur));
    cur = ConlluSentence();
    in_sentence = false;
    return Status::Ok();
  };
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      if (Status s = finish(); !s.ok()) return s;
      continue;
    }
    if (!in_sentence) {
      in_sentence = true;
      cur.line = line_no;
    }
    if (line[0] == '#') {
      std::string_view c = line.substr(1);
      if (!c.empty() && c[0] == ' ') c.remove_prefix(1);
      cur.comments.emplace_back(c);
      if (c.rfind("sent_id = ", 0) == 0) cur.sent_id = std::string(c.substr(10));
      else if (c.rfind("text = ", 0) == 0) cur.text = std::string(c.substr(7));
      else if (c.rfind("newdoc", 0) == 0) cur.newdoc = true;
      else if (c.rfind("newpar", 0) == 0) cur.newpar = true;
      continue;
    }
    auto f = SplitTabs(line);
    if (f.size() != 10) return fail(fmt::format("{} columns, CoNLL-U has 10", f.size()));
    std::string_view id = f[0];
    if (id.find('.') != std::string_view::npos) continue;  // empty node (enhanced graphs only)
    size_t dash = id.find('-');
    if (dash != std::string_view::npos) {
      int a, b;
      if (!ParseInt(id.substr(0, dash), a) || !ParseInt(id.substr(dash + 1), b) || b < a ||
          a != static_cast<int>(cur.words.size()) + 1)
        return fail(fmt::format("bad range id \"{}\"", id));
      ConlluMwt m;
      m.first = a - 1;
      m.last = b - 1;
      m.form = std::string(f[1]);
      m.space_after = Attribute(f[9], "SpaceAfter") != "No";
      cur.mwts.push_back(std::move(m));
      continue;
    }
    int n;
    if (!ParseInt(id, n) || n != static_cast<int>(cur.words.size()) + 1)
      return fail(fmt::format("word id \"{}\" out of sequence", id));
    ConlluWord w;
    w.form = std::string(f[1]);
    w.lemma = std::string(f[2]);
    w.upos = std::string(f[3]);
    w.xpos = std::string(f[4]);
    w.feats = std::string(f[5]);
    if (f[6] == "_") w.head = 0;
    else if (!ParseInt(f[6], w.head)) return fail(fmt::format("bad head \"{}\"", f[6]));
    w.deprel = std::string(f[7]);
    w.deps = std::string(f[8]);
    w.misc = std::string(f[9]);
    w.space_after = Attribute(w.misc, "SpaceAfter") != "No";
    if (!cur.mwts.empty() && cur.mwts.back().last >= n - 1 && cur.mwts.back().first <= n - 1) {
      w.mwt = static_cast<int>(cur.mwts.size()) - 1;
      // Inside a multi-word token the words have no space between them; the last takes the
      // token's SpaceAfter.
      w.space_after = (n - 1 == cur.mwts.back().last) ? cur.mwts.back().space_after : false;
    }
    cur.words.push_back(std::move(w));
  }
  if (Status s = finish(); !s.ok()) return s;
  return out;
}

Result<std::vector<ConlluSentence>> ReadConllu(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(fmt::format("{}: cannot open", path));
  std::stringstream ss;
  ss << in.rdbuf();
  return ParseConllu(ss.str(), path);
}

std::string RawText(const std::vector<ConlluSentence>& sentences) {
  std::string text;
  for (size_t s = 0; s < sentences.size(); ++s) {
    const ConlluSentence& sent = sentences[s];
    if (s > 0) {
      if (sent.newdoc || sent.newpar) {
        while (!text.empty() && text.back() == ' ') text.pop_back();
        text += "\n\n";
      } else if (!text.empty() && text.back() != ' ') {
        text += ' ';
      }
    }
    for (size_t i = 0; i < sent.words.size(); ++i) {
      const ConlluWord& w = sent.words[i];
      if (w.mwt >= 0) {
        const ConlluMwt& m = sent.mwts[static_cast<size_t>(w.mwt)];
        if (static_cast<int>(i) != m.first) continue;
        text += m.form;
        if (m.space_after) text += ' ';
        continue;
      }
      text += w.form;
      if (w.space_after) text += ' ';
    }
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

Document DocumentFromConllu(const std::vector<ConlluSentence>& sentences) {
  Document doc;
  std::string& text = doc.text;
  for (size_t s = 0; s < sentences.size(); ++s) {
    const ConlluSentence& sent = sentences[s];
    if (s > 0) {
      if (sent.newdoc || sent.newpar) {
        while (!text.empty() && text.back() == ' ') text.pop_back();
        text += "\n\n";
      } else if (!text.empty() && text.back() != ' ') {
        text += ' ';
      }
    }
    Sentence range;
    range.first = static_cast<uint32_t>(doc.tokens.size());
    for (size_t i = 0; i < sent.words.size(); ++i) {
      const ConlluWord& w = sent.words[i];
      Token t;
      t.form = w.form;
      t.space_after = w.space_after;
      if (w.mwt >= 0) {
        // Words of a multi-word token share its surface; each gets the part that spells it
        // when the forms concatenate to the surface, else the whole token span.
        const ConlluMwt& m = sent.mwts[static_cast<size_t>(w.mwt)];
        if (static_cast<int>(i) == m.first) {
          size_t start = text.size();
          text += m.form;
          size_t off = start;
          bool spells = true;
          std::string joined;
          for (int k = m.first; k <= m.last; ++k) joined += sent.words[static_cast<size_t>(k)].form;
          spells = joined == m.form;
          for (int k = m.first; k <= m.last; ++k) {
            Token u;
            const ConlluWord& wk = sent.words[static_cast<size_t>(k)];
            u.form = wk.form;
            u.space_after = wk.space_after;
            u.begin = static_cast<uint32_t>(spells ? off : start);
            off += wk.form.size();
            u.end = static_cast<uint32_t>(spells ? off : start + m.form.size());
            doc.tokens.push_back(std::move(u));
          }
          if (m.space_after) text += ' ';
        }
        continue;
      }
      t.begin = static_cast<uint32_t>(text.size());
      text += w.form;
      t.end = static_cast<uint32_t>(text.size());
      if (w.space_after) text += ' ';
      doc.tokens.push_back(std::move(t));
    }
    range.last = static_cast<uint32_t>(doc.tokens.size());
    doc.sentences.push_back(range);
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return doc;
}

}  // namespace relata::nlp
