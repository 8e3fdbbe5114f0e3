// WordNet's nouns (Debian's wordnet-base, /usr/share/wordnet), read when training the
// recogniser's layout 5 (docs/ner.md): the supersense of each noun's first sense. Training code
// only: the recogniser's model keeps what it learns from them (hashed nouns with an entity
// type), never the database.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace relata::train {

// Where Debian's wordnet-base installs the database.
inline constexpr const char* kWordNetDir = "/usr/share/wordnet";

// For each single-word noun lemma of index.noun (lower case, as WordNet lists it), the
// lexicographer file (supersense: noun.act 4, noun.event 11, noun.group 14, noun.location 15,
// noun.object 17, noun.person 18, noun.time 28, ...) of its first sense, which WordNet lists
// first because it is the most frequent in its sense-tagged corpus. Missing or unreadable
// files: an empty map.
std::map<std::string, uint8_t> ReadWordNetSupersenses(const std::string& dir);

// WordNet's proper names (words of a synset with a capital letter, `_` read as a space) with
// their lexicographer file and whether the synset is an instance (has an `@i` pointer: `Paris`
// is an instance of a national capital), in data.noun's order. Missing file: empty.
struct WordNetName {
  std::string words;
  uint8_t lexfile = 0;
  bool instance = false;
  bool first_sense = false;  // the synset is the word's first (most frequent) sense in index.noun
};
std::vector<WordNetName> ReadWordNetNames(const std::string& dir);

}  // namespace relata::train
