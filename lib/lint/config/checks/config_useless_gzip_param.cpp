// The guide's "Enable compression" advice: `params: {compression: [gzip]}`
// only appends ?compression=gzip to the scrape URL. Prometheus already sends
// Accept-Encoding: gzip (unless enable_compression: false) and targets answer
// with gzip on their own.
#include <algorithm>
#include <cctype>

#include "lint/config/helpers.h"

namespace ttam::lint::checks {
namespace {

bool IsGzip(std::string_view value) {
  return value.size() == 4 && std::equal(value.begin(), value.end(), "gzip", [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == b;
         });
}

class UselessGzipParam : public ConfigCheck {
 public:
  void Run(const ConfigLintInput& input, ConfigReporter& out) override {
    for (const config::ScrapeConfig& job : input.config.config.scrape_configs) {
      if (job.origin.doc == nullptr || job.origin.node == nullptr) continue;
      auto it = job.params.find("compression");
      if (it == job.params.end() || std::none_of(it->second.begin(), it->second.end(), IsGzip)) {
        continue;
      }
      const yaml::Node* params = FindValue(job.origin.node, "params");
      const yaml::Node* at = FindKey(params, "compression");
      if (at == nullptr) at = FindKey(job.origin.node, "params");
      if (at == nullptr) continue;
      out.Report(*job.origin.doc, *at,
                 "job " + Quote(job.job_name) +
                     ": params.compression: [gzip] only adds \"?compression=gzip\" to the scrape "
                     "URL and does not compress anything; Prometheus already asks for gzip "
                     "(Accept-Encoding: gzip) unless enable_compression is false, so remove the "
                     "parameter");
    }
  }
};

}  // namespace

ConfigCheckPtr MakeConfigUselessGzipParam() { return std::make_unique<UselessGzipParam>(); }

}  // namespace ttam::lint::checks
