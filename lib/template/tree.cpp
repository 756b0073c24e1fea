#include "template/tree.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>
#include <utility>

#include "support/text.h"
#include "template/lexer.h"
#include "template/literals.h"
#include "template/unicode_class.h"

namespace ttam::tmpl {
namespace {

// Go's strconv.ParseInt/ParseUint with base 0 (prefixes 0x 0o 0b and a
// leading 0 for octal, underscores between digits).
bool ParseGoInteger(std::string_view text, bool is_unsigned, int64_t* i, uint64_t* u) {
  std::string s;
  for (char c : text) {
    if (c != '_') s += c;
  }
  bool negative = false;
  size_t at = 0;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    if (is_unsigned) return false;
    negative = s[0] == '-';
    at = 1;
  }
  int base = 10;
  if (s.size() > at + 1 && s[at] == '0') {
    const char p = static_cast<char>(s[at + 1] | 0x20);
    if (p == 'x') {
      base = 16;
      at += 2;
    } else if (p == 'o') {
      base = 8;
      at += 2;
    } else if (p == 'b') {
      base = 2;
      at += 2;
    } else {
      base = 8;
      at += 1;
    }
  }
  if (at >= s.size()) return false;
  uint64_t value = 0;
  for (size_t k = at; k < s.size(); ++k) {
    const char c = s[k];
    int d = 0;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
      d = (c | 0x20) - 'a' + 10;
    } else {
      return false;
    }
    if (d >= base) return false;
    if (value > (UINT64_MAX - static_cast<uint64_t>(d)) / static_cast<uint64_t>(base)) return false;
    value = value * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
  }
  if (is_unsigned) {
    *u = value;
    return true;
  }
  if (negative) {
    if (value > static_cast<uint64_t>(INT64_MAX) + 1) return false;
    *i = value == static_cast<uint64_t>(INT64_MAX) + 1 ? INT64_MIN : -static_cast<int64_t>(value);
    return true;
  }
  if (value > static_cast<uint64_t>(INT64_MAX)) return false;
  *i = static_cast<int64_t>(value);
  return true;
}

}  // namespace

void FillNumberNode(Node& n, bool is_char, bool is_complex) {
  const std::string_view text = n.text;
  if (is_char) {
    std::string value;
    // A character constant: its rune value.
    const std::string quoted = "\"" + std::string(text.substr(1, text.size() - 2)) + "\"";
    char32_t rune = 0;
    if (UnquoteGoString(quoted, &value) && !value.empty()) {
      size_t width = 0;
      rune = DecodeRune(value, 0, &width);
    }
    n.is_int = n.is_uint = n.is_float = true;
    n.int_value = static_cast<int64_t>(rune);
    n.uint_value = static_cast<uint64_t>(rune);
    n.float_value = static_cast<double>(rune);
    return;
  }
  if (is_complex) {
    n.is_complex = true;
    return;
  }
  uint64_t u = 0;
  int64_t i = 0;
  if (ParseGoInteger(text, true, &i, &u)) {
    n.is_uint = true;
    n.uint_value = u;
  }
  if (ParseGoInteger(text, false, &i, &u)) {
    n.is_int = true;
    n.int_value = i;
    if (i == 0) n.is_uint = true;  // "-0"
  }
  if (n.is_int) {
    n.is_float = true;
    n.float_value = static_cast<double>(n.int_value);
  } else if (n.is_uint) {
    n.is_float = true;
    n.float_value = static_cast<double>(n.uint_value);
  } else {
    std::string s;
    for (char c : text) {
      if (c != '_') s += c;
    }
    errno = 0;
    char* end = nullptr;
    const double f = std::strtod(s.c_str(), &end);
    if (end == s.c_str() + s.size()) {
      n.is_float = true;
      n.float_value = f;
      if (std::fabs(f) < 9.2e18 && static_cast<double>(static_cast<int64_t>(f)) == f) {
        n.is_int = true;
        n.int_value = static_cast<int64_t>(f);
      }
      if (f >= 0 && f < 1.8e19 && static_cast<double>(static_cast<uint64_t>(f)) == f) {
        n.is_uint = true;
        n.uint_value = static_cast<uint64_t>(f);
      }
    }
  }
}

namespace {

void AppendList(const Node* list, std::string& out) {
  if (list == nullptr) return;
  for (const auto& k : list->kids) out += k->String();
}

}  // namespace

std::string Node::String() const {
  switch (type) {
    case NodeType::kList: {
      std::string out;
      AppendList(this, out);
      return out;
    }
    case NodeType::kText:
      return text;
    case NodeType::kAction:
      return "{{" + kids[0]->String() + "}}";
    case NodeType::kPipe: {
      std::string out;
      for (size_t i = 0; i < decls.size(); ++i) {
        if (i > 0) out += ", ";
        out += decls[i];
      }
      if (!decls.empty()) out += is_assign ? " = " : " := ";
      for (size_t i = 0; i < kids.size(); ++i) {
        if (i > 0) out += " | ";
        out += kids[i]->String();
      }
      return out;
    }
    case NodeType::kCommand: {
      std::string out;
      for (size_t i = 0; i < kids.size(); ++i) {
        if (i > 0) out += ' ';
        if (kids[i]->type == NodeType::kPipe) {
          out += "(" + kids[i]->String() + ")";
        } else {
          out += kids[i]->String();
        }
      }
      return out;
    }
    case NodeType::kField: {
      std::string out;
      for (const auto& f : ident) out += "." + f;
      return out;
    }
    case NodeType::kChain: {
      std::string out =
          kids[0]->type == NodeType::kPipe ? "(" + kids[0]->String() + ")" : kids[0]->String();
      for (const auto& f : ident) out += "." + f;
      return out;
    }
    case NodeType::kVariable: {
      std::string out;
      for (size_t i = 0; i < ident.size(); ++i) {
        if (i > 0) out += '.';
        out += ident[i];
      }
      return out;
    }
    case NodeType::kIdentifier:
      return text;
    case NodeType::kDot:
      return ".";
    case NodeType::kNil:
      return "nil";
    case NodeType::kBool:
      return boolean ? "true" : "false";
    case NodeType::kNumber:
      return text;
    case NodeType::kString:
      return quoted;
    case NodeType::kIf:
    case NodeType::kRange:
    case NodeType::kWith: {
      const char* name = type == NodeType::kIf ? "if" : type == NodeType::kRange ? "range" : "with";
      std::string out = "{{" + std::string(name) + " " + kids[0]->String() + "}}";
      AppendList(kids[1].get(), out);
      if (kids[2]) {
        out += "{{else}}";
        AppendList(kids[2].get(), out);
      }
      return out + "{{end}}";
    }
    case NodeType::kTemplate: {
      std::string out = "{{template " + GoQuote(text);
      if (!kids.empty() && kids[0]) out += " " + kids[0]->String();
      return out + "}}";
    }
    case NodeType::kBreak:
      return "{{break}}";
    case NodeType::kContinue:
      return "{{continue}}";
  }
  return "";
}

const Node* Tree::Find(std::string_view name) const {
  const Node* found = nullptr;
  for (const auto& [n, list] : defines) {
    if (n != name) continue;
    if (found == nullptr || !list->kids.empty()) found = list.get();
  }
  return found;
}

}  // namespace ttam::tmpl
