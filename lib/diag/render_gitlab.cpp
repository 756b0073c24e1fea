#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>
#include <tuple>

#include "diag/json_dump.h"
#include "diag/render.h"

namespace ttam::diag {
namespace {

// GitLab's Code Quality severities: info, minor, major, critical, blocker.
std::string_view GitlabSeverity(Severity severity) {
  switch (severity) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "minor";
    case Severity::kError:
      return "major";
  }
  return "major";
}

// 64-bit FNV-1a, fed field by field with a separator byte in between.
class GitlabFingerprintHash {
 public:
  void Add(std::string_view text) {
    for (char c : text) Byte(static_cast<unsigned char>(c));
    Byte(0);
  }
  std::string Hex() const {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 0; i < 16; ++i) out[15 - i] = kHex[(hash_ >> (4 * i)) & 0xF];
    return out;
  }

 private:
  void Byte(unsigned char byte) {
    hash_ ^= byte;
    hash_ *= 0x100000001b3ULL;
  }
  uint64_t hash_ = 0xcbf29ce484222325ULL;
};

// A JSON array of Code Quality issues, streamed as findings arrive. The
// fingerprint identifies an issue across pipelines (GitLab compares the
// merge request's report with the target branch's by it): it hashes the
// file, the check, the message and the offending line's text, not the line
// number, so that an unrelated edit above does not make an old finding new;
// a repeat of the same finding in the same file adds its ordinal.
class GitlabRenderer : public Renderer {
 public:
  explicit GitlabRenderer(std::ostream& out) : out_(out) {}

  void Report(Diagnostic d) override {
    std::string description = d.message;
    for (const Note& note : d.notes) {
      description += "\nnote: " + note.path;
      if (note.line != 0) description += ":" + std::to_string(note.line);
      description += ": " + note.message;
    }
    GitlabFingerprintHash hash;
    hash.Add(d.path);
    hash.Add(d.check);
    hash.Add(d.message);
    hash.Add(Trimmed(d.source_line));
    uint64_t ordinal = seen_[hash.Hex()]++;
    if (ordinal > 0) hash.Add(std::to_string(ordinal));

    nlohmann::ordered_json issue;
    issue["type"] = "issue";
    issue["description"] = description;
    issue["check_name"] = d.check;
    issue["fingerprint"] = hash.Hex();
    issue["severity"] = GitlabSeverity(d.severity);
    issue["location"]["path"] = d.path;
    // GitLab needs a line; a finding about a whole file (or a URL) is on 1.
    issue["location"]["lines"]["begin"] = d.line != 0 ? d.line : 1;
    out_ << (first_ ? "[\n" : ",\n") << Dump(issue);
    first_ = false;
  }

  void Finish(const Summary& /*summary*/, const std::vector<JsonExtra>& /*extras*/) override {
    out_ << (first_ ? "[]\n" : "\n]\n");
    out_.flush();
  }

 private:
  static std::string_view Trimmed(std::string_view line) {
    size_t begin = line.find_first_not_of(" \t");
    if (begin == std::string_view::npos) return {};
    size_t end = line.find_last_not_of(" \t\r");
    return line.substr(begin, end + 1 - begin);
  }

  std::ostream& out_;
  bool first_ = true;
  std::map<std::string, uint64_t> seen_;
};

}  // namespace

std::unique_ptr<Renderer> MakeGitlabRenderer(std::ostream& out, RenderOptions /*options*/) {
  return std::make_unique<GitlabRenderer>(out);
}

}  // namespace ttam::diag
