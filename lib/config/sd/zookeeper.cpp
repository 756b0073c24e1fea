// nerve_sd_configs and serverset_sd_configs (Zookeeper): at least one server
// and one path, every path starting with '/'. Timeout 10s.
#include "config/sd/mechanisms.h"

namespace ttam::config::sd {
namespace {

void ReadZookeeper(Object& c, std::string_view mechanism) {
  auto servers = c.StringList("servers");
  auto paths = c.StringList("paths");
  c.Duration("timeout");
  if (!servers || servers->empty()) {
    Required(c, "servers",
             std::string(mechanism) + " discovery needs at least one Zookeeper server");
  }
  if (!paths || paths->empty()) {
    Required(c, "paths", std::string(mechanism) + " discovery needs at least one path");
    return;
  }
  for (const std::string& path : *paths) {
    if (path.empty() || path[0] != '/') {
      c.Error("paths", kValue, "path \"" + path + "\" must begin with '/'");
    }
  }
}

}  // namespace

void ReadNerve(Object& c, Env&) { ReadZookeeper(c, "nerve"); }
void ReadServerset(Object& c, Env&) { ReadZookeeper(c, "serverset"); }

}  // namespace ttam::config::sd
