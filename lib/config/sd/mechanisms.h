#pragma once

#include "config/sd/common.h"

/// One reader per discovery mechanism, each in lib/config/sd/<name>.cpp. A
/// reader checks one entry of <name>_sd_configs (fields, defaults, Prometheus's
/// validation); the caller rejects unknown fields afterwards. The table that
/// maps field names to readers is in registry.cpp.
namespace ttam::config::sd {

void ReadAws(Object& c, Env& env);          // aws.cpp: aws_sd_configs
void ReadEc2(Object& c, Env& env);          // aws.cpp: ec2_sd_configs
void ReadEcs(Object& c, Env& env);          // aws.cpp: ecs_sd_configs
void ReadElasticache(Object& c, Env& env);  // aws.cpp: elasticache_sd_configs
void ReadLightsail(Object& c, Env& env);    // aws.cpp: lightsail_sd_configs
void ReadMsk(Object& c, Env& env);          // aws.cpp: msk_sd_configs
void ReadRds(Object& c, Env& env);          // aws.cpp: rds_sd_configs
void ReadAzure(Object& c, Env& env);
void ReadConsul(Object& c, Env& env);
void ReadDigitalOcean(Object& c, Env& env);
void ReadDns(Object& c, Env& env);
void ReadDocker(Object& c, Env& env);       // docker.cpp
void ReadDockerSwarm(Object& c, Env& env);  // docker.cpp
void ReadEureka(Object& c, Env& env);
void ReadFile(Object& c, Env& env);
void ReadGce(Object& c, Env& env);
void ReadHetzner(Object& c, Env& env);
void ReadHttp(Object& c, Env& env);
void ReadIonos(Object& c, Env& env);
void ReadKubernetes(Object& c, Env& env);
void ReadKuma(Object& c, Env& env);
void ReadLinode(Object& c, Env& env);
void ReadMarathon(Object& c, Env& env);
void ReadNerve(Object& c, Env& env);      // zookeeper.cpp
void ReadServerset(Object& c, Env& env);  // zookeeper.cpp
void ReadNomad(Object& c, Env& env);
void ReadOci(Object& c, Env& env);
void ReadOpenStack(Object& c, Env& env);
void ReadOutscale(Object& c, Env& env);
void ReadOvhcloud(Object& c, Env& env);
void ReadPuppetDb(Object& c, Env& env);
void ReadScaleway(Object& c, Env& env);
void ReadStackit(Object& c, Env& env);
void ReadTriton(Object& c, Env& env);
void ReadUyuni(Object& c, Env& env);
void ReadVultr(Object& c, Env& env);

}  // namespace ttam::config::sd
