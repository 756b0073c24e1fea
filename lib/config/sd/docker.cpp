// docker_sd_configs and dockerswarm_sd_configs: host is required and must
// parse as a URL; swarm also needs a role (services, tasks or nodes).
#include "config/http_client.h"
#include "config/sd/mechanisms.h"

namespace ttam::config::sd {

void ReadDocker(Object& c, Env& env) {
  auto host = GoUrlField(c, "host");
  Port(c);
  c.String("host_networking_host");
  c.Bool("match_first_network");
  Filters(c, /*values_required=*/false);
  RefreshInterval(c);
  ReadHttpClientConfig(c, env.plaintext_secrets);
  if (!c.Has("host") || (host && host->empty())) {
    Required(c, "host", "docker discovery needs a host, e.g. unix:///var/run/docker.sock");
  }
}

void ReadDockerSwarm(Object& c, Env& env) {
  auto host = GoUrlField(c, "host");
  c.Enum("role", {"services", "tasks", "nodes"});
  Port(c);
  Filters(c, /*values_required=*/false);
  RefreshInterval(c);
  ReadHttpClientConfig(c, env.plaintext_secrets);
  if (!c.Has("host") || (host && host->empty())) {
    Required(c, "host", "dockerswarm discovery needs a host, e.g. http://127.0.0.1:2375");
  }
  if (!c.Has("role")) {
    Required(c, "role", "dockerswarm discovery needs a role (one of services, tasks, nodes)");
  }
}

}  // namespace ttam::config::sd
