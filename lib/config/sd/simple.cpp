// Mechanisms with no rules beyond the HTTP client: digitalocean, linode and
// vultr (port 80, refresh 60s; linode also region and tag_separator).
#include "config/http_client.h"
#include "config/sd/mechanisms.h"

namespace ttam::config::sd {

void ReadDigitalOcean(Object& c, Env& env) {
  Port(c);
  RefreshInterval(c);
  ReadHttpClientConfig(c, env.plaintext_secrets);
}

void ReadLinode(Object& c, Env& env) {
  Port(c);
  c.String("tag_separator");
  c.String("region");
  RefreshInterval(c);
  ReadHttpClientConfig(c, env.plaintext_secrets);
}

void ReadVultr(Object& c, Env& env) {
  Port(c);
  RefreshInterval(c);
  ReadHttpClientConfig(c, env.plaintext_secrets);
}

}  // namespace ttam::config::sd
