#include <cassert>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "diag/json_dump.h"
#include "diag/render.h"

namespace ttam::diag {
namespace {

using Json = nlohmann::ordered_json;

// Streams the document: the opening goes out with the first diagnostic (or
// in Finish), each diagnostic as it arrives, the summary and extras at the end.
class JsonRenderer final : public Renderer {
 public:
  explicit JsonRenderer(std::ostream& out) : out_(out) {}

  void Report(Diagnostic diagnostic) override {
    assert(!finished_);
    out_ << (opened_ ? "," : "{\"diagnostics\":[");
    opened_ = true;
    Json item;
    item["file"] = diagnostic.path;
    item["line"] = diagnostic.line;
    item["column"] = diagnostic.column;
    if (diagnostic.end_column != 0) item["end_column"] = diagnostic.end_column;
    item["severity"] = SeverityName(diagnostic.severity);
    item["check"] = diagnostic.check;
    item["message"] = diagnostic.message;
    if (!diagnostic.notes.empty()) {
      Json notes = Json::array();
      for (const Note& note : diagnostic.notes) {
        Json entry;
        entry["file"] = note.path;
        entry["line"] = note.line;
        entry["column"] = note.column;
        entry["message"] = note.message;
        notes.push_back(std::move(entry));
      }
      item["notes"] = std::move(notes);
    }
    out_ << Dump(item);
  }

  void Finish(const Summary& summary, const std::vector<JsonExtra>& extras) override {
    assert(!finished_);
    finished_ = true;
    if (!opened_) out_ << "{\"diagnostics\":[";
    Json counts;
    counts["errors"] = summary.errors;
    counts["warnings"] = summary.warnings;
    counts["infos"] = summary.infos;
    counts["suppressed"] = summary.suppressed;
    out_ << "],\"summary\":" << Dump(counts);
    for (const JsonExtra& extra : extras) {
      assert(extra.key != "diagnostics" && extra.key != "summary");
      assert(!extra.json.empty());
      out_ << ',' << Dump(Json(extra.key)) << ':' << extra.json;
    }
    out_ << "}\n";
    out_.flush();
  }

 private:
  std::ostream& out_;
  bool opened_ = false;
  bool finished_ = false;
};

}  // namespace

std::unique_ptr<Renderer> MakeJsonRenderer(std::ostream& out, RenderOptions /*options*/) {
  return std::make_unique<JsonRenderer>(out);
}

}  // namespace ttam::diag
