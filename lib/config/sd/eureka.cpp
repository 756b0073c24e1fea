// eureka_sd_configs: server is required and must be a URL with a scheme and a
// host. Refresh 30s.
#include "config/http_client.h"
#include "config/sd/mechanisms.h"

namespace ttam::config::sd {

void ReadEureka(Object& c, Env& env) {
  auto server = c.String("server");
  RefreshInterval(c);
  ReadHttpClientConfig(c, env.plaintext_secrets);
  if (!Set(server)) {
    Required(c, "server", "eureka discovery needs a server URL, e.g. http://eureka:8761/eureka");
    return;
  }
  auto url = ParseGoUrl(*server);
  if (!url.ok() || url->scheme.empty() || url->host.empty()) {
    c.Error("server", kValue,
            "invalid eureka server URL \"" + *server +
                "\": it needs a scheme and a host, e.g. http://eureka:8761/eureka");
  }
}

}  // namespace ttam::config::sd
