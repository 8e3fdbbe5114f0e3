// Explicit little-endian encoding for model files (never raw structs), with bounds-checked
// reading that reports the byte offset of a problem.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "relata/status.h"

namespace relata::nlp {

class ByteWriter {
 public:
  void U8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void U16(uint16_t v) { Le(v, 2); }
  void U32(uint32_t v) { Le(v, 4); }
  void U64(uint64_t v) { Le(v, 8); }
  void I32(int32_t v) { Le(static_cast<uint32_t>(v), 4); }
  void F32(float v) { uint32_t u; std::memcpy(&u, &v, 4); Le(u, 4); }
  void F64(double v) { uint64_t u; std::memcpy(&u, &v, 8); Le(u, 8); }
  void Str(std::string_view s) { U32(static_cast<uint32_t>(s.size())); out_.append(s); }
  void Raw(std::string_view s) { out_.append(s); }
  const std::string& bytes() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  void Le(uint64_t v, int n) {
    for (int i = 0; i < n; ++i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  }
  std::string out_;
};

// Reads what ByteWriter wrote. After the first failure every read returns 0 / "" and ok()
// is false; status() names `what` (the file or section) and the byte offset.
class ByteReader {
 public:
  ByteReader(std::string_view data, std::string what) : d_(data), what_(std::move(what)) {}
  uint8_t U8() { return static_cast<uint8_t>(Le(1)); }
  uint16_t U16() { return static_cast<uint16_t>(Le(2)); }
  uint32_t U32() { return static_cast<uint32_t>(Le(4)); }
  uint64_t U64() { return Le(8); }
  int32_t I32() { return static_cast<int32_t>(static_cast<uint32_t>(Le(4))); }
  float F32() { uint32_t u = static_cast<uint32_t>(Le(4)); float f; std::memcpy(&f, &u, 4); return f; }
  double F64() { uint64_t u = Le(8); double f; std::memcpy(&f, &u, 8); return f; }
  std::string_view Str() {
    uint32_t n = U32();
    return Raw(n);
  }
  std::string_view Raw(size_t n) {
    if (!Need(n)) return {};
    std::string_view s = d_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  // Checks a count read from the file against what is left (each item at least `min_bytes`).
  bool Count(uint64_t n, size_t min_bytes) {
    if (failed_) return false;
    if (min_bytes && n > (d_.size() - pos_) / min_bytes) return Fail("count exceeds the data");
    return true;
  }
  bool Fail(const std::string& why) {
    if (!failed_) {
      failed_ = true;
      error_ = why;
      error_at_ = pos_;
    }
    return false;
  }
  bool ok() const { return !failed_; }
  bool at_end() const { return pos_ == d_.size(); }
  size_t pos() const { return pos_; }
  Status status() const {
    if (!failed_) return Status::Ok();
    return Status::Error(what_ + ": byte " + std::to_string(error_at_) + ": " + error_);
  }

 private:
  bool Need(size_t n) {
    if (failed_) return false;
    if (n > d_.size() - pos_) return Fail("truncated");
    return true;
  }
  uint64_t Le(int n) {
    if (!Need(static_cast<size_t>(n))) return 0;
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(d_[pos_ + static_cast<size_t>(i)]);
    pos_ += static_cast<size_t>(n);
    return v;
  }
  std::string_view d_;
  std::string what_;
  size_t pos_ = 0;
  bool failed_ = false;
  std::string error_;
  size_t error_at_ = 0;
};

}  // namespace relata::nlp
