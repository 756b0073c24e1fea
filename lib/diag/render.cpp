#include "diag/render.h"

#include <algorithm>
#include <utility>

namespace ttam::diag {
namespace {

std::string Counted(uint64_t n, std::string_view singular) {
  std::string out = std::to_string(n);
  out += ' ';
  out += singular;
  if (n != 1) out += 's';
  return out;
}

}  // namespace

bool ParseFormat(std::string_view text, Format* out) {
  if (text == "text") {
    *out = Format::kText;
  } else if (text == "json") {
    *out = Format::kJson;
  } else if (text == "github") {
    *out = Format::kGithub;
  } else if (text == "sarif") {
    *out = Format::kSarif;
  } else if (text == "gitlab") {
    *out = Format::kGitlab;
  } else {
    return false;
  }
  return true;
}

std::unique_ptr<Renderer> MakeRenderer(Format format, std::ostream& out, RenderOptions options) {
  switch (format) {
    case Format::kText:
      return MakeTextRenderer(out, std::move(options));
    case Format::kJson:
      return MakeJsonRenderer(out, std::move(options));
    case Format::kGithub:
      return MakeGithubRenderer(out, std::move(options));
    case Format::kSarif:
      return MakeSarifRenderer(out, std::move(options));
    case Format::kGitlab:
      return MakeGitlabRenderer(out, std::move(options));
  }
  return MakeTextRenderer(out, std::move(options));
}

std::string SummaryLine(const Summary& summary) {
  if (summary.errors == 0 && summary.warnings == 0 && summary.infos == 0 &&
      summary.suppressed == 0) {
    return summary.nothing_checked ? "nothing checked" : "no problems found";
  }
  std::string line = Counted(summary.errors, "error") + ", " +
                     Counted(summary.warnings, "warning") + ", " + Counted(summary.infos, "info");
  if (summary.suppressed > 0) {
    line += ", " + std::to_string(summary.suppressed) + " more not shown (--max-findings)";
  }
  return line;
}

std::vector<std::string> TallyLines(const Summary& summary) {
  std::vector<std::pair<std::string_view, uint64_t>> counts(summary.per_check.begin(),
                                                            summary.per_check.end());
  std::stable_sort(counts.begin(), counts.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<std::string> lines;
  lines.reserve(counts.size());
  for (const auto& [check, n] : counts) {
    std::string line = std::to_string(n) + " \u00d7 " + std::string(check);
    line += " (disable: --disable " + std::string(check) + ")";
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace ttam::diag
