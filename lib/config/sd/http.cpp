// http_sd_configs: url is required, http or https, with a host. Refresh 60s.
#include "config/http_client.h"
#include "config/sd/mechanisms.h"

namespace ttam::config::sd {

/// Checks `name` as http and puppetdb discovery check their URL.
void CheckHttpUrl(Object& c, std::string_view name, const std::optional<std::string>& value) {
  if (!Set(value)) {
    Required(c, name, "a URL is required, e.g. http://example.com/targets");
    return;
  }
  auto url = ParseGoUrl(*value);
  if (!url.ok()) {
    c.Error(name, kValue, "invalid URL \"" + *value + "\": " + url.error().message);
  } else if (url->scheme != "http" && url->scheme != "https") {
    c.Error(name, kValue, "URL \"" + *value + "\" must start with http:// or https://");
  } else if (url->host.empty()) {
    c.Error(name, kValue, "URL \"" + *value + "\" has no host");
  }
}

void ReadHttp(Object& c, Env& env) {
  auto url = c.String("url");
  RefreshInterval(c);
  ReadHttpClientConfig(c, env.plaintext_secrets);
  CheckHttpUrl(c, "url", url);
}

}  // namespace ttam::config::sd
