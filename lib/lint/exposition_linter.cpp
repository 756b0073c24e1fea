#include "lint/exposition_linter.h"

#include <algorithm>
#include <utility>

#include "lint/checks/checks.h"

namespace ttam::lint {
namespace {

constexpr uint64_t kNameSeed = 0x6e616d65;   // "name"
constexpr uint64_t kLabelSeed = 0x6c61626c;  // "labl"

// Everything the checks would otherwise each recompute per sample: the series
// and group hashes, the label flags, and the parsed `le`. One pass, no allocation.
void ComputeFacts(const expfmt::SampleEvent& event, SampleFacts* facts) {
  uint64_t sum = 0;
  uint64_t le_pair = 0;
  uint32_t flags = 0;
  const expfmt::Label* le = nullptr;
  for (const expfmt::Label& label : event.labels) {
    flags |= checks::LabelFlagsOf(label);
    bool is_le = label.name.size() == 2 && label.name[0] == 'l' && label.name[1] == 'e';
    if (is_le) le = &label;
    // `x=""` is the same series as no `x` at all.
    if (label.value.empty()) continue;
    uint64_t pair = checks::Mix64(
        checks::HashBytes(label.value, checks::HashBytes(label.name, kLabelSeed)));
    // A sum is order-independent, so `{a,b}` and `{b,a}` give the same key.
    sum += pair;
    if (is_le) le_pair = pair;
  }
  facts->series_key = checks::Mix64(checks::HashBytes(event.name, kNameSeed) ^ checks::Mix64(sum));
  facts->group_key = checks::Mix64(sum - le_pair);
  facts->label_flags = flags;
  facts->le = le;
  facts->le_valid = false;
  facts->le_value = 0;
  if (le != nullptr && checks::IsHistogram(event.family.type)) {
    double v = 0;
    if (checks::ParseFloat(le->value, &v) && v == v) {
      facts->le_value = v;
      facts->le_valid = true;
    }
  }
}

}  // namespace

ExpositionLinter::ExpositionLinter(std::string path, const ExpositionOptions& options,
                                   diag::Sink& sink,
                                   const std::function<bool(std::string_view id)>& enabled)
    : path_(std::move(path)), buffer_(sink) {
  for (const ExpositionCheckInfo& info : ExpositionChecks()) {
    if (enabled && !enabled(info.id)) continue;
    active_.push_back(
        Active{info.make(options), Reporter(buffer_, path_, info.id, info.severity)});
  }
  // active_ no longer changes, so pointers into it stay valid.
  for (Active& a : active_) {
    uint32_t interests = a.check->Interests();
    if (interests & ExpositionCheck::kMetadata) on_metadata_.push_back(&a);
    if (interests & ExpositionCheck::kSamples) on_sample_.push_back(&a);
    if (interests & ExpositionCheck::kFamilyEnd) on_family_end_.push_back(&a);
    if (interests & ExpositionCheck::kEnd) on_end_.push_back(&a);
  }
}

ExpositionLinter::~ExpositionLinter() = default;

void ExpositionLinter::OnMetadata(const expfmt::MetadataEvent& event) {
  for (Active* a : on_metadata_) a->check->OnMetadata(event, a->reporter);
}

void ExpositionLinter::OnSample(const expfmt::SampleEvent& event) {
  if (on_sample_.empty()) return;
  SampleFacts facts;
  ComputeFacts(event, &facts);
  for (Active* a : on_sample_) a->check->OnSample(event, facts, a->reporter);
}

void ExpositionLinter::OnFamilyEnd(const expfmt::FamilyEndEvent& event) {
  for (Active* a : on_family_end_) a->check->OnFamilyEnd(event, a->reporter);
  buffer_.Flush();
}

void ExpositionLinter::OnEnd(uint64_t lines) {
  for (Active* a : on_end_) a->check->OnEnd(lines, a->reporter);
  buffer_.Flush();
}

void ExpositionLinter::FamilyBuffer::Report(diag::Diagnostic diagnostic) {
  pending_.push_back(std::move(diagnostic));
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
