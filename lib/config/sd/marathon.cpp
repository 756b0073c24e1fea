// marathon_sd_configs: at least one server; auth_token and auth_token_file
// exclude each other and every HTTP client authentication. Refresh 30s.
#include "config/http_client.h"
#include "config/sd/mechanisms.h"

namespace ttam::config::sd {

void ReadMarathon(Object& c, Env& env) {
  auto servers = c.StringList("servers");
  RefreshInterval(c);
  auto token = Secret(c, "auth_token", env.plaintext_secrets);
  auto token_file = File(c, "auth_token_file");
  ReadHttpClientConfig(c, env.plaintext_secrets);

  if (!servers || servers->empty()) {
    Required(c, "servers", "marathon discovery needs at least one server in servers");
  }
  bool has_token = Set(token) || Set(token_file);
  const char* which = Set(token) ? "auth_token" : "auth_token_file";
  if (Set(token) && Set(token_file)) {
    c.Error("auth_token_file", kConflict, "set only one of auth_token and auth_token_file");
  } else if (has_token && c.Has("basic_auth")) {
    c.Error(which, kConflict, std::string(which) + " cannot be combined with basic_auth");
  } else if (has_token && (c.Has("bearer_token") || c.Has("bearer_token_file"))) {
    c.Error(which, kConflict,
            std::string(which) + " cannot be combined with bearer_token or bearer_token_file");
  } else if (has_token && c.Has("authorization")) {
    c.Error(which, kConflict, std::string(which) + " cannot be combined with authorization");
  }
}

}  // namespace ttam::config::sd
