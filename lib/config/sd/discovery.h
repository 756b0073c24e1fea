#pragma once

#include <string>
#include <vector>

#include "config/config.h"
#include "config/schema.h"

namespace ttam::config {

/// Reads every *_sd_configs field of `obj` (a scrape config or an
/// alertmanager config) except static_configs: each entry is checked as the
/// Prometheus 3 discovery mechanism of that name checks it. The field names
/// present (e.g. "kubernetes_sd_configs") are appended to `discovery_names`,
/// and the files file_sd_configs patterns match now (resolved against the
/// config file) to `file_sd_files`. Plain-text credentials go to
/// `plaintext_secrets` when it is not null.
void ReadServiceDiscovery(Object& obj, std::vector<std::string>* discovery_names,
                          std::vector<std::string>* file_sd_files,
                          std::vector<Origin>* plaintext_secrets = nullptr);

/// The field names of every discovery mechanism ReadServiceDiscovery knows,
/// in table order (for docs, completions and tests).
std::vector<std::string> ServiceDiscoveryFields();

}  // namespace ttam::config
