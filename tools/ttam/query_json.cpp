#include "query_json.h"

#include <cstdint>
#include <variant>

#include "promapi/query.h"

namespace ttam::cli {
namespace {

constexpr char kJsonHex[] = "0123456789abcdef";

// The length of the valid UTF-8 sequence at `s[i]` (>= 2 bytes), or 0.
size_t JsonMultiByteRune(std::string_view s, size_t i, uint32_t* rune) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  size_t n = 0;
  uint32_t r = 0;
  uint32_t min = 0;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2, r = c & 0x1F, min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3, r = c & 0x0F, min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4, r = c & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    r = (r << 6) | (byte(i + k) & 0x3F);
  }
  if (r < min || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) return 0;
  *rune = r;
  return n;
}

void AppendApiSeries(std::string& out, const model::Labels& labels) {
  out += "{\"metric\":{";
  bool first = true;
  for (const model::Label& l : labels) {
    if (!first) out += ',';
    first = false;
    out += GoJsonString(l.name, /*encoding_json=*/true);
    out += ':';
    out += GoJsonString(l.value, /*encoding_json=*/true);
  }
  out += '}';
}

void AppendApiPoint(std::string& out, int64_t t, double v) {
  out += '[';
  out += promapi::FormatApiTime(t);
  out += ",\"";
  out += promapi::FormatApiFloat(v);
  out += "\"]";
}

void AppendApiStrings(std::string& out, const char* key, const std::vector<std::string>& list) {
  if (list.empty()) return;
  out += ",\"";
  out += key;
  out += "\":[";
  for (size_t i = 0; i < list.size(); ++i) {
    if (i > 0) out += ',';
    out += GoJsonString(list[i]);
  }
  out += ']';
}

}  // namespace

std::string GoJsonString(std::string_view text, bool encoding_json) {
  std::string out = "\"";
  out.reserve(text.size() + 2);
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\b':
        case '\f':
          if (encoding_json) {
            out += c == '\b' ? "\\b" : "\\f";
            break;
          }
          [[fallthrough]];
        default:
          if (c < 0x20 || c == '<' || c == '>' || c == '&') {
            out += "\\u00";
            out += kJsonHex[c >> 4];
            out += kJsonHex[c & 0xF];
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    uint32_t rune = 0;
    size_t n = JsonMultiByteRune(text, i, &rune);
    if (n == 0) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    if (rune == 0x2028 || rune == 0x2029) {
      out += rune == 0x2028 ? "\\u2028" : "\\u2029";
    } else {
      out.append(text.substr(i, n));
    }
    i += n;
  }
  out += '"';
  return out;
}

std::string ApiSuccessBody(const eval::Value& value, const std::vector<std::string>& warnings,
                           const std::vector<std::string>& infos) {
  std::string out = "{\"status\":\"success\",\"data\":{\"resultType\":";
  if (const auto* s = std::get_if<eval::Scalar>(&value)) {
    out += "\"scalar\",\"result\":";
    AppendApiPoint(out, s->t, s->v);
  } else if (const auto* str = std::get_if<eval::String>(&value)) {
    out += "\"string\",\"result\":[";
    out += promapi::FormatApiTime(str->t);
    out += ',';
    out += GoJsonString(str->v);
    out += ']';
  } else if (const auto* vector = std::get_if<eval::Vector>(&value)) {
    out += "\"vector\",\"result\":[";
    for (size_t i = 0; i < vector->size(); ++i) {
      if (i > 0) out += ',';
      AppendApiSeries(out, (*vector)[i].labels);
      out += ",\"value\":";
      AppendApiPoint(out, (*vector)[i].t, (*vector)[i].v);
      out += '}';
    }
    out += ']';
  } else if (const auto* matrix = std::get_if<eval::Matrix>(&value)) {
    out += "\"matrix\",\"result\":[";
    for (size_t i = 0; i < matrix->size(); ++i) {
      if (i > 0) out += ',';
      AppendApiSeries(out, (*matrix)[i].labels);
      // Upstream leaves "values" out of a series without points.
      const auto& points = (*matrix)[i].floats;
      if (!points.empty()) out += ",\"values\":[";
      for (size_t k = 0; k < points.size(); ++k) {
        if (k > 0) out += ',';
        AppendApiPoint(out, points[k].t, points[k].v);
      }
      if (!points.empty()) out += ']';
      out += '}';
    }
    out += ']';
  }
  out += '}';
  AppendApiStrings(out, "warnings", warnings);
  AppendApiStrings(out, "infos", infos);
  out += '}';
  return out;
}

}  // namespace ttam::cli
