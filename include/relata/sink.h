// Sinks: where exporters write. An exporter never opens a file itself.
//
// A Sink buffers; Write never fails loudly, the first I/O error is remembered and reported
// by Finish(). FileSink writes to a temporary file beside the target and renames it over the
// target only in Finish() after a successful flush and fsync: a failed or abandoned export
// leaves any previous file untouched and removes the temporary file.
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "relata/status.h"

namespace relata {

class Sink {
 public:
  virtual ~Sink() = default;
  void Write(std::string_view s) {
    if (s.size() > kBuffer - used_) {
      Flush();
      if (s.size() >= kBuffer) { Emit(s); return; }
    }
    s.copy(buf_ + used_, s.size());
    used_ += s.size();
  }
  void Put(char c) {
    if (used_ == kBuffer) Flush();
    buf_[used_++] = c;
  }
  // Flushes and completes the output; returns the first error seen. Exporters call it before
  // they return; calling it again returns the same result and writes nothing more.
  virtual Status Finish() = 0;

 protected:
  void Flush() {
    if (used_) { Emit(std::string_view(buf_, used_)); used_ = 0; }
  }
  virtual void Emit(std::string_view s) = 0;

 private:
  static constexpr size_t kBuffer = 1 << 16;
  char buf_[kBuffer];
  size_t used_ = 0;
};

// Collects the output in memory (tests, the query tool).
class StringSink : public Sink {
 public:
  Status Finish() override { Flush(); return Status::Ok(); }
  const std::string& str() { Flush(); return out_; }

 private:
  void Emit(std::string_view s) override { out_.append(s); }
  std::string out_;
};

// Writes to an already open stream (stdout); does not close it.
class StreamSink : public Sink {
 public:
  StreamSink(std::FILE* f, std::string name) : f_(f), name_(std::move(name)) {}
  Status Finish() override;

 private:
  void Emit(std::string_view s) override;
  std::FILE* f_;
  std::string name_;
  bool failed_ = false;
};

// Writes `path` atomically. Open() may fail (unwritable directory); so may Finish().
class FileSink : public Sink {
 public:
  ~FileSink() override;  // abandons (removes the temporary file) if Finish() was not called
  static Result<std::unique_ptr<FileSink>> Create(const std::string& path);
  Status Finish() override;

 private:
  explicit FileSink(std::string path, std::string tmp, std::FILE* f)
      : path_(std::move(path)), tmp_(std::move(tmp)), f_(f) {}
  void Emit(std::string_view s) override;
  std::string path_, tmp_;
  std::FILE* f_;
  int errno_ = 0;
  bool done_ = false;
  Status result_;
};

// Writes `data` to `path` atomically (temporary file, fsync, rename).
Status WriteFileAtomic(const std::string& path, std::string_view data);

}  // namespace relata
