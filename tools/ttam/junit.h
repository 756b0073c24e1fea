#pragma once

// `ttam test-rules --junit FILE`: the JUnit XML promtool 3.x writes
// (util/junitxml through Go's encoding/xml): one <testsuite> per test file,
// one <testcase> per test group that ran, one <failure> per problem, and an
// <error> for a problem that stopped the whole file.

#include <string>
#include <string_view>
#include <vector>

#include "ruletest/runner.h"

namespace ttam::cli {

/// `text` escaped as Go's encoding/xml escapes character data and attribute
/// values: `&#34;` `&#39;` `&amp;` `&lt;` `&gt;` `&#x9;` `&#xA;` `&#xD;`, and
/// U+FFFD for invalid UTF-8 and characters XML cannot hold.
std::string GoXmlEscape(std::string_view text);

/// The whole document for `files` (in run order), as promtool writes it: no
/// XML declaration, no indentation, no trailing newline. `timestamp` is the
/// suites' start time as promtool formats it (`2006-01-02T15:04:05`, local
/// time); a file that could not be read or parsed gets an empty one, as in
/// promtool.
std::string JunitXml(const std::vector<ruletest::FileOutcome>& files, const std::string& timestamp);

}  // namespace ttam::cli
