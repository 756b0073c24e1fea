#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "support/filesystem.h"

namespace ttam::testing {

/// An in-memory file system: absolute paths to contents, plus directories
/// (which globs match but IsFile does not). Glob matches like Go's
/// filepath.Match (`*` stays within one path element).
class MemoryFileSystem : public FileSystem {
 public:
  MemoryFileSystem() = default;
  explicit MemoryFileSystem(std::map<std::string, std::string> contents)
      : files(std::move(contents)) {}

  std::map<std::string, std::string> files;
  std::set<std::string> dirs;

  Result<std::string> Read(const std::string& path) override;
  bool IsFile(const std::string& path) override;
  Result<std::vector<std::string>> Glob(const std::string& pattern) override;
};

/// `line:col: severity: message [check]` per diagnostic, one per line; the
/// file path is prefixed when it is not `main_path`.
std::string Render(const std::vector<diag::Diagnostic>& diagnostics,
                   const std::string& main_path = "/etc/prometheus/prometheus.yml");

}  // namespace ttam::testing
