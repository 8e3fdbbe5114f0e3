// Small closed word lists the extractor needs (docs/extraction.md): hedging auxiliaries and
// adverbs, speech verbs, titles, adverbs that are arguments, and event nouns with their verbs.
// All lookups take lower-case words. Also the two string helpers the extractor's files share.
#pragma once

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <utility>

namespace relata {

// The universal part of a dependency label: "nsubj" for "nsubj:pass".
inline std::string_view BaseRelation(std::string_view rel) {
  size_t c = rel.find(':');
  return c == std::string_view::npos ? rel : rel.substr(0, c);
}

// ASCII lower case (the extractor's word lists are ASCII).
inline std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  return out;
}

inline bool IsHedgeAux(std::string_view w) {
  static constexpr std::array<std::string_view, 5> kWords{"could", "may", "might", "should", "would"};
  return std::find(kWords.begin(), kWords.end(), w) != kWords.end();
}

inline bool IsHedgeAdverb(std::string_view w) {
  static constexpr std::array<std::string_view, 11> kWords{
      "allegedly", "apparently", "likely",   "maybe",      "perhaps",  "possibly",
      "presumably", "probably",  "purportedly", "reportedly", "supposedly"};
  return std::find(kWords.begin(), kWords.end(), w) != kWords.end();
}

// Adverbs that name a time or place and so are arguments (CaRB keeps them as such).
inline bool IsTimeOrPlaceAdverb(std::string_view w) {
  static constexpr std::array<std::string_view, 14> kWords{
      "abroad", "ago",   "earlier", "here",     "later", "now",   "overseas",
      "there",  "today", "tomorrow", "tonight", "until", "yesterday", "since"};
  return std::find(kWords.begin(), kWords.end(), w) != kWords.end();
}

// Verbs of saying: a clause that is their complement is attributed to their subject.
inline bool IsSpeechVerb(std::string_view w) {
  static constexpr std::array<std::string_view, 30> kWords{
      "acknowledge", "add",     "admit",    "allege",   "announce", "argue",   "assert",  "believe",
      "claim",       "confirm", "declare",  "deny",     "explain",  "insist",  "maintain", "mention",
      "note",        "reply",   "report",   "reveal",   "say",      "state",   "stress",  "suggest",
      "tell",        "testify", "think",    "warn",     "write",    "predict"};
  return std::find(kWords.begin(), kWords.end(), w) != kWords.end();
}

// Title words that may be tagged PROPN in front of a name ("Secretary General").
inline bool IsTitleWord(std::string_view w) {
  static constexpr std::array<std::string_view, 28> kWords{
      "admiral", "ambassador", "bishop",  "captain",   "chairman", "chancellor", "chief",
      "colonel", "commander",  "director", "general",  "governor", "judge",      "king",
      "leader",  "lieutenant", "mayor",   "minister",  "president", "prime",     "prince",
      "queen",   "secretary",  "senator", "sergeant",  "spokesman", "spokeswoman", "sheikh"};
  return std::find(kWords.begin(), kWords.end(), w) != kWords.end();
}

// Forms of address, which are stripped from names but are no roles.
inline bool IsHonorific(std::string_view w) {
  if (!w.empty() && w.back() == '.') w.remove_suffix(1);
  static constexpr std::array<std::string_view, 9> kWords{"dame", "lady", "lord", "miss", "mr",
                                                         "mrs", "ms", "mx", "sir"};
  return std::find(kWords.begin(), kWords.end(), w) != kWords.end();
}

// Words that may stand between a title and a name, or abbreviate a title, inside a person's
// mention ("Foreign Minister", "Secretary of State", "Mr.", "Gen."). A person's own name
// never contains them as words of their own.
inline bool IsPersonTitleWord(std::string_view w) {
  if (!w.empty() && w.back() == '.') w.remove_suffix(1);
  static constexpr std::array<std::string_view, 54> kWords{
      "acting", "administrator", "commissioner", "affairs", "capt", "ceo", "chairwoman", "coach",
      "col", "defence", "defense", "deputy", "dr", "economy", "envoy", "finance", "foreign",
      "former", "founder", "gen", "gov", "head", "health", "home", "interior", "justice", "lady",
      "lord", "lt", "manager", "mr", "mrs", "ms", "officer", "pope", "premier", "prof", "professor",
      "rep", "representative", "rev", "sen", "senior", "sgt", "sir", "spokesperson", "state",
      "trade", "vice", "of", "the", "secretary-general", "first", "chief"};
  static constexpr std::array<std::string_view, 22> kRanks{
      "archbishop", "baron",   "baroness", "cardinal", "czar",  "duchess", "duke",  "earl",
      "emperor",    "empress", "imam",     "marquess", "pharaoh", "princess", "rabbi", "sultan",
      "tsar",       "viscount", "emir",    "khan",     "shah",  "countess"};
  return IsTitleWord(w) || IsHonorific(w) || std::find(kWords.begin(), kWords.end(), w) != kWords.end() ||
         std::find(kRanks.begin(), kRanks.end(), w) != kRanks.end();
}

// The verb an event noun names ("invasion" -> "invade"), "" for other nouns. Nouns in -ing
// that a verb underlies ("killing", "bombing") map by removing the ending.
inline std::string EventVerb(std::string_view noun) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 34> kNouns{{
      {"acquisition", "acquire"}, {"arrest", "arrest"},       {"assassination", "assassinate"},
      {"attack", "attack"},       {"ban", "ban"},             {"bombardment", "bombard"},
      {"capture", "capture"},     {"condemnation", "condemn"}, {"criticism", "criticise"},
      {"defeat", "defeat"},       {"destruction", "destroy"}, {"election", "elect"},
      {"execution", "execute"},   {"expulsion", "expel"},     {"funding", "fund"},
      {"invasion", "invade"},     {"investigation", "investigate"}, {"kidnapping", "kidnap"},
      {"killing", "kill"},        {"murder", "murder"},       {"nomination", "nominate"},
      {"occupation", "occupy"},   {"prosecution", "prosecute"}, {"purchase", "purchase"},
      {"rescue", "rescue"},       {"release", "release"},     {"sanction", "sanction"},
      {"seizure", "seize"},       {"shooting", "shoot"},      {"support", "support"},
      {"takeover", "take over"},  {"training", "train"},      {"visit", "visit"},
      {"withdrawal", "withdraw"},
  }};
  for (const auto& [n, v] : kNouns)
    if (n == noun) return std::string(v);
  return "";
}

}  // namespace relata
