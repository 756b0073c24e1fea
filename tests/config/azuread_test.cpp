// Table tests for the remote_write azuread section: one case per testdata file
// of Prometheus's storage/remote/azuread package (written under a
// remote_write entry), then our own edge cases, with the exact findings.
#include "config/azuread.h"

#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <string_view>

#include "config/config.h"
#include "support/memory_fs.h"

using ttam::config::IsGoUuid;
using ttam::config::Load;
using ttam::testing::MemoryFileSystem;
using ttam::testing::Render;

namespace {

constexpr const char* kAzurePath = "/etc/prometheus/prometheus.yml";

struct AzureCase {
  std::string_view name, azuread, want;
};

// `azuread` is the section's body; it starts on line 4, six columns in.
std::string RemoteWrite(std::string_view azuread) {
  std::string out = "remote_write:\n  - url: http://r/push\n    azuread:\n";
  std::istringstream lines{std::string(azuread)};
  for (std::string line; std::getline(lines, line);) out += "      " + line + "\n";
  return out;
}

MemoryFileSystem AzureFiles() {
  MemoryFileSystem fs;
  fs.files["/path/to/certificate.pem"] = "cert";
  fs.files["/path/to/key.pem"] = "key";
  fs.files["/path/to/certificate.pfx"] = "pfx";
  return fs;
}

// clang-format off
const AzureCase kAzureCases[] = {
    // Upstream testdata, good.
    {"azuread_good_cloudmissing",
     "managed_identity:\n  client_id: 00000000-0000-0000-0000-000000000000\n",
     ""},
    {"azuread_good_managedidentity",
     "cloud: AzurePublic\nmanaged_identity:\n  client_id: 00000000-0000-0000-0000-000000000000\n",
     ""},
    {"azuread_good_defaultmanagedidentity",
     "cloud: AzurePublic\nmanaged_identity:\n  client_id:\n",
     ""},
    {"azuread_good_oauth",
     "cloud: AzurePublic\noauth:\n  client_id: 00000000-0000-0000-0000-000000000000\n  client_secret: Cl1ent$ecret!\n  tenant_id: 00000000-a12b-3cd4-e56f-000000000000\n",
     ""},
    {"azuread_good_oauth_customscope",
     "cloud: AzurePublic\noauth:\n  client_id: 00000000-0000-0000-0000-000000000000\n  client_secret: Cl1ent$ecret!\n  tenant_id: 00000000-a12b-3cd4-e56f-000000000000\nscope: \"https://custom-app.com/.default\"\n",
     ""},
    {"azuread_good_sdk",
     "cloud: AzurePublic\nsdk:\n  tenant_id: 00000000-a12b-3cd4-e56f-000000000000\n",
     ""},
    {"azuread_good_workloadidentity",
     "workload_identity:\n  client_id: \"00000000-0000-0000-0000-000000000000\"\n  tenant_id: \"00000000-a12b-3cd4-e56f-000000000000\"\n  token_file_path: \"/var/run/secrets/azure/tokens/azure-identity-token\"\ncloud: \"AzurePublic\"\n",
     ""},
    {"azuread_good_certificate_with_key",
     "cloud: AzurePublic\ncertificate:\n  client_id: 00000000-0000-0000-0000-000000000000\n  tenant_id: 00000000-a12b-3cd4-e56f-000000000000\n  certificate_path: /path/to/certificate.pem\n  certificate_key_path: /path/to/key.pem\n  send_certificate_chain: true\n",
     ""},
    {"azuread_good_certificate_pfx",
     "cloud: AzurePublic\ncertificate:\n  client_id: 00000000-0000-0000-0000-000000000000\n  tenant_id: 00000000-a12b-3cd4-e56f-000000000000\n  certificate_path: /path/to/certificate.pfx\n  certificate_password: P@ssw0rd!\n",
     ""},

    // Upstream testdata, bad.
    {"azuread_bad_missingclientid (a null method is no method)",
     "cloud: AzurePublic\nmanaged_identity:\n",
     R"(4:7: error: remote_write[0].azuread: no authentication method: add exactly one of managed_identity, workload_identity, oauth, sdk and certificate [config/required])"},
    {"azuread_bad_invalidclientid",
     "cloud: AzurePublic\nmanaged_identity:\n  client_id: foo-foobar-bar-foo-00000000\n",
     R"(6:20: error: remote_write[0].azuread.managed_identity.client_id: client_id "foo-foobar-bar-foo-00000000" is not a UUID: write the user-assigned identity's client ID as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, or remove it to use the system-assigned identity [config/value])"},
    {"azuread_bad_invalidoauthconfig",
     "cloud: AzurePublic\noauth:\n  client_id: 00000000-0000-0000-0000-000000000000\n  client_secret: Cl1ent$ecret!\n",
     R"(6:9: error: remote_write[0].azuread.oauth.tenant_id: required and must not be empty: set it to the directory (tenant) ID [config/required])"},
    {"azuread_bad_twoconfig",
     "cloud: AzurePublic\nmanaged_identity:\n  client_id: 00000000-0000-0000-0000-000000000000\noauth:\n  client_id: 00000000-0000-0000-0000-000000000000\n  client_secret: Cl1ent$ecret!\n  tenant_id: 00000000-a12b-3cd4-e56f-000000000000\n",
     R"(8:9: error: remote_write[0].azuread.oauth: only one authentication method may be configured, this section sets managed_identity, oauth: keep one [config/conflict])"},
    {"azuread_bad_oauthsdkconfig",
     "cloud: AzurePublic\noauth:\n  client_id: 00000000-0000-0000-0000-000000000000\n  client_secret: Cl1ent$ecret!\n  tenant_id: 00000000-a12b-3cd4-e56f-000000000000\nsdk:\n  tenant_id: 00000000-a12b-3cd4-e56f-000000000000\n",
     R"(10:9: error: remote_write[0].azuread.sdk: only one authentication method may be configured, this section sets oauth, sdk: keep one [config/conflict])"},
    {"azuread_bad_workloadidentity_invalidclientid",
     "workload_identity:\n  client_id: \"invalidclientid\"\n  tenant_id: \"00000000-a12b-3cd4-e56f-000000000000\"\ncloud: \"AzurePublic\"\n",
     R"(5:20: error: remote_write[0].azuread.workload_identity.client_id: client_id "invalidclientid" is not a UUID: write the client ID as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx [config/value])"},
    {"azuread_bad_workloadidentity_invalidtenantid",
     "workload_identity:\n  client_id: \"00000000-0000-0000-0000-000000000000\"\n  tenant_id: \"invalid-tenant-id-!\"\ncloud: \"AzurePublic\"\n",
     R"(6:20: error: remote_write[0].azuread.workload_identity.tenant_id: tenant_id "invalid-tenant-id-!" is not a UUID: write the directory (tenant) ID as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx [config/value])"},
    {"azuread_bad_workloadidentity_missingclientid",
     "workload_identity:\n  tenant_id: \"00000000-a12b-3cd4-e56f-000000000000\"\ncloud: \"AzurePublic\"\n",
     R"(5:9: error: remote_write[0].azuread.workload_identity.client_id: required and must not be empty: set it to the client ID of the Entra application or user-assigned identity [config/required])"},
    {"azuread_bad_workloadidentity_missingtenantid",
     "workload_identity:\n  client_id: \"00000000-0000-0000-0000-000000000000\"\ncloud: \"AzurePublic\"\n",
     R"(5:9: error: remote_write[0].azuread.workload_identity.tenant_id: required and must not be empty: set it to the directory (tenant) ID [config/required])"},
    {"azuread_bad_scope_invalid",
     "cloud: AzurePublic\noauth:\n  client_id: 00000000-0000-0000-0000-000000000000\n  client_secret: Cl1ent$ecret!\n  tenant_id: 00000000-a12b-3cd4-e56f-000000000000\nscope: \"invalid<>scope*chars\"\n",
     R"(9:14: error: remote_write[0].azuread.scope: scope "invalid<>scope*chars" may only hold letters, digits, '_', whitespace, ':', '/', '.' and '-': fix it, or remove it to use the cloud's default audience [config/value])"},
    {"azuread_bad_certificate_missingpath",
     "cloud: AzurePublic\ncertificate:\n  client_id: 00000000-0000-0000-0000-000000000000\n  tenant_id: 00000000-a12b-3cd4-e56f-000000000000\n",
     R"(6:9: error: remote_write[0].azuread.certificate.certificate_path: required and must not be empty: set it to the certificate file (PEM, or PFX/PKCS#12) [config/required])"},
    {"azuread_bad_certificate_missingtenantid",
     "cloud: AzurePublic\ncertificate:\n  client_id: 00000000-0000-0000-0000-000000000000\n  certificate_path: /path/to/certificate.pem\n",
     R"(6:9: error: remote_write[0].azuread.certificate.tenant_id: required and must not be empty: set it to the directory (tenant) ID [config/required])"},
    {"azuread_bad_certificate_invalidclientid",
     "cloud: AzurePublic\ncertificate:\n  client_id: invalid-client-id\n  tenant_id: 00000000-a12b-3cd4-e56f-000000000000\n  certificate_path: /path/to/certificate.pem\n",
     R"(6:20: error: remote_write[0].azuread.certificate.client_id: client_id "invalid-client-id" is not a UUID: write the application (client) ID as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx [config/value])"},
    {"azuread_bad_certificate_oauth",
     "cloud: AzurePublic\ncertificate:\n  client_id: 00000000-0000-0000-0000-000000000000\n  tenant_id: 00000000-a12b-3cd4-e56f-000000000000\n  certificate_path: /path/to/certificate.pem\noauth:\n  client_id: 00000000-0000-0000-0000-000000000000\n  client_secret: Cl1ent$ecret!\n  tenant_id: 00000000-a12b-3cd4-e56f-000000000000\n",
     R"(6:9: error: remote_write[0].azuread.certificate: only one authentication method may be configured, this section sets oauth, certificate: keep one [config/conflict])"},
    // Written for a proposal whose field names did not land (certificate_file,
    // private_key_file): still two methods, and the fields are unknown.
    {"azuread_bad_oauthcertconfig",
     "cloud: AzurePublic\noauth:\n  client_id: 00000000-0000-0000-0000-000000000000\n  client_secret: Cl1ent$ecret!\n  tenant_id: 00000000-a12b-3cd4-e56f-000000000000\ncertificate:\n  client_id: 00000000-0000-0000-0000-000000000000\n  tenant_id: 00000000-a12b-3cd4-e56f-000000000000\n  certificate_file: /etc/prometheus/certs/app.crt\n  private_key_file: /etc/prometheus/certs/app.key\n",
     R"(12:9: error: unknown field "certificate_file" in remote_write[0].azuread.certificate (Prometheus rejects fields it does not know) [config/unknown-field]
13:9: error: unknown field "private_key_file" in remote_write[0].azuread.certificate (Prometheus rejects fields it does not know) [config/unknown-field]
10:9: error: remote_write[0].azuread.certificate: only one authentication method may be configured, this section sets oauth, certificate: keep one [config/conflict])"},
    // Written for a custom-cloud proposal: cloud is a plain string.
    {"azuread_bad_invalidcloudname",
     "cloud:\n  name: \"AzurePublic\"\n  token_audience: https://monitor.azure.com/.default\n  aad_endpoint: https://login.microsoftonline.com/\nmanaged_identity:\n  client_id: 00000000-0000-0000-0000-000000000000\n",
     R"(5:9: error: remote_write[0].azuread.cloud: expected a single value, got a mapping [config/type])"},
    // The first layout had client_id at the top.
    {"azuread_bad_cloudmissing",
     "client_id: 00000000-0000-0000-0000-000000000000\n",
     R"(4:7: error: remote_write[0].azuread: no authentication method: add exactly one of managed_identity, workload_identity, oauth, sdk and certificate [config/required]
4:7: error: unknown field "client_id" in remote_write[0].azuread (Prometheus rejects fields it does not know) [config/unknown-field])"},

    // Our own edge cases.
    {"cloud names are case-sensitive",
     "cloud: azurepublic\nsdk: {}\n",
     R"(4:14: error: remote_write[0].azuread.cloud: unknown Azure cloud "azurepublic": use AzurePublic, AzureChina or AzureGovernment (exact case), or remove it for AzurePublic [config/value])"},
    {"an empty cloud means AzurePublic",
     "cloud: \"\"\nsdk: {}\n",
     ""},
    {"an empty section has no method",
     "{}\n",
     R"(4:7: error: remote_write[0].azuread: no authentication method: add exactly one of managed_identity, workload_identity, oauth, sdk and certificate [config/required])"},
    {"uuid forms that google/uuid accepts",
     "workload_identity:\n  client_id: \"{00000000-0000-0000-0000-000000000000}\"\n  tenant_id: URN:UUID:00000000-a12b-3cd4-e56f-000000000000\n",
     ""},
    {"oauth tenant with characters Azure refuses",
     "oauth:\n  client_id: 00000000000000000000000000000000\n  client_secret: s\n  tenant_id: contoso.onmicrosoft.com/x\n",
     R"(7:20: error: remote_write[0].azuread.oauth.tenant_id: tenant_id "contoso.onmicrosoft.com/x" may only hold letters, digits, '-' and '.' (Azure rejects it when Prometheus starts the remote writer): use the directory (tenant) ID or its domain name [config/value])"},
    {"absolute certificate files must exist, relative ones are not checked",
     "certificate:\n  client_id: 00000000-0000-0000-0000-000000000000\n  tenant_id: contoso.onmicrosoft.com\n  certificate_path: /path/to/missing.pem\n  certificate_key_path: relative/key.pem\n",
     R"(7:27: error: remote_write[0].azuread.certificate.certificate_path: file "/path/to/missing.pem" does not exist and Prometheus reads it at start-up: fix the path [config/missing-file])"},
    {"unknown fields in a method",
     "managed_identity:\n  client_id: 00000000-0000-0000-0000-000000000000\n  tenant_id: x\n",
     R"(6:9: error: unknown field "tenant_id" in remote_write[0].azuread.managed_identity (Prometheus rejects fields it does not know) [config/unknown-field])"},
    {"scope may hold whitespace",
     "sdk: {}\nscope: \"api://app id/.default\"\n",
     ""},
};
// clang-format on

}  // namespace

TEST_CASE("azuread: upstream testdata and edge cases load or fail as Prometheus does") {
  for (const AzureCase& c : kAzureCases) {
    CAPTURE(c.name);
    MemoryFileSystem fs = AzureFiles();
    ttam::diag::CollectingSink sink;
    auto loaded = Load(kAzurePath, RemoteWrite(c.azuread), sink, fs);
    std::string got = Render(sink.diagnostics);
    CHECK(got == c.want);
    CHECK(loaded.valid == c.want.empty());
  }
}

TEST_CASE("azuread: a null section is no section") {
  MemoryFileSystem fs = AzureFiles();
  ttam::diag::CollectingSink sink;
  auto loaded = Load(kAzurePath, "remote_write:\n  - url: http://r/push\n    azuread:\n", sink, fs);
  CHECK(Render(sink.diagnostics).empty());
  CHECK(loaded.valid);
}

TEST_CASE("azuread: inline credentials are recorded for the plaintext-secret lint") {
  MemoryFileSystem fs = AzureFiles();
  ttam::diag::CollectingSink sink;
  auto loaded = Load(kAzurePath,
                     RemoteWrite("oauth:\n  client_id: 00000000-0000-0000-0000-000000000000\n  "
                                 "client_secret: s\n  tenant_id: t\n"),
                     sink, fs);
  REQUIRE(loaded.valid);
  REQUIRE(loaded.config.plaintext_secrets.size() == 1);
  CHECK(loaded.config.plaintext_secrets[0].path == "remote_write[0].azuread.oauth.client_secret");
}

TEST_CASE("azuread: UUIDs parse as google/uuid parses them") {
  CHECK(IsGoUuid("00000000-a12b-3cd4-e56f-000000000000"));
  CHECK(IsGoUuid("ABCDEF00-a12b-3cd4-e56f-000000000000"));
  CHECK(IsGoUuid("00000000a12b3cd4e56f000000000000"));
  CHECK(IsGoUuid("urn:uuid:00000000-a12b-3cd4-e56f-000000000000"));
  CHECK(IsGoUuid("{00000000-a12b-3cd4-e56f-000000000000}"));
  CHECK(IsGoUuid("x00000000-a12b-3cd4-e56f-000000000000y"));  // braces are not checked
  CHECK_FALSE(IsGoUuid(""));
  CHECK_FALSE(IsGoUuid("00000000-a12b-3cd4-e56f-00000000000g"));
  CHECK_FALSE(IsGoUuid("00000000_a12b-3cd4-e56f-000000000000"));
  CHECK_FALSE(IsGoUuid("urx:uuid:00000000-a12b-3cd4-e56f-000000000000"));
  CHECK_FALSE(IsGoUuid("00000000-a12b-3cd4-e56f-0000000000000"));
  CHECK_FALSE(IsGoUuid("foo-foobar-bar-foo-00000000"));
}
