#pragma once

// Internal to lib/yaml: a reader for the subset of YAML that rule files and
// configs are written in (block style, flow lists and maps), several times
// faster than yaml-cpp. It builds exactly the tree the yaml-cpp path builds
// (kinds, scalars, styles, marks) and declines everything else, so Parse
// falls back to yaml-cpp.

#include <memory>
#include <string>
#include <string_view>

#include "diag/diagnostic.h"
#include "yaml/document.h"

namespace ttam::yaml::internal {

/// Reads `text` into `root` when it lies inside the fast subset: block
/// mappings and sequences; flow sequences and mappings ([a, 'b'], {k: v},
/// nested, empty, over several lines, with a trailing comma) whose keys are
/// scalars; plain scalars (also over several lines in block context),
/// single- and double-quoted scalars on one line; `|` and `>` block scalars;
/// comments. Returns false (leaving `root` unspecified) on anything else:
/// collections as keys, '?' keys, missing values in flow mappings, pairs
/// inside flow sequences, anchors, aliases, tags, directives, several
/// documents, multi-line quoted or flow plain scalars, rare escapes, tabs,
/// CR, non-ASCII bytes, merge keys, duplicate keys, and every syntax error.
/// `empty` is set when the text holds no document (only comments). Scalars
/// view `text` or, when decoded, `store`: both must outlive `root`.
bool FastParse(std::string_view text, Node& root, bool& empty, ScalarStore& store);

/// Parse through yaml-cpp only (what Parse does when FastParse declines).
/// For the differential tests.
std::unique_ptr<Document> ParseWithYamlCpp(std::string path, std::string text, diag::Sink& sink);

}  // namespace ttam::yaml::internal
