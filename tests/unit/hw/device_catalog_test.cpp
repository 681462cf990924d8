#include "core/hw/device_catalog.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "core/build_config.h"
#include "core/hw/data_dirs.h"
#include "core/hw/resolve_target.h"
#include "core/util/error.h"
#include "hw_test_util.h"

namespace plab::hw {
namespace {

using test::device_fixture;

// Sets an environment variable for the scope of a test and restores it afterwards.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(hw_DeviceCatalog, ListsGoodFilesAndReportsBadOnes) {
  const DeviceCatalog c = DeviceCatalog::load(device_fixture("catalog"));
  EXPECT_EQ(c.ids(), (std::vector<std::string>{"alpha-board", "tiny-edge"}));  // sorted by id
  ASSERT_EQ(c.problems().size(), 2u);
  // Each problem names its file and the reason; notes.txt is not a device file and is ignored.
  EXPECT_EQ(c.problems()[0].file.filename(), "broken-default.json");
  EXPECT_NE(c.problems()[0].reason.find("broken-default.json: knobs[0].default: expected one of the levels"),
            std::string::npos)
      << c.problems()[0].reason;
  EXPECT_EQ(c.problems()[1].file.filename(), "truncated.json");
  EXPECT_NE(c.problems()[1].reason.find("truncated.json:2:1: invalid JSON"), std::string::npos)
      << c.problems()[1].reason;
  ASSERT_NE(c.find("alpha-board"), nullptr);
  EXPECT_EQ(c.find("alpha-board")->name, "Alpha board (test fixture)");
  EXPECT_EQ(c.find("broken-default"), nullptr);
  ASSERT_NE(c.problem_for("broken-default"), nullptr);
  EXPECT_EQ(c.problem_for("tiny-edge"), nullptr);
}

TEST(hw_DeviceCatalog, MissingFolderIsOneProblemNotAnException) {
  const DeviceCatalog c = DeviceCatalog::load(device_fixture("no-such-folder"));
  EXPECT_TRUE(c.devices().empty());
  ASSERT_EQ(c.problems().size(), 1u);
  EXPECT_NE(c.problems()[0].reason.find("no such folder"), std::string::npos);
}

TEST(hw_DeviceCatalog, ShippedDevicesAllLoad) {
  const DeviceCatalog c = DeviceCatalog::load(std::filesystem::path(build::kSourceDataDir) / "devices");
  EXPECT_TRUE(c.problems().empty()) << c.problems().front().reason;
  EXPECT_NE(c.find("jetson-agx-orin"), nullptr);
}

TEST(hw_DataDirs, EnvironmentVariableComesFirst) {
  const ScopedEnv env(kDataDirEnv, test::fixtures().string());
  const auto candidates = data_dir_candidates();
  ASSERT_EQ(candidates.size(), 3u);
  EXPECT_EQ(candidates[0].origin, kDataDirEnv);
  EXPECT_EQ(candidates[1].origin, "source tree");
  EXPECT_EQ(candidates[2].origin, "installed");
  EXPECT_EQ(resolve_data_dir(), std::filesystem::path(PLAB_TEST_FIXTURES));
  // The default catalog then reads <fixtures>/devices, which holds only sub-folders: no devices.
  const DeviceCatalog c = DeviceCatalog::load_default();
  EXPECT_TRUE(c.devices().empty());
  EXPECT_TRUE(c.problems().empty());
}

TEST(hw_DataDirs, AnExplicitSettingThatIsNotAFolderIsAnError) {
  const ScopedEnv env(kDataDirEnv, "/no/such/paretolab/data");
  try {
    resolve_data_dir();
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(
        std::string(e.what()).find("PARETOLAB_DATA_DIR=/no/such/paretolab/data: expected an existing folder"),
        std::string::npos);
  }
  const DeviceCatalog c = DeviceCatalog::load_default();
  ASSERT_EQ(c.problems().size(), 1u);
  EXPECT_NE(c.problems()[0].reason.find("PARETOLAB_DATA_DIR"), std::string::npos);
}

TEST(hw_DataDirs, WithoutTheVariableTheSourceTreeIsUsed) {
  const ScopedEnv env(kDataDirEnv, "");  // empty counts as unset
  EXPECT_EQ(resolve_data_dir(), std::filesystem::path(build::kSourceDataDir));
  EXPECT_NE(DeviceCatalog::load_default().find("jetson-agx-orin"), nullptr);
}

class hw_ResolveTarget : public ::testing::Test {
 protected:
  DeviceCatalog catalog = DeviceCatalog::load(device_fixture("catalog"));
  LocalProbe probe{LocalProbeOptions{test::sysfs_case("desktop"), "libplab-no-such-nvml.so.1", true}};
};

TEST_F(hw_ResolveTarget, SimulatedGetsTheValidatedModelAndItsFile) {
  const TargetInfo t = resolve_target("simulated:tiny-edge", catalog, probe);
  EXPECT_TRUE(t.simulated);
  EXPECT_EQ(t.source, device_fixture("catalog/tiny-edge.json"));
  EXPECT_EQ(t.model["id"], "tiny-edge");
  EXPECT_EQ(t.model["knobs"].size(), 2u);
}

TEST_F(hw_ResolveTarget, LocalGetsTheProbeReport) {
  const TargetInfo t = resolve_target("local", catalog, probe);
  EXPECT_FALSE(t.simulated);
  EXPECT_EQ(t.model["schema"], "paretolab-local/1");
  EXPECT_EQ(t.model["root"], test::sysfs_case("desktop").string());
}

TEST_F(hw_ResolveTarget, UnknownDeviceListsTheKnownOnes) {
  try {
    resolve_target("simulated:nope", catalog, probe);
    FAIL();
  } catch (const InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("unknown simulated device 'nope'"), std::string::npos) << m;
    EXPECT_NE(m.find("known devices: alpha-board, tiny-edge"), std::string::npos) << m;
    EXPECT_NE(m.find("truncated.json"), std::string::npos) << m;  // files that failed are named too
  }
}

TEST_F(hw_ResolveTarget, AnInvalidDeviceFileGivesItsOwnReason) {
  try {
    resolve_target("simulated:broken-default", catalog, probe);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("knobs[0].default: expected one of the levels"), std::string::npos);
  }
}

TEST_F(hw_ResolveTarget, OtherKindsPassThroughWithoutAModel) {
  const TargetInfo t = resolve_target("csv:/tmp/m.csv", catalog, probe);
  EXPECT_EQ(t.kind, "csv");
  EXPECT_EQ(t.name, "/tmp/m.csv");
  EXPECT_TRUE(t.model.is_null());
  EXPECT_THROW(resolve_target("bogus", catalog, probe), InputError);
}

}  // namespace
}  // namespace plab::hw
