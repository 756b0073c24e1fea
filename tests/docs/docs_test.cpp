// The man pages and shell completions: they render, they parse, they
// complete, and they cover every option ttam accepts.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "cardinality/checks.h"
#include "lint/config/check.h"
#include "lint/exposition/check.h"
#include "lint/rules/check.h"
#include "record/checks.h"
#include "support/process.h"

namespace ttam::test {
namespace {

namespace fs = std::filesystem;

const std::string kRoot = TTAM_SOURCE_DIR;
const std::string kBashCompletion = kRoot + "/completions/ttam.bash";
const std::string kZshCompletion = kRoot + "/completions/_ttam";
const std::string kFishCompletion = kRoot + "/completions/ttam.fish";

// The command-line interface as specified; the last test checks it against
// what the binary says it accepts.
const std::vector<std::string> kGlobalOptions = {"format",      "color",  "fail-on",
                                                 "disable",     "enable", "max-findings",
                                                 "group-after", "help",   "version"};
const std::vector<std::string> kScrapeOptions = {
    "check",   "input-format",      "timeout",         "max-bytes",
    "header",  "bearer-token-file", "basic-auth-user", "basic-auth-password-file",
    "ca-file", "insecure",          "require-prefix"};

const std::vector<std::string> kLintConfigOptions = {"agent", "enable-feature"};
const std::vector<std::string> kLintRulesOptions = {
    "config", "enable-feature", "metadata", "scrape-metadata", "dialect", "ignore-unknown-fields"};
const std::vector<std::string> kTestPromqlOptions = {"run", "at-modifier-runs", "quiet"};
const std::vector<std::string> kTestRulesOptions = {
    "run", "junit", "enable-feature", "ignore-unknown-fields", "quiet", "debug", "diff"};
const std::vector<std::string> kRecordOptions = {"config",
                                                 "job",
                                                 "interval",
                                                 "duration",
                                                 "count",
                                                 "output",
                                                 "concurrency",
                                                 "quiet",
                                                 "input-format",
                                                 "timeout",
                                                 "max-bytes",
                                                 "header",
                                                 "bearer-token-file",
                                                 "basic-auth-user",
                                                 "basic-auth-password-file",
                                                 "ca-file",
                                                 "insecure"};
const std::vector<std::string> kCardinalityOptions = {"config",
                                                      "job",
                                                      "concurrency",
                                                      "quiet",
                                                      "prometheus",
                                                      "top",
                                                      "max-series-per-metric",
                                                      "max-label-values",
                                                      "max-total-series",
                                                      "limits",
                                                      "save",
                                                      "baseline",
                                                      "max-growth",
                                                      "input-format",
                                                      "timeout",
                                                      "max-bytes",
                                                      "header",
                                                      "bearer-token-file",
                                                      "basic-auth-user",
                                                      "basic-auth-password-file",
                                                      "ca-file",
                                                      "insecure"};

// Closed sets of option values that every completion must offer.
const std::vector<std::string> kValueLists = {"text json github sarif", "auto always never",
                                              "error warning info", "auto text openmetrics",
                                              "promql-experimental-functions promql-duration-expr "
                                              "promql-extended-range-selectors "
                                              "promql-binop-fill-modifiers"};

// The full path of `name` on PATH, or "" when it is not installed.
std::string FindProgram(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path != nullptr ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (dir.empty()) continue;
    fs::path candidate = fs::path(dir) / name;
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec) && access(candidate.c_str(), X_OK) == 0) {
      return candidate.string();
    }
  }
  return "";
}

std::vector<std::string> ManPages() {
  std::vector<std::string> pages;
  for (const auto& entry : fs::directory_iterator(kRoot + "/man")) {
    std::string ext = entry.path().extension().string();
    if (ext.size() == 2 && ext[1] >= '1' && ext[1] <= '9') pages.push_back(entry.path().string());
  }
  std::sort(pages.begin(), pages.end());
  return pages;
}

// roff source with the escapes that can sit inside an option name removed:
// `\-` becomes `-`, font changes (`\fB`, `\fR`, ...) and `\&` disappear.
std::string PlainRoff(const std::string& roff) {
  std::string out = std::regex_replace(roff, std::regex(R"(\\f[BIRP])"), "");
  out = std::regex_replace(out, std::regex(R"(\\&)"), "");
  return std::regex_replace(out, std::regex(R"(\\-)"), "-");
}

// True when `text` has `needle` not followed by another option-name character
// (so that --check does not match --check-foo).
bool HasWord(const std::string& text, const std::string& needle) {
  for (size_t pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) {
    size_t end = pos + needle.size();
    if (end == text.size()) return true;
    char next = text[end];
    if (!std::isalnum(static_cast<unsigned char>(next)) && next != '-' && next != '_') {
      return true;
    }
  }
  return false;
}

// How each completion file names a long option.
struct CompletionFile {
  std::string path;
  std::string prefix;  ///< "--" (bash, zsh) or "-l " (fish)
};

std::vector<CompletionFile> CompletionFiles() {
  return {{kBashCompletion, "--"}, {kZshCompletion, "--"}, {kFishCompletion, "-l "}};
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The subcommands, in table order, as kSubcommands in tools/ttam/main.cpp
// lists them (one row each, the name first).
std::vector<std::string> Subcommands() {
  std::string main = ReadFile(kRoot + "/tools/ttam/main.cpp");
  size_t begin = main.find("kSubcommands[] = {");
  size_t end = main.find("\n};", begin);
  REQUIRE_MESSAGE(begin != std::string::npos, "no kSubcommands table in tools/ttam/main.cpp");
  REQUIRE(end != std::string::npos);
  std::string table = main.substr(begin, end - begin);
  std::vector<std::string> names;
  std::regex row(R"re(\{\s*"([a-z][a-z0-9-]*)")re");
  for (auto it = std::sregex_iterator(table.begin(), table.end(), row);
       it != std::sregex_iterator(); ++it) {
    names.push_back((*it)[1].str());
  }
  REQUIRE(names.size() >= 4);
  return names;
}

// Long options in the --help output of `ttam args...`.
std::set<std::string> HelpOptions(const std::vector<std::string>& args) {
  ProcessResult r = RunTtam(args);
  INFO("ttam --help said on stderr: ", r.err);
  REQUIRE(r.exit_code == 0);
  std::set<std::string> options;
  std::regex option(R"(--([a-z][a-z0-9-]*))");
  for (auto it = std::sregex_iterator(r.out.begin(), r.out.end(), option);
       it != std::sregex_iterator(); ++it) {
    options.insert((*it)[1].str());
  }
  return options;
}

// The long options `ttam args... --help` lists in its option column (the
// start of each line that begins with a dash), not those its descriptions
// mention.
std::set<std::string> ListedOptions(const std::vector<std::string>& args) {
  ProcessResult r = RunTtam(args);
  INFO("ttam --help said on stderr: ", r.err);
  REQUIRE(r.exit_code == 0);
  std::set<std::string> options;
  std::regex option(R"(--([a-z][a-z0-9-]*))");
  for (const std::string& line : Lines(r.out)) {
    size_t start = line.find_first_not_of(' ');
    if (start == std::string::npos || line[start] != '-') continue;
    std::string column = line.substr(start, line.find("  ", start) - start);
    for (auto it = std::sregex_iterator(column.begin(), column.end(), option);
         it != std::sregex_iterator(); ++it) {
      options.insert((*it)[1].str());
    }
  }
  return options;
}

// The text of roff section `heading` (".SH NAME"), up to the next .SH.
std::string RoffSection(const std::string& roff, const std::string& heading) {
  size_t begin = roff.find("\n" + heading + "\n");
  if (begin == std::string::npos) return "";
  size_t end = roff.find("\n.SH ", begin + 1);
  return roff.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

TEST_CASE("man pages render without warnings") {
  std::vector<std::string> pages = ManPages();
  std::vector<std::string> wants = {"/man/ttam.1", "/man/ttam-checks.7"};
  for (const std::string& name : Subcommands()) wants.push_back("/man/ttam-" + name + ".1");
  for (const std::string& want : wants) {
    CAPTURE(want);
    CHECK(std::find(pages.begin(), pages.end(), kRoot + want) != pages.end());
  }
  std::string man = FindProgram("man");
  std::string groff = FindProgram("groff");
  if (man.empty() && groff.empty()) {
    MESSAGE("SKIPPED: neither man nor groff is installed (apt-get install man-db groff-base)");
    return;
  }
  if (man.empty()) MESSAGE("SKIPPED the man(1) half: man is not installed");
  if (groff.empty()) MESSAGE("SKIPPED the groff half: groff is not installed");
  for (const std::string& page : pages) {
    CAPTURE(page);
    if (!groff.empty()) {
      ProcessResult r = RunProcess({groff, "-man", "-Tutf8", "-ww", "-z", page});
      CHECK(r.exit_code == 0);
      CHECK(r.err == "");
    }
    if (!man.empty()) {
      ProcessResult r = RunProcess({man, "-l", "--warnings", page}, "", std::chrono::seconds(60),
                                   {"MANWIDTH=80"});
      CHECK(r.exit_code == 0);
      CHECK(r.err == "");
      CHECK(r.out.find("SEE ALSO") != std::string::npos);
    }
  }
}

TEST_CASE("man pages have the sections users look for") {
  struct Case {
    std::string_view page;
    std::vector<std::string> want;
  };
  const Case cases[] = {
      {"ttam.1",
       {".SH NAME",
        ".SH SYNOPSIS",
        ".SH GLOBAL OPTIONS",
        ".SH OUTPUT FORMATS",
        ".SH JSON OUTPUT",
        ".SH EXIT STATUS",
        ".SH ENVIRONMENT",
        "NO_COLOR",
        ".SH FILES",
        "/usr/share/bash-completion/completions/ttam",
        "location.lines.begin",
        ".SH EXAMPLES",
        "ttam scrape --check --format github http://app:5000/metrics",
        ".SH SEE ALSO",
        ".BR ttam-scrape (1)",
        ".BR ttam-checks (7)",
        "\"diagnostics\"",
        "\"summary\"",
        "end_column",
        "suppressed"}},
      {"ttam-version.1",
       {".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION", ".SH JSON OUTPUT", ".SH EXIT STATUS",
        ".SH EXAMPLES", ".SH SEE ALSO", ".BR ttam (1)", "git_describe", "build_type", "libraries",
        "runtime", "-dirty"}},
      {"ttam-scrape.1",
       {".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH JSON OUTPUT", ".SH EXIT STATUS",
        ".SH EXAMPLES", ".SH SEE ALSO", ".BR ttam (1)", ".BR ttam-checks (7)", "\"scrape\"",
        "metric_families", "timestamp_ms", "elapsed_ms", "content_type"}},
      {"ttam-lint-config.1",
       {".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH CHECKS", ".SH JSON OUTPUT",
        ".SH EXIT STATUS", ".SH EXAMPLES", ".SH SEE ALSO", ".BR ttam (1)", ".BR ttam-checks (7)",
        "\"lint_config\"", "# ttam: disable=", "CONFIG VALIDATION", "CONFIG CHECKS",
        "config/missing-file", "--agent", "--enable-feature", "promql-experimental-functions"}},
      {"ttam-lint-rules.1",
       {".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH CHECKS", ".SH JSON OUTPUT",
        ".SH EXIT STATUS", ".SH EXAMPLES", ".SH SEE ALSO", ".BR ttam (1)", ".BR ttam-checks (7)",
        ".BR ttam-lint-config (1)", "\"lint_rules\"", "# ttam: disable=", "RULE FILES",
        "RULE CHECKS", "rules/unknown-field", "--config", "promql-experimental-functions"}},
      {"ttam-cardinality.1",
       {".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH CHECKS", ".SH JSON OUTPUT",
        ".SH EXIT STATUS", ".SH EXAMPLES", ".SH SEE ALSO", ".BR ttam (1)", ".BR ttam-checks (7)",
        "\"cardinality\"", "\"total_series\"", "\"distinct_values\"", "\"top_values\"",
        "CARDINALITY"}},
      {"ttam-test-rules.1",
       {".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH CHECKS", ".SH OUTPUT", ".SH EXIT STATUS",
        ".SH EXAMPLES", ".SH SEE ALSO", ".BR ttam (1)", ".BR ttam-checks (7)", "test_rules",
        "RULE UNIT TESTS", "test-rules/failed", "promql-delayed-name-removal", "unnamed#"}},
  };
  for (const Case& c : cases) {
    std::string text = PlainRoff(ReadFile(kRoot + "/man/" + std::string(c.page)));
    REQUIRE(!text.empty());
    for (const std::string& want : c.want) {
      CAPTURE(c.page);
      CAPTURE(want);
      CHECK(text.find(want) != std::string::npos);
    }
  }
}

TEST_CASE("ttam(1) describes every subcommand of the table and names its page in SEE ALSO") {
  std::string roff = PlainRoff(ReadFile(kRoot + "/man/ttam.1"));
  std::string subcommands = RoffSection(roff, ".SH SUBCOMMANDS");
  std::string see_also = RoffSection(roff, ".SH SEE ALSO");
  REQUIRE(!subcommands.empty());
  REQUIRE(!see_also.empty());
  for (const std::string& name : Subcommands()) {
    CAPTURE(name);
    // Each is a tagged paragraph: ".TP", then the name (and its arguments).
    bool described = subcommands.find("\n.TP\n.BI \"" + name + " ") != std::string::npos ||
                     subcommands.find("\n.TP\n.B " + name + "\n") != std::string::npos;
    CHECK_MESSAGE(described, "man/ttam.1's SUBCOMMANDS has no .TP entry for " << name);
    CHECK_MESSAGE(HasWord(subcommands, ".BR ttam-" + name + " (1)"),
                  "man/ttam.1's SUBCOMMANDS entry does not point to ttam-" << name << "(1)");
    CHECK_MESSAGE(HasWord(see_also, ".BR ttam-" + name + " (1)"),
                  "man/ttam.1's SEE ALSO lacks ttam-" << name << "(1)");
  }
}

TEST_CASE("every option is in the man pages") {
  std::string ttam = PlainRoff(ReadFile(kRoot + "/man/ttam.1"));
  std::string scrape = PlainRoff(ReadFile(kRoot + "/man/ttam-scrape.1"));
  std::string lint_config = PlainRoff(ReadFile(kRoot + "/man/ttam-lint-config.1"));
  std::string lint_rules = PlainRoff(ReadFile(kRoot + "/man/ttam-lint-rules.1"));
  std::string cardinality = PlainRoff(ReadFile(kRoot + "/man/ttam-cardinality.1"));
  std::string test_promql = PlainRoff(ReadFile(kRoot + "/man/ttam-test-promql.1"));
  REQUIRE(!test_promql.empty());
  std::string test_rules = PlainRoff(ReadFile(kRoot + "/man/ttam-test-rules.1"));
  REQUIRE(!test_rules.empty());
  REQUIRE(!lint_rules.empty());
  REQUIRE(!cardinality.empty());
  REQUIRE(!ttam.empty());
  REQUIRE(!scrape.empty());
  REQUIRE(!lint_config.empty());
  for (const std::string& option : kGlobalOptions) {
    CAPTURE(option);
    CHECK(HasWord(ttam, "--" + option));
    CHECK(HasWord(scrape, "--" + option));       // listed under "Global options"
    CHECK(HasWord(lint_config, "--" + option));  // likewise
    CHECK(HasWord(lint_rules, "--" + option));   // likewise
    CHECK(HasWord(cardinality, "--" + option));  // likewise
    CHECK(HasWord(test_promql, "--" + option));  // likewise
    CHECK(HasWord(test_rules, "--" + option));   // likewise
  }
  for (const std::string& option : kScrapeOptions) {
    CAPTURE(option);
    CHECK(HasWord(scrape, "--" + option));
  }
  for (const std::string& option : kLintConfigOptions) {
    CAPTURE(option);
    CHECK(HasWord(lint_config, "--" + option));
  }
  for (const std::string& option : kLintRulesOptions) {
    CAPTURE(option);
    CHECK(HasWord(lint_rules, "--" + option));
  }
  for (const std::string& option : kCardinalityOptions) {
    CAPTURE(option);
    CHECK(HasWord(cardinality, "--" + option));
  }
  for (const std::string& option : kTestPromqlOptions) {
    CAPTURE(option);
    CHECK(HasWord(test_promql, "--" + option));
  }
  for (const std::string& option : kTestRulesOptions) {
    CAPTURE(option);
    CHECK(HasWord(test_rules, "--" + option));
  }
  std::string record = PlainRoff(ReadFile(kRoot + "/man/ttam-record.1"));
  REQUIRE(!record.empty());
  for (const std::string& option : kRecordOptions) {
    CAPTURE(option);
    CHECK(HasWord(record, "--" + option));
  }
  // query, quantile, burn-rate, slo generate: every option their --help lists.
  struct HelpedPage {
    std::vector<std::string> help;  // the command line that prints --help
    std::string page;
  };
  const HelpedPage helped[] = {
      {{"query", "--help"}, "/man/ttam-query.1"},
      {{"quantile", "--help"}, "/man/ttam-quantile.1"},
      {{"burn-rate", "--help"}, "/man/ttam-burn-rate.1"},
      {{"slo", "generate", "--help"}, "/man/ttam-slo.1"},
  };
  for (const HelpedPage& h : helped) {
    CAPTURE(h.page);
    std::string text = PlainRoff(ReadFile(kRoot + h.page));
    REQUIRE(!text.empty());
    for (const std::string& option : ListedOptions(h.help)) {
      if (option == "help" || option == "version") continue;
      CAPTURE(option);
      CHECK(HasWord(text, "--" + option));
    }
  }
}

// The part of a completion file that completes subcommand `name`'s own
// options; with `name` empty, the part for the global options.
std::string CompletionSection(const CompletionFile& file, const std::string& name) {
  std::string text = ReadFile(file.path);
  std::string out;
  if (file.path == kBashCompletion) {
    // _ttam_global_options='...' and one "'name:options'" row per subcommand.
    for (const std::string& line : Lines(text)) {
      if (name.empty() ? line.starts_with("_ttam_global_options=")
                       : line.starts_with("  '" + name + ":")) {
        out += line + "\n";
      }
    }
  } else if (file.path == kZshCompletion) {
    // _ttam_global_options=( ... ) and a function _ttam_<name>() { ... }.
    std::string open = name.empty() ? "\n_ttam_global_options=(\n" : "\n_ttam_" + name + "() {\n";
    std::string close = name.empty() ? "\n)\n" : "\n}\n";
    size_t begin = text.find(open);
    if (begin != std::string::npos) out = text.substr(begin, text.find(close, begin) - begin);
  } else {
    // fish: "complete -c ttam -l ..." lines, conditioned on __ttam_using <name>.
    for (const std::string& line : Lines(text)) {
      bool global =
          line.starts_with("complete -c ttam -l ") || line.starts_with("complete -c ttam -s ");
      bool own = line.starts_with("complete -c ttam -n '__ttam_using " + name + "' ");
      if (name.empty() ? global : own) out += line + "\n";
    }
  }
  return out;
}

TEST_CASE("every option and value list is in every completion file") {
  // The options as the built binary's --help lists them (CLI11 generates it
  // from the option tree): the global ones, then each subcommand's own.
  std::set<std::string> global = ListedOptions({"--help"});
  REQUIRE(global.count("format") == 1);
  std::vector<std::pair<std::string, std::set<std::string>>> subcommands;
  for (const std::string& name : Subcommands()) {
    std::set<std::string> own;
    for (const std::string& option : ListedOptions({name, "--help"})) {
      if (global.count(option) == 0) own.insert(option);
    }
    subcommands.emplace_back(name, own);
  }
  for (const CompletionFile& file : CompletionFiles()) {
    CAPTURE(file.path);
    std::string text = ReadFile(file.path);
    REQUIRE(!text.empty());
    std::string global_part = CompletionSection(file, "");
    REQUIRE_MESSAGE(!global_part.empty(), "cannot find the global options in " << file.path);
    for (const std::string& option : global) {
      CAPTURE(option);
      CHECK_MESSAGE(HasWord(global_part, file.prefix + option),
                    "global option --" << option << " is not completed");
    }
    for (const auto& subcommand : subcommands) {
      const std::string& name = subcommand.first;
      const std::set<std::string>& options = subcommand.second;
      CAPTURE(name);
      CHECK_MESSAGE(HasWord(text, name), "subcommand " << name << " is not completed");
      std::string part = CompletionSection(file, name);
      CHECK_MESSAGE(!part.empty(), "no completion section for subcommand " << name);
      for (const std::string& option : options) {
        CAPTURE(option);
        CHECK_MESSAGE(HasWord(part, file.prefix + option),
                      "ttam " << name << " --" << option << " is not completed");
      }
    }
    for (const std::string& values : kValueLists) {
      CAPTURE(values);
      CHECK(text.find(values) != std::string::npos);
    }
  }
}

TEST_CASE("completion files parse") {
  struct Case {
    std::string_view shell;
    std::string path;
    std::vector<std::string> check_args;  ///< the shell's "parse only" flags
  };
  const Case cases[] = {
      {"bash", kBashCompletion, {"-n"}},
      {"zsh", kZshCompletion, {"-n"}},
      {"fish", kFishCompletion, {"--no-execute"}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.shell);
    std::string shell = FindProgram(std::string(c.shell));
    if (shell.empty()) {
      MESSAGE("SKIPPED: " << c.shell << " is not installed, " << c.path << " was not checked");
      continue;
    }
    std::vector<std::string> argv = {shell};
    argv.insert(argv.end(), c.check_args.begin(), c.check_args.end());
    argv.push_back(c.path);
    ProcessResult r = RunProcess(argv);
    CHECK(r.exit_code == 0);
    CHECK(r.err == "");
  }
}

// Runs the bash completion function on COMP_WORDS=`words`, COMP_CWORD=`cword`
// and returns COMPREPLY.
std::vector<std::string> BashComplete(const std::string& bash,
                                      const std::vector<std::string>& words, int cword) {
  static const char kScript[] =
      "source \"$1\" || exit 3\n"
      "COMP_CWORD=$2\n"
      "shift 2\n"
      "COMP_WORDS=(\"$@\")\n"
      "COMP_LINE=\"$*\"\n"
      "COMP_POINT=${#COMP_LINE}\n"
      "_ttam || exit 4\n"
      "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
  std::vector<std::string> argv = {bash,    "--norc", "--noprofile",   "-c",
                                   kScript, "bash",   kBashCompletion, std::to_string(cword)};
  argv.insert(argv.end(), words.begin(), words.end());
  ProcessResult r = RunProcess(argv);
  CHECK(r.exit_code == 0);
  CHECK(r.err == "");
  std::vector<std::string> reply = Lines(r.out);
  // printf prints one empty line for an empty COMPREPLY.
  if (reply == std::vector<std::string>{""}) reply.clear();
  return reply;
}

TEST_CASE("bash completion") {
  std::string bash = FindProgram("bash");
  if (bash.empty()) {
    MESSAGE("SKIPPED: bash is not installed");
    return;
  }
  TempDir dir;
  std::string ca = dir.Write("ca.pem", "");
  std::string other = dir.Write("other.txt", "");

  using Words = std::vector<std::string>;
  struct Case {
    std::string_view name;
    Words words;
    int cword;
    Words want;
  };
  const Case cases[] = {
      {"a subcommand by its prefix", {"ttam", "sc"}, 1, {"scrape"}},
      {"every subcommand",
       {"ttam", ""},
       1,
       {"scrape", "lint-config", "lint-rules", "cardinality", "query", "quantile", "test-promql",
        "test-rules", "burn-rate", "slo", "record", "version"}},
      {"cardinality options",
       {"ttam", "cardinality", "--max-"},
       2,
       {"--max-findings", "--max-series-per-metric", "--max-label-values", "--max-total-series",
        "--max-growth", "--max-bytes"}},
      {"cardinality --limits takes a file",
       {"ttam", "cardinality", "--limits", dir.path() + "/o"},
       3,
       {other}},
      {"lint-config and lint-rules by their prefix",
       {"ttam", "li"},
       1,
       {"lint-config", "lint-rules"}},
      {"lint-config takes files", {"ttam", "lint-config", dir.path() + "/o"}, 2, {other}},
      {"lint-config options", {"ttam", "lint-config", "--f"}, 2, {"--format", "--fail-on"}},
      {"lint-config --enable-feature",
       {"ttam", "lint-config", "--en"},
       2,
       {"--enable", "--enable-feature"}},
      {"lint-rules takes files", {"ttam", "lint-rules", dir.path() + "/o"}, 2, {other}},
      {"lint-rules options", {"ttam", "lint-rules", "--c"}, 2, {"--color", "--config"}},
      {"lint-rules --config takes a file",
       {"ttam", "lint-rules", "--config", dir.path() + "/o"},
       3,
       {other}},
      {"--enable-feature values",
       {"ttam", "lint-rules", "--enable-feature", "promql-ex"},
       3,
       {"promql-experimental-functions", "promql-extended-range-selectors"}},
      {"--format values",
       {"ttam", "--format", ""},
       2,
       {"text", "json", "github", "sarif", "gitlab"}},
      {"--format value by prefix", {"ttam", "--format", "j"}, 2, {"json"}},
      {"--format=, split at '='",
       {"ttam", "--format", "=", ""},
       3,
       {"text", "json", "github", "sarif", "gitlab"}},
      {"--format=j as one word", {"ttam", "--format=j"}, 1, {"--format=json"}},
      {"--color values", {"ttam", "--color", ""}, 2, {"auto", "always", "never"}},
      {"global option after the subcommand", {"ttam", "scrape", "--fail-on", "w"}, 3, {"warning"}},
      {"--input-format values",
       {"ttam", "scrape", "--input-format", ""},
       3,
       {"auto", "text", "openmetrics"}},
      {"subcommand options", {"ttam", "scrape", "--in"}, 2, {"--input-format", "--insecure"}},
      {"no subcommand options before the subcommand", {"ttam", "--in"}, 1, {}},
      {"global options before the subcommand", {"ttam", "--f"}, 1, {"--format", "--fail-on"}},
      {"an option's value is not the subcommand",
       {"ttam", "--format", "json", "sc"},
       3,
       {"scrape"}},
      {"--disable's value is not the subcommand",
       {"ttam", "--disable", "metrics/*", "sc"},
       3,
       {"scrape"}},
      {"burn-rate options",
       {"ttam", "burn-rate", "--m"},
       2,
       {"--max-findings", "--min-events", "--max-bytes"}},
      {"--fail-on ticket", {"ttam", "burn-rate", "--fail-on", "t"}, 3, {"ticket"}},
      {"slo's own subcommand", {"ttam", "slo", "g"}, 2, {"generate"}},
      {"version by its prefix", {"ttam", "ve"}, 1, {"version"}},
      {"version takes no file", {"ttam", "version", dir.path() + "/o"}, 2, {}},
      {"slo generate takes a spec file",
       {"ttam", "slo", "generate", dir.path() + "/o"},
       3,
       {other}},
      {"free-form values get nothing", {"ttam", "scrape", "--timeout", ""}, 3, {}},
      {"files for --ca-file", {"ttam", "scrape", "--ca-file", dir.path() + "/c"}, 3, {ca}},
      {"files for the target", {"ttam", "scrape", dir.path() + "/o"}, 2, {other}},
      {"test-rules options", {"ttam", "test-rules", "--j"}, 2, {"--junit"}},
      {"test-rules --junit takes a file",
       {"ttam", "test-rules", "--junit", dir.path() + "/o"},
       3,
       {other}},
      {"test-rules takes files", {"ttam", "test-rules", dir.path() + "/o"}, 2, {other}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(BashComplete(bash, c.words, c.cword) == c.want);
  }
}

// What fish offers for the command line `line` (candidates, without their
// descriptions), with completions/ttam.fish loaded.
std::vector<std::string> FishComplete(const std::string& fish, const std::string& line) {
  ProcessResult r = RunProcess(
      {fish, "--no-config", "-c", "source $argv[1]; complete -C $argv[2]", kFishCompletion, line});
  CHECK(r.exit_code == 0);
  CHECK(r.err == "");
  std::vector<std::string> out;
  for (const std::string& entry : Lines(r.out)) out.push_back(entry.substr(0, entry.find('\t')));
  std::sort(out.begin(), out.end());
  return out;
}

TEST_CASE("fish completion") {
  std::string fish = FindProgram("fish");
  if (fish.empty()) {
    MESSAGE("SKIPPED: fish is not installed, " << kFishCompletion << " was not exercised");
    return;
  }
  using Words = std::vector<std::string>;
  struct Case {
    std::string_view name;
    std::string line;
    Words want;  // sorted
  };
  const Case cases[] = {
      {"every subcommand",
       "ttam ",
       {"burn-rate", "cardinality", "lint-config", "lint-rules", "quantile", "query", "record",
        "scrape", "slo", "test-promql", "test-rules", "version"}},
      {"a subcommand by its prefix", "ttam sc", {"scrape"}},
      {"--format values", "ttam --format j", {"json"}},
      {"subcommand options", "ttam scrape --in", {"--input-format", "--insecure"}},
      {"cardinality budgets", "ttam cardinality --max-s", {"--max-series-per-metric"}},
      {"test-rules feature flags",
       "ttam test-rules --enable-feature promql-de",
       {"promql-delayed-name-removal"}},
      {"feature flags",
       "ttam lint-rules --enable-feature promql-ex",
       {"promql-experimental-functions", "promql-extended-range-selectors"}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(FishComplete(fish, c.line) == c.want);
  }
}

TEST_CASE("the documented options are exactly the ones ttam accepts") {
  std::set<std::string> accepted = HelpOptions({"--help"});
  std::set<std::string> scrape = HelpOptions({"scrape", "--help"});
  accepted.insert(scrape.begin(), scrape.end());
  std::set<std::string> lint_config = HelpOptions({"lint-config", "--help"});
  accepted.insert(lint_config.begin(), lint_config.end());
  std::set<std::string> lint_rules = HelpOptions({"lint-rules", "--help"});
  accepted.insert(lint_rules.begin(), lint_rules.end());
  std::set<std::string> cardinality = HelpOptions({"cardinality", "--help"});
  accepted.insert(cardinality.begin(), cardinality.end());
  std::set<std::string> test_promql = HelpOptions({"test-promql", "--help"});
  accepted.insert(test_promql.begin(), test_promql.end());
  std::set<std::string> test_rules = HelpOptions({"test-rules", "--help"});
  accepted.insert(test_rules.begin(), test_rules.end());
  std::set<std::string> record = HelpOptions({"record", "--help"});
  accepted.insert(record.begin(), record.end());
  std::set<std::string> documented(kGlobalOptions.begin(), kGlobalOptions.end());
  documented.insert(kRecordOptions.begin(), kRecordOptions.end());
  documented.insert(kScrapeOptions.begin(), kScrapeOptions.end());
  documented.insert(kLintConfigOptions.begin(), kLintConfigOptions.end());
  documented.insert(kLintRulesOptions.begin(), kLintRulesOptions.end());
  documented.insert(kCardinalityOptions.begin(), kCardinalityOptions.end());
  documented.insert(kTestPromqlOptions.begin(), kTestPromqlOptions.end());
  documented.insert(kTestRulesOptions.begin(), kTestRulesOptions.end());
  for (const std::string& option : accepted) {
    CAPTURE(option);
    CHECK_MESSAGE(documented.count(option) == 1,
                  "ttam accepts an option that the docs and completions do not cover");
  }
  for (const std::string& option : documented) {
    CAPTURE(option);
    CHECK_MESSAGE(accepted.count(option) == 1, "the docs describe an option that ttam lacks");
  }
}

}  // namespace
}  // namespace ttam::test

namespace ttam::test {
namespace {

TEST_CASE("every cardinality id has a section in ttam-checks(7)") {
  std::string checks = PlainRoff(ReadFile(kRoot + "/man/ttam-checks.7"));
  REQUIRE(cardinality::CardinalityChecks().size() >= 10);
  for (const auto& c : cardinality::CardinalityChecks()) {
    std::string id(c.id);
    CAPTURE(id);
    CHECK(checks.find(".SS " + id + "\n") != std::string::npos);
  }
}

// The section of `id` in the plain text of ttam-checks(7): from its heading
// to the next one.
std::string ChecksSection(const std::string& page, const std::string& id) {
  size_t at = page.find(".SS " + id + "\n");
  if (at == std::string::npos) return {};
  size_t end = page.find("\n.S", at + 1);
  return page.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

TEST_CASE("off-by-default checks say so in ttam-checks(7), and only they") {
  std::string page = PlainRoff(ReadFile(kRoot + "/man/ttam-checks.7"));
  REQUIRE(!page.empty());
  size_t off = 0;
  auto check = [&](std::string_view id_view, diag::Enablement enablement) {
    std::string id(id_view);
    CAPTURE(id);
    std::string section = ChecksSection(page, id);
    REQUIRE(!section.empty());
    bool says_off = section.find("Default: off; enable with --enable " + id +
                                 " or --enable strict.\n") != std::string::npos;
    CHECK(says_off == (enablement == diag::Enablement::kOffByDefault));
    if (enablement == diag::Enablement::kOffByDefault) ++off;
  };
  for (const auto& c : lint::RulesChecks()) check(c.id, c.enablement);
  for (const auto& c : lint::ConfigChecks()) check(c.id, c.enablement);
  for (const auto& c : lint::ExpositionChecks()) check(c.id, c.enablement);
  CHECK(off >= 4);
}

TEST_CASE("every record id has a section in ttam-checks(7)") {
  std::string checks = PlainRoff(ReadFile(kRoot + "/man/ttam-checks.7"));
  REQUIRE(record::RecordChecks().size() >= 2);
  for (const auto& c : record::RecordChecks()) {
    std::string id(c.id);
    CAPTURE(id);
    CHECK(checks.find(".SS " + id + "\n") != std::string::npos);
  }
}

TEST_CASE("subcommand pages point at ttam-checks(7) instead of listing ids") {
  // One list of ids (ttam-checks(7)), so that adding a check touches one page.
  for (std::string page :
       {"ttam-lint-config.1", "ttam-lint-rules.1", "ttam-cardinality.1", "ttam-test-rules.1"}) {
    CAPTURE(page);
    std::string text = ReadFile(kRoot + "/man/" + page);
    size_t begin = text.find(".SH CHECKS\n");
    REQUIRE(begin != std::string::npos);
    size_t end = text.find("\n.SH ", begin + 1);
    std::string section = PlainRoff(text.substr(begin, end - begin));
    CHECK(section.find("ttam-checks") != std::string::npos);
    size_t ids = 0;
    for (size_t at = section.find('/'); at != std::string::npos; at = section.find('/', at + 1)) {
      if (at > 0 && std::isalpha(static_cast<unsigned char>(section[at - 1])) != 0) ++ids;
    }
    CHECK(ids <= 8);  // the few an explanation names, never the whole list
  }
}

}  // namespace
}  // namespace ttam::test

namespace ttam::test {
namespace {

TEST_CASE("every quantile id has a section in ttam-checks(7)") {
  // The ids are constants in tools/ttam/quantile_run.h.
  std::string header = ReadFile(kRoot + "/tools/ttam/quantile_run.h");
  std::string checks = PlainRoff(ReadFile(kRoot + "/man/ttam-checks.7"));
  std::regex id(R"re("(quantile/[a-z-]+)")re");
  int found = 0;
  for (auto it = std::sregex_iterator(header.begin(), header.end(), id);
       it != std::sregex_iterator(); ++it) {
    std::string name = (*it)[1].str();
    CAPTURE(name);
    CHECK(checks.find(".SS " + name + "\n") != std::string::npos);
    ++found;
  }
  CHECK(found == 12);
}

TEST_CASE("every burn-rate id has a section in ttam-checks(7)") {
  // The ids are constants in tools/ttam/burn_rate_run.h and lib/slo/slo_spec.h.
  std::string header =
      ReadFile(kRoot + "/tools/ttam/burn_rate_run.h") + ReadFile(kRoot + "/lib/slo/slo_spec.h");
  std::string checks = PlainRoff(ReadFile(kRoot + "/man/ttam-checks.7"));
  std::regex id(R"re("((burn-rate|slo)/[a-z-]+)")re");
  int found = 0;
  for (auto it = std::sregex_iterator(header.begin(), header.end(), id);
       it != std::sregex_iterator(); ++it) {
    std::string name = (*it)[1].str();
    CAPTURE(name);
    CHECK(checks.find(".SS " + name + "\n") != std::string::npos);
    ++found;
  }
  CHECK(found == 11);
}

TEST_CASE("every test-rules id has a section in ttam-checks(7)") {
  // The ids are constants in tools/ttam/test_rules_output.h.
  std::string header = ReadFile(kRoot + "/tools/ttam/test_rules_output.h");
  std::string checks = PlainRoff(ReadFile(kRoot + "/man/ttam-checks.7"));
  std::regex id(R"re("(test-rules/[a-z-]+)")re");
  int found = 0;
  for (auto it = std::sregex_iterator(header.begin(), header.end(), id);
       it != std::sregex_iterator(); ++it) {
    std::string name = (*it)[1];
    CAPTURE(name);
    CHECK(checks.find(".SS " + name + "\n") != std::string::npos);
    ++found;
  }
  CHECK(found == 4);
}

}  // namespace
}  // namespace ttam::test
