// scaleway_sd_configs: role (instance or baremetal), project_id and
// access_key are required, and exactly one of secret_key and
// secret_key_file. Zone fr-par-1, port 80, refresh 60s.
#include "config/http_client.h"
#include "config/sd/mechanisms.h"

namespace ttam::config::sd {

void ReadScaleway(Object& c, Env& env) {
  auto project = c.String("project_id");
  c.String("api_url");
  c.String("zone");
  auto access_key = c.String("access_key");
  auto secret = Secret(c, "secret_key", env.plaintext_secrets);
  auto secret_file = File(c, "secret_key_file");
  c.String("name_filter");
  c.StringList("tags_filter");
  RefreshInterval(c);
  Port(c);
  c.Enum("role", {"instance", "baremetal"});
  ReadHttpClientConfig(c, env.plaintext_secrets);

  if (!c.Has("role"))
    Required(c, "role", "scaleway discovery needs a role (instance or baremetal)");
  if (!Set(project)) Required(c, "project_id", "scaleway discovery needs a project_id");
  if (!Set(secret) && !Set(secret_file)) {
    Required(c, "secret_key", "scaleway discovery needs secret_key or secret_key_file");
  } else if (Set(secret) && Set(secret_file)) {
    c.Error("secret_key_file", kConflict, "set only one of secret_key and secret_key_file");
  }
  if (!Set(access_key)) Required(c, "access_key", "scaleway discovery needs an access_key");
}

}  // namespace ttam::config::sd
