// The shipped device files: valid, with the paper's grids; bad inference sections refused with the
// field named.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/hw/device_model.h"
#include "core/util/error.h"
#include "plugins/energy-tuner/src/perf_model.h"
#include "plugins/energy-tuner/src/search_space.h"

namespace plab::energy {
namespace {

hw::DeviceModel load(const std::string& id) {
  return hw::load_device_model(std::filesystem::path(PLAB_DATA_DIR) / "devices" / (id + ".json"));
}

std::string error_of(const nlohmann::json& j, const std::string& model = "resnet-50") {
  try {
    const hw::DeviceModel d = hw::device_model_from_json(j, "x.json", "");
    PerfModel m(d, model);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(DeviceFiles, EveryDeviceHasThreeModelsAndValidSections) {
  for (const char* id : {"jetson-agx-orin", "jetson-tx2", "nvidia-v100", "nvidia-a40"}) {
    const hw::DeviceModel d = load(id);
    const auto models = PerfModel::models(d);
    ASSERT_EQ(models.size(), 3u) << id;
    for (const auto& m : models) EXPECT_NO_THROW(PerfModel(d, m)) << id << " " << m;
  }
}

TEST(DeviceFiles, GridSizesMatchPolyThrottle) {
  // PolyThrottle: 91 GPU min<=max pairs x 4 EMC x 5 batch sizes on AGX Orin, x 11 EMC on TX2.
  const hw::DeviceModel orin = load("jetson-agx-orin");
  const hw::DeviceModel tx2 = load("jetson-tx2");
  EXPECT_EQ(SearchSpace(orin, PerfModel(orin, "bert-base"), 0, {}).size(), 1820u);
  EXPECT_EQ(SearchSpace(tx2, PerfModel(tx2, "bert-base"), 0, {}).size(), 5005u);
  EXPECT_EQ(SearchSpace(orin, PerfModel(orin, "bert-base"), 4, {}).size(), 364u);
}

TEST(DeviceFiles, BadInferenceSectionsAreRefusedWithTheField) {
  nlohmann::json j = load("jetson-agx-orin").json;
  auto bad = j;
  bad["inference"]["models"]["resnet-50"]["gflops"] = -1;
  EXPECT_NE(error_of(bad).find("inference.models.resnet-50.gflops: expected a number > 0"), std::string::npos)
      << error_of(bad);
  bad = j;
  bad["inference"]["gpu"].erase("governor_lag");
  EXPECT_NE(error_of(bad).find("inference.gpu.governor_lag"), std::string::npos) << error_of(bad);
  bad = j;
  bad["inference"]["kind"] = "magic";
  EXPECT_NE(error_of(bad).find("inference.kind: expected \"jetson-dvfs\" or \"power-limit\""),
            std::string::npos);
  bad = j;
  bad["inference"]["batch_sizes"] = {4, 2};
  EXPECT_NE(error_of(bad).find("inference.batch_sizes[1]"), std::string::npos) << error_of(bad);
  EXPECT_NE(error_of(j, "gpt-5").find("a model named 'gpt-5'"), std::string::npos);
  bad = j;
  bad.erase("inference");
  EXPECT_NE(error_of(bad).find("\"inference\" section"), std::string::npos) << error_of(bad);

  nlohmann::json v = load("nvidia-v100").json;
  bad = v;
  bad["inference"]["models"]["resnet-50"]["time_factor"] = {1.0, 1.0};
  EXPECT_NE(error_of(bad).find("inference.models.resnet-50.time_factor: expected an array of 7 numbers"),
            std::string::npos)
      << error_of(bad);
  bad = v;
  bad["inference"]["models"]["resnet-50"]["power_limits_w"][0] = 90;
  EXPECT_NE(error_of(bad).find("power_limits_w[0]"), std::string::npos) << error_of(bad);
}

TEST(DeviceFiles, ZeusFitReproducesTheMeasuredV100Minimum) {
  // Zeus (NSDI'23) measured V100 ResNet-50 at 250 W: 26.7 s / 6,065 J per window, at 150 W:
  // 32.4 s / 4,830 J (the energy minimum). The fitted time factor and power give the same ratios
  // within a few percent: T150/T250 = 1.21, E150/E250 = 0.80.
  const hw::DeviceModel d = load("nvidia-v100");
  const auto& m = d.json["inference"]["models"]["resnet-50"];
  const double t = m["time_factor"][2].get<double>() / m["time_factor"][6].get<double>();
  const double e = t * m["power_w"][2].get<double>() / m["power_w"][6].get<double>();
  EXPECT_NEAR(t, 32.4 / 26.7, 0.06);
  EXPECT_NEAR(e, 4830.0 / 6065.0, 0.06);
}

}  // namespace
}  // namespace plab::energy
