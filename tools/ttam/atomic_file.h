#pragma once

// A file written whole or not at all: the text goes to a temporary file in
// the target's directory, which replaces the target by rename() on Commit.
#include <fstream>
#include <memory>
#include <string>

#include "support/result.h"

namespace ttam::cli {

/// A temporary file that becomes `path` on Commit, and is removed otherwise.
class AtomicFile {
 public:
  /// Creates the temporary file beside `path` (so that an unwritable
  /// directory fails now, before any work).
  static Result<std::unique_ptr<AtomicFile>> Create(const std::string& path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  /// Where the content goes.
  std::ostream& stream() { return out_; }
  /// Flushes, syncs and renames the temporary file to the target.
  Status Commit();

 private:
  AtomicFile(std::string path, std::string temp) : path_(std::move(path)), temp_(std::move(temp)) {}

  std::string path_;
  std::string temp_;
  std::ofstream out_;
  bool committed_ = false;
};

}  // namespace ttam::cli
