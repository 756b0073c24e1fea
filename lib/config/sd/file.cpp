// file_sd_configs: at least one file pattern, each ending in .json, .yml or
// .yaml with at most one '*' in its last path element. The files the patterns
// match now are parsed as target groups (promtool check config does the same).
#include <regex>

#include "config/sd/mechanisms.h"
#include "config/target_group.h"
#include "support/filesystem.h"

namespace ttam::config::sd {

void ReadFile(Object& c, Env& env) {
  auto files = c.StringList("files");
  RefreshInterval(c);
  if (!files || files->empty()) {
    Required(c, "files", "file discovery needs at least one file pattern in files");
    return;
  }
  static const std::regex kPattern(R"(^[^*]*(\*[^/]*)?\.(json|yml|yaml|JSON|YML|YAML)$)");
  Context& ctx = c.ctx();
  const yaml::Node* list = c.node()->Find("files");
  for (size_t i = 0; i < files->size(); ++i) {
    const std::string& pattern = (*files)[i];
    const yaml::Node& at = list->items[i];
    std::string path = c.PathOf("files") + "[" + std::to_string(i) + "]";
    if (!std::regex_match(pattern, kPattern)) {
      ctx.Error(at, path, kValue,
                "\"" + pattern +
                    "\" is not a valid file discovery path: it must end in .json, .yml or "
                    ".yaml and may use '*' only in the last path element");
      continue;
    }
    auto matched = ctx.fs().Glob(ResolveRelative(ctx.doc().path, pattern));
    if (!matched.ok()) {
      ctx.Error(at, path, kValue, matched.error().message);
      continue;
    }
    for (const std::string& file : *matched) {
      if (env.file_sd_files != nullptr) env.file_sd_files->push_back(file);
      auto text = ctx.fs().Read(file);
      if (!text.ok()) {
        ctx.Error(at, path, kFile, text.error().message);
        continue;
      }
      FileSdTargets parsed = ParseFileSd(file, std::move(*text), ctx.sink(), ctx.fs());
      if (!parsed.valid) {
        ctx.Error(at, path, kFile,
                  "file_sd file " + file +
                      " is not a valid list of target groups (see its "
                      "errors)");
      }
    }
  }
}

}  // namespace ttam::config::sd
