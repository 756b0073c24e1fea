// outscale_sd_configs (since 3.12): region (default eu-west-2; an explicitly
// empty one is an error), access_key, and exactly one of secret_key and
// secret_key_file. Port 80, refresh 60s.
#include "config/http_client.h"
#include "config/sd/mechanisms.h"

namespace ttam::config::sd {

void ReadOutscale(Object& c, Env& env) {
  auto region = c.String("region");
  c.String("endpoint");
  auto access_key = c.String("access_key");
  auto secret = Secret(c, "secret_key", env.plaintext_secrets);
  auto secret_file = File(c, "secret_key_file");
  Port(c);
  RefreshInterval(c);
  ReadHttpClientConfig(c, env.plaintext_secrets);
  const yaml::Node* region_node = c.node()->Find("region");
  bool region_emptied = region_node != nullptr && (region_node->IsNull() || region) && !Set(region);
  if (region_emptied) Required(c, "region", "outscale discovery needs a region");
  if (!Set(access_key)) Required(c, "access_key", "outscale discovery needs an access_key");
  if (!Set(secret) && !Set(secret_file)) {
    Required(c, "secret_key", "outscale discovery needs secret_key or secret_key_file");
  } else if (Set(secret) && Set(secret_file)) {
    c.Error("secret_key_file", kConflict, "set only one of secret_key and secret_key_file");
  }
}

}  // namespace ttam::config::sd
