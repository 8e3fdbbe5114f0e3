#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "relata/input.h"

using namespace relata;
namespace fs = std::filesystem;

namespace {

std::string Write(const std::string& name, const std::string& content) {
  fs::path dir = fs::temp_directory_path() / "relata-input-test";
  fs::create_directories(dir);
  std::string p = (dir / name).string();
  std::ofstream(p, std::ios::binary | std::ios::trunc) << content;
  return p;
}

Status Read(const std::string& path, Store& store, ReadStats& stats, bool skip_bad = false) {
  ReadOptions o;
  o.skip_bad = skip_bad;
  return ReadTriplesFile(path, o, store, stats);
}

}  // namespace

TEST_CASE("TSV: optional columns, comments, CRLF", "[input]") {
  std::string p = Write("a.tsv",
                        "# a comment\n"
                        "NATO\ttrain\tIraqi forces\r\n"
                        "\n"
                        "US\tkill\tSoleimani\t0.9\treuters-1\t2020-01-03\n"
                        "Iran\tattack\tUS bases\t\t\t\n");
  Store s;
  ReadStats st;
  REQUIRE(Read(p, s, st).ok());
  CHECK(st.triples == 3);
  CHECK(s.size() == 3);
  bool saw_default_source = false;
  for (const auto& m : s.mentions()) saw_default_source |= s.str(m.source) == "a.tsv";
  CHECK(saw_default_source);
}

TEST_CASE("TSV: a malformed line stops the read with FILE:LINE and changes nothing", "[input]") {
  std::string p = Write("bad.tsv", "A\tr\tB\nA\tr\n");
  Store s;
  ReadStats st;
  Status r = Read(p, s, st);
  REQUIRE_FALSE(r.ok());
  CHECK(r.message() == p + ":2: 2 tab-separated fields; need subject, relation, object");
  CHECK(s.size() == 0);
  ReadStats st2;
  REQUIRE(Read(p, s, st2, /*skip_bad=*/true).ok());
  CHECK(st2.skipped == 1);
  CHECK(s.size() == 1);
}

TEST_CASE("TSV: bad confidence, bad date, invalid UTF-8, NUL", "[input]") {
  Store s;
  ReadStats st;
  CHECK(Read(Write("c.tsv", "A\tr\tB\tlots\n"), s, st).message().find(":1: confidence") != std::string::npos);
  CHECK(Read(Write("d.tsv", "A\tr\tB\t0.5\tsrc\tyesterday\n"), s, st).message().find(":1: date") != std::string::npos);
  CHECK(Read(Write("u.tsv", "A\tr\tB\nA\xFF\tr\tB\n"), s, st).message().find(":2: invalid UTF-8 at byte 7") != std::string::npos);
  CHECK(Read(Write("n.tsv", std::string("A\tr\tB\0x\n", 8)), s, st).message().find("NUL") != std::string::npos);
  CHECK(s.size() == 0);
}

TEST_CASE("empty, comment-only and missing files are errors", "[input]") {
  Store s;
  ReadStats st;
  CHECK(Read(Write("empty.tsv", ""), s, st).message().find("empty file") != std::string::npos);
  CHECK(Read(Write("comments.tsv", "# nothing\n"), s, st).message().find("no triples") != std::string::npos);
  CHECK(Read("/nonexistent/x.tsv", s, st).message().find("cannot open") != std::string::npos);
}

TEST_CASE("JSONL: fields, types, nulls and errors", "[input]") {
  std::string p = Write("a.jsonl",
                        R"({"subject":"US","relation":"kill","object":"Soleimani","subject_type":"GPE","object_type":"PERSON","confidence":0.8,"source":"https://n.example/1","date":"2020-01-03","sentence":"The US killed \"him\".\n"})"
                        "\n"
                        R"({"subject":"NATO","relation":"train","object":"Iraqi forces","date":null})"
                        "\n");
  Store s;
  ReadStats st;
  REQUIRE(Read(p, s, st).ok());
  CHECK(s.size() == 2);
  auto bad = [&](const std::string& line) {
    Store t;
    ReadStats x;
    return Read(Write("b.jsonl", line + "\n"), t, x).message();
  };
  CHECK(bad(R"({"subject":"A","relation":"r"})").find(":1: missing \"object\"") != std::string::npos);
  CHECK(bad(R"({"subject":"A","relation":"r","object":5})").find("\"object\" must be a string") != std::string::npos);
  CHECK(bad(R"({"subject":"A","relation":"r","object":"B","confidence":"high"})").find("must be a number") != std::string::npos);
  CHECK(bad(R"({"subject":"A",)").find(":1: invalid JSON at column") != std::string::npos);
  CHECK(bad(R"({"subject":"A","relation":"r","object":"B"} trailing)").find("invalid JSON") != std::string::npos);
  CHECK(bad(R"(["A","r","B"])").find("must be a JSON object") != std::string::npos);
}

TEST_CASE("inputs: folders expand recursively in path order; empty folders are errors", "[input]") {
  fs::path dir = fs::temp_directory_path() / "relata-expand-test";
  fs::remove_all(dir);
  fs::create_directories(dir / "sub");
  std::ofstream(dir / "sub" / "b.tsv") << "A\tr\tB\n";
  std::ofstream(dir / "a.jsonl") << "{}\n";
  std::ofstream(dir / "notes.md") << "ignored\n";
  auto r = ExpandInputs({dir.string()});
  REQUIRE(r.ok());
  REQUIRE(r->size() == 2);
  CHECK(fs::path((*r)[0]).filename() == "a.jsonl");
  fs::create_directories(dir / "empty");
  CHECK(ExpandInputs({(dir / "empty").string()}).status().message().find("no input files") != std::string::npos);
  CHECK(ExpandInputs({(dir / "missing").string()}).status().message().find("no such file") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("JSONL: sentence index, character span, flags and speaker", "[input]") {
  std::string p = Write("pos.jsonl",
                        R"({"subject":"Acme","relation":"may buy","object":"Widget","sentence_index":3,"char_begin":120,"char_end":170,"hedged":true,"speaker":"its chief"})"
                        "\n"
                        R"({"subject":"Acme","relation":"may buy","object":"Widget","sentence_index":3,"char_begin":120,"char_end":170,"hedged":true,"speaker":"its chief","attributed":true})"
                        "\n"
                        R"({"subject":"Acme","relation":"buys","object":"Widget","negated":true,"attributed":true,"hedged":false,"sentence_index":null,"speaker":null})"
                        "\n"
                        R"({"subject":"Acme","relation":"buys","object":"Widget","sentence_index":4294967294,"char_begin":0,"char_end":0})"
                        "\n");
  Store s;
  ReadStats st;
  REQUIRE(Read(p, s, st).ok());
  CHECK(st.triples == 4);
  REQUIRE(s.size() == 3);  // the first two lines are one mention (a speaker implies attributed)
  const Store::Extra& a = s.extra(s.mentions()[0]);
  CHECK(a.sentence_index == 3);
  CHECK(a.char_begin == 120);
  CHECK(a.char_end == 170);
  CHECK(a.flags == (TripleInput::kHedged | TripleInput::kAttributed));
  CHECK(s.str(a.speaker) == "its chief");
  const Store::Extra& b = s.extra(s.mentions()[1]);
  CHECK(b.flags == (TripleInput::kNegated | TripleInput::kAttributed));
  CHECK(b.sentence_index == Store::Mention::kNone);
  CHECK(b.char_begin == Store::Mention::kNone);
  CHECK(s.str(b.speaker).empty());
  const Store::Extra& c = s.extra(s.mentions()[2]);
  CHECK(c.sentence_index == 4294967294u);
  CHECK(c.char_begin == 0);
  CHECK(c.char_end == 0);
  CHECK(c.flags == 0);

  auto bad = [&](const std::string& fields) {
    Store t;
    ReadStats x;
    return Read(Write("pos-bad.jsonl", "\n" R"({"subject":"A","relation":"r","object":"B",)" + fields + "}\n"), t, x)
        .message();
  };
  CHECK(bad(R"("sentence_index":-1)").find("pos-bad.jsonl:2: \"sentence_index\" must be an integer in [0, 4294967294]") != std::string::npos);
  CHECK(bad(R"("sentence_index":4294967295)").find(":2: \"sentence_index\" must be an integer in") != std::string::npos);
  CHECK(bad(R"("sentence_index":1.5)").find(":2: \"sentence_index\" must be an integer") != std::string::npos);
  CHECK(bad(R"("sentence_index":"3")").find(":2: \"sentence_index\" must be an integer") != std::string::npos);
  CHECK(bad(R"("char_begin":5)").find(":2: \"char_begin\" given without \"char_end\"") != std::string::npos);
  CHECK(bad(R"("char_end":5)").find(":2: \"char_end\" given without \"char_begin\"") != std::string::npos);
  CHECK(bad(R"("char_begin":9,"char_end":5)").find(":2: \"char_end\" 5 is before \"char_begin\" 9") != std::string::npos);
  CHECK(bad(R"("negated":1)").find(":2: \"negated\" must be true or false") != std::string::npos);
  CHECK(bad(R"("hedged":"yes")").find(":2: \"hedged\" must be true or false") != std::string::npos);
  CHECK(bad(R"("speaker":7)").find(":2: \"speaker\" must be a string") != std::string::npos);
  CHECK(bad(R"("speaker":"Ann","attributed":false)").find(":2: \"speaker\" given with \"attributed\": false") != std::string::npos);
  CHECK(bad(R"("subject_form":"he")").find(":2: \"subject_form\" and \"subject_rule\" must be given together") != std::string::npos);
  CHECK(bad(R"("object_rule":"pronoun")").find(":2: \"object_form\" and \"object_rule\" must be given together") != std::string::npos);
  CHECK(bad(R"("object_form":3,"object_rule":"x")").find(":2: \"object_form\" must be a string") != std::string::npos);
  {
    Store t;
    ReadStats x;
    REQUIRE(Read(Write("forms.jsonl", R"({"subject":"Jens Stoltenberg","relation":"visit","object":"Kyiv","subject_form":"he","subject_rule":"pronoun"})" "\n"), t, x).ok());
    REQUIRE(t.size() == 1);
    const Store::Extra& e = t.extra(t.mentions()[0]);
    CHECK(t.str(e.subject_form) == "he");
    CHECK(t.str(e.subject_rule) == "pronoun");
    CHECK(e.object_form == 0);
  }
  // --skip-bad counts such lines like any other malformed line.
  std::string q = Write("pos-skip.jsonl", R"({"subject":"A","relation":"r","object":"B","char_begin":9,"char_end":5})"
                                          "\n"
                                          R"({"subject":"A","relation":"r","object":"B"})"
                                          "\n");
  Store u;
  ReadStats y;
  REQUIRE(Read(q, u, y, true).ok());
  CHECK(y.skipped == 1);
  CHECK(u.size() == 1);
}

TEST_CASE("TSV gives no position or flags", "[input]") {
  Store s;
  ReadStats st;
  REQUIRE(Read(Write("plain.tsv", "A\tr\tB\t0.5\tdoc\n"), s, st).ok());
  REQUIRE(s.size() == 1);
  CHECK(s.mentions()[0].extra == 0);
  CHECK(s.extra(s.mentions()[0]).sentence_index == Store::Mention::kNone);
  CHECK(s.extra(s.mentions()[0]).flags == 0);
}
