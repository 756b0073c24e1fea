// AWS discovery: aws_sd_configs (with a role) and the per-service sections
// ec2, ecs, elasticache, lightsail, msk and rds. A missing region is not an
// error at load time: Prometheus takes it from the environment or IMDS.
#include "config/http_client.h"
#include "config/sd/mechanisms.h"

namespace ttam::config::sd {
namespace {

// Fields every AWS mechanism shares; defaults port 80, refresh 60s.
void ReadCommon(Object& c, Env& env) {
  c.String("region");
  c.String("endpoint");
  c.String("access_key");
  Secret(c, "secret_key", env.plaintext_secrets);
  c.String("profile");
  c.String("role_arn");
  c.String("external_id");
  RefreshInterval(c);
  Port(c);
  ReadHttpClientConfig(c, env.plaintext_secrets);
}

}  // namespace

void ReadAws(Object& c, Env& env) {
  ReadCommon(c, env);
  c.Enum("role", {"ec2", "ecs", "elasticache", "lightsail", "msk", "rds"});
  if (!c.Has("role")) {
    Required(c, "role", "aws discovery needs a role (one of ec2, ecs, elasticache, lightsail, "
                        "msk, rds)");
  }
  Filters(c, /*values_required=*/true);
  c.StringList("clusters");
}

void ReadEc2(Object& c, Env& env) {
  ReadCommon(c, env);
  Filters(c, /*values_required=*/true);
}

void ReadEcs(Object& c, Env& env) {
  ReadCommon(c, env);
  c.StringList("clusters");
}

void ReadElasticache(Object& c, Env& env) {
  ReadCommon(c, env);
  c.StringList("clusters");
}

void ReadLightsail(Object& c, Env& env) { ReadCommon(c, env); }

void ReadMsk(Object& c, Env& env) {
  ReadCommon(c, env);
  c.StringList("clusters");
}

void ReadRds(Object& c, Env& env) {
  ReadCommon(c, env);
  Filters(c, /*values_required=*/true);
}

}  // namespace ttam::config::sd
