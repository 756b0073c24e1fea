#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace ttam {

/// A failure that stopped an operation: a one-line, user-facing explanation.
struct Error {
  std::string message;
};

/// Either a value or an Error; lib/ returns this instead of throwing.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : data_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  /// True when a value is held.
  bool ok() const { return data_.index() == 0; }
  explicit operator bool() const { return ok(); }

  /// The held value; only call when ok().
  T& value() {
    assert(ok());
    return std::get<0>(data_);
  }
  const T& value() const {
    assert(ok());
    return std::get<0>(data_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }

  /// The held error; only call when !ok().
  const Error& error() const {
    assert(!ok());
    return std::get<1>(data_);
  }

 private:
  std::variant<T, Error> data_;
};

/// Result of an operation with no value.
struct Unit {};
using Status = Result<Unit>;

/// A successful Status.
inline Status Ok() { return Unit{}; }

}  // namespace ttam
