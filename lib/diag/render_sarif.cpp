#include <cassert>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "diag/json_dump.h"
#include "diag/render.h"

namespace ttam::diag {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kSchema =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

std::string_view Level(Severity severity) {
  switch (severity) {
    case Severity::kInfo:
      return "note";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "error";
}

bool HasScheme(std::string_view path) {
  size_t colon = path.find("://");
  if (colon == std::string_view::npos || colon == 0) return false;
  for (size_t i = 0; i < colon; ++i) {
    char c = path[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
    if (!ok) return false;
  }
  return true;
}

// artifactLocation.uri must be a URI reference: URLs (scrape targets) stay as
// they are, file paths are percent-encoded, and absolute ones become file:.
std::string ArtifactUri(std::string_view path) {
  if (HasScheme(path)) return std::string(path);
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = path.starts_with('/') ? "file://" : "";
  for (char c : path) {
    auto byte = static_cast<unsigned char>(c);
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                std::string_view("-._~/!$&'()*+,;=@").find(c) != std::string_view::npos;
    if (keep) {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    }
  }
  return out;
}

Json PhysicalLocation(std::string_view path, uint32_t line, uint32_t column, uint32_t end_column) {
  Json location;
  location["artifactLocation"]["uri"] = ArtifactUri(path);
  if (line != 0) {
    Json region;
    region["startLine"] = line;
    if (column != 0) {
      region["startColumn"] = column;
      if (end_column > column) region["endColumn"] = end_column;
    }
    location["region"] = std::move(region);
  }
  return location;
}

// Results stream out inside the run as they arrive; the rules table can only
// be written once every check that fired is known, so "tool" follows
// "results" in Finish (member order carries no meaning in JSON).
class SarifRenderer final : public Renderer {
 public:
  SarifRenderer(std::ostream& out, RenderOptions options)
      : out_(out), options_(std::move(options)) {}

  void Report(Diagnostic diagnostic) override {
    assert(!finished_);
    Open();
    out_ << (first_result_ ? "" : ",");
    first_result_ = false;

    Json result;
    if (!diagnostic.check.empty()) {
      result["ruleId"] = diagnostic.check;
      result["ruleIndex"] = RuleIndex(diagnostic.check, diagnostic.severity);
    }
    result["level"] = Level(diagnostic.severity);
    result["message"]["text"] = diagnostic.message;
    if (!diagnostic.path.empty()) {
      Json location;
      location["physicalLocation"] = PhysicalLocation(diagnostic.path, diagnostic.line,
                                                      diagnostic.column, diagnostic.end_column);
      result["locations"] = Json::array({std::move(location)});
    }
    if (!diagnostic.notes.empty()) {
      Json related = Json::array();
      for (const Note& note : diagnostic.notes) {
        Json location;
        if (!note.path.empty()) {
          location["physicalLocation"] = PhysicalLocation(note.path, note.line, note.column, 0);
        }
        location["message"]["text"] = note.message;
        related.push_back(std::move(location));
      }
      result["relatedLocations"] = std::move(related);
    }
    out_ << Dump(result);
  }

  void Finish(const Summary& summary, const std::vector<JsonExtra>& /*extras*/) override {
    assert(!finished_);
    finished_ = true;
    Open();
    Json driver;
    driver["name"] = "ttam";
    if (!options_.tool_version.empty()) driver["version"] = options_.tool_version;
    if (!options_.information_uri.empty()) driver["informationUri"] = options_.information_uri;
    Json rules = Json::array();
    for (const Rule& seen : rules_) {
      const CheckInfo* info = Find(seen.id);
      Json rule;
      rule["id"] = seen.id;
      if (info != nullptr && !info->summary.empty()) {
        rule["shortDescription"]["text"] = info->summary;
      }
      Severity level = info != nullptr ? info->default_severity : seen.first_severity;
      rule["defaultConfiguration"]["level"] = Level(level);
      if (info != nullptr && info->enablement == Enablement::kOffByDefault) {
        rule["defaultConfiguration"]["enabled"] = false;
      }
      rules.push_back(std::move(rule));
    }
    driver["rules"] = std::move(rules);
    Json tool;
    tool["driver"] = std::move(driver);

    // SARIF has no summary; a property bag keeps the counts, including the
    // findings --max-findings left out, which results alone cannot show.
    Json properties;
    properties["summary"]["errors"] = summary.errors;
    properties["summary"]["warnings"] = summary.warnings;
    properties["summary"]["infos"] = summary.infos;
    properties["summary"]["suppressed"] = summary.suppressed;

    out_ << "],\"tool\":" << Dump(tool) << ",\"properties\":" << Dump(properties) << "}]}\n";
    out_.flush();
  }

 private:
  struct Rule {
    std::string id;
    Severity first_severity;
  };

  void Open() {
    if (opened_) return;
    opened_ = true;
    out_ << "{\"$schema\":" << Dump(Json(kSchema))
         << ",\"version\":\"2.1.0\",\"runs\":[{\"results\":[";
  }

  size_t RuleIndex(const std::string& id, Severity severity) {
    auto [it, inserted] = rule_index_.try_emplace(id, rules_.size());
    if (inserted) rules_.push_back(Rule{id, severity});
    return it->second;
  }

  const CheckInfo* Find(std::string_view id) const {
    for (const CheckInfo& info : options_.checks) {
      if (info.id == id) return &info;
    }
    return nullptr;
  }

  std::ostream& out_;
  RenderOptions options_;
  std::vector<Rule> rules_;
  std::unordered_map<std::string, size_t> rule_index_;
  bool opened_ = false;
  bool first_result_ = true;
  bool finished_ = false;
};

}  // namespace

std::unique_ptr<Renderer> MakeSarifRenderer(std::ostream& out, RenderOptions options) {
  return std::make_unique<SarifRenderer>(out, std::move(options));
}

}  // namespace ttam::diag
