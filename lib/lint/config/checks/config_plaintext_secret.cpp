// A secret inline in prometheus.yml ends up in git, in CI logs and in every
// copy of the file, and Prometheus shows the config (redacted, but the file
// is not) to anyone with access to the UI host. Every such field has a *_file
// twin that reads it from a file at scrape time.
#include "lint/config/helpers.h"

namespace ttam::lint::checks {
namespace {

std::string FieldOf(const std::string& path) {
  size_t dot = path.rfind('.');
  std::string field = dot == std::string::npos ? path : path.substr(dot + 1);
  size_t bracket = field.find('[');
  return bracket == std::string::npos ? field : field.substr(0, bracket);
}

std::string Replacement(const std::string& field) {
  if (field == "bearer_token") return "authorization: {credentials_file: ...} (bearer_token_file)";
  return field + "_file";
}

// A value that is evidently a placeholder, as documentation examples write
// them: "<replace with a token>", XXX or 1111-1111 (one character repeated,
// dashes aside), or the field's own name (password: password).
bool IsPlaceholderSecret(std::string_view value, const std::string& field) {
  if (value.size() >= 2 && value.front() == '<' && value.back() == '>') return true;
  if (value == field) return true;
  char first = 0;
  for (char c : value) {
    if (c == '-') continue;
    if (first == 0) first = c;
    if (c != first) return false;
  }
  return first != 0 && value.size() >= 3;
}

class PlaintextSecret : public ConfigCheck {
 public:
  void Run(const ConfigLintInput& input, ConfigReporter& out) override {
    for (const config::ScrapeConfig& job : input.config.config.scrape_configs) {
      for (const config::Origin& secret : job.plaintext_secrets) {
        std::string field = FieldOf(secret.path);
        if (secret.node != nullptr && IsPlaceholderSecret(secret.node->scalar, field)) continue;
        out.ReportRedacted(secret,
                           secret.path + ": the value of " + field +
                               " is written in the config, where everyone who can read the file "
                               "(or its copies in git and CI logs) can read it; move it to a "
                               "file readable only by Prometheus and use " +
                               Replacement(field));
      }
    }
  }
};

}  // namespace

ConfigCheckPtr MakeConfigPlaintextSecret() { return std::make_unique<PlaintextSecret>(); }

}  // namespace ttam::lint::checks
