// ionos_sd_configs: datacenter_id is required. Port 80, refresh 60s.
#include "config/http_client.h"
#include "config/sd/mechanisms.h"

namespace ttam::config::sd {

void ReadIonos(Object& c, Env& env) {
  auto datacenter = c.String("datacenter_id");
  Port(c);
  RefreshInterval(c);
  ReadHttpClientConfig(c, env.plaintext_secrets);
  if (!Set(datacenter)) Required(c, "datacenter_id", "ionos discovery needs a datacenter_id");
}

}  // namespace ttam::config::sd
