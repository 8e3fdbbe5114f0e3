#include <catch2/catch.hpp>

#include "nlp/perceptron.h"
#include "train/perceptron_train.h"

using namespace relata;

TEST_CASE("averaged perceptron learns a separable problem and round-trips", "[perceptron]") {
  // Class = which of three marker features is present; a bias feature is always on.
  train::AveragedPerceptron p(3);
  const uint64_t bias = nlp::FeatureKey(0, "bias");
  for (int epoch = 0; epoch < 5; ++epoch)
    for (int c = 0; c < 3; ++c) {
      uint64_t f[2] = {bias, nlp::FeatureKey(1, static_cast<uint64_t>(c))};
      float s[3] = {0, 0, 0};
      p.Score(f, 2, s);
      int guess = static_cast<int>(std::max_element(s, s + 3) - s);
      p.Update(f, 2, c, guess);
    }
  nlp::SparseWeights w = p.Finish();
  for (int c = 0; c < 3; ++c) {
    uint64_t f[2] = {bias, nlp::FeatureKey(1, static_cast<uint64_t>(c))};
    float s[3] = {0, 0, 0};
    w.Score(f, 2, s);
    CHECK(std::max_element(s, s + 3) - s == c);
  }
  nlp::ByteWriter out;
  w.Write(out);
  nlp::SparseWeights back;
  nlp::ByteReader in(out.bytes(), "weights");
  REQUIRE(back.Read(in));
  nlp::ByteWriter again;
  back.Write(again);
  CHECK(again.bytes() == out.bytes());
  nlp::ByteReader cut(std::string_view(out.bytes()).substr(0, out.bytes().size() - 3), "weights");
  nlp::SparseWeights broken;
  CHECK_FALSE(broken.Read(cut));
  CHECK(cut.status().message().find("weights: byte") == 0);
}

TEST_CASE("sparse weights: lookups of near keys, grouped scoring", "[perceptron]") {
  // Keys that share their high 32 bits, and absent keys next to present ones: every lookup
  // must find exactly the row of its own key, or nothing.
  nlp::SparseWeights w;
  w.Reset(4, 1.0f);
  std::vector<uint64_t> present, absent;
  for (uint64_t i = 0; i < 200; ++i) {
    const uint64_t same_high = (0xABCDull << 32) | (i * 7919u);  // one fingerprint for all
    present.push_back(same_high);
    w.AddRow(same_high, {{static_cast<uint16_t>(i % 4), static_cast<int16_t>(i + 1)}});
    absent.push_back((0xABCDull << 32) | (i * 7919u + 1));
  }
  for (uint64_t i = 0; i < 300; ++i) {
    const uint64_t k = nlp::FeatureKey(9, i);
    present.push_back(k);
    w.AddRow(k, {{static_cast<uint16_t>(i % 4), 2}, {static_cast<uint16_t>((i + 1) % 4), -3}});
  }
  for (size_t i = 0; i < 200; ++i) {
    float s[4] = {0, 0, 0, 0};
    w.Score(&present[i], 1, s);
    for (int c = 0; c < 4; ++c) CHECK(s[c] == (c == static_cast<int>(i % 4) ? static_cast<float>(i + 1) : 0.0f));
    float z[4] = {0, 0, 0, 0};
    w.Score(&absent[i], 1, z);
    for (float x : z) CHECK(x == 0.0f);
  }
  // ScoreGroups = one Score per group, group by group (an empty group included).
  std::vector<uint64_t> feats(present.begin(), present.begin() + 150);
  feats.insert(feats.end(), absent.begin(), absent.begin() + 20);
  feats.insert(feats.end(), present.begin() + 200, present.end());
  const size_t begin[5] = {0, 40, 40, 300, feats.size()};
  std::vector<float> grouped(4 * 4, 0.0f);
  w.ScoreGroups(feats.data(), begin, 4, grouped.data(), 4);
  for (size_t g = 0; g < 4; ++g) {
    float one[4] = {0, 0, 0, 0};
    w.Score(feats.data() + begin[g], begin[g + 1] - begin[g], one);
    for (int c = 0; c < 4; ++c) CHECK(grouped[g * 4 + static_cast<size_t>(c)] == one[c]);
  }
}

TEST_CASE("the mean of perceptrons: one model is Finish(), two are averaged per cell", "[perceptron]") {
  // p: feature 1 -> class 0 (two updates); q: feature 1 -> class 1 and both features -> class 2
  // (feature 2 only in q, so its mean weights are half of q's).
  train::AveragedPerceptron p(3), q(3);
  const uint64_t f1 = nlp::FeatureKey(1, uint64_t{1}), f2 = nlp::FeatureKey(1, uint64_t{2});
  p.Update(&f1, 1, 0, 1);
  p.Update(&f1, 1, 0, 1);
  q.Update(&f1, 1, 1, 0);
  const uint64_t both[2] = {f1, f2};
  q.Update(both, 2, 2, 0);
  auto bytes = [](const nlp::SparseWeights& w) {
    nlp::ByteWriter out;
    w.Write(out);
    return out.Take();
  };
  CHECK(bytes(train::AveragedPerceptron::FinishMean({&p})) == bytes(p.Finish()));
  CHECK(bytes(train::AveragedPerceptron::FinishMean({&q})) == bytes(q.Finish()));
  // Each cell of the mean is the mean of the two models' averaged weights (a missing one is 0).
  nlp::SparseWeights wp = p.Finish(), wq = q.Finish(), mean = train::AveragedPerceptron::FinishMean({&p, &q});
  for (uint64_t f : {f1, f2}) {
    float sp[3] = {0, 0, 0}, sq[3] = {0, 0, 0}, sm[3] = {0, 0, 0};
    wp.Score(&f, 1, sp);
    wq.Score(&f, 1, sq);
    mean.Score(&f, 1, sm);
    for (int c = 0; c < 3; ++c) CHECK(sm[c] == Approx((sp[c] + sq[c]) / 2).margin(1e-3));
  }
  float s2[3] = {0, 0, 0};
  mean.Score(&f2, 1, s2);
  CHECK(s2[2] > 0);
  CHECK(s2[0] < 0);
}
