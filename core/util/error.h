#pragma once
// Error types shared by every layer. Each maps to one exit code of the CLI contract (DESIGN.md):
// InputError -> 2 (bad usage or bad input), RunError -> 3 (the run failed), Cancelled -> 130.

#include <stdexcept>
#include <string>

namespace plab {

/// Bad input from a user or a file: a config, a trace, a device model, a plugin's answer.
/// The message already names what was wrong, where (file, line, field) and what was expected.
class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& message) : std::runtime_error(message) {}
};

/// A run that failed while executing (the error is stored with the run).
class RunError : public std::runtime_error {
 public:
  explicit RunError(const std::string& message) : std::runtime_error(message) {}
};

/// Thrown by RunContext::throw_if_cancelled() when the user cancelled the run.
class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("cancelled") {}
};

/// A failure of the store (SQLite) itself: the file cannot be opened, is from a newer version, ...
class StoreError : public std::runtime_error {
 public:
  explicit StoreError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace plab
