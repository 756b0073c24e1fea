#pragma once

#include <string>
#include <vector>

#include "support/result.h"

namespace ttam {

/// How lib/ reads the files a config names (rule files, scrape config files,
/// file_sd files, TLS and secret files). Tests pass an in-memory one.
class FileSystem {
 public:
  virtual ~FileSystem() = default;
  /// The whole file; an Error with a one-line reason when it cannot be read.
  virtual Result<std::string> Read(const std::string& path) = 0;
  /// True when `path` names an existing regular file.
  virtual bool IsFile(const std::string& path) = 0;
  /// Paths matching a glob pattern (Go filepath.Match syntax: *, ?, [...]) in
  /// sorted order; an Error when the pattern itself is malformed.
  virtual Result<std::vector<std::string>> Glob(const std::string& pattern) = 0;
};

/// The real file system.
FileSystem& RealFileSystem();

/// `path` resolved against the directory of `base_file` (absolute paths
/// stay as they are), as Prometheus resolves paths in a config.
std::string ResolveRelative(const std::string& base_file, const std::string& path);

}  // namespace ttam
