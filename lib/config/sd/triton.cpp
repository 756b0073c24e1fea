// triton_sd_configs: account, dns_suffix and endpoint are required; role is
// container (default) or cn; refresh_interval must be positive. Port 9163,
// version 1.
#include "config/http_client.h"
#include "config/sd/mechanisms.h"

namespace ttam::config::sd {

void ReadTriton(Object& c, Env& env) {
  auto account = c.String("account");
  c.Enum("role", {"container", "cn"});
  auto dns_suffix = c.String("dns_suffix");
  auto endpoint = c.String("endpoint");
  c.StringList("groups");
  Port(c);
  auto refresh = c.Duration("refresh_interval");
  Object tls = c.Sub("tls_config");
  ReadTlsConfig(tls, env.plaintext_secrets);
  tls.Finish();
  c.Int("version");
  if (!Set(account)) Required(c, "account", "triton discovery needs an account");
  if (!Set(dns_suffix)) Required(c, "dns_suffix", "triton discovery needs a dns_suffix");
  if (!Set(endpoint)) Required(c, "endpoint", "triton discovery needs an endpoint");
  if (refresh && *refresh <= 0) {
    c.Error("refresh_interval", kValue, "refresh_interval must be positive");
  }
}

}  // namespace ttam::config::sd
