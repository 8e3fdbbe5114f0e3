#include "relata/sink.h"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/core.h>

namespace relata {

Status StreamSink::Finish() {
  Flush();
  if (std::fflush(f_) != 0) failed_ = true;
  if (failed_) return Status::Error(fmt::format("{}: write failed: {}", name_, std::strerror(errno)));
  return Status::Ok();
}

void StreamSink::Emit(std::string_view s) {
  if (failed_) return;
  if (std::fwrite(s.data(), 1, s.size(), f_) != s.size()) failed_ = true;
}

Result<std::unique_ptr<FileSink>> FileSink::Create(const std::string& path) {
  // The temporary file sits beside the target so that rename() is atomic (same file system).
  std::string tmp = path + ".tmp-XXXXXX";
  int fd = ::mkstemp(tmp.data());
  if (fd < 0)
    return Status::Error(fmt::format("{}: cannot write: {}", path, std::strerror(errno)));
  ::fchmod(fd, 0644);
  std::FILE* f = ::fdopen(fd, "wb");
  if (!f) {
    int e = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    return Status::Error(fmt::format("{}: cannot write: {}", path, std::strerror(e)));
  }
  return std::unique_ptr<FileSink>(new FileSink(path, tmp, f));
}

FileSink::~FileSink() {
  if (!done_) {
    if (f_) std::fclose(f_);
    ::unlink(tmp_.c_str());
  }
}

void FileSink::Emit(std::string_view s) {
  if (errno_) return;
  if (std::fwrite(s.data(), 1, s.size(), f_) != s.size()) errno_ = errno ? errno : EIO;
}

Status FileSink::Finish() {
  if (done_) return result_;
  Flush();
  done_ = true;
  if (!errno_ && std::fflush(f_) != 0) errno_ = errno;
  if (!errno_ && ::fsync(::fileno(f_)) != 0) errno_ = errno;
  if (std::fclose(f_) != 0 && !errno_) errno_ = errno;
  f_ = nullptr;
  if (!errno_ && std::rename(tmp_.c_str(), path_.c_str()) != 0) errno_ = errno;
  if (errno_) {
    ::unlink(tmp_.c_str());
    result_ = Status::Error(fmt::format("{}: write failed: {}", path_, std::strerror(errno_)));
  }
  return result_;
}

Status WriteFileAtomic(const std::string& path, std::string_view data) {
  auto sink = FileSink::Create(path);
  if (!sink.ok()) return sink.status();
  (*sink)->Write(data);
  return (*sink)->Finish();
}

}  // namespace relata
