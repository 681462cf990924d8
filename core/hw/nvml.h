#pragma once
// NVIDIA's management library (NVML) loaded at run time with dlopen: ParetoLab never links it and
// never needs it. Every function is looked up by name; whatever is missing is reported, not assumed.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace plab::hw {

/// The library name the NVIDIA driver installs.
inline constexpr const char* kNvmlLibrary = "libnvidia-ml.so.1";

/// Resolves an exported symbol name to its address, or nullptr (dlsym, or a test's table).
using SymbolLookup = std::function<void*(const char* symbol)>;

/// A loaded and initialised NVML. Creating one calls nvmlInit_v2; destroying it calls nvmlShutdown
/// and dlclose. Every query returns nullopt on failure and, when `why` is given, stores NVML's
/// reason there ("Not Supported", "symbol nvmlX not found in libnvidia-ml.so.1", ...).
/// Not copyable. NVML itself is thread-safe, so queries may come from several threads.
class Nvml {
 public:
  /// dlopen()s `library`. Never throws: usable() and reason() say how it went.
  static std::unique_ptr<Nvml> load(const std::string& library = kNvmlLibrary);
  /// The same with symbols from `lookup` instead of a shared library (tests); `label` stands for
  /// the library name in messages.
  static std::unique_ptr<Nvml> from_lookup(SymbolLookup lookup, const std::string& label);

  ~Nvml();
  Nvml(const Nvml&) = delete;
  Nvml& operator=(const Nvml&) = delete;

  /// True when the library loaded, the required functions exist and nvmlInit_v2 succeeded.
  bool usable() const { return usable_; }
  /// Why it is not usable ("" when it is).
  const std::string& reason() const { return reason_; }
  const std::string& library() const { return library_; }
  /// NVML functions ParetoLab looks for that the library does not export.
  const std::vector<std::string>& missing_symbols() const { return missing_; }

  std::optional<std::string> driver_version(std::string* why = nullptr) const;
  std::optional<unsigned> device_count(std::string* why = nullptr) const;
  std::optional<std::string> name(unsigned index, std::string* why = nullptr) const;
  std::optional<std::string> uuid(unsigned index, std::string* why = nullptr) const;
  std::optional<unsigned> sm_clock_mhz(unsigned index, std::string* why = nullptr) const;
  std::optional<unsigned> memory_clock_mhz(unsigned index, std::string* why = nullptr) const;
  std::optional<unsigned> temperature_c(unsigned index, std::string* why = nullptr) const;
  std::optional<double> power_w(unsigned index, std::string* why = nullptr) const;
  std::optional<double> power_limit_w(unsigned index, std::string* why = nullptr) const;
  /// {min, max} of the settable power limit, in watts.
  std::optional<std::pair<double, double>> power_limit_range_w(unsigned index,
                                                               std::string* why = nullptr) const;
  /// Energy since the driver was loaded, in joules (Volta and newer).
  std::optional<double> total_energy_j(unsigned index, std::string* why = nullptr) const;

 private:
  struct Api;  // the looked-up function pointers (defined in nvml.cpp)

  Nvml() = default;
  void init(const SymbolLookup& lookup);
  void* device(unsigned index, std::string* why) const;
  std::string error_text(int code) const;
  // Runs call(device) for an optional function `symbol` (present = looked up); false on failure.
  template <class F>
  bool query(bool present, const char* symbol, unsigned index, std::string* why, F call) const;

  void* handle_ = nullptr;  // dlopen handle, nullptr for from_lookup
  std::unique_ptr<Api> api_;
  std::string library_;
  bool usable_ = false;
  bool initialised_ = false;
  std::string reason_;
  std::vector<std::string> missing_;
};

}  // namespace plab::hw
