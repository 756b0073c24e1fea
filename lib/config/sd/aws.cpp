// AWS discovery: aws_sd_configs (with a role: ec2, ecs, elasticache,
// lightsail, msk or rds) and the per-service sections of the same names. A
// missing region is not an error at load time: Prometheus takes it from the
// environment or IMDS when discovery starts. aws_sd_configs takes filters and
// clusters whatever the role, and does not check filter values (only
// ec2_sd_configs rejects an empty values list). ecs, elasticache, msk and rds
// also take request_concurrency; rds takes both filters and clusters.
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
    Required(c, "role",
             "aws discovery needs a role (one of ec2, ecs, elasticache, lightsail, "
             "msk, rds)");
  }
  Filters(c, /*values_required=*/false);
  c.StringList("clusters");
}

void ReadEc2(Object& c, Env& env) {
  ReadCommon(c, env);
  Filters(c, /*values_required=*/true);
}

void ReadEcs(Object& c, Env& env) {
  ReadCommon(c, env);
  c.StringList("clusters");
  c.Int("request_concurrency");
}

void ReadElasticache(Object& c, Env& env) {
  ReadCommon(c, env);
  c.StringList("clusters");
  c.Int("request_concurrency");
}

void ReadLightsail(Object& c, Env& env) { ReadCommon(c, env); }

void ReadMsk(Object& c, Env& env) {
  ReadCommon(c, env);
  c.StringList("clusters");
  c.Int("request_concurrency");
}

void ReadRds(Object& c, Env& env) {
  ReadCommon(c, env);
  Filters(c, /*values_required=*/false);
  c.StringList("clusters");
  c.Int("request_concurrency");
}

}  // namespace ttam::config::sd
