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
