#include "eval/labels_hash.h"

#include <string>

#include "support/xxhash.h"

namespace ttam::eval {
namespace {

// stringlabels' length prefix: one byte below 255, else 255 and three
// little-endian bytes.
void AppendLength(std::string& out, size_t n) {
  if (n < 255) {
    out += static_cast<char>(n);
    return;
  }
  out += '\xff';
  out += static_cast<char>(n & 0xff);
  out += static_cast<char>((n >> 8) & 0xff);
  out += static_cast<char>((n >> 16) & 0xff);
}

}  // namespace

uint64_t UpstreamLabelsHash(const model::Labels& labels) {
  std::string data;
  for (const model::Label& l : labels) {
    AppendLength(data, l.name.size());
    data += l.name;
    AppendLength(data, l.value.size());
    data += l.value;
  }
  return Xxh64(data);
}

}  // namespace ttam::eval
