#pragma once

// The per-scrape limits of prometheus.yml (global and per job): a target
// whose scrape breaks one is rejected whole by Prometheus. One struct for the
// config model, the scrape targets and the cardinality checks.
#include <cstdint>

namespace ttam::config {

struct ScrapeLimits {
  uint64_t sample_limit = 0;              ///< samples per scrape; 0 = none
  uint64_t label_limit = 0;               ///< labels per series; 0 = none
  uint64_t label_name_length_limit = 0;   ///< bytes; 0 = none
  uint64_t label_value_length_limit = 0;  ///< bytes; 0 = none
};

}  // namespace ttam::config
