#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace ttam {

/// The MD5 digest of `data` (RFC 1321). Only for what Prometheus itself
/// hashes with MD5 (relabelling's hashmod); not for security.
std::array<uint8_t, 16> Md5(std::string_view data);

}  // namespace ttam
