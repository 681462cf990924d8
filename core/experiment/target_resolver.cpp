// The engine's default target resolver.
// TODO(hw merge): delegate to core/hw's validated device catalogue and local probe.

#include <fstream>

#include "core/experiment/run_engine.h"
#include "core/experiment/schema.h"
#include "core/util/error.h"
#include "core/util/paths.h"

namespace plab {

TargetResolver default_target_resolver() {
  return [](const std::string& spec) {
    hw::TargetInfo t = hw::parse_target_spec(spec);
    if (t.kind == "simulated") {
      for (const auto& dir : data_search_path()) {
        auto file = dir / "devices" / (t.name + ".json");
        std::error_code ec;
        if (std::filesystem::is_regular_file(file, ec)) {
          t.source = file;
          t.model = read_json_file(file.string());
          return t;
        }
      }
      throw InputError("target '" + spec + "': no device model devices/" + t.name + ".json in the data folders");
    }
    return t;
  };
}

}  // namespace plab
