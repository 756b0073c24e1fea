// MetricRelabelConsumer: a job's metric_relabel_configs on parsed samples.
#include "fleet/metric_relabel.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "expfmt/series_key.h"

namespace {

struct Seen {
  std::string name;
  std::string family;
  std::vector<std::pair<std::string, std::string>> labels;
  uint64_t series_hash = 0;
};

class Recorder : public ttam::expfmt::Consumer {
 public:
  void OnSample(const ttam::expfmt::SampleEvent& e) override {
    Seen s{std::string(e.name), std::string(e.family.name), {}, e.series_hash};
    for (const auto& l : e.labels) s.labels.emplace_back(std::string(l.name), std::string(l.value));
    seen.push_back(s);
  }
  std::vector<Seen> seen;
};

ttam::config::RelabelConfig Rule(std::vector<std::string> sources, std::string regex,
                                 std::string action, std::string target = "",
                                 std::string replacement = "$1") {
  ttam::config::RelabelConfig r;
  r.source_labels = std::move(sources);
  r.regex = std::move(regex);
  r.regex_set = true;
  r.action = std::move(action);
  r.target_label = std::move(target);
  r.replacement = std::move(replacement);
  return r;
}

void Feed(ttam::expfmt::Consumer& c, const std::string& name, const std::string& family,
          std::vector<ttam::expfmt::Label> labels) {
  ttam::expfmt::SampleEvent e;
  e.name = name;
  e.family.name = family;
  e.labels = labels;
  e.labels_hash = ttam::expfmt::LabelSetHash(labels);
  e.series_hash = ttam::expfmt::SeriesHash(name, e.labels_hash);
  c.OnSample(e);
}

}  // namespace

TEST_CASE("metric_relabel_configs: drop, keep unchanged, rewrite and rename") {
  std::vector<ttam::config::RelabelConfig> rules = {
      Rule({"__name__"}, "x_bucket", "drop"),
      Rule({"__name__"}, "old_(.*)", "replace", "__name__", "new_$1"),
      Rule({}, "(.*)", "replace", "env", "prod"),
  };
  Recorder out;
  ttam::fleet::MetricRelabelConsumer relabel(rules, out);
  Feed(relabel, "x_bucket", "x", {{"le", "1"}});
  Feed(relabel, "old_total", "old", {{"job", "a"}});
  Feed(relabel, "y", "y", {{"a", "1"}, {"empty", ""}});
  REQUIRE(out.seen.size() == 2);
  CHECK(out.seen[0].name == "new_total");
  CHECK(out.seen[0].family == "new_total");  // renamed: its own family
  CHECK(out.seen[0].labels ==
        std::vector<std::pair<std::string, std::string>>{{"env", "prod"}, {"job", "a"}});
  CHECK(out.seen[1].name == "y");
  CHECK(out.seen[1].labels ==
        std::vector<std::pair<std::string, std::string>>{{"a", "1"}, {"env", "prod"}});
  // The hash is the rewritten series' own.
  std::vector<ttam::expfmt::Label> want = {{"a", "1"}, {"env", "prod"}};
  CHECK(out.seen[1].series_hash == ttam::expfmt::SeriesHash("y", want));
}

TEST_CASE("metric_relabel_configs: an unchanged sample passes through as it was") {
  std::vector<ttam::config::RelabelConfig> rules = {Rule({"__name__"}, "other", "drop")};
  Recorder out;
  ttam::fleet::MetricRelabelConsumer relabel(rules, out);
  Feed(relabel, "kept", "kept", {{"b", "2"}});
  REQUIRE(out.seen.size() == 1);
  CHECK(out.seen[0].series_hash ==
        ttam::expfmt::SeriesHash("kept", std::vector<ttam::expfmt::Label>{{"b", "2"}}));
}
