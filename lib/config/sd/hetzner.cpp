// hetzner_sd_configs: role is required, hcloud or robot. Port 80, refresh 60s.
#include "config/http_client.h"
#include "config/sd/mechanisms.h"

namespace ttam::config::sd {

void ReadHetzner(Object& c, Env& env) {
  c.Enum("role", {"hcloud", "robot"});
  Port(c);
  RefreshInterval(c);
  c.String("label_selector");
  ReadHttpClientConfig(c, env.plaintext_secrets);
  if (!c.Has("role")) Required(c, "role", "hetzner discovery needs a role (hcloud or robot)");
}

}  // namespace ttam::config::sd
