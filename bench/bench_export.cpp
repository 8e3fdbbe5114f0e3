// bench_export: throughput and memory of the store, the graph build and every exporter on a
// synthetic, news-like set of triple mentions. See bench/README.md for what each figure means.
//
//   bench_export [--triples N] [--out DIR] [--seed S] [--formats LIST] [--null-sink]
//   bench_export [--triples N] [--seed S] --gen-only FILE.tsv|FILE.jsonl
//
// The data depends only on N and the seed (our own splitmix64, no <random> distributions, whose
// output differs between standard libraries), so every machine benchmarks the same bytes.
#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bench/bench_rng.h"
#include "relata/exporter.h"
#include "relata/graph.h"
#include "relata/sink.h"
#include "relata/store.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// ---- memory ---------------------------------------------------------------------------------

// Peak resident set size of this process so far, in bytes (Linux reports ru_maxrss in KiB).
uint64_t PeakRss() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<uint64_t>(ru.ru_maxrss) * 1024;
}

// Current resident set size in bytes (0 when /proc is not there).
uint64_t CurrentRss() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (!f) return 0;
  unsigned long long size = 0, resident = 0;
  int n = std::fscanf(f, "%llu %llu", &size, &resident);
  std::fclose(f);
  if (n != 2) return 0;
  return resident * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

double Mib(uint64_t bytes) { return static_cast<double>(bytes) / (1024.0 * 1024.0); }

// ---- deterministic pseudo-random numbers -----------------------------------------------------

using relata::bench::Rng;

// A stateless hash of an index, for properties fixed per entity / source.
uint64_t Mix(uint64_t seed, uint64_t i) {
  Rng r(seed ^ (i * 0xD1B54A32D192ED03ull));
  return r.Next();
}

// ---- vocabulary (invented for this benchmark) ------------------------------------------------

constexpr std::string_view kSyllables[32] = {
    "ka", "lo", "mi", "ra", "ten", "vo", "shi", "bar", "del", "quo", "zen", "ma", "ri", "no", "sa", "tu",
    "fe", "gan", "hol", "is", "jo", "ku", "lem", "nor", "pa", "ros", "sel", "tor", "ul", "ve", "wyn", "yar"};

// Given names, some with non-ASCII letters so that escaping and NFC paths are exercised.
constexpr std::string_view kGiven[48] = {
    "Anna", "Omar", "Li", "José", "Fatima", "Ivan", "Grace", "Kwame", "Mei", "Søren", "Priya", "Yusuf",
    "Elena", "Tomás", "Aiko", "Chidi", "Zoë", "Marek", "Nadia", "Pablo", "Hana", "Lukas", "Amara", "Ravi",
    "Ingrid", "Mateo", "Leila", "Dmitri", "Sofia", "Kenji", "Ayesha", "Jonas", "Łucja", "Emeka", "Rosa", "Arjun",
    "Maren", "Tariq", "Noor", "Felix", "Chloé", "Bongani", "Yara", "Henrik", "Imani", "Diego", "Saanvi", "Oskar"};

constexpr std::string_view kOrgSuffix[12] = {
    "Corporation", "Group", "Holdings", "Party", "Union", "Institute",
    "Bank", "Agency", "Council", "Foundation", "Airlines", "Energy"};

constexpr std::string_view kVerbs[50] = {
    "meet", "sign", "criticize", "support", "accuse", "announce", "acquire", "sanction", "visit", "train",
    "arrest", "elect", "appoint", "fund", "sue", "invade", "attack", "praise", "warn", "join",
    "leave", "lead", "negotiate", "reject", "approve", "investigate", "ban", "buy", "sell", "hire",
    "fire", "endorse", "oppose", "host", "defeat", "release", "charge", "deploy", "advise", "replace",
    "question", "honour", "threaten", "partner", "compete", "supply", "block", "rescue", "welcome", "condemn"};

constexpr std::string_view kFrames[10] = {
    "{}", "{} with", "{} against", "agree to {}", "plan to {}",
    "refuse to {}", "{} for", "{} in", "promise to {}", "{} over"};

constexpr std::string_view kFiller[40] = {
    "on", "Tuesday", "after", "talks", "in", "the", "capital", "officials", "said", "according",
    "to", "a", "statement", "late", "last", "week", "amid", "growing", "pressure", "from",
    "lawmakers", "and", "analysts", "despite", "earlier", "reports", "of", "delays", "over", "funding",
    "at", "summit", "while", "protesters", "gathered", "outside", "ministry", "headquarters", "near", "port"};

enum EntityKind : uint8_t { kPerson, kOrg, kGpe, kLoc, kNorp, kEvent, kFac, kProduct, kLaw, kKinds };
constexpr std::string_view kTypeName[kKinds] = {"PERSON", "ORG", "GPE", "LOC", "NORP",
                                                "EVENT", "FAC", "PRODUCT", "LAW"};

// A word unique to `i`: i written in base 32 with syllables as digits (bijective numeration,
// so small indices give short words), capitalised.
std::string Word(uint32_t i) {
  std::string w;
  uint64_t v = uint64_t{i} + 33;  // at least two syllables
  std::vector<std::string_view> parts;
  while (v > 0) {
    v -= 1;
    parts.push_back(kSyllables[v % 32]);
    v /= 32;
  }
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) w += *it;
  w[0] = static_cast<char>(w[0] - 'a' + 'A');
  return w;
}

struct Entity {
  std::string name;
  EntityKind kind;
  bool ambiguous;  // mentioned with another type now and then (a type conflict)
};

// Entity i: a unique name built on Word(i) and a type fixed by a hash of i.
Entity MakeEntity(uint64_t seed, uint32_t i) {
  uint64_t h = Mix(seed ^ 0xE17, i);
  uint32_t p = static_cast<uint32_t>(h % 100);
  EntityKind k = p < 40 ? kPerson : p < 65 ? kOrg : p < 80 ? kGpe : p < 85 ? kLoc : p < 89 ? kNorp
               : p < 93 ? kEvent : p < 96 ? kFac : p < 98 ? kProduct : kLaw;
  std::string w = Word(i), name;
  uint32_t v = static_cast<uint32_t>((h >> 32) % 1000);
  switch (k) {
    case kPerson: name = std::string(kGiven[v % 48]) + " " + w; break;
    case kOrg:
      name = v % 5 == 0 ? "Ministry of " + w : w + " " + std::string(kOrgSuffix[v % 12]);
      break;
    case kGpe: name = v % 3 == 0 ? w + " City" : w; break;
    case kLoc: name = v % 2 ? "Mount " + w : w + " River"; break;
    case kNorp: name = w + "ian"; break;
    case kEvent: name = w + " Summit " + std::to_string(2024 + v % 2); break;
    case kFac: name = w + " Bridge"; break;
    case kProduct: name = w + " X" + std::to_string(v % 9 + 1); break;
    case kLaw: name = w + " Act"; break;
    default: break;
  }
  return {std::move(name), k, (h >> 52) % 200 == 0};
}

// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
void CivilFromDays(int64_t z, int& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t yy = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int>(yy + (m <= 2));
}

struct Article {
  std::string source, date;
};

// Article j: its source (mostly https URLs) and date (two years, 2024-2025; some with a time,
// a few without a date).
Article MakeArticle(uint64_t seed, uint32_t j) {
  uint64_t h = Mix(seed ^ 0xA27, j);
  const int64_t kStart = 19723;  // 2024-01-01
  int y;
  unsigned m, d;
  CivilFromDays(kStart + static_cast<int64_t>(h % 731), y, m, d);
  char buf[160];
  Article a;
  uint32_t kind = static_cast<uint32_t>((h >> 16) % 10);
  std::string w = Word(static_cast<uint32_t>((h >> 24) % 5000));
  for (char& c : w) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (kind < 7)
    std::snprintf(buf, sizeof buf, "https://news.example.org/%04d/%02u/%02u/%s-%u", y, m, d, w.c_str(), j);
  else if (kind < 9)
    std::snprintf(buf, sizeof buf, "https://wire.example.com/story?id=%u&lang=en", j);
  else
    std::snprintf(buf, sizeof buf, "archive/%s-%u.txt", w.c_str(), j);
  a.source = buf;
  uint32_t dk = static_cast<uint32_t>((h >> 40) % 50);
  if (dk == 0) return a;  // no date
  if (dk < 11)
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02u:%02u:00Z", y, m, d,
                  static_cast<unsigned>((h >> 44) % 24), static_cast<unsigned>((h >> 50) % 60));
  else
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
  a.date = buf;
  return a;
}

// The whole synthetic corpus, generated on demand in a fixed order.
class Generator {
 public:
  Generator(uint64_t n, uint64_t seed) : n_(n), seed_(seed), rng_(seed) {
    uint32_t n_entities = static_cast<uint32_t>(std::max<uint64_t>(100, n / 20));
    entities_.reserve(n_entities);
    for (uint32_t i = 0; i < n_entities; ++i) entities_.push_back(MakeEntity(seed, i));
    for (uint32_t v = 0; v < 50; ++v)
      for (uint32_t f = 0; f < 10; ++f) {
        std::string frame(kFrames[f]);
        size_t at = frame.find("{}");
        frame.replace(at, 2, kVerbs[(v * 7 + f * 3) % 50]);
        relations_.push_back(std::move(frame));
      }
    n_articles_ = static_cast<uint32_t>(std::max<uint64_t>(1, n / 50));
  }

  size_t entities() const { return entities_.size(); }
  size_t relations() const { return relations_.size(); }
  uint32_t articles() const { return n_articles_; }

  // Fills `t` with triple mention number `i_` (0, 1, 2, ... in order); false at the end.
  bool Next(relata::TripleInput& t) {
    if (i_ >= n_) return false;
    uint32_t article = static_cast<uint32_t>(i_ * n_articles_ / n_);
    if (article != article_ || i_ == 0) {
      article_ = article;
      current_ = MakeArticle(seed_, article);
    }
    const uint32_t s = rng_.Zipf(static_cast<uint32_t>(entities_.size()));
    uint32_t o = rng_.Zipf(static_cast<uint32_t>(entities_.size()));
    if (o == s) o = (o + 1 + rng_.Below(entities_.size() - 1)) % static_cast<uint32_t>(entities_.size());
    const uint32_t r = rng_.Zipf(static_cast<uint32_t>(relations_.size()));
    Surface(entities_[s], t.subject, t.subject_type);
    Surface(entities_[o], t.object, t.object_type);
    t.relation = relations_[r];
    if (rng_.Chance(0.03)) t.relation[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(t.relation[0])));
    t.confidence = static_cast<double>(50 + rng_.Below(51)) / 100.0;
    t.source = current_.source;
    t.date = current_.date;
    uint32_t x = rng_.Below(10);
    t.extractor = x < 7 ? "clause" : x < 9 ? "title" : "apposition";
    // One sentence for every 2-3 mentions of the same article.
    if (left_in_sentence_ == 0 || article != sentence_article_) {
      left_in_sentence_ = 2 + rng_.Below(2);
      sentence_article_ = article;
      MakeSentence(t);
    }
    --left_in_sentence_;
    t.sentence = sentence_;
    ++i_;
    return true;
  }

 private:
  // The surface form and type a mention gives an entity: mostly the canonical name with its
  // type; sometimes a case variant (an alias), no type (folded into the typed entity by
  // Graph::Build), or, for ambiguous names, another type.
  void Surface(const Entity& e, std::string& name, std::string& type) {
    name = e.name;
    type = kTypeName[e.kind];
    uint32_t x = rng_.Below(1000);
    if (x < 30) {
      for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    } else if (x < 60) {
      type.clear();
    } else if (e.ambiguous && x < 360) {
      type = e.kind == kGpe ? "ORG" : "GPE";
    }
  }

  void MakeSentence(const relata::TripleInput& t) {
    sentence_.clear();
    bool quote = rng_.Chance(0.05);
    if (quote) sentence_ += '"';
    sentence_ += t.subject;
    sentence_ += ' ';
    sentence_ += t.relation;
    sentence_ += ' ';
    sentence_ += t.object;
    size_t target = 70 + rng_.Below(21);
    while (sentence_.size() < target) {
      sentence_ += ' ';
      sentence_ += kFiller[rng_.Below(40)];
    }
    sentence_ += quote ? ",\" a spokesperson said." : ".";
  }

  uint64_t n_, seed_;
  Rng rng_;
  std::vector<Entity> entities_;
  std::vector<std::string> relations_;
  uint32_t n_articles_ = 1;
  uint64_t i_ = 0;
  uint32_t article_ = 0, sentence_article_ = UINT32_MAX;
  Article current_;
  uint32_t left_in_sentence_ = 0;
  std::string sentence_;
};

// ---- --gen-only -----------------------------------------------------------------------------

void AppendJsonString(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') { out += '\\'; out += c; }
    else if (static_cast<unsigned char>(c) < 0x20) {
      char b[8];
      std::snprintf(b, sizeof b, "\\u%04x", static_cast<unsigned>(c));
      out += b;
    } else out += c;
  }
  out += '"';
}

int GenerateFile(Generator& gen, const std::string& path, uint64_t n) {
  bool jsonl = path.size() >= 6 && (path.ends_with(".jsonl") || path.ends_with(".ndjson"));
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) {
    std::fprintf(stderr, "bench_export: %s: cannot write: %s\n", path.c_str(), std::strerror(errno));
    return 1;
  }
  auto start = Clock::now();
  relata::TripleInput t;
  std::string line, buf;
  char conf[16];
  while (gen.Next(t)) {
    std::snprintf(conf, sizeof conf, "%.2f", t.confidence);
    line.clear();
    if (jsonl) {
      line += "{\"subject\":";
      AppendJsonString(line, t.subject);
      line += ",\"relation\":";
      AppendJsonString(line, t.relation);
      line += ",\"object\":";
      AppendJsonString(line, t.object);
      for (auto [k, v] : {std::pair<const char*, const std::string*>{"subject_type", &t.subject_type},
                          {"object_type", &t.object_type}, {"source", &t.source}, {"date", &t.date},
                          {"sentence", &t.sentence}, {"extractor", &t.extractor}}) {
        if (v->empty()) continue;
        line += ",\"";
        line += k;
        line += "\":";
        AppendJsonString(line, *v);
      }
      line += ",\"confidence\":";
      line += conf;
      line += "}\n";
    } else {
      // TSV carries subject, relation, object, confidence, source, date (input.h); types,
      // sentence and extractor are lost.
      for (const std::string* v : {&t.subject, &t.relation, &t.object}) {
        line += *v;
        line += '\t';
      }
      line += conf;
      line += '\t';
      line += t.source;
      line += '\t';
      line += t.date;
      line += '\n';
    }
    buf += line;
    if (buf.size() > (1 << 20)) {
      std::fwrite(buf.data(), 1, buf.size(), f);
      buf.clear();
    }
  }
  std::fwrite(buf.data(), 1, buf.size(), f);
  bool bad = std::ferror(f) != 0;
  if (std::fclose(f) != 0 || bad) {
    std::fprintf(stderr, "bench_export: %s: write failed\n", path.c_str());
    return 1;
  }
  std::printf("wrote %llu triples (%s) to %s in %.2f s, %.1f MiB\n",
              static_cast<unsigned long long>(n), jsonl ? "JSONL" : "TSV", path.c_str(),
              Seconds(start), Mib(fs::file_size(path)));
  return 0;
}

// ---- sinks ----------------------------------------------------------------------------------

// Discards the output, counting bytes: the cost of formatting alone, without the file system.
class NullSink final : public relata::Sink {
 public:
  relata::Status Finish() override {
    Flush();
    return relata::Status::Ok();
  }
  uint64_t bytes() const { return bytes_; }

 private:
  void Emit(std::string_view s) override { bytes_ += s.size(); }
  uint64_t bytes_ = 0;
};

uint64_t CountLines(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return 0;
  static char buf[1 << 16];
  uint64_t lines = 0;
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
    for (const char* p = buf; (p = static_cast<const char*>(std::memchr(p, '\n', buf + n - p))) != nullptr; ++p)
      ++lines;
  std::fclose(f);
  return lines;
}

// ---- the benchmark ----------------------------------------------------------------------------

struct Args {
  uint64_t triples = 1000000;
  std::string out = "bench-out";
  uint64_t seed = 42;
  std::string formats = "all";
  std::string gen_only;
  bool null_sink = false;
  bool reference_rules = false;
};

[[noreturn]] void Usage(int code) {
  std::fprintf(code ? stderr : stdout,
               "usage: bench_export [--triples N=1000000] [--out DIR=bench-out] [--seed S=42]\n"
               "                    [--formats all|LIST] [--null-sink] [--gen-only FILE.tsv|FILE.jsonl]\n"
               "                    [--reference-rules]\n"
               "  --null-sink   exporters write to a sink that discards (formatting cost only)\n"
               "  --reference-rules  also time Graph::Build without the cross-document rules\n"
               "                (GraphOptions::cross_document = false) before the real one\n"
               "  --gen-only    write the synthetic triples to FILE for the CLI and exit\n");
  std::exit(code);
}

Args Parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string_view k = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "bench_export: %s needs a value\n", argv[i]);
        Usage(2);
      }
      return argv[++i];
    };
    auto number = [&]() -> uint64_t {
      std::string v = value();
      char* end = nullptr;
      unsigned long long x = std::strtoull(v.c_str(), &end, 10);
      if (v.empty() || *end) {
        std::fprintf(stderr, "bench_export: %s: not a number: %s\n", std::string(k).c_str(), v.c_str());
        Usage(2);
      }
      return x;
    };
    if (k == "--triples") a.triples = number();
    else if (k == "--out") a.out = value();
    else if (k == "--seed") a.seed = number();
    else if (k == "--formats") a.formats = value();
    else if (k == "--gen-only") a.gen_only = value();
    else if (k == "--null-sink") a.null_sink = true;
    else if (k == "--reference-rules") a.reference_rules = true;
    else if (k == "-h" || k == "--help") Usage(0);
    else {
      std::fprintf(stderr, "bench_export: unknown argument %s\n", argv[i]);
      Usage(2);
    }
  }
  if (a.triples == 0) {
    std::fprintf(stderr, "bench_export: --triples must be positive\n");
    Usage(2);
  }
  return a;
}

std::vector<const relata::ExporterInfo*> ChooseFormats(const std::string& list) {
  std::vector<const relata::ExporterInfo*> chosen;
  if (list == "all") {
    for (const auto& e : relata::Exporters()) chosen.push_back(&e);
    return chosen;
  }
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    std::string name = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!name.empty()) {
      const relata::ExporterInfo* e = relata::FindExporter(name);
      if (!e) {
        std::fprintf(stderr, "bench_export: unknown format \"%s\"\n", name.c_str());
        std::exit(2);
      }
      chosen.push_back(e);
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return chosen;
}

void Phase(const char* name, double secs, const std::string& detail) {
  std::printf("%-22s %9.3f s  %-44s rss %7.1f MiB  peak %7.1f MiB\n", name, secs, detail.c_str(),
              Mib(CurrentRss()), Mib(PeakRss()));
  std::fflush(stdout);
}

std::string Rate(double count, double secs, const char* unit) {
  char b[64];
  std::snprintf(b, sizeof b, "%.0f %s/s", secs > 0 ? count / secs : 0.0, unit);
  return b;
}

int Fail(const relata::Status& s) {
  std::fprintf(stderr, "bench_export: %s\n", s.message().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  mallopt(M_MMAP_THRESHOLD, 1 << 20);  // as the relata command does (src/cli/main.cpp)
  const Args args = Parse(argc, argv);
  const uint64_t n = args.triples;
  const double dn = static_cast<double>(n);

  if (!args.gen_only.empty()) {
    Generator gen(n, args.seed);
    return GenerateFile(gen, args.gen_only, n);
  }
  std::vector<const relata::ExporterInfo*> formats = ChooseFormats(args.formats);
  std::error_code ec;
  fs::create_directories(args.out, ec);
  if (ec) {
    std::fprintf(stderr, "bench_export: %s: %s\n", args.out.c_str(), ec.message().c_str());
    return 1;
  }
  std::printf("bench_export: %llu triples, seed %llu, out %s%s\n", static_cast<unsigned long long>(n),
              static_cast<unsigned long long>(args.seed), args.out.c_str(),
              args.null_sink ? " (null sink)" : "");
  Phase("start", 0, "");

  // 1. Generate and add. Generation and Store::Add are timed apart, in batches, so that the
  // clock is read rarely and the generator's own cost is not charged to the store.
  auto gen_start = Clock::now();
  Generator gen(n, args.seed);
  double gen_secs = Seconds(gen_start), add_secs = 0;
  relata::Store store;
  {
    constexpr size_t kBatch = 8192;
    std::vector<relata::TripleInput> batch(kBatch);
    for (;;) {
      auto t0 = Clock::now();
      size_t k = 0;
      while (k < kBatch && gen.Next(batch[k])) ++k;
      auto t1 = Clock::now();
      for (size_t i = 0; i < k; ++i)
        if (relata::Status s = store.Add(batch[i]); !s.ok()) return Fail(s);
      auto t2 = Clock::now();
      gen_secs += std::chrono::duration<double>(t1 - t0).count();
      add_secs += std::chrono::duration<double>(t2 - t1).count();
      if (k < kBatch) break;
    }
  }
  char detail[160];
  std::snprintf(detail, sizeof detail, "%zu entities, %zu relations, %u sources", gen.entities(),
                gen.relations(), gen.articles());
  Phase("generate", gen_secs, detail);
  std::snprintf(detail, sizeof detail, "%zu mentions, %s", store.size(), Rate(dn, add_secs, "triples").c_str());
  Phase("Store::Add", add_secs, detail);
  const size_t mentions = store.size();

  // 2. Save and load. The store built above is dropped before loading, so the peak is that of
  // one store, as in `relata build --store` on an existing file.
  const std::string store_path = (fs::path(args.out) / "store.relata").string();
  auto t = Clock::now();
  if (relata::Status s = store.Save(store_path); !s.ok()) return Fail(s);
  double save_secs = Seconds(t);
  std::snprintf(detail, sizeof detail, "%.1f MiB, %s", Mib(fs::file_size(store_path)),
                Rate(static_cast<double>(mentions), save_secs, "mentions").c_str());
  Phase("Store::Save", save_secs, detail);
  store = relata::Store();
  t = Clock::now();
  auto loaded = relata::Store::Load(store_path);
  double load_secs = Seconds(t);
  if (!loaded.ok()) return Fail(loaded.status());
  store = std::move(loaded).value();
  if (store.size() != mentions) {
    std::fprintf(stderr, "bench_export: loaded %zu mentions, saved %zu\n", store.size(), mentions);
    return 1;
  }
  std::snprintf(detail, sizeof detail, "%s", Rate(static_cast<double>(mentions), load_secs, "mentions").c_str());
  Phase("Store::Load", load_secs, detail);

  // 3. The graph (first, when asked, with the rules before cross-document merging: the
  // reference for what those rules cost).
  if (args.reference_rules) {
    relata::GraphOptions reference;
    reference.cross_document = false;
    t = Clock::now();
    relata::Graph ref = relata::Graph::Build(store, reference);
    double ref_secs = Seconds(t);
    std::snprintf(detail, sizeof detail, "%zu nodes, %zu edges, %zu merges", ref.nodes.size(),
                  ref.edges.size(), ref.merges.size());
    Phase("Graph::Build (ref)", ref_secs, detail);
  }
  t = Clock::now();
  relata::Graph graph = relata::Graph::Build(store);
  double build_secs = Seconds(t);
  std::snprintf(detail, sizeof detail, "%zu nodes, %zu edges, %zu rel, %zu docs, %zu merges",
                graph.nodes.size(), graph.edges.size(), graph.relations.size(),
                graph.documents.size(), graph.merges.size());
  Phase("Graph::Build", build_secs, detail);
  if (args.reference_rules) {  // again after it, so neither gets the fresher heap
    relata::GraphOptions reference;
    reference.cross_document = false;
    t = Clock::now();
    relata::Graph ref = relata::Graph::Build(store, reference);
    Phase("Graph::Build (ref 2)", Seconds(t), "");
  }

  // 4. Every exporter, to DIR/graph.<ext> (time includes the final flush, fsync and rename).
  relata::ExportOptions options;
  struct Row { std::string name, ext; double secs; uint64_t bytes, lines; };
  std::vector<Row> rows;
  for (const relata::ExporterInfo* e : formats) {
    std::string path = (fs::path(args.out) / ("graph." + std::string(e->extension))).string();
    fs::remove(path, ec);
    uint64_t bytes = 0;
    t = Clock::now();
    if (args.null_sink) {
      NullSink sink;
      if (relata::Status s = e->write(graph, options, sink); !s.ok()) return Fail(s.With(std::string(e->name)));
      sink.Finish();
      bytes = sink.bytes();
    } else {
      auto sink = relata::FileSink::Create(path);
      if (!sink.ok()) return Fail(sink.status());
      if (relata::Status s = e->write(graph, options, **sink); !s.ok()) return Fail(s.With(path));
      // The caller finishes the sink (exporter.h): flush, fsync, rename, all inside the timing.
      if (relata::Status s = (*sink)->Finish(); !s.ok()) return Fail(s);
    }
    double secs = Seconds(t);
    uint64_t lines = 0;
    if (!args.null_sink) {
      bytes = fs::file_size(path);
      lines = CountLines(path);
    }
    rows.push_back({std::string(e->name), std::string(e->extension), secs, bytes, lines});
    std::snprintf(detail, sizeof detail, "%8.1f MiB %6.1f MiB/s %9s", Mib(bytes), Mib(bytes) / secs,
                  Rate(dn, secs, "tr").c_str());
    Phase(std::string("export " + std::string(e->name)).c_str(), secs, detail);
  }

  // 5. Summary.
  uint64_t statements = 0;  // RDF statements of the triple-only formats: lines of graph.nt
  for (const Row& r : rows)
    if (r.ext == "nt") statements = r.lines;
  const uint64_t peak = PeakRss();
  std::printf("\n%-10s %10s %12s %14s %16s\n", "format", "seconds", "MiB", "triples/s", "statements/s");
  for (const Row& r : rows) {
    bool counted = statements && (r.ext == "nt" || r.ext == "ttl");
    if (r.ext == "nq") counted = r.lines > 0;
    double st = r.ext == "nq" ? static_cast<double>(r.lines) : static_cast<double>(statements);
    char sps[32] = "-";
    if (counted) std::snprintf(sps, sizeof sps, "%.0f", st / r.secs);
    std::printf("%-10s %10.3f %12.1f %14.0f %16s\n", r.name.c_str(), r.secs, Mib(r.bytes), dn / r.secs, sps);
  }
  std::printf("\npeak RSS %.1f MiB = %.0f bytes per input triple (%llu triples)\n", Mib(peak),
              static_cast<double>(peak) / dn, static_cast<unsigned long long>(n));

  // Machine-readable lines for bench/run.sh.
  std::printf("\nresult triples %llu\nresult mentions %zu\nresult add_s %.4f\nresult save_s %.4f\n"
              "result load_s %.4f\nresult graph_s %.4f\nresult nodes %zu\nresult edges %zu\n",
              static_cast<unsigned long long>(n), mentions, add_secs, save_secs, load_secs, build_secs,
              graph.nodes.size(), graph.edges.size());
  for (const Row& r : rows)
    std::printf("result export_%s_s %.4f\nresult export_%s_bytes %llu\nresult export_%s_lines %llu\n",
                r.ext.c_str(), r.secs, r.ext.c_str(), static_cast<unsigned long long>(r.bytes),
                r.ext.c_str(), static_cast<unsigned long long>(r.lines));
  std::printf("result peak_rss_bytes %llu\nresult peak_bytes_per_triple %.1f\n",
              static_cast<unsigned long long>(peak), static_cast<double>(peak) / dn);
  return 0;
}
