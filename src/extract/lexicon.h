// Small closed word lists the extractor needs (docs/extraction.md): hedging auxiliaries and
// adverbs, speech verbs, adverbs that are arguments, and event nouns with their verbs (titles:
// nlp/titles.h).
// All lookups take lower-case words. Also the two string helpers the extractor's files share.
#pragma once

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <utility>

#include "nlp/titles.h"

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
