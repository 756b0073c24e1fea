#include "query_data.h"

#include <variant>

#include "eval/load_exposition.h"
#include "eval/promqltest.h"
#include "eval/promqltest_load.h"
#include "promapi/query.h"
#include "support/byte_stream.h"

namespace ttam::cli {
namespace {

// The first bytes of a file, enough to tell its kind.
Result<std::string> DataFileHead(const std::string& path) {
  std::string head;
  auto read = StreamFile(
      path,
      [&](std::string_view chunk) {
        head.append(chunk);
        return head.size() < (64 << 10);
      },
      64 << 10);
  if (!read) return read.error();
  return head;
}

// Splits a file's text into its line `line` (1-based), for a caret view.
std::string DataFileLine(const std::string& text, int line) {
  size_t pos = 0;
  for (int i = 1; i < line && pos != std::string::npos; ++i) {
    pos = text.find('\n', pos);
    if (pos != std::string::npos) ++pos;
  }
  if (pos == std::string::npos || pos > text.size()) return "";
  size_t end = text.find('\n', pos);
  return text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
}

Status LoadPromqlTest(const DataSpec& spec, FileSystem& fs, eval::Storage& storage,
                      diag::Sink& sink) {
  if (spec.scrape_time_ms) {
    return Error{spec.path +
                 " is a promqltest file: its load blocks give the times, drop the @TIME"};
  }
  auto text = fs.Read(spec.path);
  if (!text) return text.error();
  eval::promqltest::TestFile file = eval::promqltest::ParseTestFile(*text);
  // Everything before a syntax error still loads, as in a test run; the
  // error stops the query.
  for (const auto& command : file.commands) {
    if (const auto* load = std::get_if<eval::promqltest::LoadCmd>(&command)) {
      Status loaded = eval::promqltest::LoadInto(*load, storage);
      if (!loaded) return Error{spec.path + ": " + loaded.error().message};
    } else if (std::holds_alternative<eval::promqltest::ClearCmd>(command)) {
      storage.Clear();
    }
  }
  if (file.error) {
    diag::Diagnostic d;
    d.path = spec.path;
    d.line = static_cast<uint32_t>(file.error->line);
    d.column = static_cast<uint32_t>(file.error->column);
    d.check = std::string(eval::kDataCheck);
    d.message = file.error->message;
    d.source_line = DataFileLine(*text, file.error->line);
    sink.Report(std::move(d));
    return Error{spec.path + " is not a valid promqltest file (see above)"};
  }
  return Ok();
}

Status LoadExpositionFile(const DataSpec& spec, const scrape::ReadOptions& read,
                          eval::Storage& storage, diag::Sink& sink,
                          std::vector<eval::Snapshot>& snapshots) {
  diag::ErrorCountingSink counting(sink);
  eval::ExpositionLoader loader(storage, {spec.path, spec.scrape_time_ms}, counting);
  auto client = scrape::MakeHttpClient();
  auto summary = scrape::ReadExposition(spec.path, read, *client, loader, counting);
  if (!summary) return summary.error();
  if (counting.errors > 0) return Error{spec.path + " could not be loaded (see above)"};
  if (spec.scrape_time_ms) snapshots.push_back({*spec.scrape_time_ms, loader.scraped_series()});
  // A recording (ttam record) says when each target was scraped by its `up`
  // samples: the staleness its scrape loop wrote follows from them.
  eval::AddScrapeStalenessMarkers(loader.timestamped_up_series(), storage);
  return Ok();
}

}  // namespace

Result<DataSpec> ParseDataSpec(const std::string& arg, FileSystem& fs) {
  size_t at = arg.rfind('@');
  if (at == std::string::npos || (fs.IsFile(arg) && !fs.IsFile(arg.substr(0, at)))) {
    return DataSpec{arg, std::nullopt};
  }
  auto t = promapi::ParseApiTime(arg.substr(at + 1));
  if (!t) return Error{"--data " + arg + ": bad time after @: " + t.error().message};
  return DataSpec{arg.substr(0, at), *t};
}

Status LoadDataFiles(const std::vector<DataSpec>& specs, const scrape::ReadOptions& read,
                     FileSystem& fs, eval::Storage& storage, diag::Sink& sink) {
  std::vector<eval::Snapshot> snapshots;
  for (const DataSpec& spec : specs) {
    if (!fs.IsFile(spec.path)) {
      auto probe = fs.Read(spec.path);
      return Error{probe ? "cannot read " + spec.path + ": not a regular file"
                         : probe.error().message};
    }
    auto head = DataFileHead(spec.path);
    if (!head) return head.error();
    Status loaded = eval::SniffDataKind(*head) == eval::DataKind::kPromqlTest
                        ? LoadPromqlTest(spec, fs, storage, sink)
                        : LoadExpositionFile(spec, read, storage, sink, snapshots);
    if (!loaded) return loaded;
  }
  eval::AddStalenessMarkers(std::move(snapshots), storage);
  return Ok();
}

}  // namespace ttam::cli
