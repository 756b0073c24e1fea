#include "config/target_group.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "model/names.h"
#include "support/text.h"
#include "support/utf8.h"

namespace ttam::config {
namespace {

bool IsBinaryTag(const std::string& tag) {
  return tag == "!!binary" || tag == "tag:yaml.org,2002:binary";
}

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

/// Standard base64 with padding, white space ignored (as go-yaml decodes
/// `!!binary`).
std::optional<std::string> DecodeBase64(std::string_view text) {
  std::string clean;
  for (char c : text) {
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') clean += c;
  }
  if (clean.size() % 4 != 0) return std::nullopt;
  std::string out;
  for (size_t i = 0; i < clean.size(); i += 4) {
    int v[4];
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
      char c = clean[i + k];
      if (c == '=') {
        // Padding only at the very end, in the last two places.
        if (i + 4 != clean.size() || k < 2) return std::nullopt;
        v[k] = 0;
        ++pad;
        continue;
      }
      if (pad > 0) return std::nullopt;
      v[k] = Base64Value(c);
      if (v[k] < 0) return std::nullopt;
    }
    uint32_t n = (static_cast<uint32_t>(v[0]) << 18) | (static_cast<uint32_t>(v[1]) << 12) |
                 (static_cast<uint32_t>(v[2]) << 6) | static_cast<uint32_t>(v[3]);
    out += static_cast<char>((n >> 16) & 0xff);
    if (pad < 2) out += static_cast<char>((n >> 8) & 0xff);
    if (pad < 1) out += static_cast<char>(n & 0xff);
  }
  return out;
}

std::string InvalidNameReason(NameValidation scheme) {
  switch (scheme) {
    case NameValidation::kUtf8:
      return "label names must be non-empty, valid UTF-8";
    case NameValidation::kLegacy:
      return "with metric_name_validation_scheme: legacy, label names must match "
             "[a-zA-Z_][a-zA-Z0-9_]*";
  }
  return "";
}

/// Counts the errors that pass through, for `valid`.
class CountingSink : public diag::Sink {
 public:
  CountingSink(diag::Sink& next, bool drop_duplicate_keys)
      : next_(next), drop_duplicate_keys_(drop_duplicate_keys) {}
  void Report(diag::Diagnostic d) override {
    // JSON allows repeated keys (the last wins), so only YAML files get
    // the YAML layer's duplicate-key error.
    if (drop_duplicate_keys_ && d.check == "yaml/duplicate-key") return;
    if (d.severity == diag::Severity::kError) ++errors;
    next_.Report(std::move(d));
  }
  uint64_t errors = 0;

 private:
  diag::Sink& next_;
  bool drop_duplicate_keys_;
};

/// Reads one target group mapping (`targets`, `labels`).
void ReadGroup(Object& group, std::vector<StaticTarget>* out) {
  // Target-group labels are checked with Prometheus's model rules, which are
  // UTF-8 in Prometheus 3 whatever the job's validation scheme.
  auto labels = ReadLabelSet(group, "labels", NameValidation::kUtf8, false);
  const yaml::Node* targets = group.Field("targets");
  group.Finish();
  if (targets == nullptr || targets->IsNull()) return;
  std::string targets_path = group.PathOf("targets");
  if (!targets->IsSequence()) {
    group.ctx().Error(
        *targets, targets_path, kType,
        "expected a list of \"host:port\" strings, got " + std::string(targets->KindName()));
    return;
  }
  for (size_t i = 0; i < targets->items.size(); ++i) {
    const yaml::Node& item = targets->items[i];
    std::string item_path = targets_path + "[" + std::to_string(i) + "]";
    if (!item.IsScalar() && !item.IsNull()) {
      group.ctx().Error(item, item_path, kType,
                        "expected a \"host:port\" string, got " + std::string(item.KindName()));
      continue;
    }
    std::string error;
    auto address = item.IsNull() ? std::optional<std::string>("") : ScalarText(item, &error);
    if (!address) {
      group.ctx().Error(item, item_path, kValue, error);
      continue;
    }
    StaticTarget target;
    target.address = *address;
    if (labels) target.labels = *labels;
    target.origin = Origin{&group.ctx().doc(), &item, item_path};
    out->push_back(std::move(target));
  }
}

/// 1-based line and column of byte `offset` in `text`.
std::pair<uint32_t, uint32_t> LineColumn(const std::string& text, size_t offset) {
  uint32_t line = 1;
  uint32_t column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

bool EndsWithJson(const std::string& path) {
  if (path.size() < 5) return false;
  std::string ext = path.substr(path.size() - 5);
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".json";
}

}  // namespace

std::optional<std::string> ScalarText(const yaml::Node& node, std::string* error) {
  if (!IsBinaryTag(node.tag)) return std::string(node.scalar);
  auto decoded = DecodeBase64(node.scalar);
  if (!decoded) {
    *error = "!!binary value contains invalid base64 data: " + GoQuote(node.scalar) +
             "; write the value as plain text instead";
  }
  return decoded;
}

std::optional<std::map<std::string, std::string>> ReadLabelSet(Object& obj, std::string_view field,
                                                               NameValidation scheme,
                                                               bool check_values) {
  const yaml::Node* n = obj.Field(field);
  if (n == nullptr || n->IsNull()) return std::nullopt;
  Context& ctx = obj.ctx();
  std::string path = obj.PathOf(field);
  if (!n->IsMap()) {
    ctx.Error(*n, path, kType,
              "expected a mapping of label names to values, got " + std::string(n->KindName()));
    return std::nullopt;
  }
  std::map<std::string, std::string> out;
  bool ok = true;
  for (const yaml::Entry& e : n->entries) {
    if (!e.key.IsScalar()) {
      ctx.Error(e.key, path, kType, "label names must be strings");
      ok = false;
      continue;
    }
    std::string error;
    auto name = ScalarText(e.key, &error);
    if (!name) {
      ctx.Error(e.key, path, kValue, error);
      ok = false;
      continue;
    }
    std::string value_path = path + "." + *name;
    if (!model::IsValidLabelName(*name, scheme)) {
      ctx.Error(e.key, path, kValue,
                GoQuote(*name) + " is not a valid label name: " + InvalidNameReason(scheme));
      ok = false;
      continue;
    }
    std::string value;
    if (!e.value.IsNull()) {
      if (!e.value.IsScalar()) {
        ctx.Error(e.value, value_path, kType,
                  "expected a label value (a string), got " + std::string(e.value.KindName()));
        ok = false;
        continue;
      }
      auto text = ScalarText(e.value, &error);
      if (!text) {
        ctx.Error(e.value, value_path, kValue, error);
        ok = false;
        continue;
      }
      value = *text;
    }
    if (check_values && !model::IsValidLabelValue(value)) {
      ctx.Error(e.value.IsNull() ? e.key : e.value, value_path, kValue,
                GoQuote(value) + " is not a valid label value: label values must be valid UTF-8");
      ok = false;
      continue;
    }
    out[*name] = std::move(value);
  }
  if (!ok) return std::nullopt;
  return out;
}

std::vector<StaticTarget> ReadStaticConfigs(Object& parent, std::string_view field) {
  std::vector<StaticTarget> out;
  for (Object& group : parent.List(field)) ReadGroup(group, &out);
  return out;
}

void CheckTargetAddresses(Context& ctx, const std::vector<StaticTarget>& targets) {
  for (const StaticTarget& t : targets) {
    if (t.address.find('/') == std::string::npos) continue;
    if (t.origin.node == nullptr) continue;
    ctx.Error(*t.origin.node, t.origin.path, kValue,
              GoQuote(t.address) +
                  " is not a valid target address: write host:port only; put the scheme in "
                  "`scheme` and the path in `metrics_path`, or rewrite __address__ with "
                  "relabel_configs");
  }
}

FileSdTargets ParseFileSd(const std::string& path, std::string text, diag::Sink& sink,
                          FileSystem& fs) {
  FileSdTargets result;
  bool json = EndsWithJson(path);
  CountingSink counting(sink, json);
  if (json) {
    // nlohmann checks the JSON grammar strictly; the positioned tree comes
    // from the YAML layer (JSON is YAML flow syntax).
    try {
      nlohmann::json parsed = nlohmann::json::parse(text);
      (void)parsed;
    } catch (const nlohmann::json::parse_error& e) {
      auto [line, column] = LineColumn(text, e.byte > 0 ? e.byte - 1 : 0);
      diag::Diagnostic d;
      d.path = path;
      d.line = line;
      d.column = column;
      d.severity = diag::Severity::kError;
      d.check = std::string(kFile);
      std::string what = e.what();
      // "[json.exception.parse_error.101] parse error at line 1, column 2: ..."
      if (size_t colon = what.find(": "); colon != std::string::npos) what = what.substr(colon + 2);
      d.message = "invalid JSON: " + what;
      counting.Report(std::move(d));
      return result;
    }
  }
  result.doc = yaml::Parse(path, std::move(text), counting);
  if (result.doc == nullptr) return result;
  Context ctx(*result.doc, counting, fs, ReaderIds());
  const yaml::Node& root = result.doc->root;
  if (!root.IsNull()) {
    if (!root.IsSequence()) {
      ctx.Error(root, "", kType,
                "a file_sd file must be a list of target groups ({targets: [...], labels: "
                "{...}}), got " +
                    std::string(root.KindName()));
    } else {
      for (size_t i = 0; i < root.items.size(); ++i) {
        const yaml::Node& item = root.items[i];
        std::string item_path = "[" + std::to_string(i) + "]";
        if (item.IsNull()) {
          ctx.Error(item, item_path, kValue, "empty target group: remove it or fill it in");
          continue;
        }
        Object group(ctx, &item, item_path);
        ReadGroup(group, &result.targets);
      }
    }
  }
  result.valid = counting.errors == 0;
  return result;
}

}  // namespace ttam::config
