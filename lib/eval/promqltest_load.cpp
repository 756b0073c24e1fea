#include "eval/promqltest_load.h"

#include <optional>
#include <unordered_map>
#include <vector>

namespace ttam::eval::promqltest {

Status LoadInto(const LoadCmd& load, Storage& storage, int64_t start_ms) {
  // Later lines replace earlier ones with equal labels: walk backwards and
  // mark every label set already seen.
  std::unordered_map<uint64_t, std::vector<size_t>> seen;
  std::vector<bool> superseded(load.series.size(), false);
  for (size_t i = load.series.size(); i-- > 0;) {
    const model::Labels& labels = load.series[i].series.labels;
    std::vector<size_t>& same_hash = seen[labels.Hash()];
    for (size_t j : same_hash) {
      if (load.series[j].series.labels == labels) superseded[i] = true;
    }
    if (!superseded[i]) same_hash.push_back(i);
  }
  for (size_t i = 0; i < load.series.size(); ++i) {
    if (superseded[i]) continue;
    const SeriesDesc& desc = load.series[i].series;
    const std::vector<std::optional<int64_t>>& offsets = load.series[i].start_offsets.empty()
                                                             ? load.default_start_offsets
                                                             : load.series[i].start_offsets;
    for (size_t k = 0; k < desc.values.size(); ++k) {
      const SeqValue& v = desc.values[k];
      if (v.kind != SeqValue::Kind::kFloat) continue;
      int64_t t = start_ms + static_cast<int64_t>(k) * load.step_ms;
      // A start timestamp is the sample's time plus its offset; `_` leaves it unknown (0).
      int64_t start = 0;
      if (!offsets.empty()) {
        const std::optional<int64_t>& offset = offsets[k % offsets.size()];
        if (offset) start = t + *offset;
      }
      Status st = storage.Append(desc.labels, t, v.value, start);
      if (!st)
        return Error{"line " + std::to_string(load.series[i].line) + ": " + st.error().message};
    }
  }
  storage.Compact();
  return Ok();
}

}  // namespace ttam::eval::promqltest
