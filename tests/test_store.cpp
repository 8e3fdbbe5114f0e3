#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "relata/graph.h"
#include "relata/store.h"

using namespace relata;
namespace fs = std::filesystem;

namespace {

TripleInput T(std::string s, std::string r, std::string o, std::string source = "doc1",
              std::string st = "", std::string ot = "") {
  TripleInput t;
  t.subject = std::move(s);
  t.relation = std::move(r);
  t.object = std::move(o);
  t.source = std::move(source);
  t.subject_type = std::move(st);
  t.object_type = std::move(ot);
  t.extractor = "test";
  return t;
}

std::string TempPath(const std::string& name) {
  return (fs::temp_directory_path() / ("relata-test-" + name)).string();
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("store is a set: re-adding a mention changes nothing", "[store]") {
  Store s;
  REQUIRE(s.Add(T("NATO", "train", "Iraqi forces")).ok());
  REQUIRE(s.Add(T("NATO", "train", "Iraqi forces")).ok());
  CHECK(s.size() == 1);
  REQUIRE(s.Add(T("NATO", "train", "Iraqi forces", "doc2")).ok());
  CHECK(s.size() == 2);
}

TEST_CASE("store rejects bad mentions with a reason", "[store]") {
  Store s;
  CHECK_FALSE(s.Add(T("", "r", "o")).ok());
  CHECK_FALSE(s.Add(T("...", "r", "o")).ok());
  CHECK_FALSE(s.Add(T("s", "  ", "o")).ok());
  CHECK_FALSE(s.Add(T("s", "r", "o", "")).ok());
  CHECK_FALSE(s.Add(T("a\xC3", "r", "o")).ok());
  TripleInput t = T("s", "r", "o");
  t.confidence = 1.5;
  CHECK(s.Add(t).message().find("confidence") != std::string::npos);
  t.confidence = 0.5;
  t.date = "2020-02-30";
  CHECK(s.Add(t).message().find("date") != std::string::npos);
  CHECK(s.size() == 0);
}

TEST_CASE("dates: ISO 8601 dates and zoned date-times only", "[store]") {
  CHECK(ValidDate(""));
  CHECK(ValidDate("2020-01-03"));
  CHECK(ValidDate("2024-02-29"));
  CHECK_FALSE(ValidDate("2023-02-29"));
  CHECK(ValidDate("2020-01-03T10:00:00Z"));
  CHECK(ValidDate("2020-01-03T10:00:00.25+03:00"));
  CHECK_FALSE(ValidDate("2020-01-03T10:00:00"));   // no zone
  CHECK_FALSE(ValidDate("03/01/2020"));
  CHECK_FALSE(ValidDate("2020-1-3"));
  CHECK_FALSE(ValidDate("2016-12-31T23:59:60Z"));  // xsd:dateTime has no leap second
  CHECK(CanonicalDate("2020-01-03T10:00:00+00:00") == "2020-01-03T10:00:00Z");
  CHECK(CanonicalDate("2020-01-03T10:00:00-00:00") == "2020-01-03T10:00:00Z");
  CHECK(CanonicalDate("2020-01-03T10:00:00+03:00") == "2020-01-03T10:00:00+03:00");
}

TEST_CASE("store file round-trips and its bytes depend only on the set", "[store]") {
  Store a, b;
  std::vector<TripleInput> ts = {T("NATO", "train", "Iraqi forces", "d1", "ORG"),
                                 T("US", "kill", "Soleimani", "d2", "GPE", "PERSON"),
                                 T("Zürich", "host", "FIFA", "d3")};
  ts[1].date = "2020-01-03";
  ts[1].sentence = "The US killed Soleimani.";
  ts[1].confidence = 0.75;
  for (auto& t : ts) REQUIRE(a.Add(t).ok());
  for (auto it = ts.rbegin(); it != ts.rend(); ++it) REQUIRE(b.Add(*it).ok());
  std::string pa = TempPath("a.store"), pb = TempPath("b.store");
  REQUIRE(a.Save(pa).ok());
  REQUIRE(b.Save(pb).ok());
  CHECK(ReadAll(pa) == ReadAll(pb));
  auto loaded = Store::Load(pa);
  REQUIRE(loaded.ok());
  CHECK(loaded->size() == 3);
  std::string pc = TempPath("c.store");
  REQUIRE(loaded->Save(pc).ok());
  CHECK(ReadAll(pc) == ReadAll(pa));
  for (auto& p : {pa, pb, pc}) fs::remove(p);
}

TEST_CASE("damaged store files fail with the file and byte offset", "[store]") {
  Store a;
  REQUIRE(a.Add(T("NATO", "train", "Iraqi forces")).ok());
  std::string p = TempPath("d.store");
  REQUIRE(a.Save(p).ok());
  std::string bytes = ReadAll(p);
  auto write = [&](const std::string& content) {
    std::ofstream(p, std::ios::binary | std::ios::trunc) << content;
  };
  write(bytes.substr(0, bytes.size() - 5));
  auto r = Store::Load(p);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find(p + ": byte ") == 0);
  std::string flipped = bytes;
  flipped[flipped.size() - 1] ^= 0x01;
  write(flipped);
  CHECK(Store::Load(p).status().message().find("checksum") != std::string::npos);
  std::string version = bytes;
  version[8] = 9;
  write(version);
  CHECK(Store::Load(p).status().message().find("version 9") != std::string::npos);
  write("hello, not a store");
  CHECK(Store::Load(p).status().message().find("bad magic") != std::string::npos);
  write("");
  CHECK_FALSE(Store::Load(p).ok());
  fs::remove(p);
  CHECK(Store::Load(p).status().message().find("cannot open") != std::string::npos);
}

TEST_CASE("a failed save leaves the previous store intact", "[store]") {
  Store a;
  REQUIRE(a.Add(T("NATO", "train", "Iraqi forces")).ok());
  std::string p = TempPath("keep.store");
  REQUIRE(a.Save(p).ok());
  std::string before = ReadAll(p);
  CHECK_FALSE(a.Save(p + "/cannot/be/here").ok());
  CHECK(ReadAll(p) == before);
  fs::remove(p);
}

TEST_CASE("merge is a union: order free and idempotent", "[store]") {
  Store a, b, ab, ba;
  REQUIRE(a.Add(T("NATO", "train", "Iraqi forces", "d1")).ok());
  REQUIRE(b.Add(T("NATO", "train", "Iraqi forces", "d2")).ok());
  REQUIRE(b.Add(T("NATO", "train", "Iraqi forces", "d1")).ok());
  ab.Merge(a); ab.Merge(b);
  ba.Merge(b); ba.Merge(a); ba.Merge(a);
  CHECK(ab.size() == 2);
  CHECK(ba.size() == 2);
}
