#include <doctest/doctest.h>

#include <cstdlib>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

#include "config/sd/common.h"
#include "config/sd/discovery.h"
#include "support/memory_fs.h"

namespace ttam::config {
namespace {

// Files that exist for the tests, relative to /etc/prom/prometheus.yml.
testing::MemoryFileSystem SdFiles() {
  testing::MemoryFileSystem fs;
  fs.files = {
      {"/etc/prom/cert.pem", "cert"},
      {"/etc/prom/key.pem", "key"},
      {"/etc/prom/secret", "s"},
      {"/etc/prom/kubeconfig", "k"},
      {"/etc/prom/targets/a.json", R"([{"targets": ["a:9100"]}])"},
      {"/etc/prom/targets/b.yml", "- targets: [b:9100]\n"},
      {"/etc/prom/targets/bad.yml", "- targats: [b:9100]\n"},
  };
  return fs;
}

struct SdOutcome {
  std::string diagnostics;  // "line:col: message [check]" per finding
  std::vector<std::string> names, files;
};

SdOutcome LoadSd(std::string_view input) {
  diag::CollectingSink sink;
  testing::MemoryFileSystem fs = SdFiles();
  auto doc = yaml::Parse("/etc/prom/prometheus.yml", std::string(input), sink);
  REQUIRE(doc != nullptr);
  Context ctx(*doc, sink, fs, ReaderIds());
  Object root(ctx, &doc->root, "job");
  SdOutcome out;
  ReadServiceDiscovery(root, &out.names, &out.files);
  root.Finish();
  std::ostringstream ss;
  for (const diag::Diagnostic& d : sink.diagnostics) {
    ss << d.line << ":" << d.column << ": " << d.message << " [" << d.check << "]\n";
  }
  out.diagnostics = ss.str();
  return out;
}

struct SdCase {
  std::string_view name, input, want;
};

// At least one accepted and one rejected entry per mechanism; the rejected
// ones mirror upstream's config/testdata/*.bad.yml where one exists.
constexpr SdCase kSdCases[] = {
    {"aws good",
     "aws_sd_configs: [{role: ec2, region: us-east-1, filters: [{name: a, values: [b]}]}]", ""},
    {"aws role missing", "aws_sd_configs: [{region: us-east-1}]",
     "1:18: job.aws_sd_configs[0].role: aws discovery needs a role (one of ec2, ecs, elasticache, "
     "lightsail, msk, rds) [config/required]\n"},
    {"aws role unknown", "aws_sd_configs: [{role: s3}]",
     "1:25: job.aws_sd_configs[0].role: unknown value \"s3\"; use one of ec2, ecs, elasticache, "
     "lightsail, msk, rds [config/value]\n"},
    {"aws elasticache and rds roles",
     "aws_sd_configs: [{role: elasticache, clusters: [c]}, {role: rds, filters: [{name: engine, "
     "values: [postgres]}], clusters: [c]}]",
     ""},
    {"aws filter values not checked", "aws_sd_configs: [{role: ec2, filters: [{name: a}]}]", ""},
    {"aws request_concurrency is per service",
     "aws_sd_configs: [{role: ecs, request_concurrency: 5}]",
     "1:30: unknown field \"request_concurrency\" in job.aws_sd_configs[0] (Prometheus rejects "
     "fields it does not know) [config/unknown-field]\n"},
    {"azure good",
     "azure_sd_configs:\n  - subscription_id: s\n    tenant_id: t\n    client_id: c\n    "
     "client_secret: x\n",
     ""},
    {"azure managed identity",
     "azure_sd_configs: [{subscription_id: s, authentication_method: ManagedIdentity}]", ""},
    {"azure client_id missing",
     "azure_sd_configs:\n  - subscription_id: s\n    tenant_id: t\n    client_id:\n    "
     "client_secret: x\n",
     "5:5: job.azure_sd_configs[0].client_id: OAuth needs a client_id (or choose another "
     "authentication_method) [config/required]\n"},
    {"azure subscription missing", "azure_sd_configs: [{authentication_method: SDK}]",
     "1:20: job.azure_sd_configs[0].subscription_id: azure discovery needs a subscription_id "
     "[config/required]\n"},
    {"azure authentication method",
     "azure_sd_configs: [{authentication_method: invalid, subscription_id: s}]",
     "1:44: job.azure_sd_configs[0].authentication_method: unknown value \"invalid\"; use one of "
     "OAuth, ManagedIdentity, SDK, WorkloadIdentity [config/value]\n"},
    {"azure bearer and basic auth",
     "azure_sd_configs: [{subscription_id: s, authentication_method: SDK, bearer_token: 1234, "
     "basic_auth: {username: u}}]",
     "1:83: job.azure_sd_configs[0].bearer_token: bearer_token cannot be combined with basic_auth: "
     "configure one authentication method [config/conflict]\n"},
    {"consul good",
     "consul_sd_configs: [{server: 'localhost:1234', token: t, services: [a], tags: [b], "
     "node_meta: {rack: '1'}, allow_stale: true, scheme: https, health_filter: x}]",
     ""},
    {"consul token and authorization",
     "consul_sd_configs: [{token: t, authorization: {credentials: c}}]",
     "1:29: job.consul_sd_configs[0].token: token cannot be combined with authorization or oauth2: "
     "keep one of them [config/conflict]\n"},
    {"consul empty server", "consul_sd_configs: [{server: ''}]",
     "1:30: job.consul_sd_configs[0].server: consul discovery needs a server address (default "
     "localhost:8500) [config/required]\n"},
    {"digitalocean good",
     "digitalocean_sd_configs: [{authorization: {credentials: abc}, port: 9100}]", ""},
    {"digitalocean unknown field", "digitalocean_sd_configs: [{region: x}]",
     "1:28: unknown field \"region\" in job.digitalocean_sd_configs[0] (Prometheus rejects fields "
     "it does not know) [config/unknown-field]\n"},
    {"dns good", "dns_sd_configs: [{names: [a.example], type: a, port: 9100}]", ""},
    {"dns no names", "dns_sd_configs: [{type: SRV}]",
     "1:18: job.dns_sd_configs[0].names: dns discovery needs at least one record name in names "
     "[config/required]\n"},
    {"dns A without port", "dns_sd_configs: [{names: [a.example], type: A}]",
     "1:18: job.dns_sd_configs[0].port: a port is required for A records (only SRV records carry "
     "one) [config/required]\n"},
    {"dns bad type", "dns_sd_configs: [{names: [a.example], type: TXT}]",
     "1:45: job.dns_sd_configs[0].type: invalid DNS record type \"TXT\"; use SRV, A, AAAA, MX or "
     "NS [config/value]\n"},
    {"dns bad refresh", "dns_sd_configs: [{names: [a.example], refresh_interval: 1.5m}]",
     "1:57: job.dns_sd_configs[0].refresh_interval: invalid duration \"1.5m\": use an integer and "
     "a unit, e.g. 10s, 1m30s, 500ms (units: ms, s, m, h, d, w, y) [config/value]\n"},
    {"docker good",
     "docker_sd_configs: [{host: 'unix:///var/run/docker.sock', filters: [{name: status, values: "
     "[running]}]}]",
     ""},
    {"docker no host", "docker_sd_configs: [{port: 80}]",
     "1:21: job.docker_sd_configs[0].host: docker discovery needs a host, e.g. "
     "unix:///var/run/docker.sock [config/required]\n"},
    {"dockerswarm good", "dockerswarm_sd_configs: [{host: 'http://127.0.0.1:2375', role: nodes}]",
     ""},
    {"dockerswarm bad role",
     "dockerswarm_sd_configs: [{host: 'http://127.0.0.1:2375', role: containers}]",
     "1:64: job.dockerswarm_sd_configs[0].role: unknown value \"containers\"; use one of services, "
     "tasks, nodes [config/value]\n"},
    {"dockerswarm no role", "dockerswarm_sd_configs: [{host: 'http://127.0.0.1:2375'}]",
     "1:26: job.dockerswarm_sd_configs[0].role: dockerswarm discovery needs a role (one of "
     "services, tasks, nodes) [config/required]\n"},
    {"ec2 good",
     "ec2_sd_configs: [{region: us-east-1, access_key: a, secret_key: s, filters: [{name: "
     "'tag:env', values: [prod]}]}]",
     ""},
    {"ec2 without region", "ec2_sd_configs: [{port: 9090}]", ""},
    {"ec2 filter values empty",
     "ec2_sd_configs:\n  - region: us-east-1\n    filters:\n      - name: tag:environment\n        "
     "values:\n",
     "6:1: job.ec2_sd_configs[0].filters[0].values: filter values cannot be empty: list at least "
     "one value to match [config/required]\n"},
    {"ec2 token file",
     "ec2_sd_configs: [{region: us-east-1, bearer_token: foo, bearer_token_file: secret}]",
     "1:76: job.ec2_sd_configs[0].bearer_token_file: set only one of bearer_token and "
     "bearer_token_file (better: authorization with credentials_file) [config/conflict]\n"},
    {"ecs good", "ecs_sd_configs: [{port: 9090, clusters: [a], external_id: x}]", ""},
    {"elasticache good", "elasticache_sd_configs: [{port: 9090}]", ""},
    {"msk good", "msk_sd_configs: [{port: 9090, clusters: [a]}]", ""},
    {"rds good", "rds_sd_configs: [{port: 9090}]", ""},
    {"rds unknown field", "rds_sd_configs: [{prot: 9090}]",
     "1:19: unknown field \"prot\" in job.rds_sd_configs[0]; did you mean \"port\"? "
     "[config/unknown-field]\n"},
    {"request_concurrency good",
     "ecs_sd_configs: [{request_concurrency: 5}]\nelasticache_sd_configs: [{request_concurrency: "
     "5, clusters: [c]}]\nmsk_sd_configs: [{request_concurrency: 5}]\n",
     ""},
    {"rds clusters and filters",
     "rds_sd_configs: [{clusters: [c], request_concurrency: 5, filters: [{name: engine}], "
     "external_id: x}]",
     ""},
    {"ecs request_concurrency type", "ecs_sd_configs: [{request_concurrency: many}]",
     "1:40: job.ecs_sd_configs[0].request_concurrency: expected a whole number, got \"many\" "
     "[config/type]\n"},
    {"ec2 filter values required", "ec2_sd_configs: [{filters: [{name: a}]}]",
     "1:29: job.ec2_sd_configs[0].filters[0].values: filter values cannot be empty: list at least "
     "one value to match [config/required]\n"},
    {"eureka good", "eureka_sd_configs: [{server: 'http://eureka.example.com:8761/eureka'}]", ""},
    {"eureka no server", "eureka_sd_configs:\n  - server:\n",
     "3:1: job.eureka_sd_configs[0].server: eureka discovery needs a server URL, e.g. "
     "http://eureka:8761/eureka [config/required]\n"},
    {"eureka invalid server", "eureka_sd_configs: [{server: eureka.com}]",
     "1:30: job.eureka_sd_configs[0].server: invalid eureka server URL \"eureka.com\": it needs a "
     "scheme and a host, e.g. http://eureka:8761/eureka [config/value]\n"},
    {"file good",
     "file_sd_configs: [{files: ['targets/*.json', targets/b.yml], refresh_interval: 10m}]", ""},
    {"file no files", "file_sd_configs: [{refresh_interval: 1m}]",
     "1:19: job.file_sd_configs[0].files: file discovery needs at least one file pattern in files "
     "[config/required]\n"},
    {"file bad extension", "file_sd_configs: [{files: [targets/a.txt]}]",
     "1:28: job.file_sd_configs[0].files[0]: \"targets/a.txt\" is not a valid file discovery path: "
     "it must end in .json, .yml or .yaml and may use '*' only in the last path element "
     "[config/value]\n"},
    {"file invalid content", "file_sd_configs: [{files: [targets/bad.yml]}]",
     "1:3: unknown field \"targats\" in [0]; did you mean \"targets\"? [config/unknown-field]\n"
     "1:28: job.file_sd_configs[0].files[0]: file_sd file /etc/prom/targets/bad.yml is not a valid "
     "list of target groups (see its errors) [config/file]\n"},
    {"gce good", "gce_sd_configs: [{project: p, zone: z}]", ""},
    {"gce missing zone", "gce_sd_configs: [{project: p}]",
     "1:18: job.gce_sd_configs[0].zone: gce discovery needs a zone [config/required]\n"},
    {"hetzner good", "hetzner_sd_configs: [{role: hcloud, authorization: {credentials: abc}}]", ""},
    {"hetzner role", "hetzner_sd_configs: [{role: invalid}]",
     "1:29: job.hetzner_sd_configs[0].role: unknown value \"invalid\"; use one of hcloud, robot "
     "[config/value]\n"},
    {"http good", "http_sd_configs: [{url: 'http://example.com/prometheus'}]", ""},
    {"http no scheme", "http_sd_configs: [{url: invalid}]",
     "1:25: job.http_sd_configs[0].url: URL \"invalid\" must start with http:// or https:// "
     "[config/value]\n"},
    {"http bad scheme", "http_sd_configs: [{url: 'ftp://example.com'}]",
     "1:25: job.http_sd_configs[0].url: URL \"ftp://example.com\" must start with http:// or "
     "https:// [config/value]\n"},
    {"http no host", "http_sd_configs: [{url: 'http://'}]",
     "1:25: job.http_sd_configs[0].url: URL \"http://\" has no host [config/value]\n"},
    {"http token file",
     "http_sd_configs: [{url: 'http://foo', bearer_token: foo, bearer_token_file: secret}]",
     "1:77: job.http_sd_configs[0].bearer_token_file: set only one of bearer_token and "
     "bearer_token_file (better: authorization with credentials_file) [config/conflict]\n"},
    {"ionos good",
     "ionos_sd_configs: [{datacenter_id: 8feda53f, authorization: {credentials: abc}}]", ""},
    {"ionos datacenter", "ionos_sd_configs: [{datacenter_id: ''}]",
     "1:36: job.ionos_sd_configs[0].datacenter_id: ionos discovery needs a datacenter_id "
     "[config/required]\n"},
    {"kubernetes good",
     "kubernetes_sd_configs:\n  - role: endpoints\n    api_server: https://localhost:1234\n    "
     "tls_config: {cert_file: cert.pem, key_file: key.pem}\n    basic_auth: {username: u, "
     "password: p}\n    namespaces: {names: [default]}\n",
     ""},
    {"kubernetes in cluster",
     "kubernetes_sd_configs: [{role: pod, namespaces: {own_namespace: true}, attach_metadata: "
     "{node: true}}]",
     ""},
    {"kubernetes kubeconfig",
     "kubernetes_sd_configs: [{role: endpoints, kubeconfig_file: kubeconfig}]", ""},
    {"kubernetes role", "kubernetes_sd_configs: [{api_server: 'kubernetes:443', role: vacation}]",
     "1:62: job.kubernetes_sd_configs[0].role: unknown value \"vacation\"; use one of pod, "
     "service, endpoints, endpointslice, node, ingress [config/value]\n"},
    {"kubernetes role missing", "kubernetes_sd_configs: [{api_server: 'kubernetes:443'}]",
     "1:25: job.kubernetes_sd_configs[0].role: kubernetes discovery needs a role (one of pod, "
     "service, endpoints, endpointslice, node, ingress) [config/required]\n"},
    {"kubernetes http config without api_server",
     "kubernetes_sd_configs: [{role: pod, authorization: {credentials: 1234}}]",
     "1:25: job.kubernetes_sd_configs[0].api_server: HTTP client options need an explicit "
     "api_server URL (in-cluster access uses the pod's service account) [config/required]\n"},
    {"kubernetes kubeconfig with api_server",
     "kubernetes_sd_configs: [{role: endpoints, api_server: 'https://localhost:1234', "
     "kubeconfig_file: kubeconfig}]",
     "1:98: job.kubernetes_sd_configs[0].kubeconfig_file: api_server and kubeconfig_file cannot "
     "both be set: the kubeconfig names the API server [config/conflict]\n"},
    {"kubernetes kubeconfig with http config",
     "kubernetes_sd_configs: [{role: endpoints, kubeconfig_file: kubeconfig, basic_auth: "
     "{username: u, password: p}}]",
     "1:60: job.kubernetes_sd_configs[0].kubeconfig_file: HTTP client options (authentication, "
     "TLS, proxy) cannot be combined with kubeconfig_file: put them in the kubeconfig "
     "[config/conflict]\n"},
    {"kubernetes api_server with own namespace",
     "kubernetes_sd_configs: [{role: endpoints, api_server: 'https://localhost:1234', namespaces: "
     "{own_namespace: true}}]",
     "1:109: job.kubernetes_sd_configs[0].namespaces.own_namespace: own_namespace only works "
     "in-cluster: it cannot be combined with api_server [config/conflict]\n"},
    {"kubernetes namespaces unknown field",
     "kubernetes_sd_configs: [{role: endpoints, namespaces: {foo: bar}}]",
     "1:56: unknown field \"foo\" in job.kubernetes_sd_configs[0].namespaces (Prometheus rejects "
     "fields it does not know) [config/unknown-field]\n"},
    {"kubernetes authorization and basic auth",
     "kubernetes_sd_configs: [{role: pod, api_server: 'https://localhost:1234', authorization: "
     "{credentials: 1234}, basic_auth: {username: u}}]",
     "1:90: job.kubernetes_sd_configs[0].authorization: authorization cannot be combined with "
     "basic_auth: configure one authentication method [config/conflict]\n"},
    {"kubernetes selectors good",
     "kubernetes_sd_configs:\n  - role: pod\n    selectors:\n      - role: pod\n        label: foo "
     "in (bar,baz)\n        field: metadata.status=Running\n      - role: node\n        label: "
     "'!foo,bar!=x'\n",
     ""},
    {"kubernetes selector role not allowed",
     "kubernetes_sd_configs:\n  - role: ingress\n    selectors:\n      - role: node\n        "
     "label: foo=bar\n",
     "4:15: job.kubernetes_sd_configs[0].selectors[0].role: role ingress supports only ingress "
     "selectors, not \"node\" [config/value]\n"},
    {"kubernetes duplicated selector",
     "kubernetes_sd_configs:\n  - role: endpoints\n    selectors:\n      - role: pod\n      - "
     "role: pod\n",
     "5:15: job.kubernetes_sd_configs[0].selectors[1].role: a second selector for role \"pod\": "
     "merge them into one [config/duplicate]\n"},
    {"kubernetes incorrect field selector",
     "kubernetes_sd_configs:\n  - role: endpoints\n    selectors:\n      - role: pod\n        "
     "field: metadata.status-Running\n",
     "5:16: job.kubernetes_sd_configs[0].selectors[0].field: invalid field selector: "
     "'metadata.status-Running' is not a field requirement: use key=value, key==value or "
     "key!=value [config/value]\n"},
    {"kubernetes incorrect label selector",
     "kubernetes_sd_configs:\n  - role: pod\n    selectors:\n      - role: pod\n        label: foo "
     "in bar\n",
     "5:16: job.kubernetes_sd_configs[0].selectors[0].label: invalid label selector: 'in' needs a "
     "parenthesized list of values in 'foo in bar' [config/value]\n"},
    {"kubernetes selectors as Kubernetes parses them",
     "kubernetes_sd_configs:\n  - role: pod\n    selectors:\n      - role: pod\n        label: "
     "'app.kubernetes.io/name notin (), tier>3,!x'\n        field: "
     "'metadata.name=a\\,b,,status.phase!=Running,'\n",
     ""},
    {"kubernetes field selector unescaped equals",
     "kubernetes_sd_configs:\n  - role: pod\n    selectors:\n      - role: pod\n        field: "
     "metadata.name==a=b\n",
     "5:16: job.kubernetes_sd_configs[0].selectors[0].field: invalid field selector: unescaped '=' "
     "in the value of 'metadata.name==a=b': write \\= [config/value]\n"},
    {"kubernetes field selector bad escape",
     "kubernetes_sd_configs:\n  - role: pod\n    selectors:\n      - role: pod\n        field: "
     "'metadata.name=a\\x'\n",
     "5:16: job.kubernetes_sd_configs[0].selectors[0].field: invalid field selector: invalid "
     "escape sequence in 'metadata.name=a\\x': only \\\\, \\, and \\= are allowed "
     "[config/value]\n"},
    {"kubernetes field selector blank term",
     "kubernetes_sd_configs:\n  - role: pod\n    selectors:\n      - role: pod\n        field: ' "
     "'\n",
     "5:16: job.kubernetes_sd_configs[0].selectors[0].field: invalid field selector: ' ' is not a "
     "field requirement: use key=value, key==value or key!=value [config/value]\n"},
    {"kubernetes label selector number overflow",
     "kubernetes_sd_configs:\n  - role: pod\n    selectors:\n      - role: pod\n        label: "
     "'a>99999999999999999999'\n",
     "5:16: job.kubernetes_sd_configs[0].selectors[0].label: invalid label selector: '>' needs an "
     "integer in 'a>99999999999999999999' [config/value]\n"},
    {"kubernetes label selector signed number",
     "kubernetes_sd_configs:\n  - role: pod\n    selectors:\n      - role: pod\n        label: "
     "'a<-1'\n",
     "5:16: job.kubernetes_sd_configs[0].selectors[0].label: invalid label selector: '<' needs an "
     "integer in 'a<-1' [config/value]\n"},
    {"kubernetes label key prefix",
     "kubernetes_sd_configs:\n  - role: pod\n    selectors:\n      - role: pod\n        label: "
     "'Example.com/app=x'\n",
     "5:16: job.kubernetes_sd_configs[0].selectors[0].label: invalid label selector: invalid label "
     "key in 'Example.com/app=x' [config/value]\n"},
    {"kuma good",
     "kuma_sd_configs: [{server: 'http://kuma-control-plane.kuma-system.svc:5676', client_id: p}]",
     ""},
    {"kuma server without scheme", "kuma_sd_configs: [{server: kuma:5676}]",
     "1:28: job.kuma_sd_configs[0].server: kuma server \"kuma:5676\" needs a scheme and a host, "
     "e.g. http://kuma-control-plane.kuma-system.svc:5676 [config/value]\n"},
    {"lightsail good",
     "lightsail_sd_configs: [{region: us-east-1, access_key: a, secret_key: s, profile: p}]", ""},
    {"lightsail token file",
     "lightsail_sd_configs: [{region: us-east-1, bearer_token: foo, bearer_token_file: secret}]",
     "1:82: job.lightsail_sd_configs[0].bearer_token_file: set only one of bearer_token and "
     "bearer_token_file (better: authorization with credentials_file) [config/conflict]\n"},
    {"linode good", "linode_sd_configs: [{authorization: {credentials: abc}, tag_separator: ','}]",
     ""},
    {"linode unknown field", "linode_sd_configs: [{tags: [a]}]",
     "1:22: unknown field \"tags\" in job.linode_sd_configs[0] (Prometheus rejects fields it does "
     "not know) [config/unknown-field]\n"},
    {"marathon good",
     "marathon_sd_configs: [{servers: ['https://marathon.example.com:443'], auth_token: t}]", ""},
    {"marathon no servers", "marathon_sd_configs:\n  - servers:\n",
     "3:1: job.marathon_sd_configs[0].servers: marathon discovery needs at least one server in "
     "servers [config/required]\n"},
    {"marathon auth token and file",
     "marathon_sd_configs: [{servers: [s], auth_token: t, auth_token_file: secret}]",
     "1:70: job.marathon_sd_configs[0].auth_token_file: set only one of auth_token and "
     "auth_token_file [config/conflict]\n"},
    {"marathon auth token and basic auth",
     "marathon_sd_configs: [{servers: [s], auth_token: t, basic_auth: {username: u}}]",
     "1:50: job.marathon_sd_configs[0].auth_token: auth_token cannot be combined with basic_auth "
     "[config/conflict]\n"},
    {"marathon auth token and bearer token",
     "marathon_sd_configs: [{servers: [s], auth_token: t, bearer_token: b}]",
     "1:50: job.marathon_sd_configs[0].auth_token: auth_token cannot be combined with bearer_token "
     "or bearer_token_file [config/conflict]\n"},
    {"marathon auth token and authorization",
     "marathon_sd_configs: [{servers: [s], auth_token: t, authorization: {credentials: c}}]",
     "1:50: job.marathon_sd_configs[0].auth_token: auth_token cannot be combined with "
     "authorization [config/conflict]\n"},
    {"nerve good", "nerve_sd_configs: [{servers: [localhost], paths: [/monitoring], timeout: 10s}]",
     ""},
    {"nerve relative path", "nerve_sd_configs: [{servers: [localhost], paths: [monitoring]}]",
     "1:50: job.nerve_sd_configs[0].paths: path \"monitoring\" must begin with '/' "
     "[config/value]\n"},
    {"serverset no servers", "serverset_sd_configs: [{paths: [/a]}]",
     "1:24: job.serverset_sd_configs[0].servers: serverset discovery needs at least one Zookeeper "
     "server [config/required]\n"},
    {"nomad good", "nomad_sd_configs: [{server: 'http://localhost:4646'}]", ""},
    {"nomad no server", "nomad_sd_configs: [{region: global}]",
     "1:20: job.nomad_sd_configs[0].server: nomad discovery needs a server address "
     "[config/required]\n"},
    {"oci good",
     "oci_sd_configs: [{region: us-ashburn-1, tenancy: t, user: u, fingerprint: f, key_file: "
     "key.pem, compartments: [c], port: 9100}]",
     ""},
    {"oci authentication method", "oci_sd_configs: [{auth: invalid, region: us-ashburn-1}]",
     "1:25: job.oci_sd_configs[0].auth: unknown value \"invalid\"; use one of api_key, "
     "instance_principal [config/value]\n"},
    {"oci instance principal",
     "oci_sd_configs: [{auth: instance_principal, region: us-ashburn-1, refresh_interval: 5m, "
     "tls_config: {insecure_skip_verify: true}}]",
     ""},
    {"oci instance principal with api key fields",
     "oci_sd_configs: [{auth: instance_principal, region: us-ashburn-1, user: u}]",
     "1:73: job.oci_sd_configs[0].user: user is for api_key auth: instance_principal takes its "
     "credentials from the instance [config/conflict]\n"},
    {"oci api key missing fields",
     "oci_sd_configs: [{region: us-ashburn-1, tenancy: t, key_passphrase_file: secret}]",
     "1:18: job.oci_sd_configs[0].user: api_key auth needs a user (or use auth: "
     "instance_principal) [config/required]\n"
     "1:18: job.oci_sd_configs[0].fingerprint: api_key auth needs a fingerprint (or use auth: "
     "instance_principal) [config/required]\n"
     "1:18: job.oci_sd_configs[0].key_file: api_key auth needs a key_file (or use auth: "
     "instance_principal) [config/required]\n"},
    {"oci two passphrases",
     "oci_sd_configs: [{auth: api_key, region: r, tenancy: t, user: u, fingerprint: f, key_file: "
     "key.pem, key_passphrase: p, key_passphrase_file: secret}]",
     "1:141: job.oci_sd_configs[0].key_passphrase_file: set only one of key_passphrase and "
     "key_passphrase_file [config/conflict]\n"},
    {"oci no region", "oci_sd_configs: [{auth: instance_principal}]",
     "1:18: job.oci_sd_configs[0].region: oci discovery needs a region [config/required]\n"},
    {"oci empty compartment",
     "oci_sd_configs: [{auth: instance_principal, region: r, compartments: [a, '']}]",
     "1:70: job.oci_sd_configs[0].compartments: compartments[1] must not be empty "
     "[config/value]\n"},
    {"oci zero refresh",
     "oci_sd_configs: [{auth: instance_principal, region: r, refresh_interval: 0s}]",
     "1:74: job.oci_sd_configs[0].refresh_interval: refresh_interval must be positive "
     "[config/value]\n"},
    {"openstack good",
     "openstack_sd_configs: [{role: instance, region: RegionOne, tls_config: {cert_file: cert.pem, "
     "key_file: key.pem}}]",
     ""},
    {"openstack role", "openstack_sd_configs: [{role: invalid, region: r}]",
     "1:31: job.openstack_sd_configs[0].role: unknown value \"invalid\"; use one of instance, "
     "hypervisor, loadbalancer [config/value]\n"},
    {"openstack availability",
     "openstack_sd_configs: [{availability: invalid, role: instance, region: r}]",
     "1:39: job.openstack_sd_configs[0].availability: unknown value \"invalid\"; use one of "
     "public, internal, admin [config/value]\n"},
    {"openstack region missing", "openstack_sd_configs: [{role: hypervisor}]",
     "1:24: job.openstack_sd_configs[0].region: openstack discovery needs a region "
     "[config/required]\n"},
    {"outscale good", "outscale_sd_configs: [{region: eu-west-2, access_key: a, secret_key: s}]",
     ""},
    {"outscale default region and secret file",
     "outscale_sd_configs: [{access_key: a, secret_key_file: secret}]", ""},
    {"outscale no access key", "outscale_sd_configs: [{secret_key: s}]",
     "1:23: job.outscale_sd_configs[0].access_key: outscale discovery needs an access_key "
     "[config/required]\n"},
    {"outscale no region", "outscale_sd_configs: [{region: '', access_key: a, secret_key: s}]",
     "1:32: job.outscale_sd_configs[0].region: outscale discovery needs a region "
     "[config/required]\n"},
    {"outscale no secret", "outscale_sd_configs: [{region: eu-west-2, access_key: a}]",
     "1:23: job.outscale_sd_configs[0].secret_key: outscale discovery needs secret_key or "
     "secret_key_file [config/required]\n"},
    {"outscale two secrets",
     "outscale_sd_configs: [{region: eu-west-2, access_key: a, secret_key: s, secret_key_file: "
     "secret}]",
     "1:90: job.outscale_sd_configs[0].secret_key_file: set only one of secret_key and "
     "secret_key_file [config/conflict]\n"},
    {"ovhcloud good",
     "ovhcloud_sd_configs: [{service: vps, endpoint: ovh-eu, application_key: k, "
     "application_secret: s, consumer_key: c}]",
     ""},
    {"ovhcloud bad service",
     "ovhcloud_sd_configs: [{service: fakeservice, application_key: k, application_secret: s, "
     "consumer_key: c}]",
     "1:33: job.ovhcloud_sd_configs[0].service: unknown value \"fakeservice\"; use one of vps, "
     "dedicated_server [config/value]\n"},
    {"ovhcloud no secret",
     "ovhcloud_sd_configs: [{service: dedicated_server, application_key: k, consumer_key: c}]",
     "1:23: job.ovhcloud_sd_configs[0].application_secret: ovhcloud discovery needs an "
     "application_secret [config/required]\n"},
    {"puppetdb good",
     "puppetdb_sd_configs: [{url: 'https://puppetserver/', query: 'resources { }', "
     "include_parameters: true}]",
     ""},
    {"puppetdb no query", "puppetdb_sd_configs: [{url: 'http://puppetserver/'}]",
     "1:23: job.puppetdb_sd_configs[0].query: puppetdb discovery needs a PQL query "
     "[config/required]\n"},
    {"puppetdb no url", "puppetdb_sd_configs: [{query: q}]",
     "1:23: job.puppetdb_sd_configs[0].url: a URL is required, e.g. http://example.com/targets "
     "[config/required]\n"},
    {"puppetdb bad url", "puppetdb_sd_configs: [{url: 'http://', query: q}]",
     "1:29: job.puppetdb_sd_configs[0].url: URL \"http://\" has no host [config/value]\n"},
    {"puppetdb no scheme", "puppetdb_sd_configs: [{url: 'ftp://puppet', query: q}]",
     "1:29: job.puppetdb_sd_configs[0].url: URL \"ftp://puppet\" must start with http:// or "
     "https:// [config/value]\n"},
    {"scaleway good",
     "scaleway_sd_configs: [{role: instance, project_id: p, access_key: a, secret_key: s}]", ""},
    {"scaleway role",
     "scaleway_sd_configs: [{role: invalid, project_id: p, access_key: a, secret_key_file: "
     "secret}]",
     "1:30: job.scaleway_sd_configs[0].role: unknown value \"invalid\"; use one of instance, "
     "baremetal [config/value]\n"},
    {"scaleway no secret", "scaleway_sd_configs: [{role: instance, project_id: p, access_key: a}]",
     "1:23: job.scaleway_sd_configs[0].secret_key: scaleway discovery needs secret_key or "
     "secret_key_file [config/required]\n"},
    {"scaleway two secrets",
     "scaleway_sd_configs: [{role: baremetal, project_id: p, access_key: a, secret_key: s, "
     "secret_key_file: secret}]",
     "1:103: job.scaleway_sd_configs[0].secret_key_file: set only one of secret_key and "
     "secret_key_file [config/conflict]\n"},
    {"stackit good",
     "stackit_sd_configs: [{project: p, service_account_key: k, private_key: pk, authorization: "
     "{credentials: abc}}]",
     ""},
    {"stackit endpoint", "stackit_sd_configs: [{endpoint: '://invalid'}]",
     "1:33: job.stackit_sd_configs[0].endpoint: invalid endpoint \"://invalid\": missing protocol "
     "scheme [config/value]\n"},
    {"stackit roles",
     "stackit_sd_configs: [{role: server, project: p}, {role: postgres_flex, project: p, region: "
     "eu01}]",
     ""},
    {"stackit bad role", "stackit_sd_configs: [{role: postgres, project: p}]",
     "1:29: job.stackit_sd_configs[0].role: unknown value \"postgres\"; use one of server, "
     "postgres_flex [config/value]\n"},
    {"stackit no region or endpoint", "stackit_sd_configs: [{project: p, region: ''}]",
     "1:43: job.stackit_sd_configs[0].region: stackit discovery needs a region or an endpoint "
     "[config/required]\n"},
    {"stackit endpoint without region",
     "stackit_sd_configs: [{project: p, region: '', endpoint: 'https://iaas.api.stackit.cloud'}]",
     ""},
    {"triton good",
     "triton_sd_configs: [{account: a, dns_suffix: d, endpoint: e, port: 9163, refresh_interval: "
     "1m, version: 1, tls_config: {cert_file: cert.pem, key_file: key.pem}}]",
     ""},
    {"triton missing fields", "triton_sd_configs: [{role: cn}]",
     "1:21: job.triton_sd_configs[0].account: triton discovery needs an account [config/required]\n"
     "1:21: job.triton_sd_configs[0].dns_suffix: triton discovery needs a dns_suffix "
     "[config/required]\n"
     "1:21: job.triton_sd_configs[0].endpoint: triton discovery needs an endpoint "
     "[config/required]\n"},
    {"triton bad role", "triton_sd_configs: [{account: a, dns_suffix: d, endpoint: e, role: vm}]",
     "1:68: job.triton_sd_configs[0].role: unknown value \"vm\"; use one of container, cn "
     "[config/value]\n"},
    {"uyuni good",
     "uyuni_sd_configs: [{server: 'https://localhost:1234', username: u, password: p}]", ""},
    {"uyuni no server", "uyuni_sd_configs:\n  - server:\n    username: u\n    password: p\n",
     "3:5: job.uyuni_sd_configs[0].server: uyuni discovery needs the server URL "
     "[config/required]\n"},
    {"uyuni token file",
     "uyuni_sd_configs: [{server: s, username: u, password: p, bearer_token: foo, "
     "bearer_token_file: secret}]",
     "1:96: job.uyuni_sd_configs[0].bearer_token_file: set only one of bearer_token and "
     "bearer_token_file (better: authorization with credentials_file) [config/conflict]\n"},
    {"vultr good", "vultr_sd_configs: [{authorization: {credentials: abc}}]", ""},
    {"vultr bad port", "vultr_sd_configs: [{port: http}]",
     "1:27: job.vultr_sd_configs[0].port: expected a whole number, got \"http\" [config/type]\n"},
    {"null entry", "gce_sd_configs: [~]",
     "1:18: job.gce_sd_configs[0]: empty entry: remove it or fill it in [config/value]\n"},
    {"not a list", "gce_sd_configs: {project: p}",
     "1:17: job.gce_sd_configs: expected a list, got a mapping [config/type]\n"},
    {"unknown mechanism stays for the caller", "consult_sd_configs: []",
     "1:1: unknown field \"consult_sd_configs\" in job; did you mean \"consul_sd_configs\"? "
     "[config/unknown-field]\n"},
};

TEST_CASE("ReadServiceDiscovery") {
  bool dump = std::getenv("TTAM_DUMP") != nullptr;
  for (const SdCase& c : kSdCases) {
    CAPTURE(c.name);
    std::string got = LoadSd(c.input).diagnostics;
    if (dump) std::cout << "== " << c.name << "\n" << got;
    CHECK(got == c.want);
  }
}

TEST_CASE("ReadServiceDiscovery reports names and file_sd files") {
  SdOutcome out = LoadSd(
      "dns_sd_configs: [{names: [a.example]}]\n"
      "file_sd_configs:\n  - files: ['targets/*.json', targets/b.yml, 'none/*.yml']\n");
  CHECK(out.diagnostics == "");
  CHECK(out.names == std::vector<std::string>{"dns_sd_configs", "file_sd_configs"});
  CHECK(out.files ==
        std::vector<std::string>{"/etc/prom/targets/a.json", "/etc/prom/targets/b.yml"});
}

TEST_CASE("ServiceDiscoveryFields lists every mechanism once") {
  auto fields = ServiceDiscoveryFields();
  CHECK(fields.size() == 36);
  for (const std::string& f : fields) CHECK(f.size() > std::string("_sd_configs").size());
}

TEST_CASE("ParseGoUrl follows net/url") {
  struct UrlCase {
    std::string_view input, scheme, host, error;
  };
  constexpr UrlCase kUrls[] = {
      {"http://example.com:80/x", "http", "example.com:80", ""},
      {"kubernetes:443", "kubernetes", "", ""},
      {"invalid", "", "", ""},
      {"http://", "http", "", ""},
      {"://invalid", "", "", "missing protocol scheme"},
      {"1.2.3.4:80", "", "", "first path segment in URL cannot contain colon"},
      {"http://[::1", "", "", "missing ']' in host"},
      {"http://h:x1/", "", "", "invalid port \":x1\" after host"},
      {"http://h/%zz", "", "", "invalid URL escape \"%zz\""},
      {"unix:///var/run/docker.sock", "unix", "", ""},
  };
  for (const UrlCase& c : kUrls) {
    CAPTURE(c.input);
    auto got = sd::ParseGoUrl(c.input);
    if (c.error.empty()) {
      REQUIRE(got.ok());
      CHECK(got->scheme == c.scheme);
      CHECK(got->host == c.host);
    } else {
      REQUIRE(!got.ok());
      CHECK(got.error().message == c.error);
    }
  }
}

}  // namespace
}  // namespace ttam::config
