// dns_sd_configs: at least one name; type SRV (default), A, AAAA, MX or NS,
// compared case-insensitively; every type but SRV needs a port. Refresh 30s.
#include <algorithm>
#include <cctype>

#include "config/sd/mechanisms.h"

namespace ttam::config::sd {

void ReadDns(Object& c, Env&) {
  auto names = c.StringList("names");
  RefreshInterval(c);
  auto type = c.String("type");
  auto port = c.Int("port", INT32_MIN, INT32_MAX);

  if (!names || names->empty()) {
    Required(c, "names", "dns discovery needs at least one record name in names");
  }
  std::string upper = type.value_or("SRV");
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
  if (upper == "SRV") return;
  if (upper == "A" || upper == "AAAA" || upper == "MX" || upper == "NS") {
    if (port.value_or(0) == 0) {
      Required(c, "port",
               "a port is required for " + upper + " records (only SRV records carry one)");
    }
    return;
  }
  c.Error("type", kValue, "invalid DNS record type \"" + *type + "\"; use SRV, A, AAAA, MX or NS");
}

}  // namespace ttam::config::sd
