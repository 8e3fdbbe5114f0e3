#include "nlp/lemmatizer.h"

#include <algorithm>

#include <xxhash.h>

#include "nlp/bytes.h"

namespace relata {
namespace nlp {

std::string LowerAscii(std::string_view s) {
  std::string o(s);
  for (char& c : o)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return o;
}

LemmaRule LemmaRuleFor(std::string_view form, std::string_view lemma) {
  auto lcp = [](std::string_view a, std::string_view b) {
    size_t n = 0;
    while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
    return n;
  };
  std::string lower = LowerAscii(form);
  size_t keep = lcp(form, lemma), low = lcp(lower, lemma);
  LemmaRule r;
  r.lower = low > keep;
  size_t n = r.lower ? low : keep;
  r.strip = static_cast<uint32_t>(form.size() - n);
  r.append = std::string(lemma.substr(n));
  return r;
}

bool ApplyLemmaRule(const LemmaRule& r, std::string_view form, std::string& out) {
  if (r.strip > form.size()) return false;
  if (r.lower) out = LowerAscii(form);
  else out.assign(form);
  out.resize(form.size() - r.strip);
  out += r.append;
  return !out.empty();
}

uint64_t LemmaKey(std::string_view tag, std::string_view suffix) {
  return XXH3_64bits_withSeed(suffix.data(), suffix.size(),
                              XXH3_64bits(tag.data(), tag.size()) ^ 0x4C454D4D41ull);
}

}  // namespace nlp

Result<std::unique_ptr<Lemmatizer>> Lemmatizer::Load(const std::string& path) {
  auto m = nlp::ModelFile::Load(path, "lemmatizer");
  if (!m.ok()) return m.status();
  auto l = FromModel(*m, true);
  if (!l.ok()) return l.status().With(path);
  return l;
}

Result<std::unique_ptr<Lemmatizer>> Lemmatizer::FromModel(const nlp::ModelFile& m, bool check_self_tests) {
  if (m.component_version != nlp::kLemmatizerVersion)
    return Status::Error("lemmatizer layout version " + std::to_string(m.component_version) +
                         " is not supported (expected " + std::to_string(nlp::kLemmatizerVersion) + ")");
  const std::string* rules = m.Section("rules");
  const std::string* table = m.Section("table");
  if (!rules || !table) return Status::Error("lemmatizer model lacks a section (rules, table)");
  std::unique_ptr<Lemmatizer> l(new Lemmatizer());
  {
    nlp::ByteReader r(*rules, "section rules");
    uint32_t n = r.U32();
    r.Count(n, 6);
    for (uint32_t i = 0; i < n && r.ok(); ++i) {
      nlp::LemmaRule rule;
      uint8_t lower = r.U8();
      if (r.ok() && lower > 1) r.Fail("bad case flag");
      rule.lower = lower == 1;
      rule.strip = r.U8();
      rule.append = std::string(r.Str());
      l->rules_.push_back(std::move(rule));
    }
    if (r.ok() && !r.at_end()) r.Fail("trailing bytes");
    if (!r.ok()) return r.status();
  }
  {
    nlp::ByteReader r(*table, "section table");
    uint32_t n = r.U32();
    r.Count(n, 12);
    for (uint32_t i = 0; i < n && r.ok(); ++i) {
      uint64_t key = r.U64();
      uint32_t rule = r.U32();
      if (r.ok() && rule >= l->rules_.size()) r.Fail("rule index out of range");
      l->table_.emplace(key, rule);
    }
    if (r.ok() && !r.at_end()) r.Fail("trailing bytes");
    if (!r.ok()) return r.status();
  }
  if (check_self_tests) {
    for (const nlp::SelfTest& st : m.self_tests) {
      std::string got = l->SelfTestOutput(st.input);
      if (got != st.expected)
        return Status::Error("lemmatizer self-test failed on \"" + st.input + "\": expected \"" +
                             st.expected + "\", got \"" + got + "\"");
    }
  }
  return l;
}

std::string Lemmatizer::Lemma(std::string_view form, std::string_view xpos, std::string_view upos) const {
  std::string_view tag = xpos.empty() ? upos : xpos;
  std::string out;
  if (form.empty()) return out;
  std::string key = "^";
  key += nlp::LowerAscii(form);
  std::string_view lower = std::string_view(key).substr(1);
  auto try_key = [&](std::string_view suffix) {
    auto it = table_.find(nlp::LemmaKey(tag, suffix));
    return it != table_.end() && nlp::ApplyLemmaRule(rules_[it->second], form, out);
  };
  if (try_key(key)) return out;
  for (size_t len = std::min(lower.size(), nlp::kLemmaMaxSuffix) + 1; len-- > 0;)
    if (try_key(lower.substr(lower.size() - len))) return out;
  // A tag the model has never seen: proper nouns keep their form, the rest is lower-cased.
  if (upos == "PROPN" || xpos == "NNP" || xpos == "NNPS") return std::string(form);
  return std::string(lower);
}

void Lemmatizer::Lemmatize(Document& doc) const {
  for (Token& t : doc.tokens) t.lemma = Lemma(t.form, t.xpos, t.upos);
}

std::string Lemmatizer::SelfTestOutput(const std::string& input) const {
  std::string out;
  std::string_view s = input;
  while (!s.empty()) {
    size_t sp = s.find(' ');
    std::string_view item = s.substr(0, sp);
    if (!item.empty()) {
      // form/XPOS/UPOS, split at the last two slashes (forms may contain '/').
      size_t b = item.rfind('/');
      size_t a = b == std::string_view::npos || b == 0 ? std::string_view::npos : item.rfind('/', b - 1);
      std::string lemma = a == std::string_view::npos
                              ? Lemma(item, "", "")
                              : Lemma(item.substr(0, a), item.substr(a + 1, b - a - 1), item.substr(b + 1));
      if (!out.empty()) out += ' ';
      out += lemma;
    }
    if (sp == std::string_view::npos) break;
    s.remove_prefix(sp + 1);
  }
  return out;
}

}  // namespace relata
