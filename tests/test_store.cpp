#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <xxhash.h>
#include <zstd.h>

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

// --- store format 2: position, flags and speaker ----------------------------------------

namespace {

TripleInput Positioned(int64_t sentence, int64_t begin, int64_t end, uint8_t flags = 0,
                       std::string speaker = "") {
  TripleInput t = T("Acme", "may acquire", "Widget", "https://n.example/a", "ORG", "ORG");
  t.sentence = "Acme may acquire Widget, its chief said.";
  t.sentence_index = sentence;
  t.char_begin = begin;
  t.char_end = end;
  t.flags = flags;
  t.speaker = std::move(speaker);
  return t;
}

// A saved store file taken apart and put back together (docs/store-format.md), so that tests
// can write values Store::Save never writes, with a valid frame and checksum.
struct Unpacked {
  std::string header, body;
  static Unpacked From(const std::string& file) {
    Unpacked u;
    u.header = file.substr(0, 40);
    std::string z = file.substr(40, file.size() - 48);
    u.body.resize(ZSTD_getFrameContentSize(z.data(), z.size()));
    REQUIRE(ZSTD_decompress(u.body.data(), u.body.size(), z.data(), z.size()) == u.body.size());
    return u;
  }
  std::string Pack() const {
    std::string z(ZSTD_compressBound(body.size()), '\0');
    z.resize(ZSTD_compress(z.data(), z.size(), body.data(), body.size(), 3));
    XXH3_state_t* hs = XXH3_createState();
    XXH3_64bits_reset(hs);
    XXH3_64bits_update(hs, header.data(), header.size());
    XXH3_64bits_update(hs, body.data(), body.size());
    uint64_t sum = XXH3_64bits_digest(hs);
    XXH3_freeState(hs);
    std::string out = header + z;
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((sum >> (8 * i)) & 0xFF));
    return out;
  }
  void PutU32(size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) body[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
  }
};

}  // namespace

TEST_CASE("store format 2: position, flags and speaker are part of a mention's identity", "[store]") {
  Store s;
  const uint8_t kHA = TripleInput::kHedged | TripleInput::kAttributed;
  REQUIRE(s.Add(Positioned(3, 120, 170, kHA, "its chief")).ok());
  REQUIRE(s.Add(Positioned(3, 120, 170, kHA, "its  chief")).ok());  // the speaker is cleaned
  CHECK(s.size() == 1);
  REQUIRE(s.Add(Positioned(3, 120, 150, kHA, "its chief")).ok());     // another span
  CHECK(s.size() == 2);
  REQUIRE(s.Add(Positioned(4, 120, 170, kHA, "its chief")).ok());     // another sentence
  REQUIRE(s.Add(Positioned(3, 120, 170, kHA, "the chief")).ok());     // another speaker
  REQUIRE(s.Add(Positioned(3, 120, 170, TripleInput::kAttributed, "its chief")).ok());  // not hedged
  REQUIRE(s.Add(Positioned(3, 120, 170, kHA | TripleInput::kNegated, "its chief")).ok());
  REQUIRE(s.Add(Positioned(-1, -1, -1)).ok());                        // none of them
  REQUIRE(s.Add(Positioned(-1, -1, -1, TripleInput::kAttributed)).ok());  // attributed, no name
  CHECK(s.size() == 8);
  REQUIRE(s.Add(Positioned(-1, -1, -1)).ok());
  CHECK(s.size() == 8);
  // Values as stored.
  const Store::Extra& m = s.extra(s.mentions()[0]);
  CHECK(m.sentence_index == 3);
  CHECK(m.char_begin == 120);
  CHECK(m.char_end == 170);
  CHECK(m.flags == kHA);
  CHECK(s.str(m.speaker) == "its chief");
  CHECK(s.mentions()[6].extra == 0);  // nothing given: the shared empty Extra
  const Store::Extra& none = s.extra(s.mentions()[6]);
  CHECK(none.sentence_index == Store::Mention::kNone);
  CHECK(none.char_begin == Store::Mention::kNone);
  CHECK(none.char_end == Store::Mention::kNone);
  CHECK(none.flags == 0);
  CHECK(s.str(none.speaker).empty());
  // Equal values share their Extra; the mention's memory stays 48 bytes (bench/README.md).
  CHECK(s.mentions()[7].extra != 0);
  CHECK(s.mentions()[0].extra != s.mentions()[1].extra);
  CHECK(sizeof(Store::Mention) == 48);
}

TEST_CASE("store format 2: bad positions, spans, flags and speakers are refused", "[store]") {
  Store s;
  auto msg = [&](const TripleInput& t) { return s.Add(t).message(); };
  CHECK(msg(Positioned(-2, -1, -1)).find("sentence_index -2") != std::string::npos);
  CHECK(msg(Positioned(TripleInput::kMaxPosition + 1, -1, -1)).find("sentence_index") != std::string::npos);
  CHECK(msg(Positioned(0, 10, -1)).find("together") != std::string::npos);
  CHECK(msg(Positioned(0, -1, 10)).find("together") != std::string::npos);
  CHECK(msg(Positioned(0, 20, 10)).find("char_end 10 is before char_begin 20") != std::string::npos);
  CHECK(msg(Positioned(0, 0, TripleInput::kMaxPosition + 1)).find("char_end") != std::string::npos);
  CHECK(msg(Positioned(0, 0, 1, 8)).find("flag") != std::string::npos);
  CHECK(msg(Positioned(0, 0, 1, TripleInput::kHedged, "someone")).find("not attributed") != std::string::npos);
  TripleInput bad_utf8 = Positioned(0, 0, 1, TripleInput::kAttributed, "a\xC3");
  CHECK(msg(bad_utf8).find("speaker") != std::string::npos);
  CHECK(s.size() == 0);
  // The extremes are fine: an empty span, and the largest position.
  CHECK(s.Add(Positioned(0, 5, 5)).ok());
  CHECK(s.Add(Positioned(TripleInput::kMaxPosition, TripleInput::kMaxPosition, TripleInput::kMaxPosition)).ok());
  CHECK(s.size() == 2);
}

TEST_CASE("store format 2 round-trips position, flags and speaker; bytes depend on the set", "[store]") {
  std::vector<TripleInput> ts = {
      Positioned(3, 120, 170, TripleInput::kHedged | TripleInput::kAttributed, "O'Brien \"the boss\" 😀"),
      Positioned(3, 120, 150, TripleInput::kNegated),
      Positioned(TripleInput::kMaxPosition, 0, TripleInput::kMaxPosition),
      Positioned(-1, -1, -1),
      T("NATO", "train", "Iraqi forces", "d1", "ORG")};
  Store a, b;
  for (auto& t : ts) REQUIRE(a.Add(t).ok());
  for (auto it = ts.rbegin(); it != ts.rend(); ++it) REQUIRE(b.Add(*it).ok());
  std::string pa = TempPath("v2a.store"), pb = TempPath("v2b.store"), pc = TempPath("v2c.store");
  REQUIRE(a.Save(pa).ok());
  REQUIRE(b.Save(pb).ok());
  CHECK(ReadAll(pa) == ReadAll(pb));
  CHECK(ReadAll(pa).substr(8, 4) == std::string("\x03\0\0\0", 4));  // format version 3
  auto loaded = Store::Load(pa);
  REQUIRE(loaded.ok());
  REQUIRE(loaded->size() == ts.size());
  // Every mention read back equals one added (re-adding them all changes nothing).
  for (auto& t : ts) REQUIRE(loaded->Add(t).ok());
  CHECK(loaded->size() == ts.size());
  REQUIRE(loaded->Save(pc).ok());
  CHECK(ReadAll(pc) == ReadAll(pa));
  // The evidence the graph gives back.
  Graph g = Graph::Build(*loaded);
  size_t hedged_attributed = 0;
  for (const Edge& e : g.edges)
    for (uint32_t m : g.EvidenceOf(e)) {
      EvidenceView v = g.Evidence(m);
      if (v.hedged() && v.attributed()) {
        ++hedged_attributed;
        CHECK(v.speaker == "O'Brien \"the boss\" 😀");
        CHECK(v.sentence_index == 3);
        CHECK(v.char_begin == 120);
        CHECK(v.char_end == 170);
        CHECK_FALSE(v.negated());
      }
    }
  CHECK(hedged_attributed == 1);
  for (auto& p : {pa, pb, pc}) fs::remove(p);
}

TEST_CASE("a version 1 store (tests/data/golden-v1.store) is read and saved as the newest version", "[store]") {
  const std::string v1 = std::string(RELATA_SOURCE_DIR) + "/tests/data/golden-v1.store";
  REQUIRE(ReadAll(v1).substr(8, 4) == std::string("\x01\0\0\0", 4));
  auto old = Store::Load(v1);
  REQUIRE(old.ok());
  CHECK(old->size() == 6);  // the six lines of tests/data/golden.jsonl
  for (const Store::Mention& mention : old->mentions()) {
    CHECK(mention.extra == 0);
    const Store::Extra& m = old->extra(mention);
    CHECK(m.sentence_index == Store::Mention::kNone);
    CHECK(m.char_begin == Store::Mention::kNone);
    CHECK(m.char_end == Store::Mention::kNone);
    CHECK(m.flags == 0);
    CHECK(old->str(m.speaker).empty());
  }
  // The same mentions added to a new store: saving either gives the same version 3 bytes.
  Store fresh;
  for (const Store::Mention& m : old->mentions()) {
    TripleInput t;
    t.subject = old->str(m.subject);
    t.subject_type = old->str(m.subject_type);
    t.relation = old->str(m.relation);
    t.object = old->str(m.object);
    t.object_type = old->str(m.object_type);
    t.source = old->str(m.source);
    t.date = old->str(m.date);
    t.sentence = old->str(m.sentence);
    t.extractor = old->str(m.extractor);
    t.confidence = m.confidence;
    REQUIRE(fresh.Add(t).ok());
  }
  std::string p1 = TempPath("from-v1.store"), p2 = TempPath("fresh.store");
  REQUIRE(old->Save(p1).ok());
  REQUIRE(fresh.Save(p2).ok());
  CHECK(ReadAll(p1).substr(8, 4) == std::string("\x03\0\0\0", 4));
  CHECK(ReadAll(p1) == ReadAll(p2));
  // A converted store loads again, unchanged.
  auto again = Store::Load(p1);
  REQUIRE(again.ok());
  CHECK(again->size() == 6);
  // A v1 store merges with v2 mentions as a set.
  Store merged;
  merged.Merge(*old);
  REQUIRE(merged.Add(Positioned(1, 2, 3)).ok());
  merged.Merge(*again);
  CHECK(merged.size() == 7);
  for (auto& p : {p1, p2}) fs::remove(p);
}

TEST_CASE("store format 2: corrupt record values fail with the record and its body offset", "[store]") {
  Store a;
  REQUIRE(a.Add(Positioned(3, 120, 170, TripleInput::kAttributed, "its chief")).ok());
  std::string p = TempPath("v2bad.store");
  REQUIRE(a.Save(p).ok());
  const std::string good = ReadAll(p);
  // Packing the body unchanged gives back a loadable file (the helper is right).
  const Unpacked base = Unpacked::From(good);
  {
    std::ofstream(p, std::ios::binary | std::ios::trunc) << base.Pack();
    REQUIRE(Store::Load(p).ok());
  }
  const size_t rec = base.body.size() - 77;  // the one record is last
  auto load_with = [&](size_t field, uint32_t v, bool byte = false) {
    Unpacked u = base;
    if (byte) u.body[rec + field] = static_cast<char>(v);
    else u.PutU32(rec + field, v);
    std::ofstream(p, std::ios::binary | std::ios::trunc) << u.Pack();
    auto r = Store::Load(p);
    REQUIRE_FALSE(r.ok());
    return r.status().message();
  };
  const std::string where = p + ": byte 40: corrupt mention table: record 0 (body byte ";
  std::string m = load_with(56, 100);  // char_end < char_begin (120)
  CHECK(m == where + std::to_string(rec + 52) + "): char_end < char_begin");
  m = load_with(56, Store::Mention::kNone);  // only one end of the span
  CHECK(m.find(where) == 0);
  CHECK(m.find("only one end") != std::string::npos);
  m = load_with(60, 0x0C, true);  // unknown flag bit
  CHECK(m == where + std::to_string(rec + 60) + "): unknown flag bits");
  m = load_with(60, TripleInput::kHedged, true);  // speaker, not attributed
  CHECK(m.find("speaker without the attributed flag") != std::string::npos);
  m = load_with(44, 1000);  // speaker string id out of range
  CHECK(m == where + std::to_string(rec + 44) + "): string id out of range");
  m = load_with(61, 1);  // a subject form without its rule
  CHECK(m.find("a form without its rule") != std::string::npos);
  m = load_with(73, 1);  // an object rule without its form
  CHECK(m.find("a form without its rule") != std::string::npos);
  m = load_with(69, 100000);  // object form string id out of range
  CHECK(m == where + std::to_string(rec + 69) + "): string id out of range");
  // A record size that is not the version's: a version 1 header over a version 3 body.
  {
    Unpacked u = base;
    u.header[8] = 1;
    std::ofstream(p, std::ios::binary | std::ios::trunc) << u.Pack();
    CHECK(Store::Load(p).status().message().find("corrupt mention table") != std::string::npos);
  }
  fs::remove(p);
}

TEST_CASE("store format 2: merge maps speakers and keeps the fields in the set identity", "[store]") {
  Store a, b;
  // b interns other strings first, so the speaker's string id differs between the stores.
  REQUIRE(b.Add(T("Zeta", "knows", "Omega", "zz")).ok());
  REQUIRE(a.Add(Positioned(3, 120, 170, TripleInput::kAttributed, "its chief")).ok());
  REQUIRE(a.Add(Positioned(3, 120, 170, TripleInput::kAttributed | TripleInput::kHedged, "its chief")).ok());
  REQUIRE(b.Add(Positioned(3, 120, 170, TripleInput::kAttributed, "its chief")).ok());
  b.Merge(a);
  CHECK(b.size() == 3);  // the shared mention once
  b.Merge(a);
  CHECK(b.size() == 3);
  size_t with_speaker = 0;
  for (const Store::Mention& m : b.mentions())
    if (b.str(b.extra(m).speaker) == "its chief") ++with_speaker;
  CHECK(with_speaker == 2);
  // Saved, both orders of merging give the same bytes.
  Store c;
  c.Merge(a);
  REQUIRE(c.Add(T("Zeta", "knows", "Omega", "zz")).ok());
  std::string pb = TempPath("mb.store"), pc = TempPath("mc.store");
  REQUIRE(b.Save(pb).ok());
  REQUIRE(c.Save(pc).ok());
  CHECK(ReadAll(pb) == ReadAll(pc));
  for (auto& p : {pb, pc}) fs::remove(p);
}

TEST_CASE("a version 2 store (tests/data/golden-v2.store) is read: mentions without forms", "[store]") {
  // Written by relata at commit 8c920a3 (store format 2) from tests/data/evidence.jsonl.
  const std::string v2 = std::string(RELATA_SOURCE_DIR) + "/tests/data/golden-v2.store";
  REQUIRE(ReadAll(v2).substr(8, 4) == std::string("\x02\0\0\0", 4));
  auto old = Store::Load(v2);
  REQUIRE(old.ok());
  CHECK(old->size() == 5);
  size_t positioned = 0;
  for (const Store::Mention& m : old->mentions()) {
    const Store::Extra& x = old->extra(m);
    positioned += x.sentence_index != Store::Mention::kNone;
    CHECK(x.subject_form == 0);
    CHECK(x.subject_rule == 0);
    CHECK(x.object_form == 0);
    CHECK(x.object_rule == 0);
  }
  CHECK(positioned > 0);
  // Saved again it is version 3, and reads back as the same set.
  std::string p = TempPath("from-v2.store");
  REQUIRE(old->Save(p).ok());
  CHECK(ReadAll(p).substr(8, 4) == std::string("\x03\0\0\0", 4));
  auto again = Store::Load(p);
  REQUIRE(again.ok());
  Store both;
  both.Merge(*old);
  both.Merge(*again);
  CHECK(both.size() == 5);
  fs::remove(p);
}

TEST_CASE("store format 3: forms and rules of entity resolution", "[store]") {
  TripleInput t = Positioned(2, 10, 40);
  t.subject = "Jens Stoltenberg";
  t.subject_form = "he";
  t.subject_rule = "pronoun";
  t.object = "NATO";
  t.object_form = "the alliance";
  t.object_rule = "description";
  Store a;
  REQUIRE(a.Add(t).ok());
  // The same mention without the forms is another mention.
  TripleInput plain = t;
  plain.subject_form = plain.subject_rule = plain.object_form = plain.object_rule = "";
  REQUIRE(a.Add(plain).ok());
  CHECK(a.size() == 2);
  // A form equal to the name says nothing: stored without it (so it is the plain mention).
  TripleInput same = plain;
  same.subject_form = "Jens Stoltenberg";
  same.subject_rule = "name";
  REQUIRE(a.Add(same).ok());
  CHECK(a.size() == 2);
  // Form and rule go together.
  TripleInput half = plain;
  half.object_form = "it";
  Status s = a.Add(half);
  REQUIRE_FALSE(s.ok());
  CHECK(s.message() == "object_form and object_rule must be given together");
  // Saved, loaded, saved: same bytes; the evidence gives the forms back.
  std::string p1 = TempPath("v3a.store"), p2 = TempPath("v3b.store");
  REQUIRE(a.Save(p1).ok());
  auto loaded = Store::Load(p1);
  REQUIRE(loaded.ok());
  REQUIRE(loaded->Save(p2).ok());
  CHECK(ReadAll(p1) == ReadAll(p2));
  Graph g = Graph::Build(*loaded);
  size_t with_forms = 0;
  for (const Edge& e : g.edges)
    for (uint32_t m : g.EvidenceOf(e)) {
      EvidenceView v = g.Evidence(m);
      if (v.subject_form.empty()) continue;
      ++with_forms;
      CHECK(v.subject_form == "he");
      CHECK(v.subject_rule == "pronoun");
      CHECK(v.object_form == "the alliance");
      CHECK(v.object_rule == "description");
    }
  CHECK(with_forms == 1);
  // Merging maps the forms' string ids.
  Store other;
  REQUIRE(other.Add(T("x", "y", "z", "d9")).ok());
  other.Merge(*loaded);
  CHECK(other.size() == 3);
  std::string p3 = TempPath("v3c.store");
  Store only;
  only.Merge(other);
  REQUIRE(only.Save(p3).ok());
  auto back = Store::Load(p3);
  REQUIRE(back.ok());
  size_t found = 0;
  for (const Store::Mention& m : back->mentions())
    found += back->str(back->extra(m).object_form) == "the alliance";
  CHECK(found == 1);
  for (auto& p : {p1, p2, p3}) fs::remove(p);
}
