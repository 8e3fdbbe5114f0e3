// Status and Result<T>: how relata reports expected failures (bad input, I/O, corrupt files).
//
// Contract: functions of the public API never throw for expected failures; they return a
// Status (or a Result<T>) whose message names the culprit the way a compiler would:
// "FILE:LINE: reason" or "FILE: byte OFFSET: reason". The CLI prints the message on one line
// and exits non-zero. A default-constructed Status is OK.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace relata {

class Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  static Status Error(std::string message) { return Status(std::move(message)); }

  bool ok() const { return !message_.has_value(); }
  explicit operator bool() const { return ok(); }
  // The message of a failed status; empty for an OK one.
  const std::string& message() const {
    static const std::string kEmpty;
    return message_ ? *message_ : kEmpty;
  }
  // A failure with `prefix: ` in front of the message (an OK status stays OK).
  Status With(const std::string& prefix) const {
    return ok() ? *this : Status(prefix + ": " + *message_);
  }

 private:
  explicit Status(std::string m) : message_(std::move(m)) {}
  std::optional<std::string> message_;
};

// A value or the Status that explains why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}             // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {      // NOLINT: implicit by design
    assert(!status_.ok() && "Result needs a failed Status or a value");
  }
  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace relata
