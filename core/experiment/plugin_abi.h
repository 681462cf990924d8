#pragma once
// The binary contract between the host and a plugin shared library (DESIGN.md, STYLE.md
// "PlotJuggler's plugin SDK"). A plugin exports exactly three C symbols:
//
//   paretolab_abi_version   const std::uint32_t   read first; nothing else is trusted until it matches
//   paretolab_manifest      const char* const     JSON: {"id","name","version","min_core_version"}
//   paretolab_create_module C function            returns a PluginModule* or nullptr with an error
//
// A plugin source file declares them with PLAB_MODULE(Class, manifest_json). New entry points are
// added at the end of PluginModule and as new symbols; the host checks that a symbol exists before
// calling it. No exception crosses this boundary: every call returns a PluginStatus.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <memory>
#include <string>

#include "core/experiment/module.h"
#include "core/util/error.h"

namespace plab {

/// Incremented whenever PluginModule, RunContext or the value types they exchange change layout.
inline constexpr std::uint32_t kAbiVersion = 2;

/// BadInput: the module refused its input (an InputError: a parameter's content, a file it names).
enum class PluginCode { Ok = 0, Error = 1, Cancelled = 2, BadInput = 3 };

struct PluginStatus {
  PluginCode code = PluginCode::Ok;
  std::string message;
  bool ok() const { return code == PluginCode::Ok; }
};

/// The object behind the boundary. Every method is noexcept and reports failure as a status.
class PluginModule {
 public:
  virtual ~PluginModule() = default;
  /// The module's ModuleInfo as JSON text (see to_json(ModuleInfo)).
  virtual PluginStatus describe(std::string& json_out) noexcept = 0;
  virtual PluginStatus run(RunContext& ctx) noexcept = 0;
};

/// Adapts a science-side Module to the boundary, catching every exception.
template <class M>
class ModuleAdapter final : public PluginModule {
 public:
  PluginStatus describe(std::string& json_out) noexcept override {
    try {
      json_out = to_json(module_.info()).dump();
      return {};
    } catch (const std::exception& e) {
      return {PluginCode::Error, std::string("describe failed: ") + e.what()};
    } catch (...) {
      return {PluginCode::Error, "describe failed: unknown exception"};
    }
  }
  PluginStatus run(RunContext& ctx) noexcept override {
    try {
      module_.run(ctx);
      return {};
    } catch (const Cancelled&) {
      return {PluginCode::Cancelled, "cancelled"};
    } catch (const InputError& e) {
      return {PluginCode::BadInput, e.what()};
    } catch (const std::exception& e) {
      return {PluginCode::Error, e.what()};
    } catch (...) {
      return {PluginCode::Error, "unknown exception"};
    }
  }

 private:
  M module_;
};

using CreateModuleFn = PluginModule*(char* error, std::size_t error_size);

}  // namespace plab

#define PLAB_PLUGIN_EXPORT extern "C" __attribute__((visibility("default")))

/// Declares the three contract symbols for module class `Class` with manifest JSON `manifest`.
#define PLAB_MODULE(Class, manifest)                                                           \
  PLAB_PLUGIN_EXPORT const std::uint32_t paretolab_abi_version = ::plab::kAbiVersion;          \
  PLAB_PLUGIN_EXPORT const char* const paretolab_manifest = manifest;                          \
  PLAB_PLUGIN_EXPORT ::plab::PluginModule* paretolab_create_module(char* error,                \
                                                                  std::size_t error_size) {    \
    try {                                                                                      \
      return new ::plab::ModuleAdapter<Class>();                                               \
    } catch (const std::exception& e) {                                                        \
      if (error && error_size) {                                                               \
        std::strncpy(error, e.what(), error_size - 1);                                         \
        error[error_size - 1] = '\0';                                                          \
      }                                                                                        \
      return nullptr;                                                                          \
    } catch (...) {                                                                            \
      return nullptr;                                                                          \
    }                                                                                          \
  }
