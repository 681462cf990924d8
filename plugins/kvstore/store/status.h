#pragma once
// Result codes of the key-value store's operations (errors on hot paths are values, not exceptions).

#include <stdexcept>
#include <string>

namespace plab::kv {

/// Outcome of one store operation. Corruption means a checksum or structure check failed: the
/// bytes on disk were not returned as data.
enum class Status { Ok, NotFound, Corruption, IoError, Unsupported };

inline const char* to_string(Status s) {
  switch (s) {
    case Status::Ok: return "ok";
    case Status::NotFound: return "not found";
    case Status::Corruption: return "corruption";
    case Status::IoError: return "I/O error";
    case Status::Unsupported: return "unsupported";
  }
  return "?";
}

/// Thrown by open/recovery when the store's files cannot be used: the message names the file,
/// the offset and what was expected.
class KvError : public std::runtime_error {
 public:
  explicit KvError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace plab::kv
