#include "config/azuread.h"

#include <array>
#include <optional>
#include <string>
#include <utility>

#include "config/sd/common.h"
#include "support/filesystem.h"
#include "support/text.h"

namespace ttam::config {
namespace {

using sd::Set;

bool IsHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool IsAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// The Azure SDK refuses such a tenant when Prometheus builds the credential
// (so Prometheus does not start), although config validation lets it through.
bool IsTenantId(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsAlnum(c) && c != '-' && c != '.') return false;
  }
  return true;
}

// Go's RE2 `\w` and `\s` are ASCII-only; `\s` is tab, newline, form feed,
// carriage return and space (no vertical tab).
bool IsScope(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    bool ok = IsAlnum(c) || c == '_' || c == '\t' || c == '\n' || c == '\f' || c == '\r' ||
              c == ' ' || c == ':' || c == '/' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// A credential written inline: remembered for the plaintext-secret lint.
std::optional<std::string> Credential(Object& obj, std::string_view name,
                                      std::vector<Origin>* plaintext_secrets) {
  auto value = obj.String(name);
  if (Set(value) && plaintext_secrets != nullptr && obj.node() != nullptr) {
    plaintext_secrets->push_back(
        Origin{&obj.ctx().doc(), obj.node()->Find(name), obj.PathOf(name)});
  }
  return value;
}

void Require(Object& obj, std::string_view name, const std::optional<std::string>& value,
             std::string_view what) {
  if (Set(value)) return;
  obj.Error(name, kRequired, "required and must not be empty: set it to " + std::string(what));
}

void RequireUuid(Object& obj, std::string_view name, const std::optional<std::string>& value,
                 std::string_view what, std::string_view otherwise = "") {
  if (!Set(value) || IsGoUuid(*value)) return;
  obj.Error(name, kValue,
            std::string(name) + " " + Quote(*value) + " is not a UUID: write " + std::string(what) +
                " as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" + std::string(otherwise));
}

void RequireTenantChars(Object& obj, const std::optional<std::string>& value) {
  if (!Set(value) || IsTenantId(*value)) return;
  obj.Error("tenant_id", kValue,
            "tenant_id " + Quote(*value) +
                " may only hold letters, digits, '-' and '.' (Azure rejects it when Prometheus "
                "starts the remote writer): use the directory (tenant) ID or its domain name");
}

// Prometheus reads the certificate files when it builds the remote writer and
// refuses to start without them. It opens relative paths from its working
// directory, not the config's, which a linter cannot know: only absolute paths
// are checked.
void RequireFile(Object& obj, std::string_view name, const std::optional<std::string>& value) {
  if (!Set(value) || value->front() != '/') return;
  if (obj.ctx().fs().IsFile(*value)) return;
  obj.Error(name, kMissingFile,
            "file " + Quote(*value) +
                " does not exist and Prometheus reads it at start-up: fix the path");
}

}  // namespace

bool IsGoUuid(std::string_view s) {
  switch (s.size()) {
    case 32:
      for (char c : s) {
        if (!IsHexDigit(c)) return false;
      }
      return true;
    case 36:
      break;
    case 36 + 9:
      if (!EqualsIgnoringAsciiCase(s.substr(0, 9), "urn:uuid:")) return false;
      s.remove_prefix(9);
      break;
    case 36 + 2:
      // google/uuid drops the first character and never looks at the last:
      // it does not check for braces.
      s.remove_prefix(1);
      break;
    default:
      return false;
  }
  for (size_t i = 0; i < 36; ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !IsHexDigit(s[i])) return false;
  }
  return true;
}

void ReadAzureAd(Object& a, std::vector<Origin>* plaintext_secrets) {
  if (a.node() == nullptr) {
    a.Finish();
    return;
  }
  // An empty cloud means AzurePublic; the names are case-sensitive.
  if (auto cloud = a.String("cloud"); Set(cloud) && *cloud != "AzurePublic" &&
                                      *cloud != "AzureChina" && *cloud != "AzureGovernment") {
    a.Error("cloud", kValue,
            "unknown Azure cloud " + Quote(*cloud) +
                ": use AzurePublic, AzureChina or AzureGovernment (exact case), or remove it "
                "for AzurePublic");
  }
  if (auto scope = a.String("scope"); Set(scope) && !IsScope(*scope)) {
    a.Error("scope", kValue,
            "scope " + Quote(*scope) +
                " may only hold letters, digits, '_', whitespace, ':', '/', '.' and '-': fix it, "
                "or remove it to use the cloud's default audience");
  }

  // Every section is read (for unknown fields and types) whatever the count;
  // the per-method rules apply only when exactly one method is configured.
  Object mi = a.Sub("managed_identity");
  auto mi_client = mi.String("client_id");
  mi.Finish();

  Object wi = a.Sub("workload_identity");
  auto wi_client = wi.String("client_id");
  auto wi_tenant = wi.String("tenant_id");
  (void)wi.String("token_file_path");
  wi.Finish();

  Object oauth = a.Sub("oauth");
  auto oauth_client = oauth.String("client_id");
  auto oauth_secret = Credential(oauth, "client_secret", plaintext_secrets);
  auto oauth_tenant = oauth.String("tenant_id");
  oauth.Finish();

  Object sdk = a.Sub("sdk");
  (void)sdk.String("tenant_id");
  sdk.Finish();

  Object cert = a.Sub("certificate");
  auto cert_client = cert.String("client_id");
  auto cert_tenant = cert.String("tenant_id");
  auto cert_path = cert.String("certificate_path");
  auto cert_key_path = cert.String("certificate_key_path");
  (void)Credential(cert, "certificate_password", plaintext_secrets);
  (void)cert.Bool("send_certificate_chain");
  cert.Finish();

  // A method written as `name:` (null) is absent for Prometheus, like its
  // Object here.
  const std::array<std::pair<std::string_view, const Object*>, 5> methods = {{
      {"managed_identity", &mi},
      {"workload_identity", &wi},
      {"oauth", &oauth},
      {"sdk", &sdk},
      {"certificate", &cert},
  }};
  std::string set;
  std::string_view second;
  int count = 0;
  for (const auto& [name, obj] : methods) {
    if (obj->node() == nullptr) continue;
    if (count == 1) second = name;
    if (count > 0) set += ", ";
    set += name;
    ++count;
  }
  if (count == 0) {
    a.Error("", kRequired,
            "no authentication method: add exactly one of managed_identity, workload_identity, "
            "oauth, sdk and certificate");
  } else if (count > 1) {
    a.Error(second, kConflict,
            "only one authentication method may be configured, this section sets " + set +
                ": keep one");
  } else if (mi.node() != nullptr) {
    RequireUuid(mi, "client_id", mi_client, "the user-assigned identity's client ID",
                ", or remove it to use the system-assigned identity");
  } else if (wi.node() != nullptr) {
    Require(wi, "client_id", wi_client,
            "the client ID of the Entra application or user-assigned identity");
    Require(wi, "tenant_id", wi_tenant, "the directory (tenant) ID");
    RequireUuid(wi, "client_id", wi_client, "the client ID");
    RequireUuid(wi, "tenant_id", wi_tenant, "the directory (tenant) ID");
  } else if (oauth.node() != nullptr) {
    Require(oauth, "client_id", oauth_client, "the application (client) ID");
    Require(oauth, "client_secret", oauth_secret, "the application's client secret");
    Require(oauth, "tenant_id", oauth_tenant, "the directory (tenant) ID");
    RequireUuid(oauth, "client_id", oauth_client, "the application (client) ID");
    RequireTenantChars(oauth, oauth_tenant);
  } else if (cert.node() != nullptr) {
    Require(cert, "client_id", cert_client, "the application (client) ID");
    Require(cert, "tenant_id", cert_tenant, "the directory (tenant) ID");
    Require(cert, "certificate_path", cert_path, "the certificate file (PEM, or PFX/PKCS#12)");
    RequireUuid(cert, "client_id", cert_client, "the application (client) ID");
    RequireTenantChars(cert, cert_tenant);
    RequireFile(cert, "certificate_path", cert_path);
    RequireFile(cert, "certificate_key_path", cert_key_path);
  }
  a.Finish();
}

}  // namespace ttam::config
