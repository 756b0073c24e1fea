// oci_sd_configs (Oracle Cloud Infrastructure compute, since 3.13): region
// plus API-key credentials (tenancy, user, fingerprint, key_file), the
// compartments to list, and an auth method. Port 80, refresh 60s.
#include "config/sd/mechanisms.h"

namespace ttam::config::sd {

void ReadOci(Object& c, Env& env) {
  c.String("region");
  c.Enum("auth", {"user", "api_key", "user_principal", "instance_principal",
                  "resource_principal", "workload_identity", "security_token"});
  c.String("tenancy");
  c.String("user");
  c.String("fingerprint");
  File(c, "key_file");
  Secret(c, "key_passphrase", env.plaintext_secrets);
  c.StringList("compartments");
  Port(c);
  RefreshInterval(c);
}

}  // namespace ttam::config::sd
