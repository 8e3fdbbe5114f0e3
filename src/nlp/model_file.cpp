#include "nlp/model_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include <fmt/core.h>
#include <xxhash.h>
#include <zstd.h>

#include "nlp/bytes.h"
#include "relata/sink.h"

namespace relata::nlp {
namespace {

constexpr char kMagic[8] = {'R', 'E', 'L', 'A', 'T', 'A', 'M', 'F'};
constexpr size_t kHeader = 8 + 4 + 8;  // magic, format version, uncompressed body size

}  // namespace

const std::string* ModelFile::Section(std::string_view name) const {
  for (const auto& [n, bytes] : sections)
    if (n == name) return &bytes;
  return nullptr;
}

Status ModelFile::Save(const std::string& path) const {
  ByteWriter body;
  body.Str(component);
  body.U32(component_version);
  body.Str(config_json);
  body.U32(static_cast<uint32_t>(self_tests.size()));
  for (const auto& t : self_tests) {
    body.Str(t.input);
    body.Str(t.expected);
  }
  body.U32(static_cast<uint32_t>(sections.size()));
  for (const auto& [name, bytes] : sections) {
    body.Str(name);
    body.U64(bytes.size());
    body.Raw(bytes);
  }
  const std::string& raw = body.bytes();
  ByteWriter header;
  header.Raw(std::string_view(kMagic, sizeof kMagic));
  header.U32(kModelFormatVersion);
  header.U64(raw.size());

  std::string z(ZSTD_compressBound(raw.size()), '\0');
  size_t zn = ZSTD_compress(z.data(), z.size(), raw.data(), raw.size(), 19);
  if (ZSTD_isError(zn)) return Status::Error(fmt::format("{}: compression failed", path));
  z.resize(zn);

  XXH3_state_t* hs = XXH3_createState();
  XXH3_64bits_reset(hs);
  XXH3_64bits_update(hs, header.bytes().data(), header.bytes().size());
  XXH3_64bits_update(hs, raw.data(), raw.size());
  ByteWriter trailer;
  trailer.U64(XXH3_64bits_digest(hs));
  XXH3_freeState(hs);

  std::string file = header.bytes();
  file += z;
  file += trailer.bytes();
  return WriteFileAtomic(path, file);
}

Result<ModelFile> ModelFile::Load(const std::string& path, std::string_view component) {
  std::unique_ptr<std::FILE, decltype(&std::fclose)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return Status::Error(fmt::format("{}: cannot open model: {}", path, std::strerror(errno)));
  std::string data;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f.get())) > 0) data.append(buf, n);
  auto fail = [&](size_t at, const std::string& why) {
    return Status::Error(fmt::format("{}: byte {}: {}", path, at, why));
  };
  if (data.size() < sizeof kMagic || std::memcmp(data.data(), kMagic, sizeof kMagic) != 0)
    return fail(0, "not a relata model file (bad magic number)");
  if (data.size() < kHeader + 8) return fail(data.size(), "truncated model file");
  ByteReader h(std::string_view(data).substr(0, kHeader), path);
  h.Raw(sizeof kMagic);
  uint32_t version = h.U32();
  uint64_t raw_size = h.U64();
  if (version != kModelFormatVersion)
    return fail(8, fmt::format("model format version {} is not supported (this relata reads {})",
                               version, kModelFormatVersion));
  std::string_view z = std::string_view(data).substr(kHeader, data.size() - kHeader - 8);
  unsigned long long declared = ZSTD_getFrameContentSize(z.data(), z.size());
  if (declared == ZSTD_CONTENTSIZE_ERROR || declared == ZSTD_CONTENTSIZE_UNKNOWN ||
      declared != raw_size)
    return fail(kHeader, "damaged or truncated model body");
  if (raw_size > (uint64_t{1} << 32)) return fail(12, "model body size is implausible");
  std::string raw(raw_size, '\0');
  size_t got = ZSTD_decompress(raw.data(), raw.size(), z.data(), z.size());
  if (ZSTD_isError(got) || got != raw_size) return fail(kHeader, "damaged or truncated model body");
  XXH3_state_t* hs = XXH3_createState();
  XXH3_64bits_reset(hs);
  XXH3_64bits_update(hs, data.data(), kHeader);
  XXH3_64bits_update(hs, raw.data(), raw.size());
  uint64_t sum = XXH3_64bits_digest(hs);
  XXH3_freeState(hs);
  ByteReader t(std::string_view(data).substr(data.size() - 8), path);
  if (t.U64() != sum) return fail(data.size() - 8, "checksum mismatch (the model file is damaged)");

  ModelFile m;
  ByteReader r(raw, path + " (body)");
  m.component = std::string(r.Str());
  if (r.ok() && m.component != component)
    return Status::Error(fmt::format("{}: is a {} model, not a {} model", path, m.component, component));
  m.component_version = r.U32();
  m.config_json = std::string(r.Str());
  uint32_t n_tests = r.U32();
  if (r.Count(n_tests, 8))
    for (uint32_t i = 0; i < n_tests && r.ok(); ++i) {
      SelfTest st;
      st.input = std::string(r.Str());
      st.expected = std::string(r.Str());
      m.self_tests.push_back(std::move(st));
    }
  uint32_t n_sections = r.U32();
  if (r.Count(n_sections, 12))
    for (uint32_t i = 0; i < n_sections && r.ok(); ++i) {
      std::string name(r.Str());
      uint64_t size = r.U64();
      std::string bytes(r.Raw(size));
      m.sections.emplace_back(std::move(name), std::move(bytes));
    }
  if (r.ok() && !r.at_end()) r.Fail("unexpected bytes after the last section");
  if (!r.ok()) return r.status();
  return m;
}

}  // namespace relata::nlp
