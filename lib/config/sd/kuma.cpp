// kuma_sd_configs: server is required, a URL with a scheme and a host.
// Refresh 30s, fetch_timeout 2m.
#include "config/http_client.h"
#include "config/sd/mechanisms.h"

namespace ttam::config::sd {

void ReadKuma(Object& c, Env& env) {
  auto server = c.String("server");
  c.String("client_id");
  RefreshInterval(c);
  c.Duration("fetch_timeout");
  ReadHttpClientConfig(c, env.plaintext_secrets);
  if (!Set(server)) {
    Required(c, "server", "kuma discovery needs the control plane's server URL");
    return;
  }
  auto url = ParseGoUrl(*server);
  if (!url.ok() || url->scheme.empty() || url->host.empty()) {
    c.Error("server", kValue,
            "kuma server \"" + *server +
                "\" needs a scheme and a host, e.g. "
                "http://kuma-control-plane.kuma-system.svc:5676");
  }
}

}  // namespace ttam::config::sd
