// gce_sd_configs: project and zone are required. Port 80, refresh 60s,
// tag_separator ",". No HTTP client options.
#include "config/sd/mechanisms.h"

namespace ttam::config::sd {

void ReadGce(Object& c, Env&) {
  auto project = c.String("project");
  auto zone = c.String("zone");
  c.String("filter");
  RefreshInterval(c);
  Port(c);
  c.String("tag_separator");
  if (!Set(project)) Required(c, "project", "gce discovery needs a project");
  if (!Set(zone)) Required(c, "zone", "gce discovery needs a zone");
}

}  // namespace ttam::config::sd
