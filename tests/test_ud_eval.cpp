#include <catch2/catch.hpp>

#include "nlp/ud_eval.h"

using namespace relata;
using namespace relata::nlp;

TEST_CASE("ud eval: gold against itself is perfect; errors are counted", "[eval]") {
  auto gold = ParseConllu(
      "1\tNATO\tNATO\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n"
      "2\ttrains\ttrain\tVERB\tVBZ\t_\t0\troot\t_\t_\n"
      "3\tforces\tforce\tNOUN\tNNS\t_\t2\tobj:x\t_\tSpaceAfter=No\n"
      "4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n",
      "g");
  REQUIRE(gold.ok());
  Document sys = DocumentFromConllu(*gold);
  const char* upos[] = {"PROPN", "VERB", "NOUN", "PUNCT"};
  const char* xpos[] = {"NNP", "VBZ", "NNS", "."};
  const char* lemma[] = {"NATO", "train", "force", "."};
  const int head[] = {1, -1, 1, 1};
  const char* rel[] = {"nsubj", "root", "obj", "punct"};  // obj vs obj:x: LAS ignores subtypes
  for (size_t i = 0; i < 4; ++i) {
    sys.tokens[i].upos = upos[i];
    sys.tokens[i].xpos = xpos[i];
    sys.tokens[i].lemma = lemma[i];
    sys.tokens[i].head = head[i];
    sys.tokens[i].deprel = rel[i];
  }
  UdScores s = EvaluateUd(*gold, sys);
  CHECK(s.aligned == 4);
  CHECK(s.F1(s.las) == Approx(100.0));
  sys.tokens[2].head = 3;     // forces attached to "." : UAS and LAS drop
  sys.tokens[0].upos = "NOUN";
  s = EvaluateUd(*gold, sys);
  CHECK(s.uas == 3);
  CHECK(s.upos == 3);
  CHECK(s.F1(s.uas) == Approx(75.0));
  // A system that merged two words aligns fewer words and loses precision and recall.
  Document merged = sys;
  merged.tokens[2].end = merged.tokens[3].end;
  merged.tokens.pop_back();
  merged.tokens[2].head = 1;
  s = EvaluateUd(*gold, merged);
  CHECK(s.system_words == 3);
  CHECK(s.aligned == 2);
}
