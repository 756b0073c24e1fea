#include "support/memory_fs.h"

#include <fnmatch.h>

namespace ttam::testing {

Result<std::string> MemoryFileSystem::Read(const std::string& path) {
  auto it = files.find(path);
  if (it == files.end()) return Error{"open " + path + ": no such file or directory"};
  return it->second;
}

bool MemoryFileSystem::IsFile(const std::string& path) { return files.count(path) != 0; }

Result<std::vector<std::string>> MemoryFileSystem::Glob(const std::string& pattern) {
  std::vector<std::string> out;
  for (const auto& [path, text] : files) {
    if (fnmatch(pattern.c_str(), path.c_str(), FNM_PATHNAME) == 0) out.push_back(path);
  }
  for (const std::string& dir : dirs) {
    if (fnmatch(pattern.c_str(), dir.c_str(), FNM_PATHNAME) == 0) out.push_back(dir);
  }
  return out;
}

std::string Render(const std::vector<diag::Diagnostic>& diagnostics, const std::string& main_path) {
  std::string out;
  for (const auto& d : diagnostics) {
    if (!out.empty()) out += "\n";
    if (d.path != main_path) out += d.path + ":";
    out += std::to_string(d.line) + ":" + std::to_string(d.column) + ": " +
           std::string(diag::SeverityName(d.severity)) + ": " + d.message + " [" + d.check + "]";
  }
  return out;
}

}  // namespace ttam::testing
