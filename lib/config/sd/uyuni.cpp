// uyuni_sd_configs: server (a URL), username and password are required.
// Entitlement monitoring_entitled, separator ",", refresh 1m.
#include "config/http_client.h"
#include "config/sd/mechanisms.h"

namespace ttam::config::sd {

void ReadUyuni(Object& c, Env& env) {
  auto server = c.String("server");
  auto username = c.String("username");
  auto password = Secret(c, "password", env.plaintext_secrets);
  c.String("entitlement");
  c.String("separator");
  RefreshInterval(c);
  ReadHttpClientConfig(c, env.plaintext_secrets);
  if (!Set(server)) {
    Required(c, "server", "uyuni discovery needs the server URL");
  } else if (auto url = ParseGoUrl(*server); !url.ok()) {
    c.Error("server", kValue,
            "invalid uyuni server URL \"" + *server + "\": " + url.error().message);
  }
  if (!Set(username)) Required(c, "username", "uyuni discovery needs a username");
  if (!Set(password)) Required(c, "password", "uyuni discovery needs a password");
}

}  // namespace ttam::config::sd
