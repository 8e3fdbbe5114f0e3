#include "relata/canonical.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <unordered_map>

#include <fmt/core.h>
#include <utf8proc.h>

#include "relata/text.h"
#include "relata/types.h"

namespace relata {
namespace {

bool IsApostrophe(utf8proc_int32_t c) { return c == '\'' || c == 0x2019 || c == 0x02BC || c == 0x2018; }

// The variant table: each row is the key every other key of the row stands for, then the
// other keys (all already canonical keys). Written for relata: the commonest country and
// organisation names of English news with their abbreviations.
constexpr std::array<std::array<std::string_view, 6>, 15> kVariants = {{
    {"united states", "us", "usa", "united states of america", "", ""},
    {"united kingdom", "uk", "britain", "great britain",
     "united kingdom of great britain and northern ireland", ""},
    {"united nations", "un", "", "", "", ""},
    {"european union", "eu", "", "", "", ""},
    {"nato", "north atlantic treaty organization", "north atlantic treaty organisation", "", "", ""},
    {"russia", "russian federation", "", "", "", ""},
    {"soviet union", "ussr", "", "", "", ""},
    {"united arab emirates", "uae", "", "", "", ""},
    {"china", "peoples republic of china", "prc", "", "", ""},
    {"international monetary fund", "imf", "", "", "", ""},
    {"world health organization", "world health organisation", "", "", "", ""},
    {"federal bureau of investigation", "fbi", "", "", "", ""},
    {"central intelligence agency", "cia", "", "", "", ""},
    {"national aeronautics and space administration", "nasa", "", "", "", ""},
    {"democratic republic of the congo", "drc", "dr congo", "democratic republic of congo", "", ""},
}};

// Demonym (canonical key) -> country name. Only unambiguous adjectives of sovereign states.
constexpr std::array<std::pair<std::string_view, std::string_view>, 62> kDemonyms = {{
    {"afghan", "Afghanistan"},   {"american", "United States"}, {"argentine", "Argentina"},
    {"armenian", "Armenia"},     {"australian", "Australia"},   {"austrian", "Austria"},
    {"azerbaijani", "Azerbaijan"}, {"belarusian", "Belarus"},   {"belgian", "Belgium"},
    {"brazilian", "Brazil"},     {"british", "United Kingdom"}, {"bulgarian", "Bulgaria"},
    {"canadian", "Canada"},      {"chinese", "China"},          {"colombian", "Colombia"},
    {"croatian", "Croatia"},     {"cuban", "Cuba"},             {"czech", "Czech Republic"},
    {"danish", "Denmark"},       {"dutch", "Netherlands"},      {"egyptian", "Egypt"},
    {"estonian", "Estonia"},     {"ethiopian", "Ethiopia"},     {"finnish", "Finland"},
    {"french", "France"},        {"german", "Germany"},         {"greek", "Greece"},
    {"hungarian", "Hungary"},    {"indian", "India"},           {"indonesian", "Indonesia"},
    {"iranian", "Iran"},         {"iraqi", "Iraq"},             {"irish", "Ireland"},
    {"israeli", "Israel"},       {"italian", "Italy"},          {"japanese", "Japan"},
    {"jordanian", "Jordan"},     {"kenyan", "Kenya"},           {"latvian", "Latvia"},
    {"lebanese", "Lebanon"},     {"libyan", "Libya"},           {"lithuanian", "Lithuania"},
    {"mexican", "Mexico"},       {"nigerian", "Nigeria"},       {"norwegian", "Norway"},
    {"pakistani", "Pakistan"},   {"polish", "Poland"},          {"portuguese", "Portugal"},
    {"romanian", "Romania"},     {"russian", "Russia"},         {"saudi", "Saudi Arabia"},
    {"serbian", "Serbia"},       {"spanish", "Spain"},          {"sudanese", "Sudan"},
    {"swedish", "Sweden"},       {"swiss", "Switzerland"},      {"syrian", "Syria"},
    {"turkish", "Turkey"},       {"ukrainian", "Ukraine"},      {"venezuelan", "Venezuela"},
    {"vietnamese", "Vietnam"},   {"yemeni", "Yemen"},
}};

const std::unordered_map<std::string_view, std::string_view>& VariantMap() {
  static const auto* m = [] {
    auto* out = new std::unordered_map<std::string_view, std::string_view>;
    for (const auto& row : kVariants)
      for (std::string_view k : row)
        if (!k.empty()) out->emplace(k, row[0]);
    return out;
  }();
  return *m;
}

bool IsBlankOrComment(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  return i == line.size() || line[i] == '#';
}

// Splits a file's text into lines (LF or CRLF), calling f(line, number) until it fails.
template <typename F>
Status ForEachLine(std::string_view text, std::string_view name, F&& f) {
  if (size_t bad = Utf8Error(text); bad != std::string_view::npos) {
    uint32_t line = 1 + static_cast<uint32_t>(std::count(text.begin(), text.begin() + static_cast<long>(bad), '\n'));
    return Status::Error(fmt::format("{}:{}: invalid UTF-8", name, line));
  }
  uint32_t number = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++number;
    pos = end + 1;
    if (IsBlankOrComment(line)) continue;
    if (Status s = f(line, number); !s.ok()) return s;
  }
  return Status::Ok();
}

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (true) {
    size_t t = line.find('\t', pos);
    out.push_back(line.substr(pos, t == std::string_view::npos ? std::string_view::npos : t - pos));
    if (t == std::string_view::npos) break;
    pos = t + 1;
  }
  return out;
}

Result<std::string> ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(fmt::format("{}: cannot open", path));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Status::Error(fmt::format("{}: read error", path));
  return ss.str();
}

}  // namespace

std::string CanonicalKey(std::string_view name) {
  std::string key = NameKey(name);
  bool ascii = std::all_of(key.begin(), key.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (!ascii)
    key = Utf8procMap(key, UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_STRIPMARK |
                       UTF8PROC_CASEFOLD);
  std::string out;
  out.reserve(key.size());
  bool pending = false;
  auto put = [&](const char* p, size_t n) {
    if (pending && !out.empty()) out.push_back(' ');
    pending = false;
    out.append(p, n);
  };
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(key.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(key.size());
  while (left > 0) {
    utf8proc_int32_t c;
    utf8proc_ssize_t n = utf8proc_iterate(p, left, &c);
    if (n <= 0) break;  // not reached for valid UTF-8
    if (c == '.' || IsApostrophe(c)) {
      // dropped: "u.s" -> "us", "o'neil" -> "oneil"
    } else if (c == '&' || c == '+' || c == '#' || c == '@') {
      put(reinterpret_cast<const char*>(p), static_cast<size_t>(n));
    } else {
      utf8proc_category_t cat = utf8proc_category(c);
      bool word = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
                  (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
      if (word) put(reinterpret_cast<const char*>(p), static_cast<size_t>(n));
      else pending = true;
    }
    p += n;
    left -= n;
  }
  return out;
}

std::string_view VariantKey(std::string_view canonical_key) {
  const auto& m = VariantMap();
  auto it = m.find(canonical_key);
  return it == m.end() ? canonical_key : it->second;
}

bool IsAcronymForm(std::string_view s) {
  size_t letters = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') {
      ++letters;
    } else if (c == '.' && i > 0 && s[i - 1] >= 'A' && s[i - 1] <= 'Z') {
      continue;
    } else {
      return false;
    }
  }
  return letters >= 2 && letters <= 6;
}

std::string Initials(std::string_view s) {
  std::string out;
  size_t words = 0;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '-' || s[i] == '\t')) ++i;
    if (i >= s.size()) break;
    size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '-' && s[j] != '\t') ++j;
    std::string_view w = s.substr(i, j - i);
    i = j;
    // Leading punctuation ("(", quotes) is not the word's letter.
    while (!w.empty() && !((w[0] >= 'A' && w[0] <= 'Z') || (w[0] >= 'a' && w[0] <= 'z') ||
                           (w[0] >= '0' && w[0] <= '9') || static_cast<unsigned char>(w[0]) >= 0x80))
      w.remove_prefix(1);
    if (w.empty()) continue;
    unsigned char c = static_cast<unsigned char>(w[0]);
    if (c >= 0x80) return "";  // a capital outside ASCII: no initials (conservative)
    if (c >= 'A' && c <= 'Z') {
      out.push_back(static_cast<char>(c - 'A' + 'a'));
      ++words;
    }
  }
  return words >= 2 ? out : std::string();
}

std::string_view DemonymCountry(std::string_view canonical_key) {
  for (const auto& [d, country] : kDemonyms)
    if (d == canonical_key) return country;
  return {};
}

bool IsPronounKey(std::string_view k) {
  static constexpr std::array<std::string_view, 27> kPronouns = {
      "i",    "me",   "we",    "us",   "you",   "he",    "him",   "she",  "her",
      "it",   "they", "them",  "who",  "whom",  "which", "that",  "this", "these",
      "those", "my",  "our",   "your", "his",   "its",   "their", "one",  "there"};
  return std::find(kPronouns.begin(), kPronouns.end(), k) != kPronouns.end();
}

std::string_view TypeClass(std::string_view t) {
  if (t == "ORG" || t == "GPE" || t == "LOC" || t == "FAC" || t == "NORP") return "ORG-PLACE";
  return t;
}

bool TypeWinsTie(std::string_view a, std::string_view b) {
  static constexpr std::array<std::string_view, 5> kOrder = {"GPE", "ORG", "LOC", "FAC", "NORP"};
  auto rank = [](std::string_view t) {
    for (size_t i = 0; i < kOrder.size(); ++i)
      if (kOrder[i] == t) return i;
    return kOrder.size();
  };
  size_t ra = rank(a), rb = rank(b);
  return ra != rb ? ra < rb : a < b;
}

std::string CanonicalIdIri(std::string_view id) {
  if (id.rfind("http://", 0) == 0 || id.rfind("https://", 0) == 0) {
    size_t scheme = id.find("://") + 3;
    if (id.size() <= scheme) return "";
    for (unsigned char c : id)
      if (c <= 0x20 || c == 0x7F || std::string_view("<>\"{}|^`\\").find(static_cast<char>(c)) !=
                                        std::string_view::npos)
        return "";
    return std::string(id);
  }
  if (id.rfind("wd:", 0) == 0 && id.size() > 4 && (id[3] == 'Q' || id[3] == 'P' || id[3] == 'L') &&
      id.size() <= 20) {
    for (size_t i = 4; i < id.size(); ++i)
      if (id[i] < '0' || id[i] > '9') return "";
    return "http://www.wikidata.org/entity/" + std::string(id.substr(3));
  }
  return "";
}

Result<std::vector<AliasEntry>> ParseAliases(std::string_view text, std::string_view name) {
  std::vector<AliasEntry> out;
  std::map<std::string, size_t> by_form;   // canonical key of the form -> entry
  std::map<std::string, size_t> by_id;     // id -> first entry
  Status s = ForEachLine(text, name, [&](std::string_view line, uint32_t n) -> Status {
    auto fields = SplitTabs(line);
    auto err = [&](const std::string& why) { return Status::Error(fmt::format("{}:{}: {}", name, n, why)); };
    if (fields.size() < 3 || fields.size() > 4)
      return err(fmt::format("expected 3 or 4 tab-separated fields (form, canonical id, label[, type]), got {}",
                             fields.size()));
    AliasEntry e;
    e.form = CleanSurface(fields[0]);
    e.id = CleanSurface(fields[1]);
    e.label = CleanSurface(fields[2]);
    e.line = n;
    if (fields.size() == 4) {
      e.type = CanonicalType(CleanSurface(fields[3]));
      if (e.type.empty()) return err("empty type (leave the fourth field out for none)");
    }
    std::string key = CanonicalKey(e.form);
    if (key.empty()) return err("empty surface form");
    if (e.label.empty() || NameKey(e.label).empty()) return err("empty label");
    e.iri = CanonicalIdIri(e.id);
    if (e.iri.empty())
      return err(fmt::format("canonical id \"{}\" is neither an http(s) IRI nor wd:Q<digits>", e.id));
    if (auto it = by_id.find(e.id); it != by_id.end()) {
      const AliasEntry& prev = out[it->second];
      if (prev.label != e.label)
        return err(fmt::format("canonical id {} has the label \"{}\" on line {}", e.id, prev.label, prev.line));
      if (prev.type != e.type)
        return err(fmt::format("canonical id {} has the type \"{}\" on line {}", e.id, prev.type, prev.line));
    }
    if (auto it = by_form.find(key); it != by_form.end()) {
      const AliasEntry& prev = out[it->second];
      if (prev.id != e.id || prev.type != e.type)
        return err(fmt::format("form \"{}\" already maps to {} (line {})", e.form, prev.id, prev.line));
      return Status::Ok();  // the same mapping again
    }
    by_id.emplace(e.id, out.size());
    by_form.emplace(key, out.size());
    out.push_back(std::move(e));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<AliasEntry>> LoadAliases(const std::string& path) {
  auto text = ReadAll(path);
  if (!text.ok()) return text.status();
  return ParseAliases(*text, path);
}

bool LooksLikeNodeId(std::string_view item) {
  size_t colon = item.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == item.size()) return false;
  for (size_t i = 0; i < item.size(); ++i) {
    if (i == colon) continue;
    char c = item[i];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

Result<std::vector<KeepApartEntry>> ParseKeepApart(std::string_view text, std::string_view name) {
  std::vector<KeepApartEntry> out;
  Status s = ForEachLine(text, name, [&](std::string_view line, uint32_t n) -> Status {
    auto fields = SplitTabs(line);
    auto err = [&](const std::string& why) { return Status::Error(fmt::format("{}:{}: {}", name, n, why)); };
    if (fields.size() != 2)
      return err(fmt::format("expected 2 tab-separated items (two forms, or a node id and a form), got {}",
                             fields.size()));
    KeepApartEntry e{CleanSurface(fields[0]), CleanSurface(fields[1]), n};
    for (const std::string* item : {&e.a, &e.b})
      if (!LooksLikeNodeId(*item) && CanonicalKey(*item).empty()) return err("empty item");
    if (LooksLikeNodeId(e.a) && LooksLikeNodeId(e.b))
      return err("two node ids: give at least one surface form");
    if (!LooksLikeNodeId(e.a) && !LooksLikeNodeId(e.b) && CanonicalKey(e.a) == CanonicalKey(e.b))
      return err(fmt::format("\"{}\" and \"{}\" are the same name", e.a, e.b));
    out.push_back(std::move(e));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<KeepApartEntry>> LoadKeepApart(const std::string& path) {
  auto text = ReadAll(path);
  if (!text.ok()) return text.status();
  return ParseKeepApart(*text, path);
}

}  // namespace relata
