// Titles and forms of address of persons (docs/ner.md, "Names and titles"; docs/merging.md):
// the recogniser's names leave them out (nlp::NameStart), the extractor reads them as roles.
// All lookups take lower-case words.
#pragma once

#include <algorithm>
#include <array>
#include <string_view>

namespace relata {

// Title words that may be tagged PROPN in front of a name ("Secretary General").
inline bool IsTitleWord(std::string_view w) {
  static constexpr std::array<std::string_view, 29> kWords{
      "admiral", "ambassador", "bishop",  "captain",   "chairman", "chancellor", "chief",
      "colonel", "commander",  "director", "general",  "governor", "judge",      "king",
      "leader",  "lieutenant", "mayor",   "minister",  "president", "prime",     "prince",
      "queen",   "secretary",  "senator", "sergeant",  "spokesman", "spokeswoman", "sheikh",
      "speaker"};
  return std::find(kWords.begin(), kWords.end(), w) != kWords.end();
}

// Forms of address, which are stripped from names but are no roles.
inline bool IsHonorific(std::string_view w) {
  if (!w.empty() && w.back() == '.') w.remove_suffix(1);
  static constexpr std::array<std::string_view, 14> kWords{
      "aunt", "brother", "dame", "lady", "lord", "madam", "miss", "mr", "mrs", "ms", "mx", "sir", "sister", "uncle"};
  return std::find(kWords.begin(), kWords.end(), w) != kWords.end();
}

// Ranks of nobility and of rulers (`duke`, `earl`, `emperor`, `sultan`).
inline bool IsRank(std::string_view w) {
  static constexpr std::array<std::string_view, 22> kRanks{
      "archbishop", "baron",   "baroness", "cardinal", "czar",  "duchess", "duke",  "earl",
      "emperor",    "empress", "imam",     "marquess", "pharaoh", "princess", "rabbi", "sultan",
      "tsar",       "viscount", "emir",    "khan",     "shah",  "countess"};
  return std::find(kRanks.begin(), kRanks.end(), w) != kRanks.end();
}

// Words that may stand between a title and a name, or abbreviate a title, inside a person's
// mention ("Foreign Minister", "Secretary of State", "Mr.", "Gen."). A person's own name
// never contains them as words of their own.
inline bool IsPersonTitleWord(std::string_view w) {
  if (!w.empty() && w.back() == '.') w.remove_suffix(1);
  static constexpr std::array<std::string_view, 59> kWords{
      "acting", "administrator", "commissioner", "affairs", "capt", "ceo", "chair", "chairwoman", "coach",
      "col", "defence", "defense", "deputy", "doctor", "dr", "drs", "economy", "envoy", "finance", "foreign",
      "former", "founder", "gen", "gov", "head", "health", "home", "interior", "justice", "lady",
      "lord", "lt", "manager", "mr", "mrs", "ms", "officer", "pope", "pm", "premier", "prof", "professor",
      "rep", "representative", "rev", "reverend", "sen", "senior", "sgt", "sir", "spokesperson", "state",
      "trade", "vice", "of", "the", "secretary-general", "first", "chief"};
  return IsTitleWord(w) || IsHonorific(w) || IsRank(w) || std::find(kWords.begin(), kWords.end(), w) != kWords.end();
}

// An office (`president`, `secretary`, `general`, `foreign`, `minister`): a title word that is
// no form of address and no rank or royal title. `Secretary General of NATO` names an office of
// NATO; `Duke of Wellington` and `Queen of England` name people.
inline bool IsOfficeTitleWord(std::string_view w) {
  if (!w.empty() && w.back() == '.') w.remove_suffix(1);
  return IsPersonTitleWord(w) && !IsHonorific(w) && !IsRank(w) && w != "king" && w != "queen" && w != "prince" &&
         w != "of" && w != "the";
}

}  // namespace relata
