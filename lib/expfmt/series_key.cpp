#include "expfmt/series_key.h"

#include "support/hash.h"

namespace ttam::expfmt {

uint64_t SeriesHash(std::string_view name, std::span<const Label> labels) {
  // Each label is hashed on its own and the results are added: addition is
  // commutative, so label order does not matter and nothing needs sorting.
  // (The parser rejects a label name given twice, so a set is never a multiset.)
  uint64_t sum = 0;
  for (const Label& label : labels) {
    sum += HashCombine(HashBytes(label.name, 0x6c61626c), HashBytes(label.value, 0x76616c75));
  }
  return HashCombine(HashBytes(name, 0x6e616d65), sum);
}

}  // namespace ttam::expfmt
