#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "config/schema.h"
#include "diag/diagnostic.h"
#include "yaml/document.h"

namespace ttam::config {

/// The text of a scalar as go-yaml gives it to a string field: a `!!binary`
/// scalar is base64-decoded. Returns nullopt (and sets `error`) when the
/// base64 is invalid.
std::optional<std::string> ScalarText(const yaml::Node& node, std::string* error);

/// Reads a mapping of label names to values at `obj.field` (external_labels,
/// target group labels), checking names under `scheme` and, when
/// `check_values`, that values are valid UTF-8.
std::optional<std::map<std::string, std::string>> ReadLabelSet(Object& obj, std::string_view field,
                                                               NameValidation scheme,
                                                               bool check_values);

/// Reads `static_configs` of `parent` (a list of target groups: `targets`
/// and `labels`) as Prometheus does, and returns one StaticTarget per target
/// with its group's labels and its position.
std::vector<StaticTarget> ReadStaticConfigs(Object& parent, std::string_view field);

/// Reports every target whose address contains a `/` (a scheme or a path),
/// as Prometheus does when a job has no relabel_configs that could rewrite
/// `__address__` (upstream's url_in_targetgroup rule).
void CheckTargetAddresses(Context& ctx, const std::vector<StaticTarget>& targets);

/// A file_sd file parsed into targets: the document the positions point into
/// and the targets themselves.
struct FileSdTargets {
  std::unique_ptr<yaml::Document> doc;  ///< null when the text could not be parsed
  std::vector<StaticTarget> targets;    ///< origins point into `doc`
  bool valid = false;                   ///< no error was reported
};

/// Parses the content of a file_sd file: a list of target groups, as JSON
/// when `path` ends in `.json` (any case) and as YAML otherwise. Every
/// problem goes to `sink` with the file's own positions.
FileSdTargets ParseFileSd(const std::string& path, std::string text, diag::Sink& sink,
                          FileSystem& fs);

}  // namespace ttam::config
