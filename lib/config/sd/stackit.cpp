// stackit_sd_configs (since 3.5): role is server or postgres_flex; region
// defaults to eu01, and endpoint and region cannot both be empty; endpoint,
// when set, must parse as a URL. Port 80, refresh 60s.
#include "config/http_client.h"
#include "config/sd/mechanisms.h"

namespace ttam::config::sd {

void ReadStackit(Object& c, Env& env) {
  c.String("project");
  c.Enum("role", {"server", "postgres_flex"});
  auto region = c.String("region");
  auto endpoint = c.String("endpoint");
  Secret(c, "service_account_key", env.plaintext_secrets);
  File(c, "service_account_key_path");
  Secret(c, "private_key", env.plaintext_secrets);
  File(c, "private_key_path");
  File(c, "credentials_file_path");
  Port(c);
  RefreshInterval(c);
  ReadHttpClientConfig(c, env.plaintext_secrets);
  const yaml::Node* region_node = c.node()->Find("region");
  bool region_emptied = region_node != nullptr && (region_node->IsNull() || region) && !Set(region);
  if (region_emptied && !Set(endpoint)) {
    Required(c, "region", "stackit discovery needs a region or an endpoint");
  }
  if (Set(endpoint)) {
    auto url = ParseGoUrl(*endpoint);
    if (!url.ok()) {
      c.Error("endpoint", kValue, "invalid endpoint \"" + *endpoint + "\": " + url.error().message);
    }
  }
}

}  // namespace ttam::config::sd
