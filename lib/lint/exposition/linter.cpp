#include "lint/exposition/linter.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "lint/exposition/helpers.h"
#include "lint/exposition/series_index.h"

namespace ttam::lint {
namespace {

// Samples go to one of kSampleLists lists: by the family's kind of type
// (bits 0-1), whether some label is flagged (bit 2), whether the sample has a
// timestamp (bit 3), whether its line has a backslash (bit 4), its suffix
// (bits 5-6: other, bucket, count, total or created) and whether it has a
// timestamp unlike the input's first sample (bit 7).
uint32_t SampleList(const expfmt::SampleEvent& event, uint32_t label_flags,
                    bool first_has_timestamp) {
  expfmt::MetricType type = event.family.type;
  uint32_t kind = 0;
  if (type == expfmt::MetricType::kCounter) {
    kind = 1;
  } else if (checks::IsHistogram(type)) {
    kind = 2;
  } else if (type == expfmt::MetricType::kSummary) {
    kind = 3;
  }
  uint32_t suffix = 0;
  switch (event.suffix) {
    case expfmt::Suffix::kBucket:
      suffix = 1;
      break;
    case expfmt::Suffix::kCount:
    case expfmt::Suffix::kGCount:
      suffix = 2;
      break;
    case expfmt::Suffix::kTotal:
    case expfmt::Suffix::kCreated:
      suffix = 3;
      break;
    case expfmt::Suffix::kNone:
    case expfmt::Suffix::kSum:
    case expfmt::Suffix::kGSum:
    case expfmt::Suffix::kInfo:
      break;
  }
  return kind | ((label_flags & kLabelProblemFlags) != 0 ? 4u : 0u) |
         (event.has_timestamp ? 8u : 0u) | (event.line_has_backslash ? 16u : 0u) | (suffix << 5) |
         (event.has_timestamp != first_has_timestamp ? 128u : 0u);
}

// The Interest bits that put a check on sample list `list`.
uint32_t SampleInterests(uint32_t list) {
  static constexpr uint32_t kKinds[] = {0, ExpositionCheck::kCounterSamples,
                                        ExpositionCheck::kHistogramSamples,
                                        ExpositionCheck::kSummarySamples};
  uint32_t bits = ExpositionCheck::kSamples | kKinds[list & 3];
  if (list & 4) bits |= ExpositionCheck::kFlaggedSamples;
  if (list & 8) bits |= ExpositionCheck::kTimestampedSamples;
  if (list & 16) bits |= ExpositionCheck::kEscapedSamples;
  const uint32_t suffix = (list >> 5) & 3;
  if ((list & 3) == 2 && suffix == 1) bits |= ExpositionCheck::kHistogramBuckets;
  if ((list & 3) == 2 && suffix == 2) bits |= ExpositionCheck::kHistogramCounts;
  if (suffix == 3) bits |= ExpositionCheck::kTotalOrCreatedSamples;
  if (list & 128) bits |= ExpositionCheck::kTimestampChangeSamples;
  return bits;
}

}  // namespace

ExpositionLinter::ExpositionLinter(std::string path, const ExpositionOptions& options,
                                   diag::Sink& sink,
                                   const std::function<bool(std::string_view id)>& enabled)
    : path_(std::move(path)), buffer_(sink) {
  for (const ExpositionCheckInfo& info : ExpositionChecks()) {
    if (enabled ? !enabled(info.id) : info.enablement == diag::Enablement::kOffByDefault) {
      continue;
    }
    active_.push_back(Active{info.make(options), Reporter(buffer_, path_, info.id, info.severity)});
  }
  // active_ no longer changes, so pointers into it stay valid.
  for (Active& a : active_) {
    uint32_t interests = a.check->Interests();
    if (interests & ExpositionCheck::kMetadata) on_metadata_.push_back(&a);
    for (uint32_t list = 0; list < kSampleLists; ++list) {
      if (interests & SampleInterests(list)) on_sample_[list].push_back(&a);
    }
    if (interests & ExpositionCheck::kFamilyEnd) on_family_end_.push_back(&a);
    if (interests & ExpositionCheck::kEnd) on_end_.push_back(&a);
    if ((interests & ExpositionCheck::kSeriesIndex) && !family_series_) {
      family_series_ = std::make_unique<SeriesIndex>();
    }
    if ((interests & ExpositionCheck::kGroupIndex) && !family_groups_) {
      family_groups_ = std::make_unique<checks::KeyMap>();
    }
  }
}

ExpositionLinter::~ExpositionLinter() = default;

// Everything the checks would otherwise each recompute per sample: the series
// and group hashes, the label flags, and the parsed `le`. One pass, no allocation.
void ExpositionLinter::ComputeFacts(const expfmt::SampleEvent& event, SampleFacts* facts) {
  uint32_t flags = 0;
  const expfmt::Label* le = nullptr;
  if (cached_names_.size() < event.labels.size()) {
    cached_names_.resize(event.labels.size());
    cached_name_flags_.resize(event.labels.size());
  }
  for (size_t i = 0; i < event.labels.size(); ++i) {
    const expfmt::Label& label = event.labels[i];
    if (!checks::SameShortText(label.name, cached_names_[i])) {
      cached_names_[i].assign(label.name);
      cached_name_flags_[i] = checks::LabelNameFlagsOf(label.name);
    }
    flags |= cached_name_flags_[i] | checks::LabelValueFlagsOf(label.value);
    bool is_le = label.name.size() == 2 && label.name[0] == 'l' && label.name[1] == 'e';
    if (is_le) le = &label;
  }
  // The parser hashed the series already (order-free, empty values ignored).
  facts->series_key = event.series_hash;
  facts->group_key = Mix64(event.labels_hash - event.le_hash);
  facts->label_flags = flags;
  facts->le = le;
  facts->le_valid = false;
  facts->le_value = 0;
  if (le != nullptr && checks::IsHistogram(event.family.type)) {
    ParseLe(le->value, facts);
  }
}

void ExpositionLinter::ParseLe(std::string_view text, SampleFacts* facts) {
  // A histogram repeats the same dozen bounds in every series: remember the
  // parse of short ones (1 to 8 bytes, kept zero-padded with their length).
  uint64_t raw = 0;
  LeCacheSlot* slot = nullptr;
  if (!text.empty() && text.size() <= 8) {
    // Byte by byte: a memcpy of a variable size is a library call.
    for (size_t i = 0; i < text.size(); ++i) {
      raw |= static_cast<uint64_t>(static_cast<unsigned char>(text[i])) << (8 * i);
    }
    slot = &le_cache_[Mix64(raw ^ text.size()) % le_cache_.size()];
    if (slot->size == text.size() && slot->raw == raw) {
      facts->le_value = slot->value;
      facts->le_valid = slot->valid;
      return;
    }
  }
  double v = 0;
  bool valid = checks::ParseFloat(text, &v) && v == v;
  if (valid) {
    facts->le_value = v;
    facts->le_valid = true;
  }
  if (slot != nullptr) {
    slot->raw = raw;
    slot->size = static_cast<uint8_t>(text.size());
    slot->value = valid ? v : 0;
    slot->valid = valid;
  }
}

void ExpositionLinter::SetFormat(expfmt::Format format) {
  for (Active& a : active_) a.check->OnFormat(format);
}

void ExpositionLinter::OnMetadata(const expfmt::MetadataEvent& event) {
  for (Active* a : on_metadata_) a->check->OnMetadata(event, a->reporter);
}

void ExpositionLinter::OnSample(const expfmt::SampleEvent& event) {
  if (active_.empty()) return;
  SampleFacts facts;
  ComputeFacts(event, &facts);
  if (family_series_) {
    facts.series_seen_line = family_series_->Insert(facts.series_key, event.line);
  }
  if (family_groups_ && checks::IsHistogram(event.family.type)) {
    if (family_groups_->size() == 0 || facts.group_key != last_group_key_) {
      bool inserted = false;
      last_group_ = static_cast<uint32_t>(
          *family_groups_->Insert(facts.group_key, family_groups_->size(), &inserted));
      last_group_key_ = facts.group_key;
    }
    facts.group = last_group_;
  }
  if (first_sample_line_ == 0) {
    first_sample_line_ = event.line;
    first_has_timestamp_ = event.has_timestamp;
  }
  facts.first_sample_line = first_sample_line_;
  for (Active* a : on_sample_[SampleList(event, facts.label_flags, first_has_timestamp_)]) {
    a->check->OnSample(event, facts, a->reporter);
  }
}

void ExpositionLinter::OnFamilyEnd(const expfmt::FamilyEndEvent& event) {
  for (Active* a : on_family_end_) a->check->OnFamilyEnd(event, a->reporter);
  if (family_series_) family_series_->Clear();
  if (family_groups_) family_groups_->Clear();
  buffer_.Flush();
}

void ExpositionLinter::OnEnd(uint64_t lines) {
  for (Active* a : on_end_) a->check->OnEnd(lines, a->reporter);
  buffer_.Flush();
}

void ExpositionLinter::FamilyBuffer::Report(diag::Diagnostic diagnostic) {
  pending_.push_back(std::move(diagnostic));
  // Checks report a bounded number of findings per family, but keep memory
  // bounded regardless: past this many, order is only sorted in batches.
  if (pending_.size() >= 4096) Flush();
}

void ExpositionLinter::FamilyBuffer::Flush() {
  std::stable_sort(pending_.begin(), pending_.end(),
                   [](const diag::Diagnostic& a, const diag::Diagnostic& b) {
                     return a.line != b.line ? a.line < b.line : a.column < b.column;
                   });
  for (diag::Diagnostic& d : pending_) out_.Report(std::move(d));
  pending_.clear();
}

}  // namespace ttam::lint
