#pragma once

// Go's time.Time.String() (of a UTC time) and time.Duration.String(), for
// humanizeTimestamp, toTime and toDuration.

#include <cstdint>
#include <string>

namespace ttam::tmpl {

/// time.Unix(0, ns).UTC().String(): `1970-01-15 06:56:07.5 +0000 UTC`.
std::string GoTimeString(int64_t unix_nanos);

/// time.Duration(ns).String(): `1h2m3.5s`, `1.5ms`, `0s`.
std::string GoDurationString(int64_t nanos);

}  // namespace ttam::tmpl
