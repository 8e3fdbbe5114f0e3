#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "train/wordnet.h"

using namespace relata;
namespace fs = std::filesystem;

namespace {

// A WordNet database of five synsets in the wndb(5WN) format (data.noun, index.noun).
fs::path TinyWordNet() {
  fs::path dir = fs::temp_directory_path() / "relata-tiny-wordnet";
  fs::create_directories(dir);
  std::ofstream data(dir / "data.noun");
  data << "  1 This software and database is being provided to you, the LICENSEE, by\n"
          "00000100 04 n 01 procession 0 001 @ 00000500 n 0000 | the group action of moving ahead\n"
          "00000200 14 n 02 Hamas 0 Islamic_Resistance_Movement 0 001 @i 00000600 n 0000 | a movement\n"
          "00000300 18 n 01 Bush 0 001 @i 00000700 n 0000 | a president\n"
          "00000400 18 n 01 Democrat 0 001 @ 00000700 n 0000 | a member of a party\n"
          "00000510 15 n 01 Buenos_Aires 0 001 @i 00000800 n 0000 | a capital\n";
  std::ofstream index(dir / "index.noun");
  index << "  1 This software and database is being provided to you, the LICENSEE, by\n"
           "procession n 2 1 @ 2 0 00000100 00000400\n"
           "hamas n 1 1 @i 1 0 00000200\n"
           "bush n 1 1 @i 1 0 00000300\n"
           "democrat n 2 1 @ 2 0 00000300 00000400\n"
           "buenos_aires n 1 1 @i 1 0 00000510\n";
  return dir;
}

}  // namespace

TEST_CASE("WordNet: the supersense of each noun's first sense", "[wordnet]") {
  const fs::path dir = TinyWordNet();
  auto senses = train::ReadWordNetSupersenses(dir.string());
  CHECK(senses.size() == 4);           // multi-word lemmas (buenos_aires) are left out
  CHECK(senses["procession"] == 4);    // noun.act: its first sense, not the second (noun.person)
  CHECK(senses["hamas"] == 14);
  CHECK(senses["bush"] == 18);
  CHECK(senses["democrat"] == 18);
  CHECK(train::ReadWordNetSupersenses((dir / "missing").string()).empty());
}

TEST_CASE("WordNet: proper names with their supersense and whether they are instances", "[wordnet]") {
  const fs::path dir = TinyWordNet();
  auto names = train::ReadWordNetNames(dir.string());
  // Words with a capital letter only (`procession` is not a name), `_` read as a space.
  REQUIRE(names.size() == 5);
  CHECK(names[0].words == "Hamas");
  CHECK(names[0].lexfile == 14);
  CHECK(names[0].instance);
  CHECK(names[0].first_sense);
  CHECK(names[1].words == "Islamic Resistance Movement");
  CHECK_FALSE(names[1].first_sense);  // not in index.noun
  CHECK(names[2].words == "Bush");
  CHECK(names[2].lexfile == 18);
  CHECK(names[3].words == "Democrat");
  CHECK_FALSE(names[3].instance);     // a hypernym (@), not an instance (@i)
  CHECK_FALSE(names[3].first_sense);  // index.noun lists the synset of `Bush` first for `democrat`
  CHECK(names[4].words == "Buenos Aires");
  CHECK(names[4].lexfile == 15);
  CHECK(names[4].instance);
  CHECK(names[4].first_sense);
  CHECK(train::ReadWordNetNames((dir / "missing").string()).empty());
}
