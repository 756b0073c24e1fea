// oci_sd_configs (Oracle Cloud Infrastructure compute, since 3.14): region is
// required; auth is api_key (the default) or instance_principal. api_key needs
// tenancy, user, fingerprint and key_file, and takes at most one of
// key_passphrase and key_passphrase_file; instance_principal takes none of
// those six. compartments entries must not be empty (an empty list scans every
// compartment of the tenancy); refresh_interval must be positive. Port 80,
// refresh 60s, plus the HTTP client options.
#include "config/http_client.h"
#include "config/sd/mechanisms.h"

namespace ttam::config::sd {

void ReadOci(Object& c, Env& env) {
  auto region = c.String("region");
  auto auth = c.Enum("auth", {"api_key", "instance_principal"});
  auto tenancy = c.String("tenancy");
  auto user = c.String("user");
  auto fingerprint = c.String("fingerprint");
  auto key_file = File(c, "key_file");
  auto passphrase = Secret(c, "key_passphrase", env.plaintext_secrets);
  auto passphrase_file = File(c, "key_passphrase_file");
  auto compartments = c.StringList("compartments");
  Port(c);
  auto refresh = c.Duration("refresh_interval");
  ReadHttpClientConfig(c, env.plaintext_secrets);

  if (!Set(region)) Required(c, "region", "oci discovery needs a region");
  bool unknown_auth = c.Has("auth") && !auth;  // already reported
  if (unknown_auth) {
    // nothing to check against
  } else if (auth.value_or("api_key") == "api_key") {
    const char* hint = " (or use auth: instance_principal)";
    if (!Set(tenancy)) Required(c, "tenancy", std::string("api_key auth needs a tenancy") + hint);
    if (!Set(user)) Required(c, "user", std::string("api_key auth needs a user") + hint);
    if (!Set(fingerprint)) {
      Required(c, "fingerprint", std::string("api_key auth needs a fingerprint") + hint);
    }
    if (!Set(key_file))
      Required(c, "key_file", std::string("api_key auth needs a key_file") + hint);
    if (Set(passphrase) && Set(passphrase_file)) {
      c.Error("key_passphrase_file", kConflict,
              "set only one of key_passphrase and key_passphrase_file");
    }
  } else {
    for (std::string_view name :
         {"tenancy", "user", "fingerprint", "key_file", "key_passphrase", "key_passphrase_file"}) {
      const yaml::Node* n = c.node()->Find(name);
      if (n != nullptr && n->IsScalar() && !n->scalar.empty()) {
        c.Error(name, kConflict,
                std::string(name) +
                    " is for api_key auth: instance_principal takes its "
                    "credentials from the instance");
      }
    }
  }
  if (compartments) {
    for (size_t i = 0; i < compartments->size(); ++i) {
      if ((*compartments)[i].empty()) {
        c.Error("compartments", kValue,
                "compartments[" + std::to_string(i) + "] must not be empty");
      }
    }
  }
  if (refresh && *refresh <= 0) {
    c.Error("refresh_interval", kValue, "refresh_interval must be positive");
  }
}

}  // namespace ttam::config::sd
