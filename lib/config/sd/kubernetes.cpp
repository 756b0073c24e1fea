// kubernetes_sd_configs: role (pod, service, endpoints, endpointslice, node,
// ingress) is required; api_server, kubeconfig_file and in-cluster access
// exclude each other as below; selectors are checked per role and parsed as
// Kubernetes parses label and field selectors.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <map>

#include "config/http_client.h"
#include "config/sd/mechanisms.h"

namespace ttam::config::sd {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// A Kubernetes "qualified name" part or label value: alphanumerics with -_.
// inside, at most 63 characters.
bool IsLabelToken(std::string_view s, bool allow_empty) {
  if (s.empty()) return allow_empty;
  if (s.size() > 63 || !IsAlnum(s.front()) || !IsAlnum(s.back())) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return IsAlnum(c) || c == '-' || c == '_' || c == '.'; });
}

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// An RFC 1123 subdomain, as a label key prefix must be: lowercase
// alphanumerics and '-' in dot-separated parts that start and end with an
// alphanumeric, at most 253 characters.
bool IsDnsSubdomain(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  size_t start = 0;
  while (true) {
    size_t dot = s.find('.', start);
    std::string_view part = s.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (part.empty() || !IsLowerAlnum(part.front()) || !IsLowerAlnum(part.back())) return false;
    if (!std::all_of(part.begin(), part.end(),
                     [](char c) { return IsLowerAlnum(c) || c == '-'; })) {
      return false;
    }
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool IsLabelKey(std::string_view key) {
  size_t slash = key.find('/');
  if (slash == std::string_view::npos) return IsLabelToken(key, false);
  return IsDnsSubdomain(key.substr(0, slash)) && IsLabelToken(key.substr(slash + 1), false);
}

std::vector<std::string_view> SplitTopLevel(std::string_view s) {
  std::vector<std::string_view> out;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '(') ++depth;
    if (s[i] == ')') --depth;
    if (s[i] == ',' && depth == 0) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  out.push_back(s.substr(start));
  return out;
}

// Returns an explanation when `selector` is not a valid label selector.
std::optional<std::string> LabelSelectorError(std::string_view selector) {
  if (Trim(selector).empty()) return std::nullopt;
  for (std::string_view raw : SplitTopLevel(selector)) {
    std::string_view term = Trim(raw);
    std::string quoted = "'" + std::string(term) + "'";
    if (term.empty()) return "empty requirement in label selector";
    if (term[0] == '!') {
      if (!IsLabelKey(Trim(term.substr(1)))) return "invalid label key in " + quoted;
      continue;
    }
    size_t key_end = 0;
    while (key_end < term.size() && !std::isspace(static_cast<unsigned char>(term[key_end])) &&
           std::string_view("=!<>(").find(term[key_end]) == std::string_view::npos) {
      ++key_end;
    }
    std::string_view key = term.substr(0, key_end);
    std::string_view rest = Trim(term.substr(key_end));
    if (!IsLabelKey(key)) return "invalid label key in " + quoted;
    if (rest.empty()) continue;  // "key": the label exists
    std::string_view op;
    for (std::string_view candidate : {"==", "!=", "=", ">", "<", "notin", "in"}) {
      if (rest.substr(0, candidate.size()) == candidate) {
        op = candidate;
        break;
      }
    }
    if (op.empty()) return "unknown operator in " + quoted;
    std::string_view value = Trim(rest.substr(op.size()));
    if (op == "in" || op == "notin") {
      if (value.size() < 2 || value.front() != '(' || value.back() != ')') {
        return "'" + std::string(op) + "' needs a parenthesized list of values in " + quoted;
      }
      for (std::string_view v : SplitTopLevel(value.substr(1, value.size() - 2))) {
        if (!IsLabelToken(Trim(v), true)) return "invalid label value in " + quoted;
      }
    } else if (op == ">" || op == "<") {
      // The value must be a 64-bit integer and also a valid label value, so
      // neither a sign nor an overflowing number passes.
      int64_t number = 0;
      auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
      if (value.empty() || ec != std::errc() || ptr != value.data() + value.size() ||
          !IsLabelToken(value, false)) {
        return "'" + std::string(op) + "' needs an integer in " + quoted;
      }
    } else if (!IsLabelToken(value, true)) {
      return "invalid label value in " + quoted;
    }
  }
  return std::nullopt;
}

// Field selectors are terms joined by commas (a backslash escapes the next
// character); empty terms are skipped. Each term splits at the first "!=",
// "==" or "=", the field name is not checked, and the value may contain ',',
// '=' and '\\' only escaped by a backslash.
std::optional<std::string> FieldSelectorError(std::string_view selector) {
  std::vector<std::string_view> terms;
  size_t start = 0;
  for (size_t i = 0; i < selector.size(); ++i) {
    if (selector[i] == '\\') {
      ++i;
    } else if (selector[i] == ',') {
      terms.push_back(selector.substr(start, i - start));
      start = i + 1;
    }
  }
  terms.push_back(selector.substr(std::min(start, selector.size())));
  for (std::string_view term : terms) {
    if (term.empty()) continue;
    size_t op_at = std::string_view::npos;
    size_t op_size = 0;
    for (size_t i = 0; i < term.size() && op_at == std::string_view::npos; ++i) {
      for (std::string_view op : {"!=", "==", "="}) {
        if (term.substr(i, op.size()) == op) {
          op_at = i;
          op_size = op.size();
          break;
        }
      }
    }
    if (op_at == std::string_view::npos) {
      return "'" + std::string(term) +
             "' is not a field requirement: use key=value, key==value or key!=value";
    }
    std::string_view value = term.substr(op_at + op_size);
    for (size_t i = 0; i < value.size(); ++i) {
      char ch = value[i];
      if (ch == '\\') {
        if (i + 1 == value.size() ||
            std::string_view("\\,=").find(value[i + 1]) == std::string_view::npos) {
          return "invalid escape sequence in '" + std::string(term) +
                 "': only \\\\, \\, and \\= are allowed";
        }
        ++i;
      } else if (ch == ',' || ch == '=') {
        return "unescaped '" + std::string(1, ch) + "' in the value of '" + std::string(term) +
               "': write \\" + std::string(1, ch);
      }
    }
  }
  return std::nullopt;
}

bool IsFalse(const yaml::Node& n) {
  static constexpr std::string_view kFalse[] = {"false", "False", "FALSE", "no", "No", "NO",
                                                "off",   "Off",   "OFF",   "n",  "N"};
  return n.IsScalar() &&
         std::find(std::begin(kFalse), std::end(kFalse), n.scalar) != std::end(kFalse);
}

// True when the entry sets an HTTP client option away from its default, the
// way Prometheus compares the parsed client config with the default one.
bool CustomHttpClient(const Object& c) {
  const yaml::Node* node = c.node();
  if (node == nullptr) return false;
  for (const yaml::Entry& e : node->entries) {
    std::string_view k = e.key.scalar;
    const yaml::Node& v = e.value;
    if (v.IsNull()) continue;
    if (k == "follow_redirects" || k == "enable_http2") {
      if (IsFalse(v)) return true;
    } else if (k == "proxy_from_environment") {
      if (!IsFalse(v)) return true;
    } else if (k == "tls_config" || k == "http_headers" || k == "proxy_connect_header") {
      if (!v.IsMap() || !v.entries.empty()) return true;
    } else if (k == "basic_auth" || k == "authorization" || k == "oauth2" || k == "bearer_token" ||
               k == "bearer_token_file" || k == "proxy_url" || k == "no_proxy") {
      if (!(v.IsScalar() && v.scalar.empty())) return true;
    }
  }
  return false;
}

}  // namespace

void ReadKubernetes(Object& c, Env& env) {
  bool has_api_server = c.Has("api_server");
  GoUrlField(c, "api_server");
  auto role = c.Enum("role", {"pod", "service", "endpoints", "endpointslice", "node", "ingress"});
  auto kubeconfig = File(c, "kubeconfig_file");
  ReadHttpClientConfig(c, env.plaintext_secrets);

  Object namespaces = c.Sub("namespaces");
  bool own_namespace = namespaces.Bool("own_namespace").value_or(false);
  namespaces.StringList("names");
  namespaces.Finish();

  Object attach = c.Sub("attach_metadata");
  for (std::string_view kind : {"node", "namespace", "deployment", "job", "cronjob"}) {
    attach.Bool(kind);
  }
  attach.Finish();

  if (!c.Has("role")) {
    Required(c, "role",
             "kubernetes discovery needs a role (one of pod, service, endpoints, "
             "endpointslice, node, ingress)");
  }
  bool has_kubeconfig = Set(kubeconfig);
  if (has_api_server && has_kubeconfig) {
    c.Error("kubeconfig_file", kConflict,
            "api_server and kubeconfig_file cannot both be set: the kubeconfig names the "
            "API server");
  } else if (has_kubeconfig && CustomHttpClient(c)) {
    c.Error("kubeconfig_file", kConflict,
            "HTTP client options (authentication, TLS, proxy) cannot be combined with "
            "kubeconfig_file: put them in the kubeconfig");
  } else if (!has_api_server && !has_kubeconfig && CustomHttpClient(c)) {
    Required(c, "api_server",
             "HTTP client options need an explicit api_server URL (in-cluster access uses "
             "the pod's service account)");
  } else if (has_api_server && own_namespace) {
    namespaces.Error("own_namespace", kConflict,
                     "own_namespace only works in-cluster: it cannot be combined with "
                     "api_server");
  } else if (has_kubeconfig && own_namespace) {
    namespaces.Error("own_namespace", kConflict,
                     "own_namespace only works in-cluster: it cannot be combined with "
                     "kubeconfig_file");
  }

  static const std::map<std::string, std::vector<std::string>> kAllowed = {
      {"pod", {"pod", "node"}},
      {"service", {"service"}},
      {"endpointslice", {"pod", "service", "endpointslice"}},
      {"endpoints", {"pod", "service", "endpoints"}},
      {"node", {"node"}},
      {"ingress", {"ingress"}},
  };
  std::vector<std::string> seen;
  for (Object& selector : c.List("selectors")) {
    auto selector_role =
        selector.Enum("role", {"pod", "service", "endpoints", "endpointslice", "node", "ingress"});
    auto label = selector.String("label");
    auto field = selector.String("field");
    selector.Finish();
    std::string r = selector_role.value_or("");
    if (std::find(seen.begin(), seen.end(), r) != seen.end()) {
      selector.Error("role", kDuplicate,
                     "a second selector for role \"" + r + "\": merge them into one");
    }
    seen.push_back(r);
    if (role) {
      const std::vector<std::string>& allowed = kAllowed.at(*role);
      if (std::find(allowed.begin(), allowed.end(), r) == allowed.end()) {
        std::string list;
        for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
        selector.Error(
            "role", kValue,
            "role " + *role + " supports only " + list + " selectors, not \"" + r + "\"");
      }
    }
    if (field) {
      if (auto err = FieldSelectorError(*field)) {
        selector.Error("field", kValue, "invalid field selector: " + *err);
      }
    }
    if (label) {
      if (auto err = LabelSelectorError(*label)) {
        selector.Error("label", kValue, "invalid label selector: " + *err);
      }
    }
  }
}

}  // namespace ttam::config::sd
