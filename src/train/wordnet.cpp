// WordNet's noun database (the wndb(5WN) format): docs/ner.md, "Layout 5 becomes the default".
#include "train/wordnet.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <unordered_map>

namespace relata::train {

namespace {

// index.noun: "lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt
// synset_offset..." with the offsets in WordNet's sense order: each lemma's first synset (its
// most frequent sense). Lines that begin with a space are the licence header.
std::unordered_map<std::string, uint64_t> ReadFirstSynsets(const std::string& dir) {
  std::unordered_map<std::string, uint64_t> first_synset;
  std::ifstream in(dir + "/index.noun");
  std::string line, lemma, pos, ptr;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == ' ') continue;
    std::istringstream f(line);
    size_t synsets = 0, pointers = 0, senses = 0, tagged = 0;
    uint64_t first = 0;
    if (!(f >> lemma >> pos >> synsets >> pointers)) continue;
    for (size_t k = 0; k < pointers; ++k) f >> ptr;
    if (f >> senses >> tagged >> first) first_synset[lemma] = first;
  }
  return first_synset;
}

}  // namespace

std::map<std::string, uint8_t> ReadWordNetSupersenses(const std::string& dir) {
  // data.noun: "synset_offset lex_filenum ss_type w_cnt word lex_id ... p_cnt ptr ... | gloss".
  std::unordered_map<uint64_t, uint8_t> lexfile;  // looked up only
  {
    std::ifstream in(dir + "/data.noun");
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == ' ') continue;
      std::istringstream f(line);
      uint64_t offset = 0;
      unsigned file = 0;
      if (f >> offset >> file && file < 64) lexfile[offset] = static_cast<uint8_t>(file);
    }
  }
  std::map<std::string, uint8_t> out;
  if (lexfile.empty()) return out;
  for (const auto& [lemma, first] : ReadFirstSynsets(dir)) {
    if (lemma.find('_') != std::string::npos) continue;
    if (auto it = lexfile.find(first); it != lexfile.end()) out[lemma] = it->second;
  }
  return out;
}

std::vector<WordNetName> ReadWordNetNames(const std::string& dir) {
  // data.noun: "offset lex_filenum ss_type w_cnt(hex) [word lex_id(hex)]... p_cnt [ptr_symbol
  // offset pos source/target]... | gloss".
  std::vector<WordNetName> out;
  const std::unordered_map<std::string, uint64_t> first_synset = ReadFirstSynsets(dir);
  std::ifstream in(dir + "/data.noun");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == ' ') continue;
    std::istringstream f(line);
    std::string offset, type, count_hex, lex_id, ptr, target, pos, st;
    unsigned file = 0;
    if (!(f >> offset >> file >> type >> count_hex) || file >= 64) continue;
    const unsigned long words = std::strtoul(count_hex.c_str(), nullptr, 16);
    const uint64_t this_synset = std::strtoull(offset.c_str(), nullptr, 10);
    std::vector<std::pair<std::string, bool>> names;  // words, first sense
    for (unsigned long k = 0; k < words; ++k) {
      std::string w;
      if (!(f >> w >> lex_id)) break;
      std::string key = w;
      for (char& c : key) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      auto it = first_synset.find(key);
      const bool first = it != first_synset.end() && it->second == this_synset;
      bool capital = false;
      for (char& c : w) {
        if (c == '_') c = ' ';
        capital |= c >= 'A' && c <= 'Z';
      }
      if (capital) names.push_back({std::move(w), first});
    }
    if (names.empty()) continue;
    size_t pointers = 0;
    bool instance = false;
    if (f >> pointers)
      for (size_t k = 0; k < pointers && f >> ptr >> target >> pos >> st; ++k) instance |= ptr == "@i";
    for (auto& [w, first] : names) out.push_back({std::move(w), static_cast<uint8_t>(file), instance, first});
  }
  return out;
}

}  // namespace relata::train
