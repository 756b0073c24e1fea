#include "config/sd/discovery.h"
#include "config/sd/mechanisms.h"

namespace ttam::config {
namespace {

struct Mechanism {
  std::string_view field;
  void (*read)(Object& entry, sd::Env& env);
};

// Every discovery mechanism Prometheus 3 ships, one row each; static_configs
// is read with the target groups (config/target_group.h).
constexpr Mechanism kMechanisms[] = {
    {"aws_sd_configs", sd::ReadAws},
    {"azure_sd_configs", sd::ReadAzure},
    {"consul_sd_configs", sd::ReadConsul},
    {"digitalocean_sd_configs", sd::ReadDigitalOcean},
    {"dns_sd_configs", sd::ReadDns},
    {"docker_sd_configs", sd::ReadDocker},
    {"dockerswarm_sd_configs", sd::ReadDockerSwarm},
    {"ec2_sd_configs", sd::ReadEc2},
    {"ecs_sd_configs", sd::ReadEcs},
    {"elasticache_sd_configs", sd::ReadElasticache},
    {"eureka_sd_configs", sd::ReadEureka},
    {"file_sd_configs", sd::ReadFile},
    {"gce_sd_configs", sd::ReadGce},
    {"hetzner_sd_configs", sd::ReadHetzner},
    {"http_sd_configs", sd::ReadHttp},
    {"ionos_sd_configs", sd::ReadIonos},
    {"kubernetes_sd_configs", sd::ReadKubernetes},
    {"kuma_sd_configs", sd::ReadKuma},
    {"lightsail_sd_configs", sd::ReadLightsail},
    {"linode_sd_configs", sd::ReadLinode},
    {"marathon_sd_configs", sd::ReadMarathon},
    {"msk_sd_configs", sd::ReadMsk},
    {"nerve_sd_configs", sd::ReadNerve},
    {"nomad_sd_configs", sd::ReadNomad},
    {"oci_sd_configs", sd::ReadOci},
    {"openstack_sd_configs", sd::ReadOpenStack},
    {"outscale_sd_configs", sd::ReadOutscale},
    {"ovhcloud_sd_configs", sd::ReadOvhcloud},
    {"puppetdb_sd_configs", sd::ReadPuppetDb},
    {"rds_sd_configs", sd::ReadRds},
    {"scaleway_sd_configs", sd::ReadScaleway},
    {"serverset_sd_configs", sd::ReadServerset},
    {"stackit_sd_configs", sd::ReadStackit},
    {"triton_sd_configs", sd::ReadTriton},
    {"uyuni_sd_configs", sd::ReadUyuni},
    {"vultr_sd_configs", sd::ReadVultr},
};

}  // namespace

void ReadServiceDiscovery(Object& obj, std::vector<std::string>* discovery_names,
                          std::vector<std::string>* file_sd_files,
                          std::vector<Origin>* plaintext_secrets) {
  sd::Env env{file_sd_files, plaintext_secrets};
  for (const Mechanism& m : kMechanisms) {
    if (obj.Has(m.field) && discovery_names != nullptr) {
      discovery_names->emplace_back(m.field);
    }
    for (Object& entry : obj.List(m.field)) {
      if (entry.node() == nullptr) continue;  // not a mapping: already reported
      m.read(entry, env);
      entry.Finish();
    }
  }
}

std::vector<std::string> ServiceDiscoveryFields() {
  std::vector<std::string> out;
  for (const Mechanism& m : kMechanisms) out.emplace_back(m.field);
  return out;
}

}  // namespace ttam::config
