// azure_sd_configs: subscription_id always; tenant_id, client_id and
// client_secret with the default OAuth authentication. Defaults: port 80,
// refresh 5m, environment AzurePublicCloud.
#include "config/http_client.h"
#include "config/sd/mechanisms.h"

namespace ttam::config::sd {

void ReadAzure(Object& c, Env& env) {
  c.String("environment");
  Port(c);
  auto subscription = c.String("subscription_id");
  auto tenant = c.String("tenant_id");
  auto client_id = c.String("client_id");
  auto client_secret = Secret(c, "client_secret", env.plaintext_secrets);
  RefreshInterval(c);
  auto method =
      c.Enum("authentication_method", {"OAuth", "ManagedIdentity", "SDK", "WorkloadIdentity"});
  c.String("resource_group");
  ReadHttpClientConfig(c, env.plaintext_secrets);

  if (!Set(subscription)) Required(c, "subscription_id", "azure discovery needs a subscription_id");
  bool oauth = !c.Has("authentication_method") || method == "OAuth";
  if (oauth) {
    const char* hint = " (or choose another authentication_method)";
    if (!Set(tenant)) Required(c, "tenant_id", std::string("OAuth needs a tenant_id") + hint);
    if (!Set(client_id)) Required(c, "client_id", std::string("OAuth needs a client_id") + hint);
    if (!Set(client_secret)) {
      Required(c, "client_secret", std::string("OAuth needs a client_secret") + hint);
    }
  }
}

}  // namespace ttam::config::sd
