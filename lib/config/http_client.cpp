#include "config/http_client.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "config/sd/common.h"
#include "support/text.h"

namespace ttam::config {
namespace {

using sd::File;
using sd::Secret;
using sd::Set;

int Count(std::initializer_list<bool> set) {
  return static_cast<int>(std::count(set.begin(), set.end(), true));
}

// Go's textproto canonical form: "x-foo" -> "X-Foo".
std::string CanonicalHeader(std::string_view name) {
  std::string out(name);
  bool upper = true;
  for (char& c : out) {
    c = upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c)))
              : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    upper = c == '-';
  }
  return out;
}

// Headers Prometheus sets itself or that change the connection.
constexpr std::string_view kClientReservedHeaders[] = {
    "Authorization",
    "Host",
    "Content-Encoding",
    "Content-Length",
    "Content-Type",
    "User-Agent",
    "Connection",
    "Keep-Alive",
    "Proxy-Authenticate",
    "Proxy-Authorization",
    "Www-Authenticate",
    "Accept-Encoding",
    "X-Prometheus-Remote-Write-Version",
    "X-Prometheus-Remote-Read-Version",
    "X-Prometheus-Scrape-Timeout-Seconds",
    "X-Amz-Date",
    "X-Amz-Security-Token",
    "X-Amz-Content-Sha256",
};

std::optional<int> TlsVersion(Object& tls, std::string_view name) {
  auto v = tls.Enum(name, {"TLS10", "TLS11", "TLS12", "TLS13"});
  if (!v) return std::nullopt;
  return (*v)[4] - '0';
}

// proxy_url, no_proxy, proxy_from_environment, proxy_connect_header: inline in
// the HTTP client and in oauth2.
void ReadProxy(Object& obj, std::vector<Origin>* secrets) {
  bool has_url = obj.Has("proxy_url");
  sd::GoUrlField(obj, "proxy_url");
  auto no_proxy = obj.String("no_proxy");
  bool from_env = obj.Bool("proxy_from_environment").value_or(false);
  bool has_connect_header = false;
  if (const yaml::Node* h = obj.Field("proxy_connect_header"); h != nullptr && !h->IsNull()) {
    if (!h->IsMap()) {
      obj.ctx().Error(*h, obj.PathOf("proxy_connect_header"), kType,
                      "expected a mapping of header names to lists of values, got " +
                          std::string(h->KindName()));
    } else {
      has_connect_header = !h->entries.empty();
      for (const yaml::Entry& e : h->entries) {
        std::string path = obj.PathOf("proxy_connect_header") + "." + std::string(e.key.scalar);
        if (!e.value.IsNull() && !e.value.IsSequence()) {
          obj.ctx().Error(e.value, path, kType,
                          "expected a list of values, got " + std::string(e.value.KindName()));
          continue;
        }
        for (const yaml::Node& item : e.value.items) {
          if (!item.IsScalar()) {
            obj.ctx().Error(item, path, kType,
                            "expected a string, got " + std::string(item.KindName()));
          } else if (secrets != nullptr && !item.scalar.empty()) {
            secrets->push_back(Origin{&obj.ctx().doc(), &item, path});
          }
        }
      }
    }
  }
  if (has_connect_header && !from_env && !has_url) {
    obj.Error("proxy_connect_header", kRequired,
              "proxy_connect_header needs a proxy: set proxy_url or proxy_from_environment");
  }
  if (from_env && has_url) {
    obj.Error("proxy_url", kConflict,
              "proxy_url cannot be combined with proxy_from_environment: keep one of them");
  }
  if (from_env && Set(no_proxy)) {
    obj.Error("no_proxy", kConflict,
              "no_proxy cannot be combined with proxy_from_environment (the environment's "
              "NO_PROXY applies): remove no_proxy");
  }
  if (!has_url && Set(no_proxy)) {
    obj.Error("no_proxy", kRequired, "no_proxy only applies with a proxy_url: set proxy_url");
  }
}

void ReadHeaders(Object& obj, std::vector<Origin>* secrets) {
  const yaml::Node* node = obj.Field("http_headers");
  if (node == nullptr || node->IsNull()) return;
  Object headers(obj.ctx(), node, obj.PathOf("http_headers"));
  if (headers.node() == nullptr) return;
  for (const yaml::Entry& e : node->entries) {
    std::string_view name = e.key.scalar;
    Object header = headers.Sub(name);
    header.StringList("values");
    if (auto list = header.Field("secrets"); list != nullptr && list->IsSequence()) {
      for (const yaml::Node& item : list->items) {
        if (secrets != nullptr && item.IsScalar() && !item.scalar.empty()) {
          secrets->push_back(Origin{&obj.ctx().doc(), &item, header.PathOf("secrets")});
        }
      }
    }
    header.StringList("secrets");
    header.StringList("files");
    header.Finish();
    std::string canonical = CanonicalHeader(name);
    if (std::find(std::begin(kClientReservedHeaders), std::end(kClientReservedHeaders),
                  canonical) != std::end(kClientReservedHeaders)) {
      obj.ctx().Error(e.key, headers.PathOf(name), kValue,
                      "setting header " + Quote(canonical) +
                          " is not allowed: Prometheus sets it itself (use basic_auth, "
                          "authorization or oauth2 for credentials)");
    }
  }
  headers.Finish();
}

void ReadOAuth2(Object& oauth, std::vector<Origin>* secrets) {
  auto client_id = oauth.String("client_id");
  auto secret = Secret(oauth, "client_secret", secrets);
  auto secret_file = File(oauth, "client_secret_file");
  auto secret_ref = oauth.String("client_secret_ref");
  auto token_url = oauth.String("token_url");
  oauth.StringList("scopes");
  oauth.StringMap("endpoint_params");
  // The RFC 7523 JWT-bearer grant of newer prometheus/common releases.
  auto grant_type = oauth.String("grant_type");
  auto algorithm = oauth.String("signature_algorithm");
  oauth.String("client_certificate_key_id");
  Secret(oauth, "client_certificate_key", secrets);
  File(oauth, "client_certificate_key_file");
  oauth.String("iss");
  oauth.String("audience");
  oauth.Field("claims");
  Object tls = oauth.Sub("tls_config");
  ReadTlsConfig(tls, secrets);
  tls.Finish();
  ReadProxy(oauth, secrets);

  if (!Set(client_id)) sd::Required(oauth, "client_id", "oauth2 needs a client_id");
  if (!Set(token_url)) sd::Required(oauth, "token_url", "oauth2 needs a token_url");
  if (Count({Set(secret), Set(secret_file), Set(secret_ref)}) > 1) {
    oauth.Error(Set(secret_file) ? "client_secret_file" : "client_secret_ref", kConflict,
                "set only one of client_secret, client_secret_file and client_secret_ref");
  }
  if (grant_type == "urn:ietf:params:oauth:grant-type:jwt-bearer" && Set(algorithm) &&
      *algorithm != "RS256" && *algorithm != "RS384" && *algorithm != "RS512") {
    oauth.Error("signature_algorithm", kValue,
                "unknown signature algorithm " + Quote(*algorithm) + "; use RS256, RS384 or RS512");
  }
}

}  // namespace

void ReadTlsConfig(Object& tls, std::vector<Origin>* secrets) {
  auto ca = tls.String("ca");
  auto cert = tls.String("cert");
  auto key = Secret(tls, "key", secrets);
  auto ca_file = File(tls, "ca_file");
  auto cert_file = File(tls, "cert_file");
  auto key_file = File(tls, "key_file");
  auto ca_ref = tls.String("ca_ref");
  auto cert_ref = tls.String("cert_ref");
  auto key_ref = tls.String("key_ref");
  tls.String("server_name");
  tls.Bool("insecure_skip_verify");
  auto min_version = TlsVersion(tls, "min_version");
  auto max_version = TlsVersion(tls, "max_version");
  tls.StringList("next_protos");

  if (Count({Set(ca), Set(ca_file), Set(ca_ref)}) > 1) {
    tls.Error(Set(ca_file) ? "ca_file" : "ca_ref", kConflict,
              "set only one of ca, ca_file and ca_ref");
  }
  if (Count({Set(cert), Set(cert_file), Set(cert_ref)}) > 1) {
    tls.Error(Set(cert_file) ? "cert_file" : "cert_ref", kConflict,
              "set only one of cert, cert_file and cert_ref");
  }
  if (Count({Set(key), Set(key_file), Set(key_ref)}) > 1) {
    tls.Error(Set(key_file) ? "key_file" : "key_ref", kConflict,
              "set only one of key, key_file and key_ref");
  }
  bool has_cert = Set(cert) || Set(cert_file) || Set(cert_ref);
  bool has_key = Set(key) || Set(key_file) || Set(key_ref);
  if (has_cert && !has_key) {
    tls.Error(Set(cert_file) ? "cert_file"
              : Set(cert)    ? "cert"
                             : "cert_ref",
              kRequired, "a client certificate needs its private key: set key or key_file");
  } else if (has_key && !has_cert) {
    tls.Error(Set(key_file) ? "key_file"
              : Set(key)    ? "key"
                            : "key_ref",
              kRequired, "a client key needs its certificate: set cert or cert_file");
  }
  if (min_version && max_version && *max_version < *min_version) {
    // Prometheus loads this and then fails to build the client for the targets.
    if (const yaml::Node* at = tls.node() != nullptr ? tls.node()->Find("max_version") : nullptr) {
      tls.ctx().Report(*at, tls.PathOf("max_version"), kValue, diag::Severity::kWarning,
                       "max_version is lower than min_version: every connection will fail");
    }
  }
}

void ReadHttpClientConfig(Object& obj, std::vector<Origin>* secrets, HttpSettings* settings) {
  bool has_basic = obj.Has("basic_auth");
  bool has_authorization = obj.Has("authorization");
  bool has_oauth2 = obj.Has("oauth2");

  Object basic = obj.Sub("basic_auth");
  auto username = basic.String("username");
  auto username_file = File(basic, "username_file");
  auto username_ref = basic.String("username_ref");
  auto password = Secret(basic, "password", secrets);
  auto password_file = File(basic, "password_file");
  auto password_ref = basic.String("password_ref");
  basic.Finish();
  if (Count({Set(username), Set(username_file), Set(username_ref)}) > 1) {
    basic.Error(Set(username_file) ? "username_file" : "username_ref", kConflict,
                "set only one of username, username_file and username_ref");
  }
  if (Count({Set(password), Set(password_file), Set(password_ref)}) > 1) {
    basic.Error(Set(password_file) ? "password_file" : "password_ref", kConflict,
                "set only one of password, password_file and password_ref");
  }

  Object authorization = obj.Sub("authorization");
  auto type = authorization.String("type");
  auto credentials = Secret(authorization, "credentials", secrets);
  auto credentials_file = File(authorization, "credentials_file");
  auto credentials_ref = authorization.String("credentials_ref");
  authorization.Finish();
  if (Count({Set(credentials), Set(credentials_file), Set(credentials_ref)}) > 1) {
    authorization.Error(Set(credentials_file) ? "credentials_file" : "credentials_ref", kConflict,
                        "set only one of credentials, credentials_file and credentials_ref");
  }
  if (type) {
    std::string t = *type;
    t.erase(0, t.find_first_not_of(" \t\r\n"));
    t.erase(t.find_last_not_of(" \t\r\n") + 1);
    std::transform(t.begin(), t.end(), t.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (t == "basic") {
      authorization.Error("type", kValue,
                          "authorization type cannot be \"Basic\": use basic_auth with a "
                          "username and password instead");
    }
  }

  Object oauth2 = obj.Sub("oauth2");
  if (has_oauth2) ReadOAuth2(oauth2, secrets);
  oauth2.Finish();

  auto bearer_token = Secret(obj, "bearer_token", secrets);
  auto bearer_token_file = File(obj, "bearer_token_file");

  Object tls = obj.Sub("tls_config");
  ReadTlsConfig(tls, secrets);
  tls.Finish();

  obj.Bool("follow_redirects");
  obj.Bool("enable_http2");
  ReadProxy(obj, secrets);
  ReadHeaders(obj, secrets);

  // One authentication method: Prometheus reports the first clash it finds.
  bool has_bearer = Set(bearer_token) || Set(bearer_token_file);
  if (Set(bearer_token) && Set(bearer_token_file)) {
    obj.Error("bearer_token_file", kConflict,
              "set only one of bearer_token and bearer_token_file (better: authorization "
              "with credentials_file)");
  } else if ((has_basic || has_oauth2) && has_bearer) {
    obj.Error(Set(bearer_token) ? "bearer_token" : "bearer_token_file", kConflict,
              std::string(Set(bearer_token) ? "bearer_token" : "bearer_token_file") +
                  " cannot be combined with " + (has_basic ? "basic_auth" : "oauth2") +
                  ": configure one authentication method");
  } else if (has_authorization && has_bearer) {
    obj.Error(Set(bearer_token) ? "bearer_token" : "bearer_token_file", kConflict,
              "authorization cannot be combined with bearer_token or bearer_token_file: move "
              "the token into authorization.credentials (or credentials_file)");
  } else if (has_authorization && (has_basic || has_oauth2)) {
    obj.Error("authorization", kConflict,
              std::string("authorization cannot be combined with ") +
                  (has_basic ? "basic_auth" : "oauth2") + ": configure one authentication method");
  } else if (has_oauth2 && has_basic) {
    obj.Error("oauth2", kConflict,
              "oauth2 cannot be combined with basic_auth: configure one authentication method");
  }

  if (settings == nullptr) return;
  const std::string& base = obj.ctx().doc().path;
  auto path = [&](const std::optional<std::string>& v) {
    return Set(v) ? ResolveRelative(base, *v) : std::string();
  };
  auto value = [](const std::optional<std::string>& v) { return v.value_or(std::string()); };
  settings->has_basic_auth = has_basic;
  settings->username = value(username);
  settings->username_file = path(username_file);
  settings->password = value(password);
  settings->password_file = path(password_file);
  settings->has_authorization = has_authorization || has_bearer;
  if (type && !type->empty()) settings->authorization_type = *type;
  settings->credentials = has_authorization ? value(credentials) : value(bearer_token);
  settings->credentials_file = has_authorization ? path(credentials_file) : path(bearer_token_file);
  settings->has_oauth2 = has_oauth2;
  if (const yaml::Node* t = obj.Field("tls_config"); t != nullptr && t->IsMap()) {
    if (const yaml::Node* ca = t->Find("ca_file");
        ca != nullptr && ca->IsScalar() && !ca->scalar.empty()) {
      settings->ca_file = ResolveRelative(base, std::string(ca->scalar));
    }
    if (const yaml::Node* v = t->Find("insecure_skip_verify"); v != nullptr && v->IsScalar()) {
      settings->insecure_skip_verify =
          v->scalar == "true" || v->scalar == "True" || v->scalar == "TRUE";
    }
  }
}

}  // namespace ttam::config
