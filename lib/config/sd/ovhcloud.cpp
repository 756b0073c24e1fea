// ovhcloud_sd_configs: endpoint (default ovh-eu), application_key,
// application_secret and consumer_key must not be empty; service is vps or
// dedicated_server. Refresh 60s. No HTTP client options.
#include "config/sd/mechanisms.h"

namespace ttam::config::sd {

void ReadOvhcloud(Object& c, Env& env) {
  bool has_endpoint = c.Has("endpoint");
  auto endpoint = c.String("endpoint");
  auto key = c.String("application_key");
  auto secret = Secret(c, "application_secret", env.plaintext_secrets);
  auto consumer = Secret(c, "consumer_key", env.plaintext_secrets);
  RefreshInterval(c);
  c.Enum("service", {"vps", "dedicated_server"});
  if (has_endpoint && !Set(endpoint)) Required(c, "endpoint", "endpoint cannot be empty");
  if (!Set(key)) Required(c, "application_key", "ovhcloud discovery needs an application_key");
  if (!Set(secret)) {
    Required(c, "application_secret", "ovhcloud discovery needs an application_secret");
  }
  if (!Set(consumer)) Required(c, "consumer_key", "ovhcloud discovery needs a consumer_key");
  if (!c.Has("service")) {
    Required(c, "service", "ovhcloud discovery needs a service (vps or dedicated_server)");
  }
}

}  // namespace ttam::config::sd
