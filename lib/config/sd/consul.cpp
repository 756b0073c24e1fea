// consul_sd_configs. Defaults: server localhost:8500, scheme http,
// allow_stale true, refresh 30s, tag_separator ",".
#include "config/http_client.h"
#include "config/sd/mechanisms.h"

namespace ttam::config::sd {

void ReadConsul(Object& c, Env& env) {
  bool has_server = c.Has("server");
  auto server = c.String("server");
  c.String("path_prefix");
  auto token = Secret(c, "token", env.plaintext_secrets);
  c.String("datacenter");
  c.String("namespace");
  c.String("partition");
  c.String("tag_separator");
  c.String("scheme");
  auto username = c.String("username");
  auto password = Secret(c, "password", env.plaintext_secrets);
  c.Bool("allow_stale");
  RefreshInterval(c);
  c.StringList("services");
  c.StringList("tags");
  c.StringMap("node_meta");
  c.String("filter");
  c.String("health_filter");
  ReadHttpClientConfig(c, env.plaintext_secrets);

  if (has_server && !Set(server)) {
    Required(c, "server", "consul discovery needs a server address (default localhost:8500)");
  }
  if (Set(token) && (c.Has("authorization") || c.Has("oauth2"))) {
    c.Error("token", kConflict,
            "token cannot be combined with authorization or oauth2: keep one of them");
  }
  if ((Set(username) || Set(password)) && c.Has("basic_auth")) {
    c.Error(Set(username) ? "username" : "password", kConflict,
            "username/password cannot be combined with basic_auth: use basic_auth only");
  }
}

}  // namespace ttam::config::sd
