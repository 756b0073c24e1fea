#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "config/schema.h"
#include "support/result.h"

/// Helpers shared by the discovery readers (lib/config/sd/<name>.cpp) and the
/// HTTP client reader.
namespace ttam::config::sd {

/// What every discovery reader may append to.
struct Env {
  std::vector<std::string>* file_sd_files = nullptr;
  std::vector<Origin>* plaintext_secrets = nullptr;
};

/// The parts of a URL that the checks look at, split as Go's net/url.Parse
/// splits it.
struct GoUrl {
  std::string scheme;
  std::string host;  ///< empty when the URL has no "//authority"
};

/// Parses `text` as Go's url.Parse does; the error is Go's reason, reworded.
Result<GoUrl> ParseGoUrl(std::string_view text);

/// A string field holding a credential: when non-empty its Origin is added to
/// env.plaintext_secrets (for the plaintext-secret lint).
std::optional<std::string> Secret(Object& obj, std::string_view name,
                                  std::vector<Origin>* plaintext_secrets);

/// A string field naming a file, resolved against the config file; a
/// non-empty value that names nothing is reported (kMissingFile).
std::optional<std::string> File(Object& obj, std::string_view name);

/// True when the optional string holds a non-empty value.
inline bool Set(const std::optional<std::string>& v) { return v && !v->empty(); }

/// Reports `message` at field `name` (or at the object) with kRequired.
void Required(Object& obj, std::string_view name, std::string message);

/// A URL field that Go's url.Parse must accept (config.URL); returns it.
std::optional<std::string> GoUrlField(Object& obj, std::string_view name);

/// refresh_interval, as every refreshing mechanism reads it.
void RefreshInterval(Object& obj);

/// port: an int, as Go reads it (no range check at load time).
void Port(Object& obj);

/// filters: [{name, values}] as docker, dockerswarm and the AWS mechanisms
/// read them; `values_required` rejects an empty values list (EC2 does).
void Filters(Object& obj, bool values_required);

/// Checks a URL field as http and puppetdb discovery do: required, http or
/// https, with a host (http.cpp).
void CheckHttpUrl(Object& c, std::string_view name, const std::optional<std::string>& value);

}  // namespace ttam::config::sd
