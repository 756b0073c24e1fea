#pragma once

#include <vector>

#include "config/config.h"
#include "config/schema.h"

namespace ttam::config {

/// Reads the HTTP client options of prometheus/common's HTTPClientConfig
/// (basic_auth, authorization, oauth2, bearer_token[_file], tls_config, proxy
/// fields, follow_redirects, enable_http2, http_headers) inline from `obj`,
/// where they sit next to the section's own fields, with Prometheus's mutual
/// exclusions. Credentials written in plain text (password, credentials,
/// client_secret, bearer_token, a TLS key) are appended to `plaintext_secrets`
/// when it is not null; files named by *_file fields must exist. When
/// `settings` is not null, the authentication and TLS fields are stored there
/// (validation is the same either way).
void ReadHttpClientConfig(Object& obj, std::vector<Origin>* plaintext_secrets,
                          HttpSettings* settings = nullptr);

/// Reads a tls_config mapping (also used on its own, e.g. by triton and
/// openstack discovery).
void ReadTlsConfig(Object& tls, std::vector<Origin>* plaintext_secrets);

}  // namespace ttam::config
