#include "lint/exposition/helpers.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <utility>

#include "cardinality/value_shapes.h"
#include "model/names.h"
#include "support/text.h"

namespace ttam::lint::checks {
namespace {

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    if (IsUpper(x)) x = static_cast<char>(x - 'A' + 'a');
    if (x != b[i]) return false;
  }
  return true;
}

}  // namespace

NameShape ShapeOf(std::string_view name) {
  NameShape s;
  if (name.empty()) {
    s.empty = true;
    return s;
  }
  s.reserved_prefix = name.size() >= 2 && name[0] == '_' && name[1] == '_';
  s.edge_underscore = name.front() == '_' || name.back() == '_';
  s.leading_digit = IsDigit(name.front());
  char prev = 0;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (IsUpper(c)) {
      s.upper = true;
      if (IsLower(prev)) s.camel = true;
    } else if (c == '_') {
      if (prev == '_' && i >= 2) s.double_underscore = true;
    } else if (c == ':') {
      s.colon = true;
    } else if (!IsLower(c) && !IsDigit(c)) {
      s.other = true;
    }
    prev = c;
  }
  return s;
}

bool IsSnakeCase(const NameShape& shape, bool is_label) {
  if (is_label && shape.reserved_prefix) return true;
  return !((shape.upper && !shape.camel) || shape.double_underscore || shape.edge_underscore ||
           shape.leading_digit || shape.other || (is_label && shape.colon));
}

std::string SnakeCaseProblems(const NameShape& shape, bool is_label) {
  if (is_label && shape.reserved_prefix) return {};
  std::string out;
  auto add = [&](std::string_view what) {
    if (!out.empty()) out += ", ";
    out += what;
  };
  if (shape.upper && !shape.camel) add("upper-case letters");
  if (shape.double_underscore) add("a double underscore");
  if (shape.edge_underscore) add("a leading or trailing underscore");
  if (shape.leading_digit) add("a leading digit");
  if (shape.other || (is_label && shape.colon)) add("characters outside [a-z0-9_]");
  return out;
}

std::string SnakeCaseSpelling(std::string_view name, bool keep_colons) {
  std::string out;
  out.reserve(name.size() + 4);
  char prev = 0;
  for (char c : name) {
    if (IsUpper(c)) {
      if (IsLower(prev) || IsDigit(prev)) out += '_';
      out += static_cast<char>(c - 'A' + 'a');
    } else if (IsLower(c) || IsDigit(c) || (keep_colons && c == ':')) {
      out += c;
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
    prev = c;
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out.empty() ? std::string("metric") : out;
}

namespace {

// Label names that hold one value per user, request or event.
constexpr std::string_view kIdNames[] = {
    "id",         "uuid",           "guid",          "request_id",     "requestId",  "user_id",
    "userId",     "session_id",     "sessionId",     "trace_id",       "traceId",    "span_id",
    "spanId",     "correlation_id", "correlationId", "transaction_id", "message_id", "event_id",
    "order_id",   "customer_id",    "email",         "user_email",     "client_ip",  "remote_addr",
    "ip_address",
};

}  // namespace

bool IsUuid(std::string_view v) { return cardinality::IsUuid(v); }

bool IsGenericIdLabelName(std::string_view name) {
  return name == "id" || name == "uuid" || name == "guid";
}

bool MirrorsFieldNames(std::string_view name) {
  size_t word = 0;
  bool upper_seen = false;
  bool ok = true;
  ForEachPart(name, [&](std::string_view part) {
    bool has_upper = false;
    for (char c : part) has_upper = has_upper || IsUpper(c);
    if (has_upper) {
      // Words before the first mirrored one are the exporter's own namespace.
      if (word < 2 || !IsUpper(part[0])) ok = false;
      upper_seen = true;
    }
    ++word;
  });
  return ok && upper_seen;
}

bool IsIdLabelName(std::string_view name) {
  // Called for every label of every sample: rule most names out by their end
  // ("...id", "...Id", "email", "..._ip", "...addr", "...address").
  size_t n = name.size();
  if (n < 2) return false;
  char last = name[n - 1];
  char before = name[n - 2];
  bool candidate = (last == 'd' && (before == 'i' || before == 'I')) ||
                   (last == 'l' && before == 'i') || (last == 'p' && before == 'i') ||
                   (last == 'r' && before == 'd') || (last == 's' && before == 's');
  if (!candidate) return false;
  for (std::string_view id : kIdNames) {
    if (name == id) return true;
  }
  return false;
}

uint32_t LabelNameFlagsOf(std::string_view name) {
  uint32_t flags = 0;
  if (IsIdLabelName(name)) flags |= kLabelLooksUnbounded;
  // Fast path for the usual plain snake_case name: every byte in [a-z0-9_],
  // no "__", no '_' at either end, no leading digit. Branch-light: this runs
  // for every label of every sample.
  static constexpr auto kPlain = [] {
    std::array<uint8_t, 256> t{};
    for (int c = 'a'; c <= 'z'; ++c) t[c] = 1;
    for (int c = '0'; c <= '9'; ++c) t[c] = 1;
    t['_'] = 1;
    return t;
  }();
  size_t n = name.size();
  bool plain = n > 0 && name[0] != '_' && name[n - 1] != '_' && !IsDigit(name[0]);
  unsigned all = 1;
  unsigned doubled = 0;
  unsigned prev_underscore = 0;
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    unsigned underscore = c == '_';
    all &= kPlain[c];
    doubled |= underscore & prev_underscore;
    prev_underscore = underscore;
  }
  plain = plain && all == 1 && doubled == 0;
  if (!plain) {
    NameShape shape = ShapeOf(name);
    if (shape.camel) flags |= kLabelCamelCase;
    if (!IsSnakeCase(shape, true)) flags |= kLabelNotSnakeCase;
    if (!model::IsValidLegacyLabelName(name)) flags |= kLabelNotLegacy;
    if (shape.reserved_prefix) flags |= kLabelReservedPrefix;
    return flags;
  }
  if (name == "le") {
    flags |= kLabelLe;
  } else if (name == "quantile") {
    flags |= kLabelQuantile;
  }
  return flags;
}

std::string_view MetadataKindName(expfmt::MetadataEvent::Kind kind) {
  switch (kind) {
    case expfmt::MetadataEvent::Kind::kHelp:
      return "HELP";
    case expfmt::MetadataEvent::Kind::kType:
      return "TYPE";
    case expfmt::MetadataEvent::Kind::kUnit:
      return "UNIT";
  }
  return "?";
}

std::string Subject(const expfmt::FamilyRef& family) {
  std::string out;
  if (IsUntyped(family.type)) {
    out = "metric";
  } else {
    out = std::string(expfmt::MetricTypeName(family.type));
  }
  out += ' ';
  out += Quote(family.name);
  return out;
}

void AppendLabels(std::string* out, std::span<const expfmt::Label> labels, std::string_view skip) {
  *out += '{';
  bool first = true;
  for (const expfmt::Label& l : labels) {
    if (!skip.empty() && l.name == skip) continue;
    if (!first) *out += ',';
    first = false;
    out->append(l.name);
    *out += "=\"";
    // (find_first_of with a set is a nested loop; one pass is enough here.)
    if (std::none_of(l.value.begin(), l.value.end(),
                     [](char c) { return c == '"' || c == '\\' || c == '\n'; })) {
      out->append(l.value);
      *out += '"';
      continue;
    }
    for (char c : l.value) {
      if (c == '"' || c == '\\') {
        *out += '\\';
        *out += c;
      } else if (c == '\n') {
        *out += "\\n";
      } else {
        *out += c;
      }
    }
    *out += '"';
  }
  *out += '}';
}

std::string RenderLabels(std::span<const expfmt::Label> labels, std::string_view skip) {
  std::string out;
  AppendLabels(&out, labels, skip);
  return out;
}

namespace {
uint32_t EndOf(uint32_t column, std::string_view text) {
  return column + static_cast<uint32_t>(text.size());
}
}  // namespace

void ReportAtFamily(const expfmt::FamilyEndEvent& event, Reporter& out, std::string message) {
  out.Report(event.first_line, event.name_column, event.first_line_text, std::move(message),
             EndOf(event.name_column, event.family.name));
}

void ReportAtSample(const expfmt::SampleEvent& event, Reporter& out, std::string message) {
  out.Report(event.line, event.column, event.line_text, std::move(message),
             EndOf(event.column, event.name));
}

void ReportAtLabel(const expfmt::SampleEvent& event, const expfmt::Label& label, Reporter& out,
                   std::string message) {
  out.Report(event.line, label.name_column, event.line_text, std::move(message),
             EndOf(label.name_column, label.name));
}

void ReportAtLabelValue(const expfmt::SampleEvent& event, const expfmt::Label& label, Reporter& out,
                        std::string message) {
  // +2 for the quotes around the value.
  out.Report(event.line, label.value_column, event.line_text, std::move(message),
             EndOf(label.value_column, label.value) + 2);
}

void ReportAtValue(const expfmt::SampleEvent& event, Reporter& out, std::string message) {
  out.Report(event.line, event.value_column, event.line_text, std::move(message),
             EndOf(event.value_column, event.value_text));
}

void GroupOrigin::Set(const expfmt::SampleEvent& event) {
  line = event.line;
  column = event.column;
  end_column = EndOf(event.column, event.name);
  line_text.assign(event.line_text);
  spans_.clear();
  rendered_ = false;
  // Offsets into the line when every label is a view of it (escaped values
  // and relabelled copies are not): compared as addresses.
  const auto begin = reinterpret_cast<uintptr_t>(event.line_text.data());
  const auto end = begin + event.line_text.size();
  auto inside = [&](std::string_view part) {
    auto at = reinterpret_cast<uintptr_t>(part.data());
    return at >= begin && at + part.size() <= end;
  };
  for (const expfmt::Label& l : event.labels) {
    if (l.name == "le") continue;
    if (!inside(l.name) || !inside(l.value)) {
      rendered_ = true;
      break;
    }
    spans_.push_back(
        LabelSpan{static_cast<uint32_t>(reinterpret_cast<uintptr_t>(l.name.data()) - begin),
                  static_cast<uint32_t>(l.name.size()),
                  static_cast<uint32_t>(reinterpret_cast<uintptr_t>(l.value.data()) - begin),
                  static_cast<uint32_t>(l.value.size())});
  }
  if (rendered_) {
    spans_.clear();
    labels_.clear();
    AppendLabels(&labels_, event.labels, "le");
  }
}

std::string GroupOrigin::Labels() const {
  if (rendered_) return labels_;
  std::vector<expfmt::Label> labels;
  labels.reserve(spans_.size());
  std::string_view text = line_text;
  for (const LabelSpan& span : spans_) {
    expfmt::Label label;
    label.name = text.substr(span.name_offset, span.name_size);
    label.value = text.substr(span.value_offset, span.value_size);
    labels.push_back(label);
  }
  return RenderLabels(labels, "le");
}

void GroupOrigin::Report(Reporter& out, std::string message) const {
  out.Report(line, column, line_text, std::move(message), end_column);
}

bool HasWordIgnoringCase(std::string_view name, std::string_view word) {
  // Every '_' may start "_<word>" followed by '_' or the end of the name.
  for (size_t pos = name.find('_'); pos != std::string_view::npos; pos = name.find('_', pos + 1)) {
    size_t start = pos + 1;
    if (start + word.size() > name.size()) return false;
    if (!EqualsIgnoringCase(name.substr(start, word.size()), word)) continue;
    size_t end = start + word.size();
    if (end == name.size() || name[end] == '_') return true;
  }
  return false;
}

uint64_t* KeyMap::Insert(uint64_t key, uint64_t value, bool* inserted) {
  if ((size_ + 1) * 2 > slots_.size()) Grow();
  size_t mask = slots_.size() - 1;
  for (size_t i = static_cast<size_t>(key) & mask;; i = (i + 1) & mask) {
    Slot& slot = slots_[i];
    if (slot.generation != generation_) {
      slot.key = key;
      slot.value = value;
      slot.generation = generation_;
      ++size_;
      *inserted = true;
      return &slot.value;
    }
    if (slot.key == key) {
      *inserted = false;
      return &slot.value;
    }
  }
}

const uint64_t* KeyMap::Find(uint64_t key) const {
  if (slots_.empty()) return nullptr;
  size_t mask = slots_.size() - 1;
  for (size_t i = static_cast<size_t>(key) & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.generation != generation_) return nullptr;
    if (slot.key == key) return &slot.value;
  }
}

void KeyMap::Clear() {
  size_ = 0;
  if (++generation_ == 0) {
    // Wrapped after 2^32 clears: stale slots could look current; wipe them.
    for (Slot& slot : slots_) slot.generation = 0;
    generation_ = 1;
  }
}

void KeyMap::Grow() {
  std::vector<Slot> old;
  old.swap(slots_);
  slots_.assign(old.empty() ? 16 : old.size() * 2, Slot{});
  size_t mask = slots_.size() - 1;
  uint32_t old_generation = generation_;
  generation_ = 1;
  size_ = 0;
  for (const Slot& slot : old) {
    if (slot.generation != old_generation) continue;
    for (size_t i = static_cast<size_t>(slot.key) & mask;; i = (i + 1) & mask) {
      if (slots_[i].generation != generation_) {
        slots_[i] = Slot{slot.key, slot.value, generation_};
        ++size_;
        break;
      }
    }
  }
}

bool ReportedNames::First(std::string_view name) {
  if (std::find(names_.begin(), names_.end(), name) != names_.end()) return false;
  names_.emplace_back(name);
  return true;
}

}  // namespace ttam::lint::checks
