// Names that mean the same entity within one document (include/relata/extract.h,
// docs/coreference.md "Names"): a later surname or a shorter form of a person's name, an
// acronym defined in brackets after the full name, a title alone, a given name alone, and an
// organisation's head word alone.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "extract/lexicon.h"
#include "nlp/ner.h"
#include "relata/extract.h"

namespace relata {
namespace {

using sv = std::string_view;

// The mention's words as written, without a leading "the" and a trailing possessive or
// punctuation; for a person, from where the name starts (titles left out).
std::vector<uint32_t> NameTokens(const Document& doc, const EntityMention& m) {
  uint32_t a = PersonNameStart(doc, m), b = m.last;
  while (a < b && AsciiLower(doc.tokens[a].form) == "the") ++a;
  while (b > a && (doc.tokens[b - 1].xpos == "POS" || doc.tokens[b - 1].upos == "PUNCT")) --b;
  std::vector<uint32_t> out;
  for (uint32_t i = a; i < b; ++i) out.push_back(i);
  return out;
}

std::string Text(const Document& doc, const std::vector<uint32_t>& toks) {
  std::string out;
  for (size_t k = 0; k < toks.size(); ++k) {
    const Token& t = doc.tokens[toks[k]];
    if (k > 0 && t.begin > doc.tokens[toks[k - 1]].end) out += ' ';
    out.append(doc.text, t.begin, t.end - t.begin);
  }
  return out;
}

bool IsAcronymWord(sv w) {
  int caps = 0;
  for (char c : w) {
    if (c >= 'A' && c <= 'Z') ++caps;
    else if (!(c == '.' || c == '&')) return false;
  }
  return caps >= 2;
}

// "NATO" for "North Atlantic Treaty Organization", "ISIS" for "Islamic State": the initials
// of the name's capitalised words (function words skipped) appear in the acronym in order,
// the first letters agreeing.
bool AcronymOf(sv acronym, const Document& doc, const std::vector<uint32_t>& name) {
  std::string letters;
  for (char c : acronym)
    if (c >= 'A' && c <= 'Z') letters += c;
  std::string initials;
  for (uint32_t i : name) {
    const std::string& f = doc.tokens[i].form;
    if (f.empty() || !(f[0] >= 'A' && f[0] <= 'Z')) continue;  // "of", "the", "and", "for"
    initials += f[0];
  }
  if (initials.size() < 2 || letters.empty() || letters[0] != initials[0]) return false;
  size_t k = 0;
  for (char c : letters)
    if (k < initials.size() && c == initials[k]) ++k;
  return k == initials.size() && letters.size() <= initials.size() + 2;
}

}  // namespace

std::vector<ResolvedName> ResolveNames(const Document& doc) {
  const auto& ents = doc.entities;
  std::vector<ResolvedName> out(ents.size());
  std::vector<std::vector<uint32_t>> names(ents.size());
  for (size_t m = 0; m < ents.size(); ++m) {
    if (ents[m].last > doc.tokens.size() || ents[m].first >= ents[m].last) continue;
    names[m] = NameTokens(doc, ents[m]);
    out[m].name = out[m].own = Text(doc, names[m]);
    out[m].type = ents[m].type;
    out[m].rule = "name";
  }

  // Acronyms defined in brackets right after a name: "North Atlantic Treaty Organization
  // (NATO)". The acronym becomes the name of every mention of either form in the document
  // (news goes on with the acronym, and other documents use it alone).
  std::map<std::string, size_t> defined;  // acronym -> the mention of the full form
  std::vector<std::string> written(ents.size());
  for (size_t m = 0; m < ents.size(); ++m) written[m] = out[m].name;
  for (size_t m = 0; m < ents.size(); ++m) {
    uint32_t e = ents[m].last;
    if (names[m].size() < 2 || size_t(e) + 2 >= doc.tokens.size()) continue;
    if (doc.tokens[e].form != "(" || doc.tokens[e + 2].form != ")") continue;
    const std::string& acr = doc.tokens[e + 1].form;
    if (!IsAcronymWord(acr) || !AcronymOf(acr, doc, names[m])) continue;
    defined.emplace(acr, m);  // the first definition wins
  }
  for (size_t m = 0; m < ents.size(); ++m) {
    if (names[m].empty()) continue;
    auto it = defined.find(written[m]);
    if (it != defined.end()) {  // the acronym itself
      if (it->second != m) out[m].antecedent = int32_t(it->second);
      out[m].rule = "acronym";
      out[m].type = ents[it->second].type;
      continue;
    }
    for (const auto& [acr, full] : defined)
      if (written[m] == written[full] && ents[m].type == ents[full].type) {  // the full form
        out[m].name = acr;
        out[m].rule = full == m ? "acronym-definition" : "acronym";
        if (full != m) out[m].antecedent = int32_t(full);
      }
  }

  // Name parts: a person mentioned by a part of a fuller name of the document ("Stoltenberg",
  // "Mr. Stoltenberg", "Joshua Norton" for "Joshua Abraham Norton") is that person (and an event
  // its fuller name's: "Phailin" for "Cyclone Phailin"; the types must agree): the last
  // words agree and so does the first word when the short form has two or more. When the
  // fuller names that fit disagree with each other (John Smith, Mary Smith), it stays as it is;
  // otherwise it takes the longest of them.
  auto word = [&](uint32_t i) -> const std::string& { return doc.tokens[i].form; };
  for (size_t m = 0; m < ents.size(); ++m) {
    if ((ents[m].type != "PERSON" && ents[m].type != "EVENT") || names[m].empty()) continue;
    const auto& s = names[m];
    int32_t best = -1;
    bool ambiguous = false;
    for (size_t f = 0; f < ents.size(); ++f) {
      const auto& full = names[f];
      if (f == m || ents[f].type != ents[m].type || full.size() <= s.size()) continue;
      if (word(full.back()) != word(s.back())) continue;
      // A hyphenated surname is three tokens ("Reiss - Andersen" for "Berit Reiss-Andersen"):
      // the short form is the fuller name's last tokens.
      bool hyphenated_suffix = false;
      if (s.size() >= 3 && std::any_of(s.begin(), s.end(), [&](uint32_t i) { return word(i) == "-"; })) {
        hyphenated_suffix = true;
        for (size_t k = 0; k < s.size() && hyphenated_suffix; ++k)
          hyphenated_suffix = word(full[full.size() - s.size() + k]) == word(s[k]);
      }
      if (s.size() >= 2 && !hyphenated_suffix) {
        if (word(full.front()) != word(s.front())) continue;
        // the middle words of the short form appear in the full name in order
        size_t k = 1;
        for (size_t x = 1; x + 1 < full.size() && k + 1 < s.size(); ++x)
          if (word(full[x]) == word(s[k])) ++k;
        if (k + 1 != s.size()) continue;
      }
      if (best >= 0) {
        const auto& b = names[size_t(best)];
        if (word(b.front()) != word(full.front())) ambiguous = true;
        if (full.size() > b.size()) best = int32_t(f);
      } else {
        best = int32_t(f);
      }
    }
    if (best >= 0 && !ambiguous) {
      out[m].name = Text(doc, names[size_t(best)]);
      out[m].antecedent = best;
      out[m].rule = "name-part";
    }
  }

  // Links of a mention that no rule above linked (rule "name") to the one fuller name of the
  // document it can stand for; when two or more different names fit, none is taken. The
  // candidates are indexed by word first, so that a long document costs linear time.
  auto lower = [&](uint32_t i) { return AsciiLower(doc.tokens[i].form); };
  // word -> the first mention that fits and whether another fitting mention has another name.
  struct Target {
    int32_t first = -1;
    bool ambiguous = false;
  };
  using Index = std::map<std::string, Target>;
  auto add = [&](Index& index, const std::string& key, size_t f) {
    Target& t = index[key];
    if (t.first < 0) t.first = int32_t(f);
    else if (out[size_t(t.first)].name != out[f].name) t.ambiguous = true;
  };
  auto find = [](const Index& index, const std::string& key, size_t m) -> int32_t {
    auto it = index.find(key);
    if (it == index.end() || it->second.ambiguous || it->second.first == int32_t(m)) return -1;
    return it->second.first;
  };
  // Fuller names (two words or more): persons by first word, and their last words; organisations
  // by head word (the last word, or the word before "of" of "House of Representatives").
  // None of these mentions is renamed below (the rules below rename one-word mentions and
  // titles alone, which are left out here), so their names are final.
  auto all_titles = [&](const std::vector<uint32_t>& toks) {
    return std::all_of(toks.begin(), toks.end(), [&](uint32_t i) { return IsPersonTitleWord(lower(i)); });
  };
  Index given, org_head;
  std::set<std::string> person_last, other_names;
  for (size_t f = 0; f < ents.size(); ++f) {
    if (names[f].empty()) continue;
    const auto& full = names[f];
    if (ents[f].type != "PERSON") other_names.insert(out[f].own);
    if (full.size() < 2) continue;
    if (ents[f].type == "PERSON" && !all_titles(full)) {
      add(given, word(full.front()), f);
      person_last.insert(word(full.back()));
    } else if (ents[f].type == "ORG") {
      add(org_head, word(full.back()), f);
      if (full.size() >= 3 && lower(full[1]) == "of" && word(full.front()) != word(full.back()))
        add(org_head, word(full.front()), f);
    }
  }
  Index titled;  // title word -> the persons named with it before the mention being resolved
  // The countries of the demonyms the document uses ("Jordanian" -> "Jordan"), computed once.
  std::set<std::string_view> countries;
  bool countries_done = false;
  auto demonym_countries = [&]() -> const std::set<std::string_view>& {
    if (!countries_done) {
      countries_done = true;
      countries = nlp::DemonymCountries(doc);
    }
    return countries;
  };
  auto link = [&](size_t m, int32_t f, sv rule) {
    out[m].name = out[size_t(f)].name;
    out[m].antecedent = f;
    out[m].rule = rule;
  };
  for (size_t m = 0; m < ents.size(); ++m) {
    if (names[m].empty()) continue;
    const auto& s = names[m];
    if (out[m].rule == "name" && ents[m].type == "PERSON") {
      // "title": a person named by a title alone ("the President", "the Emperor") is the one
      // person of the document whose earlier mentions put that title before the name
      // ("President Trump", "Emperor Norton"): the title refers back to them.
      // Not an indefinite one ("a President"), nor a title of something ("Emperor of the United
      // States": a position, which the recogniser cut short).
      const bool title_only =
          all_titles(s) && lower(s.back()) != "of" && lower(s.back()) != "the" &&
          !(ents[m].last < doc.tokens.size() && lower(ents[m].last) == "of") &&
          !(ents[m].first > 0 && (lower(ents[m].first - 1) == "a" || lower(ents[m].first - 1) == "an"));
      if (title_only) {
        if (int32_t f = find(titled, lower(s.back()), m); f >= 0) link(m, f, "title");
      } else if (s.size() == 1 && !IsPersonTitleWord(lower(s[0])) && !other_names.count(out[m].own) &&
                 !person_last.count(word(s[0])) && !demonym_countries().count(out[m].own)) {
        // "given-name": one word that is the first word of one fuller name ("Isabel" for
        // "Isabel Ruiz"), and the last word of none (a surname is name-part's). Nor a word
        // that names something else in the document: another entity's name ("Jordan" the GPE
        // beside "Jordan Mills"), or the country of a demonym the text uses (below).
        if (int32_t f = find(given, word(s[0]), m); f >= 0) link(m, f, "given-name");
      }
    } else if (out[m].rule == "name" && ents[m].type == "ORG" && s.size() == 1 && !IsAcronymWord(word(s[0]))) {
      // "head-word": an organisation named by the head word of one fuller name ("the
      // University" for "Pennsylvania State University", "the House" for "House of
      // Representatives").
      if (int32_t f = find(org_head, word(s[0]), m); f >= 0) link(m, f, "head-word");
    }
    // This mention, now resolved, is a titled person for the mentions after it.
    if (ents[m].type == "PERSON")
      for (uint32_t i = ents[m].first, start = PersonNameStart(doc, ents[m]); i < start; ++i)
        add(titled, lower(i), m);
  }

  // A one-word "person" that is the country of a demonym the same document uses ("Jordan" in
  // a story that speaks of the "Jordanian" minister) is that country: the recogniser took a
  // country for a given name. A name part of a fuller name ("Jordan" for "Michael Jordan")
  // was linked above and is left alone.
  // (The document's words are looked at only when such a one-word name is there to fix.)
  std::vector<size_t> single;
  for (size_t m = 0; m < ents.size(); ++m)
    if (out[m].type == "PERSON" && out[m].rule == "name" && names[m].size() == 1) single.push_back(m);
  for (size_t m : single)
    if (demonym_countries().count(out[m].name)) out[m].type = "GPE";
  return out;
}

}  // namespace relata
