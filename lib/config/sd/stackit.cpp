// stackit_sd_configs (since 3.5): endpoint, when set, must parse as a URL.
// Port 80, refresh 60s.
#include "config/http_client.h"
#include "config/sd/mechanisms.h"

namespace ttam::config::sd {

void ReadStackit(Object& c, Env& env) {
  c.String("project");
  c.String("region");
  auto endpoint = c.String("endpoint");
  Secret(c, "service_account_key", env.plaintext_secrets);
  File(c, "service_account_key_path");
  Secret(c, "private_key", env.plaintext_secrets);
  File(c, "private_key_path");
  File(c, "credentials_file_path");
  Port(c);
  RefreshInterval(c);
  ReadHttpClientConfig(c, env.plaintext_secrets);
  if (Set(endpoint)) {
    auto url = ParseGoUrl(*endpoint);
    if (!url.ok()) {
      c.Error("endpoint", kValue, "invalid endpoint \"" + *endpoint + "\": " +
                                      url.error().message);
    }
  }
}

}  // namespace ttam::config::sd
