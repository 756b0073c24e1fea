#include "yaml/schema.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "support/number.h"
#include "support/text.h"
#include "support/units.h"

namespace ttam::yaml {
namespace {

/// Edit distance, for "did you mean".
size_t Distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t next = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = row[j];
      row[j] = next;
    }
  }
  return row[b.size()];
}

}  // namespace

SchemaIds SchemaIds::ForArea(std::string_view area) {
  std::string prefix = std::string(area) + "/";
  return {prefix + "unknown-field", prefix + "type", prefix + "value", prefix + "required"};
}

SchemaIds SchemaIds::Single(std::string_view id) {
  std::string s(id);
  return {s, s, s, s};
}

void Context::Error(const Node& at, std::string_view path, std::string_view check,
                    std::string message) {
  Report(at, path, check, diag::Severity::kError, std::move(message));
}

void Context::Report(const Node& at, std::string_view path, std::string_view check,
                     diag::Severity severity, std::string message) {
  if (severity == diag::Severity::kError) ++errors_;
  std::string text = path.empty() ? std::move(message) : std::string(path) + ": " + message;
  sink_.Report(MakeDiagnostic(*doc_, at.mark, severity, check, std::move(text)));
}

Object::Object(Context& ctx, const Node* node, std::string path)
    : ctx_(ctx), node_(node), path_(std::move(path)) {
  // Every getter records its field; most schemas ask for a dozen or so.
  known_.reserve(16);
  if (node_ != nullptr && node_->IsNull()) node_ = nullptr;
  if (node_ != nullptr && !node_->IsMap()) {
    ctx_.Error(*node_, path_, ctx_.ids().type,
               "expected a mapping of fields, got " + std::string(node_->KindName()));
    node_ = nullptr;
  }
}

std::string Object::PathOf(std::string_view name) const {
  if (path_.empty()) return std::string(name);
  return path_ + "." + std::string(name);
}

const Node* Object::Field(std::string_view name) {
  if (!all_known_) known_.push_back(name);
  if (node_ == nullptr) return nullptr;
  return node_->Find(name);
}

bool Object::Has(std::string_view name) const {
  if (node_ == nullptr) return false;
  const Node* n = node_->Find(name);
  return n != nullptr && !n->IsNull();
}

const Node* Object::Scalar(std::string_view name) {
  const Node* n = Field(name);
  if (n == nullptr || n->IsNull()) return nullptr;
  if (!n->IsScalar()) {
    ctx_.Error(*n, PathOf(name), ctx_.ids().type,
               "expected a single value, got " + std::string(n->KindName()));
    return nullptr;
  }
  return n;
}

void Object::Error(std::string_view name, std::string_view check, std::string message) {
  const Node* at = node_ != nullptr ? node_->Find(name) : nullptr;
  if (at == nullptr) at = node_;
  if (at == nullptr) return;  // nothing to point at; callers report on the parent
  ctx_.Error(*at, name.empty() ? path_ : PathOf(name), check, std::move(message));
}

std::optional<std::string> Object::String(std::string_view name) {
  const Node* n = Scalar(name);
  if (n == nullptr) return std::nullopt;
  return std::string(n->scalar);
}

std::optional<std::string> Object::RequiredString(std::string_view name) {
  auto value = String(name);
  if (!value || value->empty()) {
    const Node* at = node_ != nullptr ? node_->Find(name) : nullptr;
    if (at == nullptr) at = node_;
    if (at != nullptr) {
      ctx_.Error(*at, PathOf(name), ctx_.ids().required,
                 Quote(name) + " is required and must not be empty");
    }
    return std::nullopt;
  }
  return value;
}

std::optional<bool> Object::Bool(std::string_view name) {
  const Node* n = Scalar(name);
  if (n == nullptr) return std::nullopt;
  // go-yaml v2 reads YAML 1.1 booleans, also when a bool field gets them quoted? No:
  // quoted values are strings, which a bool field rejects.
  static constexpr std::string_view kTrue[] = {"true", "True", "TRUE", "yes", "Yes", "YES",
                                               "on",   "On",   "ON",   "y",   "Y"};
  static constexpr std::string_view kFalse[] = {"false", "False", "FALSE", "no", "No", "NO",
                                                "off",   "Off",   "OFF",   "n",  "N"};
  if (n->style == ScalarStyle::kPlain) {
    for (auto t : kTrue) {
      if (n->scalar == t) return true;
    }
    for (auto f : kFalse) {
      if (n->scalar == f) return false;
    }
  }
  ctx_.Error(*n, PathOf(name), ctx_.ids().type, "expected true or false, got " + Quote(n->scalar));
  return std::nullopt;
}

std::optional<int64_t> Object::Int(std::string_view name, int64_t min, int64_t max) {
  const Node* n = Scalar(name);
  if (n == nullptr) return std::nullopt;
  int64_t value = 0;
  std::string_view s = n->scalar;
  const char* begin = s.data();
  if (!s.empty() && s[0] == '+') ++begin;
  auto [ptr, ec] = std::from_chars(begin, s.data() + s.size(), value);
  if (n->style != ScalarStyle::kPlain || ec != std::errc() || ptr != s.data() + s.size() ||
      s.empty()) {
    ctx_.Error(*n, PathOf(name), ctx_.ids().type, "expected a whole number, got " + Quote(s));
    return std::nullopt;
  }
  if (value < min || value > max) {
    std::string range = max == INT64_MAX
                            ? "at least " + std::to_string(min)
                            : "between " + std::to_string(min) + " and " + std::to_string(max);
    ctx_.Error(*n, PathOf(name), ctx_.ids().value, "must be " + range + ", got " + std::string(s));
    return std::nullopt;
  }
  return value;
}

std::optional<double> Object::Float(std::string_view name) {
  const Node* n = Scalar(name);
  if (n == nullptr) return std::nullopt;
  double value = 0;
  if (n->style != ScalarStyle::kPlain || !ParseFloat(n->scalar, &value)) {
    ctx_.Error(*n, PathOf(name), ctx_.ids().type, "expected a number, got " + Quote(n->scalar));
    return std::nullopt;
  }
  return value;
}

std::optional<int64_t> Object::Duration(std::string_view name) {
  const Node* n = Scalar(name);
  if (n == nullptr) return std::nullopt;
  auto d = ParseDuration(n->scalar);
  if (!d) {
    ctx_.Error(*n, PathOf(name), ctx_.ids().value, d.error().message);
    return std::nullopt;
  }
  return d->count();
}

std::optional<uint64_t> Object::Size(std::string_view name) {
  const Node* n = Scalar(name);
  if (n == nullptr) return std::nullopt;
  // Prometheus wants a unit on every size but 0 ("100" is an error).
  bool unitless =
      !n->scalar.empty() && n->scalar.find_first_not_of("0123456789") == std::string::npos;
  if (unitless && n->scalar != "0") {
    ctx_.Error(*n, PathOf(name), ctx_.ids().value,
               "size \"" + std::string(n->scalar) + "\" needs a unit, e.g. \"" +
                   std::string(n->scalar) + "B\", \"" + std::string(n->scalar) + "KB\" or \"" +
                   std::string(n->scalar) + "MB\"");
    return std::nullopt;
  }
  auto size = ParseByteSize(n->scalar);
  if (!size) {
    ctx_.Error(*n, PathOf(name), ctx_.ids().value, size.error().message);
    return std::nullopt;
  }
  return *size;
}

std::optional<std::string> Object::Url(std::string_view name) {
  const Node* n = Scalar(name);
  if (n == nullptr) return std::nullopt;
  std::string_view s = n->scalar;
  size_t scheme_end = s.find("://");
  bool ok = scheme_end != std::string::npos && scheme_end > 0;
  if (ok) {
    for (size_t i = 0; i < scheme_end; ++i) {
      char c = s[i];
      bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (!alpha && !(i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))) {
        ok = false;
      }
    }
  }
  if (!ok) {
    ctx_.Error(*n, PathOf(name), ctx_.ids().value,
               "invalid URL " + Quote(s) +
                   ": it needs a scheme and a host, e.g. "
                   "\"http://host:9090/path\"");
    return std::nullopt;
  }
  std::string rest(s.substr(scheme_end + 3));
  std::string host = rest.substr(0, rest.find_first_of("/?#"));
  if (size_t at = host.rfind('@'); at != std::string::npos) host = host.substr(at + 1);
  if (host.empty()) {
    ctx_.Error(*n, PathOf(name), ctx_.ids().value,
               "invalid URL " + Quote(s) + ": it has no host, e.g. \"http://host:9090/path\"");
    return std::nullopt;
  }
  if (s.find_first_of(" \t\n") != std::string::npos) {
    ctx_.Error(*n, PathOf(name), ctx_.ids().value,
               "invalid URL " + Quote(s) + ": it contains white space");
    return std::nullopt;
  }
  return std::string(s);
}

std::optional<std::string> Object::Enum(std::string_view name,
                                        std::initializer_list<std::string_view> allowed) {
  const Node* n = Scalar(name);
  if (n == nullptr) return std::nullopt;
  for (auto a : allowed) {
    if (n->scalar == a) return std::string(n->scalar);
  }
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  ctx_.Error(*n, PathOf(name), ctx_.ids().value,
             "unknown value " + Quote(n->scalar) + "; use one of " + list);
  return std::nullopt;
}

std::optional<std::vector<std::string>> Object::StringList(std::string_view name) {
  const Node* n = Field(name);
  if (n == nullptr || n->IsNull()) return std::nullopt;
  if (!n->IsSequence()) {
    ctx_.Error(*n, PathOf(name), ctx_.ids().type,
               "expected a list, got " + std::string(n->KindName()));
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < n->items.size(); ++i) {
    const Node& item = n->items[i];
    if (!item.IsScalar()) {
      ctx_.Error(item, PathOf(name) + "[" + std::to_string(i) + "]", ctx_.ids().type,
                 "expected a string, got " + std::string(item.KindName()));
      return std::nullopt;
    }
    out.push_back(std::string(item.scalar));
  }
  return out;
}

std::optional<std::map<std::string, std::string>> Object::StringMap(std::string_view name) {
  const Node* n = Field(name);
  if (n == nullptr || n->IsNull()) return std::nullopt;
  if (!n->IsMap()) {
    ctx_.Error(*n, PathOf(name), ctx_.ids().type,
               "expected a mapping of names to values, got " + std::string(n->KindName()));
    return std::nullopt;
  }
  std::map<std::string, std::string> out;
  for (const Entry& e : n->entries) {
    if (!e.key.IsScalar()) {
      ctx_.Error(e.key, PathOf(name), ctx_.ids().type, "keys must be strings");
      return std::nullopt;
    }
    if (e.value.IsNull()) {
      out[std::string(e.key.scalar)] = "";
      continue;
    }
    if (!e.value.IsScalar()) {
      ctx_.Error(e.value, PathOf(name) + "." + std::string(e.key.scalar), ctx_.ids().type,
                 "expected a string, got " + std::string(e.value.KindName()));
      return std::nullopt;
    }
    out[std::string(e.key.scalar)] = std::string(e.value.scalar);
  }
  return out;
}

Object Object::Sub(std::string_view name) { return Object(ctx_, Field(name), PathOf(name)); }

std::vector<Object> Object::List(std::string_view name) {
  std::vector<Object> out;
  const Node* n = Field(name);
  if (n == nullptr || n->IsNull()) return out;
  if (!n->IsSequence()) {
    ctx_.Error(*n, PathOf(name), ctx_.ids().type,
               "expected a list, got " + std::string(n->KindName()));
    return out;
  }
  out.reserve(n->items.size());
  const std::string list_path = PathOf(name);
  for (size_t i = 0; i < n->items.size(); ++i) {
    std::string item_path = list_path;
    item_path += '[';
    item_path += std::to_string(i);
    item_path += ']';
    const Node& item = n->items[i];
    if (item.IsNull()) {
      // Prometheus rejects empty list entries ("empty or null ... config").
      ctx_.Error(item, item_path, ctx_.ids().value, "empty entry: remove it or fill it in");
      continue;
    }
    out.emplace_back(ctx_, &item, item_path);
  }
  return out;
}

void Object::Finish(Unknown style) {
  if (node_ == nullptr || all_known_) return;
  bool any_unknown = false;
  for (const Entry& e : node_->entries) {
    if (!e.key.IsScalar()) continue;
    std::string_view key = e.key.scalar;
    if (std::find(known_.begin(), known_.end(), key) != known_.end()) continue;
    any_unknown = true;
    std::string message = "unknown field " + Quote(key);
    switch (style) {
      case Unknown::kSuggest: {
        std::string_view best;
        size_t best_distance = 4;
        for (std::string_view k : known_) {
          size_t d = Distance(key, k);
          if (d < best_distance) {
            best_distance = d;
            best = k;
          }
        }
        message += path_.empty() ? " at the top level" : " in " + path_;
        if (!best.empty()) {
          message += "; did you mean " + Quote(best) + "?";
        } else {
          message += " (Prometheus rejects fields it does not know)";
        }
        break;
      }
      case Unknown::kListKnown: {
        if (!path_.empty()) message += " in " + path_;
        std::string list;
        for (size_t i = 0; i < known_.size(); ++i) {
          // A field read twice (a getter, then its node) is listed once.
          if (std::find(known_.begin(), known_.begin() + i, known_[i]) != known_.begin() + i) {
            continue;
          }
          list += (list.empty() ? "" : ", ") + std::string(known_[i]);
        }
        message += " (known: " + list + ")";
        break;
      }
    }
    ctx_.Error(e.key, "", ctx_.ids().unknown_field, std::move(message));
  }
  if (!any_unknown) {
    // Every field is known, and stays known: a later Finish reports nothing.
    // The names are let go (a list of 2,000 scrape configs would keep ~2 KB
    // of them each until the last one is read).
    all_known_ = true;
    std::vector<std::string_view>().swap(known_);
  }
}

}  // namespace ttam::yaml
