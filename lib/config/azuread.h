#pragma once

#include <string_view>
#include <vector>

#include "config/config.h"
#include "config/schema.h"

namespace ttam::config {

/// Validates a remote_write `azuread` section as Prometheus 3 does: the cloud,
/// exactly one of managed_identity, workload_identity, oauth, sdk and
/// certificate with that method's required fields and UUIDs, the custom scope,
/// and the certificate files that Prometheus reads when it starts the writer.
/// Inline credentials (oauth.client_secret, certificate.certificate_password)
/// are appended to `plaintext_secrets`. A null `obj` (section absent) passes.
void ReadAzureAd(Object& obj, std::vector<Origin>* plaintext_secrets);

/// True when `text` parses as a UUID the way github.com/google/uuid's Parse
/// accepts it (36-character dashed form, 32 hex digits, `urn:uuid:` prefix,
/// or the dashed form wrapped in one character on each side).
bool IsGoUuid(std::string_view text);

}  // namespace ttam::config
