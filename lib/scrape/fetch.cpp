// What fetching needs apart from the HTTP client itself (http_client.cpp).
#include "scrape/fetch.h"

#include <string>

#include "support/text.h"

namespace ttam::scrape {

// Prometheus 3's default scrape_protocols are OpenMetricsText1.0.0,
// OpenMetricsText0.0.1, PrometheusText1.0.0 and PrometheusText0.0.4, weighted
// from q=0.6 down with */* last, and the 1.0.0 formats ask for
// escaping=allow-utf-8 (acceptHeader in prometheus/prometheus scrape/scrape.go,
// whose test "default scrape protocols with no escaping" pins this string).
// Protobuf is only first when native histograms are scraped, so the default
// already leaves out the format ttam cannot parse. We send the exact string so
// a target answers ttam as it answers Prometheus.
const char kPrometheusAccept[] =
    "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,"
    "application/openmetrics-text;version=0.0.1;q=0.5,"
    "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,"
    "text/plain;version=0.0.4;q=0.3,"
    "*/*;q=0.2";

bool IsUrl(std::string_view target) {
  std::string head = Lower(target.substr(0, 8));
  return head.rfind("http://", 0) == 0 || head.rfind("https://", 0) == 0;
}

}  // namespace ttam::scrape
