// openstack_sd_configs: availability is public (default), internal or admin;
// role (instance, hypervisor, loadbalancer) and region are required. Port 80,
// refresh 60s.
#include "config/http_client.h"
#include "config/sd/mechanisms.h"

namespace ttam::config::sd {

void ReadOpenStack(Object& c, Env& env) {
  c.String("identity_endpoint");
  c.String("username");
  c.String("userid");
  Secret(c, "password", env.plaintext_secrets);
  c.String("project_name");
  c.String("project_id");
  c.String("domain_name");
  c.String("domain_id");
  c.String("application_credential_name");
  c.String("application_credential_id");
  Secret(c, "application_credential_secret", env.plaintext_secrets);
  c.Enum("role", {"instance", "hypervisor", "loadbalancer"});
  auto region = c.String("region");
  RefreshInterval(c);
  Port(c);
  c.Bool("all_tenants");
  Object tls = c.Sub("tls_config");
  ReadTlsConfig(tls, env.plaintext_secrets);
  tls.Finish();
  c.Enum("availability", {"public", "internal", "admin"});

  if (!c.Has("role")) {
    Required(c, "role", "openstack discovery needs a role (instance, hypervisor or loadbalancer)");
  }
  if (!Set(region)) Required(c, "region", "openstack discovery needs a region");
}

}  // namespace ttam::config::sd
