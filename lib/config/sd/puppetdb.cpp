// puppetdb_sd_configs: url (http or https, with a host) and query are
// required. Port 80, refresh 60s.
#include "config/http_client.h"
#include "config/sd/mechanisms.h"

namespace ttam::config::sd {

void ReadPuppetDb(Object& c, Env& env) {
  auto url = c.String("url");
  auto query = c.String("query");
  c.Bool("include_parameters");
  RefreshInterval(c);
  Port(c);
  ReadHttpClientConfig(c, env.plaintext_secrets);
  CheckHttpUrl(c, "url", url);
  if (!Set(query)) Required(c, "query", "puppetdb discovery needs a PQL query");
}

}  // namespace ttam::config::sd
