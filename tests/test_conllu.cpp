#include <catch2/catch.hpp>

#include "nlp/conllu.h"

using namespace relata;
using namespace relata::nlp;

namespace {
const char* kSample =
    "# newdoc id = d1\n"
    "# sent_id = s1\n"
    "# text = I don't know.\n"
    "1\tI\tI\tPRON\tPRP\t_\t4\tnsubj\t_\t_\n"
    "2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_\n"
    "3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n"
    "4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n"
    "5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n"
    "\n"
    "# sent_id = s2\n"
    "# text = Yes.\n"
    "1\tYes\tyes\tINTJ\tUH\t_\t0\troot\t_\tSpaceAfter=No\n"
    "1.1\tgone\tgo\tVERB\tVBN\t_\t_\t_\t_\t_\n"
    "2\t.\t.\tPUNCT\t.\t_\t1\tpunct\t_\t_\n";
}  // namespace

TEST_CASE("conllu: words, ranges, empty nodes, comments", "[conllu]") {
  auto r = ParseConllu(kSample, "x.conllu");
  REQUIRE(r.ok());
  REQUIRE(r->size() == 2);
  const ConlluSentence& s = (*r)[0];
  CHECK(s.sent_id == "s1");
  CHECK(s.text == "I don't know.");
  CHECK(s.newdoc);
  REQUIRE(s.words.size() == 5);
  CHECK(s.mwts.size() == 1);
  CHECK(s.words[1].mwt == 0);
  CHECK_FALSE(s.words[1].space_after);
  CHECK(s.words[2].space_after);  // the token "don't" is followed by a space
  CHECK(s.words[0].head == 4);
  CHECK((*r)[1].words.size() == 2);  // the empty node is skipped
}

TEST_CASE("conllu: raw text and documents with gold tokens", "[conllu]") {
  auto r = ParseConllu(kSample, "x.conllu");
  REQUIRE(r.ok());
  CHECK(RawText(*r) == "I don't know. Yes.");
  Document d = DocumentFromConllu(*r);
  CHECK(d.text == "I don't know. Yes.");
  REQUIRE(d.tokens.size() == 7);
  CHECK(d.text.substr(d.tokens[1].begin, d.tokens[1].end - d.tokens[1].begin) == "do");
  CHECK(d.text.substr(d.tokens[2].begin, d.tokens[2].end - d.tokens[2].begin) == "n't");
  REQUIRE(d.sentences.size() == 2);
  CHECK(d.sentences[1].first == 5);
}

TEST_CASE("conllu: malformed lines name the file and line", "[conllu]") {
  CHECK(ParseConllu("1\tA\n", "f").status().message() == "f:1: 2 columns, CoNLL-U has 10");
  CHECK(ParseConllu("2\tA\ta\tX\tX\t_\t0\troot\t_\t_\n", "f").status().message().find("f:1: word id") == 0);
  CHECK(ParseConllu("1\tA\ta\tX\tX\t_\t7\troot\t_\t_\n\n", "f").status().message().find("head 7 out of range") != std::string::npos);
}

TEST_CASE("misc attributes", "[conllu]") {
  CHECK(Attribute("SpaceAfter=No|Entity=(1-person", "Entity") == "(1-person");
  CHECK(Attribute("SpaceAfter=No", "Space").empty());
  CHECK(Attribute("_", "SpaceAfter").empty());
}
