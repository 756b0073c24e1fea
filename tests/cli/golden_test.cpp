// CLI golden tests: every tests/cli/<command>/*.txt holds one run of the
// built ttam (its arguments, the files it reads, its stdin) and what it must
// print and return. The format is in DEVELOPERS.md ("CLI golden tests"):
//
//   # what the case shows (comment lines before the first section)
//   === args
//   scrape --check {tmp}/c.prom
//   === file c.prom
//   c 1
//   === stdout
//   ...
//   === stderr
//   === exit 1
//
// With TTAM_UPDATE_GOLDEN=1 the files are rewritten with what ttam printed.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "support/process.h"

namespace ttam::test {
namespace {

namespace fs = std::filesystem;

const std::string kCliDir = std::string(TTAM_SOURCE_DIR) + "/tests/cli";
constexpr std::string_view kHeader = "=== ";
constexpr std::string_view kNoNewline = "\\ No newline at end of file";

struct Golden {
  std::string comment;  ///< the lines before the first section, verbatim
  std::string args;     ///< as written: words, with '...' quoting
  std::vector<std::pair<std::string, std::string>> files;  ///< name, content
  bool has_stdin = false;
  std::string stdin_text;
  std::string out;
  std::string err;
  int exit_code = 0;
};

// "a\nb\n" from the section lines {"a", "b"}; a last line "\ No newline at
// end of file" (as in diff -u) takes the final newline away.
std::string Join(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) {
    if (line == kNoNewline) {
      if (!text.empty()) text.pop_back();
      continue;
    }
    text += line + "\n";
  }
  return text;
}

// The section body for `text`: the text itself, or with the marker line when
// it does not end in a newline.
std::string Body(const std::string& text) {
  if (text.empty() || text.back() == '\n') return text;
  return text + "\n" + std::string(kNoNewline) + "\n";
}

bool Parse(const std::string& path, Golden& g, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read " + path;
    return false;
  }
  std::string section;  // "" before the first header
  std::vector<std::string> lines;
  auto flush = [&]() -> bool {
    std::string text = Join(lines);
    if (section.empty()) {
      g.comment = text;
    } else if (section == "args") {
      g.args = text;
    } else if (section.starts_with("file ")) {
      g.files.emplace_back(section.substr(5), text);
    } else if (section == "stdin") {
      g.has_stdin = true;
      g.stdin_text = text;
    } else if (section == "stdout") {
      g.out = text;
    } else if (section == "stderr") {
      g.err = text;
    } else if (section.starts_with("exit ")) {
      g.exit_code = std::atoi(section.c_str() + 5);
      if (!text.empty()) {
        error = "text after \"=== exit\"";
        return false;
      }
    } else {
      error = "unknown section \"=== " + section + "\"";
      return false;
    }
    lines.clear();
    return true;
  };
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with(kHeader)) {
      if (!flush()) return false;
      section = line.substr(kHeader.size());
    } else {
      lines.push_back(line);
    }
  }
  return flush();
}

// Splits an args section into words: blanks separate, '...' quotes
// literally (a word may be empty: '').
std::vector<std::string> Words(const std::string& text, std::string& error) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\'') {
      size_t end = text.find('\'', i + 1);
      if (end == std::string::npos) {
        error = "unterminated ' in the args";
        return {};
      }
      word += text.substr(i + 1, end - i - 1);
      in_word = true;
      i = end;
    } else if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) words.push_back(word);
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(word);
  return words;
}

void ReplaceAll(std::string& s, const std::string& from, const std::string& to) {
  if (from.empty()) return;
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
}

// {tmp} and {src} in the golden file's inputs become real paths...
std::string Expand(std::string s, const std::string& tmp) {
  ReplaceAll(s, "{tmp}", tmp);
  ReplaceAll(s, "{src}", TTAM_SOURCE_DIR);
  return s;
}

// ... and the real paths in ttam's output become {tmp} and {src} again.
std::string Placeholders(std::string s, const std::string& tmp) {
  ReplaceAll(s, tmp, "{tmp}");
  ReplaceAll(s, TTAM_SOURCE_DIR, "{src}");
  return s;
}

std::string Serialise(const Golden& g) {
  std::string text = g.comment;
  text += "=== args\n" + Body(g.args);
  for (const auto& [name, content] : g.files) text += "=== file " + name + "\n" + Body(content);
  if (g.has_stdin) text += "=== stdin\n" + Body(g.stdin_text);
  text += "=== stdout\n" + Body(g.out);
  text += "=== stderr\n" + Body(g.err);
  text += "=== exit " + std::to_string(g.exit_code) + "\n";
  return text;
}

// `diff -u` of two texts, labelled; both texts when diff is not installed.
std::string Diff(const std::string& what, const std::string& want, const std::string& got) {
  TempDir dir;
  std::string a = dir.Write("want", want);
  std::string b = dir.Write("got", got);
  ProcessResult r = RunProcess(
      {"/usr/bin/diff", "-u", "--label", "expected " + what, "--label", "actual " + what, a, b});
  if (r.exit_code == 1) return r.out;
  return "expected " + what + ":\n" + want + "actual " + what + ":\n" + got;
}

std::vector<fs::path> GoldenFiles() {
  std::vector<fs::path> files;
  for (const auto& dir : fs::directory_iterator(kCliDir)) {
    if (!dir.is_directory() || dir.path().filename() == "testdata") continue;
    for (const auto& entry : fs::directory_iterator(dir.path())) {
      if (entry.is_regular_file() && entry.path().extension() == ".txt") {
        files.push_back(entry.path());
      }
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST_CASE("cli golden files: tests/cli/<command>/*.txt") {
  const char* update_env = std::getenv("TTAM_UPDATE_GOLDEN");
  bool update = update_env != nullptr && std::string(update_env) == "1";
  std::vector<fs::path> files = GoldenFiles();
  REQUIRE_MESSAGE(!files.empty(), "no golden files under " << kCliDir);
  size_t passed = 0, failed = 0, updated = 0;
  for (const fs::path& path : files) {
    std::string name = fs::relative(path, kCliDir).string();
    CAPTURE(name);
    Golden want;
    std::string error;
    if (!Parse(path.string(), want, error)) {
      ++failed;
      FAIL_CHECK(name << ": " << error);
      continue;
    }
    TempDir dir;
    std::vector<std::string> args = Words(Expand(want.args, dir.path()), error);
    if (!error.empty()) {
      ++failed;
      FAIL_CHECK(name << ": " << error);
      continue;
    }
    for (const auto& [file, content] : want.files) {
      fs::path target = fs::path(dir.path()) / file;
      fs::create_directories(target.parent_path());
      dir.Write(file, Expand(content, dir.path()));
    }
    ProcessResult r = RunTtam(args, Expand(want.stdin_text, dir.path()));
    Golden got = want;
    got.out = Placeholders(r.out, dir.path());
    got.err = Placeholders(r.err, dir.path());
    got.exit_code = r.exit_code;
    if (got.out == want.out && got.err == want.err && got.exit_code == want.exit_code) {
      ++passed;
      continue;
    }
    if (update) {
      std::string text = Serialise(got);
      // Another section header in the output would not read back.
      for (const std::string* out : {&got.out, &got.err}) {
        bool header = out->starts_with(kHeader) ||
                      out->find("\n" + std::string(kHeader)) != std::string::npos;
        CHECK_MESSAGE(!header, name << ": the output has a line starting with \"=== \"");
      }
      std::ofstream(path, std::ios::binary) << text;
      ++updated;
      MESSAGE("updated " << name);
      continue;
    }
    ++failed;
    std::string report;
    if (got.exit_code != want.exit_code) {
      report += "exit status: expected " + std::to_string(want.exit_code) + ", got " +
                std::to_string(got.exit_code) + (r.timed_out ? " (timed out)" : "") + "\n";
    }
    if (got.out != want.out) report += Diff("stdout", want.out, got.out);
    if (got.err != want.err) report += Diff("stderr", want.err, got.err);
    FAIL_CHECK("tests/cli/" << name << " differs (TTAM_UPDATE_GOLDEN=1 rewrites it):\n" << report);
  }
  MESSAGE("cli golden files: " << passed << " passed, " << failed << " failed"
                               << (update ? ", " + std::to_string(updated) + " updated" : ""));
}

}  // namespace
}  // namespace ttam::test
