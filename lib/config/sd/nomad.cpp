// nomad_sd_configs: server is required. allow_stale true, namespace default,
// region global, refresh 60s, tag_separator ",".
#include "config/http_client.h"
#include "config/sd/mechanisms.h"

namespace ttam::config::sd {

void ReadNomad(Object& c, Env& env) {
  c.Bool("allow_stale");
  c.String("namespace");
  RefreshInterval(c);
  c.String("region");
  auto server = c.String("server");
  c.String("tag_separator");
  ReadHttpClientConfig(c, env.plaintext_secrets);
  if (!Set(server)) Required(c, "server", "nomad discovery needs a server address");
}

}  // namespace ttam::config::sd
