#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "nlp/word_classes.h"
#include "train/lm_classes.h"
#include "train/train.h"

using namespace relata;
namespace fs = std::filesystem;

TEST_CASE("exchange clustering separates words by what follows them", "[wordclasses]") {
  // Words 0-3 are followed by 8 or 9, words 4-7 by 10 or 11: two classes must split them so.
  std::vector<train::WeightedBigram> bigrams;
  for (uint32_t w = 0; w < 8; ++w)
    for (uint32_t v : {8u, 9u}) bigrams.push_back({w, w < 4 ? v : v + 2, 1.0 + w % 3});
  const std::vector<int> cls = train::ExchangeClusters(bigrams, 12, 2, 4);
  REQUIRE(cls.size() == 12);
  for (uint32_t w = 1; w < 4; ++w) CHECK(cls[w] == cls[0]);
  for (uint32_t w = 5; w < 8; ++w) CHECK(cls[w] == cls[4]);
  CHECK(cls[0] != cls[4]);
  CHECK(train::ExchangeClusters(bigrams, 12, 2, 4) == cls);  // deterministic
}

TEST_CASE("word classes round trip and look words up case-insensitively", "[wordclasses]") {
  nlp::WordClusters c;
  c.Add(nlp::WordClassKey("paris"), 3, 7);
  c.Add(nlp::WordClassKey("the"), 1, 2);
  c.Finish();
  CHECK(c.Lookup(nlp::WordClassKey("Paris")) == std::make_pair(uint8_t{3}, uint8_t{7}));
  CHECK(c.Lookup(nlp::WordClassKey("rome")) == std::make_pair(uint8_t{0}, uint8_t{0}));
  nlp::ByteWriter w;
  c.Write(w);
  const std::string bytes = w.Take();
  nlp::ByteReader r(bytes, "test");
  nlp::WordClusters back;
  REQUIRE(back.Read(r));
  CHECK(back.size() == 2);
  CHECK(back.Lookup(nlp::WordClassKey("THE")) == std::make_pair(uint8_t{1}, uint8_t{2}));
}

TEST_CASE("the Sphinx language model reader refuses what is not one", "[wordclasses]") {
  const fs::path dir = fs::temp_directory_path();
  const std::string bad = (dir / "relata-not-an-lm.bin").string();
  std::ofstream(bad, std::ios::binary | std::ios::trunc) << "Darpa Trigram LM, not a trie";
  auto r = train::ReadSphinxTrieLm(bad);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("not a Sphinx trie language model") != std::string::npos);
  // A header with counts but nothing after it: truncated.
  std::string trunc = "Trie Language Model";
  trunc += '\x03';
  for (uint32_t n : {10u, 20u, 30u}) trunc.append(reinterpret_cast<const char*>(&n), 4);
  std::ofstream(bad, std::ios::binary | std::ios::trunc) << trunc;
  r = train::ReadSphinxTrieLm(bad);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("truncated") != std::string::npos);
  CHECK_FALSE(train::ReadSphinxTrieLm((dir / "relata-no-such-lm.bin").string()).ok());
  fs::remove(bad);
  // A path that does not exist means "train without": empty classes, not an error.
  auto none = train::LmWordClasses((dir / "relata-no-such-lm.bin").string(), false, "test");
  REQUIRE(none.ok());
  CHECK(none->size() == 0);
}

TEST_CASE("the packaged US English language model reads with bigrams in the right direction", "[wordclasses]") {
  const std::string path = train::kPackagedLm;
  if (!fs::exists(path)) {
    WARN("skipped: " << path << " is not installed (Debian package pocketsphinx-en-us)");
    return;
  }
  auto lm = train::ReadSphinxTrieLm(path);
  REQUIRE(lm.ok());
  CHECK(lm->words.size() == 72547);
  CHECK(lm->bigrams.size() > 2000000);
  std::map<std::string, uint32_t> id;
  for (uint32_t i = 0; i < lm->words.size(); ++i) id[lm->words[i]] = i;
  REQUIRE(id.count("united"));
  REQUIRE(id.count("the"));
  // log10 P(the) as the ARPA form of the model gives it (-1.2 to -1.3).
  CHECK(lm->unigram_log10[id["the"]] < -1.0f);
  CHECK(lm->unigram_log10[id["the"]] > -1.5f);
  // The likeliest word after "united" is "states", and P(. | united) sums to at most 1.
  std::string best;
  float best_p = -100;
  double sum = 0;
  for (const auto& b : lm->bigrams)
    if (b.first == id["united"]) {
      sum += std::pow(10.0, static_cast<double>(b.log10_prob));
      if (b.log10_prob > best_p) {
        best_p = b.log10_prob;
        best = lm->words[b.second];
      }
    }
  CHECK(best == "states");
  CHECK(sum <= 1.0001);
  CHECK(sum > 0.5);
}
