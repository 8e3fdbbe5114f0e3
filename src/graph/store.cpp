#include "relata/store.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <numeric>

#include <fmt/core.h>
#include <xxhash.h>
#include <zstd.h>

#include "relata/sink.h"
#include "relata/text.h"
#include "relata/types.h"

namespace relata {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool Digits(std::string_view s, size_t pos, size_t n) {
  if (pos + n > s.size()) return false;
  for (size_t i = pos; i < pos + n; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

int Num(std::string_view s, size_t pos, size_t n) {
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

// Open-addressing hash set of uint32 ids; the caller supplies hashing and equality.
class IdTable {
 public:
  template <typename Hash, typename Eq>
  // Returns the id already stored that equals `probe`, or stores `fresh` and returns it.
  uint32_t FindOrInsert(uint64_t h, uint32_t fresh, const Hash& hash_of, const Eq& eq) {
    if ((count_ + 1) * 2 > slots_.size()) Grow(hash_of);
    size_t mask = slots_.size() - 1, i = h & mask;
    while (slots_[i] != 0) {
      if (eq(slots_[i] - 1)) return slots_[i] - 1;
      i = (i + 1) & mask;
    }
    slots_[i] = fresh + 1;
    ++count_;
    return fresh;
  }
  void Clear() { slots_.clear(); count_ = 0; }

 private:
  template <typename Hash>
  void Grow(const Hash& hash_of) {
    std::vector<uint32_t> old;
    old.swap(slots_);
    slots_.assign(std::max<size_t>(64, old.size() * 2), 0);
    size_t mask = slots_.size() - 1;
    for (uint32_t s : old) {
      if (!s) continue;
      size_t i = hash_of(s - 1) & mask;
      while (slots_[i] != 0) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }
  std::vector<uint32_t> slots_;
  size_t count_ = 0;
};

// Interned strings in large blocks (few allocations, stable views).
class StringPool {
 public:
  StringPool() { Intern(""); }  // id 0 is the empty string
  uint32_t Intern(std::string_view s) {
    uint64_t h = StableHash(s);
    uint32_t fresh = static_cast<uint32_t>(views_.size());
    uint32_t id = table_.FindOrInsert(
        h, fresh, [&](uint32_t i) { return hashes_[i]; },
        [&](uint32_t i) { return hashes_[i] == h && views_[i] == s; });
    if (id == fresh) {
      views_.push_back(Copy(s));
      hashes_.push_back(h);
    }
    return id;
  }
  std::string_view str(uint32_t id) const { return views_[id]; }
  size_t size() const { return views_.size(); }

 private:
  std::string_view Copy(std::string_view s) {
    if (s.empty()) return {};
    if (s.size() > kBlock / 4) {  // big strings get a block of their own
      blocks_.emplace_back(new char[s.size()]);
      std::memcpy(blocks_.back().get(), s.data(), s.size());
      return {blocks_.back().get(), s.size()};
    }
    if (!cur_ || used_ + s.size() > kBlock) {
      blocks_.emplace_back(new char[kBlock]);
      cur_ = blocks_.back().get();
      used_ = 0;
    }
    char* p = cur_ + used_;
    std::memcpy(p, s.data(), s.size());
    used_ += s.size();
    return {p, s.size()};
  }
  static constexpr size_t kBlock = 1 << 20;
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* cur_ = nullptr;
  size_t used_ = 0;
  std::vector<std::string_view> views_;
  std::vector<uint64_t> hashes_;
  IdTable table_;
};

uint64_t MentionHash(const Store::Mention& m) {
  uint32_t f[10] = {m.subject, m.subject_type, m.relation, m.object,    m.object_type,
                    m.source,  m.date,         m.sentence, m.extractor, m.extra};
  uint64_t c;
  std::memcpy(&c, &m.confidence, sizeof c);
  return XXH3_64bits_withSeed(f, sizeof f, c);
}

bool SameMention(const Store::Mention& a, const Store::Mention& b) {
  return a.subject == b.subject && a.subject_type == b.subject_type &&
         a.relation == b.relation && a.object == b.object && a.object_type == b.object_type &&
         a.source == b.source && a.date == b.date && a.sentence == b.sentence &&
         a.extractor == b.extractor && a.confidence == b.confidence && a.extra == b.extra;
}

uint64_t ExtraHash(const Store::Extra& e) {
  uint32_t f[9] = {e.speaker,      e.sentence_index, e.char_begin,  e.char_end, e.flags,
                   e.subject_form, e.subject_rule,   e.object_form, e.object_rule};
  return XXH3_64bits(f, sizeof f);
}

Status CheckUtf8(std::string_view what, std::string_view s) {
  size_t bad = Utf8Error(s);
  if (bad == std::string_view::npos) return Status::Ok();
  return Status::Error(fmt::format("{}: invalid UTF-8 at byte {} of the field", what, bad));
}

// --- store file ------------------------------------------------------------------------
constexpr char kMagic[8] = {'R', 'E', 'L', 'A', 'T', 'A', 'S', 'T'};
constexpr uint32_t kVersion = 3;
// Bytes of one mention record: v1 = nine string ids and the confidence; v2 appends the
// speaker's string id, sentence index, char_begin, char_end (u32 each) and the flags (u8).
constexpr size_t kRecordV1 = 9 * 4 + 8;
constexpr size_t kRecordV2 = kRecordV1 + 4 * 4 + 1;
// v3 appends the string ids of subject_form, subject_rule, object_form, object_rule.
constexpr size_t kRecordV3 = kRecordV2 + 4 * 4;
constexpr size_t kHeaderSize = 8 + 4 + 4 + 8 + 8 + 8;  // magic, version, flags, 3 counts

void PutU32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
void PutU64(std::string& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
uint64_t GetLE(const unsigned char* p, int n) {
  uint64_t v = 0;
  for (int i = n - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

}  // namespace

std::string CanonicalDate(std::string_view d) {
  std::string out(d);
  if (out.size() > 19 && (EndsWith(out, "+00:00") || EndsWith(out, "-00:00"))) {
    out.resize(out.size() - 6);
    out.push_back('Z');
  }
  return out;
}

bool ValidDate(std::string_view d) {
  if (d.empty()) return true;
  if (!Digits(d, 0, 4) || d.size() < 10 || d[4] != '-' || !Digits(d, 5, 2) || d[7] != '-' ||
      !Digits(d, 8, 2))
    return false;
  int y = Num(d, 0, 4), mo = Num(d, 5, 2), day = Num(d, 8, 2);
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (mo < 1 || mo > 12 || day < 1 || day > kDays[mo - 1]) return false;
  if (mo == 2 && day == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return false;
  if (d.size() == 10) return true;
  // Thh:mm:ss[.fff](Z|+hh:mm|-hh:mm)
  if (d[10] != 'T' || !Digits(d, 11, 2) || d[13] != ':' || !Digits(d, 14, 2) || d[16] != ':' ||
      !Digits(d, 17, 2))
    return false;
  if (Num(d, 11, 2) > 23 || Num(d, 14, 2) > 59 || Num(d, 17, 2) > 59) return false;  // xsd:dateTime has no leap second
  size_t i = 19;
  if (i < d.size() && d[i] == '.') {
    size_t j = i + 1;
    while (j < d.size() && d[j] >= '0' && d[j] <= '9') ++j;
    if (j == i + 1) return false;
    i = j;
  }
  if (i == d.size()) return false;  // a time needs its zone: the instant must be unambiguous
  if (d[i] == 'Z') return i + 1 == d.size();
  if ((d[i] == '+' || d[i] == '-') && d.size() == i + 6 && Digits(d, i + 1, 2) &&
      d[i + 3] == ':' && Digits(d, i + 4, 2))
    return Num(d, i + 1, 2) <= 14 && Num(d, i + 4, 2) <= 59;
  return false;
}

static_assert(sizeof(Store::Mention) == 48, "a mention's size is part of relata's memory budget");

struct Store::Impl {
  StringPool pool;
  std::vector<Mention> mentions;
  IdTable index;
  std::vector<Extra> extras{Extra{}};  // distinct values; 0 = none given
  IdTable extra_index;

  uint32_t InternExtra(const Extra& e) {
    if (e == Extra{}) return 0;
    uint64_t h = ExtraHash(e);
    uint32_t fresh = static_cast<uint32_t>(extras.size());
    uint32_t id = extra_index.FindOrInsert(
        h, fresh, [&](uint32_t i) { return ExtraHash(extras[i]); },
        [&](uint32_t i) { return extras[i] == e; });
    if (id == fresh) extras.push_back(e);
    return id;
  }

  void Insert(const Mention& m) {
    uint64_t h = MentionHash(m);
    uint32_t fresh = static_cast<uint32_t>(mentions.size());
    uint32_t id = index.FindOrInsert(
        h, fresh, [&](uint32_t i) { return MentionHash(mentions[i]); },
        [&](uint32_t i) { return SameMention(mentions[i], m); });
    if (id == fresh) mentions.push_back(m);
  }
};

Store::Store() : impl_(std::make_unique<Impl>()) {}
Store::~Store() = default;
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;

size_t Store::size() const { return impl_->mentions.size(); }
const std::vector<Store::Mention>& Store::mentions() const { return impl_->mentions; }
std::string_view Store::str(uint32_t id) const { return impl_->pool.str(id); }
const Store::Extra& Store::extra(const Mention& m) const { return impl_->extras[m.extra]; }

Status Store::Add(const TripleInput& t) {
  struct Field { const char* name; const std::string* value; };
  const Field fields[] = {{"subject", &t.subject},       {"relation", &t.relation},
                          {"object", &t.object},         {"subject_type", &t.subject_type},
                          {"object_type", &t.object_type}, {"source", &t.source},
                          {"date", &t.date},             {"sentence", &t.sentence},
                          {"extractor", &t.extractor},     {"speaker", &t.speaker},
                          {"subject_form", &t.subject_form}, {"subject_rule", &t.subject_rule},
                          {"object_form", &t.object_form}, {"object_rule", &t.object_rule}};
  for (const auto& f : fields)
    if (Status s = CheckUtf8(f.name, *f.value); !s.ok()) return s;

  std::string subject = CleanSurface(t.subject), object = CleanSurface(t.object),
              relation = CleanSurface(t.relation), source = CleanSurface(t.source);
  if (NameKey(subject).empty())
    return Status::Error(fmt::format("subject \"{}\" is empty once normalised", subject));
  if (NameKey(object).empty())
    return Status::Error(fmt::format("object \"{}\" is empty once normalised", object));
  if (RelationKey(relation).empty()) return Status::Error("relation is empty");
  if (source.empty()) return Status::Error("source is empty");
  if (!ValidDate(t.date))
    return Status::Error(fmt::format(
        "date \"{}\" is not ISO 8601 (YYYY-MM-DD or YYYY-MM-DDThh:mm:ss with a zone)", t.date));
  if (!(t.confidence >= 0.0 && t.confidence <= 1.0))
    return Status::Error(fmt::format("confidence {} is not in [0, 1]", t.confidence));
  auto position = [](const char* name, int64_t v) {
    if (v == -1 || (v >= 0 && v <= TripleInput::kMaxPosition)) return Status::Ok();
    return Status::Error(fmt::format("{} {} is not in [0, {}]", name, v, TripleInput::kMaxPosition));
  };
  for (auto [name, v] : {std::pair{"sentence_index", t.sentence_index},
                         std::pair{"char_begin", t.char_begin}, std::pair{"char_end", t.char_end}})
    if (Status s = position(name, v); !s.ok()) return s;
  if ((t.char_begin == -1) != (t.char_end == -1))
    return Status::Error("char_begin and char_end must be given together");
  if (t.char_end < t.char_begin)
    return Status::Error(fmt::format("char_end {} is before char_begin {}", t.char_end, t.char_begin));
  if (t.flags & ~TripleInput::kAllFlags)
    return Status::Error(fmt::format("unknown flag bits in {}", t.flags));
  std::string speaker = CleanSurface(t.speaker);
  if (!speaker.empty() && !(t.flags & TripleInput::kAttributed))
    return Status::Error("a speaker is given but the mention is not attributed");
  // How the text named each side: form and rule together, and a form that is the name itself
  // says nothing (dropped with its rule).
  std::string forms[2] = {CleanSurface(t.subject_form), CleanSurface(t.object_form)};
  std::string rules[2] = {CleanSurface(t.subject_rule), CleanSurface(t.object_rule)};
  const char* side[2] = {"subject", "object"};
  for (int k = 0; k < 2; ++k) {
    if (forms[k].empty() != rules[k].empty())
      return Status::Error(fmt::format("{0}_form and {0}_rule must be given together", side[k]));
    if (forms[k] == (k == 0 ? subject : object)) forms[k].clear(), rules[k].clear();
  }

  StringPool& p = impl_->pool;
  Mention m{};
  m.subject = p.Intern(subject);
  m.subject_type = p.Intern(CanonicalType(t.subject_type));
  m.relation = p.Intern(relation);
  m.object = p.Intern(object);
  m.object_type = p.Intern(CanonicalType(t.object_type));
  m.source = p.Intern(source);
  m.date = p.Intern(CanonicalDate(t.date));
  m.sentence = p.Intern(CleanText(t.sentence));
  m.extractor = p.Intern(CleanSurface(t.extractor));
  m.confidence = t.confidence;
  Extra e;
  e.speaker = p.Intern(speaker);
  e.sentence_index = t.sentence_index < 0 ? Mention::kNone : static_cast<uint32_t>(t.sentence_index);
  e.char_begin = t.char_begin < 0 ? Mention::kNone : static_cast<uint32_t>(t.char_begin);
  e.char_end = t.char_end < 0 ? Mention::kNone : static_cast<uint32_t>(t.char_end);
  e.flags = t.flags;
  e.subject_form = p.Intern(forms[0]);
  e.subject_rule = p.Intern(rules[0]);
  e.object_form = p.Intern(forms[1]);
  e.object_rule = p.Intern(rules[1]);
  m.extra = impl_->InternExtra(e);
  impl_->Insert(m);
  return Status::Ok();
}

void Store::Merge(const Store& other) {
  if (&other == this) return;
  std::vector<uint32_t> remap(other.impl_->pool.size());
  for (uint32_t i = 0; i < remap.size(); ++i) remap[i] = impl_->pool.Intern(other.str(i));
  std::vector<uint32_t> extra_remap(other.impl_->extras.size());
  for (uint32_t i = 0; i < extra_remap.size(); ++i) {
    Extra e = other.impl_->extras[i];
    for (uint32_t* f : {&e.speaker, &e.subject_form, &e.subject_rule, &e.object_form, &e.object_rule})
      *f = remap[*f];
    extra_remap[i] = impl_->InternExtra(e);
  }
  for (Mention m : other.mentions()) {
    for (uint32_t* f : {&m.subject, &m.subject_type, &m.relation, &m.object, &m.object_type,
                        &m.source, &m.date, &m.sentence, &m.extractor})
      *f = remap[*f];
    m.extra = extra_remap[m.extra];
    impl_->Insert(m);
  }
}

Status Store::Save(const std::string& path) const {
  const StringPool& pool = impl_->pool;
  // Canonical order: strings by bytes, mentions by their fields' string order, so the file
  // depends only on the set of mentions.
  std::vector<uint32_t> order(pool.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return pool.str(a) < pool.str(b); });
  std::vector<uint32_t> rank(pool.size());
  for (uint32_t i = 0; i < order.size(); ++i) rank[order[i]] = i;
  std::vector<Mention> ms = impl_->mentions;
  for (Mention& m : ms)
    for (uint32_t* f : {&m.subject, &m.subject_type, &m.relation, &m.object, &m.object_type,
                        &m.source, &m.date, &m.sentence, &m.extractor})
      *f = rank[*f];
  std::vector<Extra> extras = impl_->extras;
  for (Extra& e : extras)
    for (uint32_t* f : {&e.speaker, &e.subject_form, &e.subject_rule, &e.object_form, &e.object_rule})
      *f = rank[*f];
  auto key = [&](const Mention& m) {
    const Extra& e = extras[m.extra];
    return std::make_tuple(m.subject, m.relation, m.object, m.subject_type, m.object_type,
                           m.source, m.date, m.sentence, m.extractor, m.confidence, e.speaker,
                           e.sentence_index, e.char_begin, e.char_end, e.flags, e.subject_form,
                           e.subject_rule, e.object_form, e.object_rule);
  };
  std::sort(ms.begin(), ms.end(), [&](const Mention& a, const Mention& b) { return key(a) < key(b); });

  std::string header(kMagic, sizeof kMagic);
  PutU32(header, kVersion);
  PutU32(header, 0);  // flags
  PutU64(header, ms.size());
  PutU64(header, pool.size());
  uint64_t body_size = 0;
  for (uint32_t id : order) body_size += 4 + pool.str(id).size();
  body_size += ms.size() * kRecordV3;
  PutU64(header, body_size);

  auto sink = FileSink::Create(path);
  if (!sink.ok()) return sink.status();
  FileSink& out = **sink;
  out.Write(header);

  XXH3_state_t* hs = XXH3_createState();
  XXH3_64bits_reset(hs);
  XXH3_64bits_update(hs, header.data(), header.size());
  std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> cctx(ZSTD_createCCtx(), &ZSTD_freeCCtx);
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_compressionLevel, 3);
  std::string chunk, zbuf(ZSTD_CStreamOutSize(), '\0');
  auto push = [&](bool last) {
    XXH3_64bits_update(hs, chunk.data(), chunk.size());
    ZSTD_inBuffer in{chunk.data(), chunk.size(), 0};
    for (;;) {
      ZSTD_outBuffer o{zbuf.data(), zbuf.size(), 0};
      size_t r = ZSTD_compressStream2(cctx.get(), &o, &in, last ? ZSTD_e_end : ZSTD_e_continue);
      out.Write(std::string_view(zbuf.data(), o.pos));
      if (last ? r == 0 : in.pos == in.size) break;
    }
    chunk.clear();
  };
  for (uint32_t id : order) {
    std::string_view s = pool.str(id);
    PutU32(chunk, static_cast<uint32_t>(s.size()));
    chunk.append(s);
    if (chunk.size() > (1 << 20)) push(false);
  }
  for (const Mention& m : ms) {
    for (uint32_t f : {m.subject, m.subject_type, m.relation, m.object, m.object_type, m.source,
                       m.date, m.sentence, m.extractor})
      PutU32(chunk, f);
    uint64_t c;
    std::memcpy(&c, &m.confidence, sizeof c);
    PutU64(chunk, c);
    const Extra& e = extras[m.extra];
    for (uint32_t f : {e.speaker, e.sentence_index, e.char_begin, e.char_end}) PutU32(chunk, f);
    chunk.push_back(static_cast<char>(e.flags));
    for (uint32_t f : {e.subject_form, e.subject_rule, e.object_form, e.object_rule}) PutU32(chunk, f);
    if (chunk.size() > (1 << 20)) push(false);
  }
  push(true);
  std::string trailer;
  PutU64(trailer, XXH3_64bits_digest(hs));
  XXH3_freeState(hs);
  out.Write(trailer);
  return out.Finish();
}

Result<Store> Store::Load(const std::string& path) {
  std::unique_ptr<std::FILE, decltype(&std::fclose)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return Status::Error(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  std::string data;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f.get())) > 0) data.append(buf, n);
  if (std::ferror(f.get())) return Status::Error(fmt::format("{}: read error", path));
  auto fail = [&](size_t offset, const std::string& why) {
    return Status::Error(fmt::format("{}: byte {}: {}", path, offset, why));
  };
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  if (data.size() < sizeof kMagic || std::memcmp(data.data(), kMagic, sizeof kMagic) != 0)
    return fail(0, "not a relata store (bad magic number)");
  if (data.size() < kHeaderSize + 8) return fail(data.size(), "truncated store header");
  uint32_t version = static_cast<uint32_t>(GetLE(p + 8, 4));
  if (version < 1 || version > kVersion)
    return fail(8, fmt::format("store format version {} is not supported (this relata reads 1 to {})",
                               version, kVersion));
  const size_t record = version == 1 ? kRecordV1 : version == 2 ? kRecordV2 : kRecordV3;
  uint64_t n_mentions = GetLE(p + 16, 8), n_strings = GetLE(p + 24, 8), body_size = GetLE(p + 32, 8);
  size_t zsize = data.size() - kHeaderSize - 8;
  unsigned long long declared = ZSTD_getFrameContentSize(p + kHeaderSize, zsize);
  if (declared == ZSTD_CONTENTSIZE_ERROR)
    return fail(kHeaderSize, "corrupt compressed body");
  // Guard against absurd sizes before allocating (a corrupt header must not exhaust memory).
  if (body_size > zsize * 1000 + (1 << 20) || n_strings > body_size / 4 + 1 ||
      n_mentions > body_size / record + 1)
    return fail(16, "corrupt header (sizes do not fit the file)");
  std::string body(body_size, '\0');
  std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> dctx(ZSTD_createDCtx(), &ZSTD_freeDCtx);
  ZSTD_inBuffer in{p + kHeaderSize, zsize, 0};
  ZSTD_outBuffer o{body.data(), body.size(), 0};
  size_t r;
  do {
    r = ZSTD_decompressStream(dctx.get(), &o, &in);
    if (ZSTD_isError(r)) return fail(kHeaderSize + in.pos, std::string("corrupt compressed body: ") + ZSTD_getErrorName(r));
    if (o.pos == o.size && r != 0) {
      // Body larger than declared: read one more byte to tell.
      char extra;
      ZSTD_outBuffer o2{&extra, 1, 0};
      r = ZSTD_decompressStream(dctx.get(), &o2, &in);
      if (ZSTD_isError(r) || o2.pos) return fail(kHeaderSize + in.pos, "body larger than its header says");
    }
  } while (r != 0 && in.pos < in.size);
  if (r != 0) return fail(data.size() - 8, "truncated store (compressed body ends early)");
  if (o.pos != body.size()) return fail(32, "body shorter than its header says");
  if (in.pos != in.size) return fail(kHeaderSize + in.pos, "unexpected bytes after the body");
  XXH3_state_t* hs = XXH3_createState();
  XXH3_64bits_reset(hs);
  XXH3_64bits_update(hs, data.data(), kHeaderSize);
  XXH3_64bits_update(hs, body.data(), body.size());
  uint64_t sum = XXH3_64bits_digest(hs);
  XXH3_freeState(hs);
  if (sum != GetLE(p + data.size() - 8, 8)) return fail(data.size() - 8, "checksum mismatch (the file is damaged)");

  Store store;
  const auto* b = reinterpret_cast<const unsigned char*>(body.data());
  size_t pos = 0;
  std::vector<uint32_t> ids(n_strings);
  for (uint64_t i = 0; i < n_strings; ++i) {
    if (pos + 4 > body.size()) return fail(kHeaderSize, "corrupt string table");
    size_t len = GetLE(b + pos, 4);
    pos += 4;
    if (pos + len > body.size()) return fail(kHeaderSize, "corrupt string table");
    std::string_view s(body.data() + pos, len);
    if (Utf8Error(s) != std::string_view::npos) return fail(kHeaderSize, "invalid UTF-8 in string table");
    ids[i] = store.impl_->pool.Intern(s);
    pos += len;
  }
  if (body.size() - pos != n_mentions * record) return fail(kHeaderSize, "corrupt mention table");
  // A bad record is named by its number and its offset in the uncompressed body (the file
  // offset of a compressed body says nothing).
  auto bad = [&](uint64_t i, size_t at, std::string_view why) {
    return fail(kHeaderSize, fmt::format("corrupt mention table: record {} (body byte {}): {}", i, at, why));
  };
  store.impl_->mentions.reserve(n_mentions);
  for (uint64_t i = 0; i < n_mentions; ++i) {
    const size_t start = pos;
    auto string_id = [&](uint32_t& out) {
      uint64_t v = GetLE(b + pos, 4);
      pos += 4;
      if (v >= n_strings) return false;
      out = ids[v];
      return true;
    };
    Mention m{};
    for (uint32_t* field : {&m.subject, &m.subject_type, &m.relation, &m.object, &m.object_type,
                            &m.source, &m.date, &m.sentence, &m.extractor})
      if (!string_id(*field)) return bad(i, pos - 4, "string id out of range");
    uint64_t c = GetLE(b + pos, 8);
    pos += 8;
    std::memcpy(&m.confidence, &c, sizeof c);
    if (!(m.confidence >= 0.0 && m.confidence <= 1.0)) return bad(i, pos - 8, "confidence not in [0, 1]");
    if (version >= 2) {
      Extra e;
      if (!string_id(e.speaker)) return bad(i, pos - 4, "string id out of range");
      for (uint32_t* field : {&e.sentence_index, &e.char_begin, &e.char_end}) {
        *field = static_cast<uint32_t>(GetLE(b + pos, 4));
        pos += 4;
      }
      e.flags = b[pos++];
      if ((e.char_begin == Mention::kNone) != (e.char_end == Mention::kNone))
        return bad(i, start + 52, "character span with only one end");
      if (e.char_end < e.char_begin) return bad(i, start + 52, "char_end < char_begin");
      if (e.flags & ~TripleInput::kAllFlags) return bad(i, pos - 1, "unknown flag bits");
      if (e.speaker != 0 && !(e.flags & TripleInput::kAttributed))  // 0: the pool's ""
        return bad(i, start + 44, "speaker without the attributed flag");
      if (version >= 3) {
        for (uint32_t* field : {&e.subject_form, &e.subject_rule, &e.object_form, &e.object_rule})
          if (!string_id(*field)) return bad(i, pos - 4, "string id out of range");
        if ((e.subject_form == 0) != (e.subject_rule == 0) || (e.object_form == 0) != (e.object_rule == 0))
          return bad(i, pos - 16, "a form without its rule, or a rule without its form");
      }
      m.extra = store.impl_->InternExtra(e);
    }
    store.impl_->Insert(m);
  }
  return store;
}

}  // namespace relata
