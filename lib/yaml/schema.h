#pragma once

// The schema reader: walks a positioned YAML tree against a schema written as
// getter calls, reports wrong types, invalid values and unknown fields with
// their field paths, under check ids the caller names (config/…, rules/…).

#include <cassert>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "diag/diagnostic.h"
#include "support/filesystem.h"
#include "yaml/document.h"

namespace ttam::yaml {

/// The check ids the schema reader reports, one per kind of problem. The
/// caller names them: a file format's area (`config/type`, `rules/type`) or
/// one id for a small format whose problems share it.
struct SchemaIds {
  std::string unknown_field;  ///< a field the schema does not know
  std::string type;           ///< wrong YAML type
  std::string value;          ///< a value of the right type that is invalid
  std::string required;       ///< a required field is missing or empty

  /// `<area>/unknown-field`, `<area>/type`, `<area>/value`, `<area>/required`.
  static SchemaIds ForArea(std::string_view area);
  /// `id` for every kind of problem.
  static SchemaIds Single(std::string_view id);
};

/// Everything one validation run shares: the document, where findings go,
/// and how files are read.
class Context {
 public:
  /// A run whose schema reads other files (included files, file_sd) through `fs`.
  Context(const Document& doc, diag::Sink& sink, FileSystem& fs, SchemaIds ids)
      : doc_(&doc), sink_(sink), fs_(&fs), ids_(std::move(ids)) {}
  /// A run that reads no other file.
  Context(const Document& doc, diag::Sink& sink, SchemaIds ids)
      : doc_(&doc), sink_(sink), ids_(std::move(ids)) {}

  /// Reports an error at `at` about the field at `path`; the message is
  /// prefixed with the path ("scrape_configs[2].relabel_configs[0].regex: ...").
  void Error(const Node& at, std::string_view path, std::string_view check, std::string message);
  /// The same at another severity (lints).
  void Report(const Node& at, std::string_view path, std::string_view check,
              diag::Severity severity, std::string message);

  const Document& doc() const { return *doc_; }
  /// The file system; only for a context made with one.
  FileSystem& fs() {
    assert(fs_ != nullptr);
    return *fs_;
  }
  /// The ids the reader reports under.
  const SchemaIds& ids() const { return ids_; }
  diag::Sink& sink() { return sink_; }
  /// Number of errors reported through this context.
  uint64_t errors() const { return errors_; }
  /// Switches to another document (an included scrape config file).
  void SetDocument(const Document& doc) { doc_ = &doc; }

 private:
  const Document* doc_;
  diag::Sink& sink_;
  FileSystem* fs_ = nullptr;
  SchemaIds ids_;
  uint64_t errors_ = 0;
};

/// Reads one YAML mapping against a schema: each getter marks its field as
/// known and checks its type and value with Prometheus's rules; Finish()
/// rejects the fields no getter asked for (Prometheus loads strictly), with a
/// did-you-mean. Getters return nullopt when the field is absent, null, or
/// invalid (the error is already reported).
class Object {
 public:
  /// `node` may be null (field absent): then every getter returns nullopt.
  /// A node that is not a mapping (nor null) is reported once.
  Object(Context& ctx, const Node* node, std::string path);

  const std::string& path() const { return path_; }
  const Node* node() const { return node_; }
  /// "path.name" (or "name" at the top).
  std::string PathOf(std::string_view name) const;
  /// The raw value of `name` (marks it known); nullptr when absent.
  const Node* Field(std::string_view name);
  /// True when `name` is present and not null (does not mark it known).
  bool Has(std::string_view name) const;

  std::optional<std::string> String(std::string_view name);
  /// A non-empty string; reports the `required` id when absent or empty.
  std::optional<std::string> RequiredString(std::string_view name);
  /// YAML 1.1 booleans as go-yaml reads them (true/false/yes/no/on/off...).
  std::optional<bool> Bool(std::string_view name);
  std::optional<int64_t> Int(std::string_view name, int64_t min = INT64_MIN,
                             int64_t max = INT64_MAX);
  std::optional<double> Float(std::string_view name);
  /// Prometheus durations ("1m30s"); milliseconds.
  std::optional<int64_t> Duration(std::string_view name);
  /// Byte sizes as Prometheus reads them ("512MB", base 2).
  std::optional<uint64_t> Size(std::string_view name);
  /// An absolute URL with a scheme and a host, as config.URL requires.
  std::optional<std::string> Url(std::string_view name);
  /// One of `allowed` (exact, case-sensitive unless stated by the caller).
  std::optional<std::string> Enum(std::string_view name,
                                  std::initializer_list<std::string_view> allowed);
  std::optional<std::vector<std::string>> StringList(std::string_view name);
  std::optional<std::map<std::string, std::string>> StringMap(std::string_view name);
  /// A nested mapping (absent: an Object over nullptr).
  Object Sub(std::string_view name);
  /// A list of mappings: `name[0]`, `name[1]`, ...
  std::vector<Object> List(std::string_view name);

  /// How Finish() words an unknown field.
  enum class Unknown {
    kSuggest,    ///< the nearest known field ("did you mean"), else Prometheus's strictness
    kListKnown,  ///< every known field ("(known: a, b)"), for small formats
  };
  /// Reports every field that no getter asked for.
  void Finish(Unknown style = Unknown::kSuggest);

  /// Reports at this object's node (or at field `name` when present).
  void Error(std::string_view name, std::string_view check, std::string message);

  Context& ctx() { return ctx_; }

 private:
  const Node* Scalar(std::string_view name);
  Context& ctx_;
  const Node* node_;
  std::string path_;
  std::vector<std::string_view> known_;
  bool all_known_ = false;  ///< a Finish found every field known (known_ is let go)
};

}  // namespace ttam::yaml
