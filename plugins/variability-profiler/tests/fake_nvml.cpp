// A stand-in for libnvidia-ml.so.1 with two GPUs and fixed readings, so the dlopen telemetry path
// is exercised on machines without an NVIDIA driver (through core/hw's loader). Only the entry
// points the profiler reads; the rest are reported missing by the loader, which is fine.
#include <cstring>

extern "C" {

struct nvmlDevice_st {
  int index;
};
static nvmlDevice_st g_devices[2] = {{0}, {1}};

int nvmlInit_v2() { return 0; }
int nvmlShutdown() { return 0; }
const char* nvmlErrorString(int) { return "fake NVML error"; }
int nvmlDeviceGetCount_v2(unsigned* n) {
  *n = 2;
  return 0;
}
int nvmlDeviceGetHandleByIndex_v2(unsigned i, nvmlDevice_st** d) {
  if (i >= 2) return 2;  // NVML_ERROR_INVALID_ARGUMENT
  *d = &g_devices[i];
  return 0;
}
int nvmlDeviceGetName(nvmlDevice_st* d, char* buf, unsigned n) {
  std::strncpy(buf, d->index == 0 ? "Fake GPU A" : "Fake GPU B", n);
  return 0;
}
int nvmlDeviceGetUUID(nvmlDevice_st* d, char* buf, unsigned n) {
  std::strncpy(buf, d->index == 0 ? "GPU-fake-0" : "GPU-fake-1", n);
  return 0;
}
int nvmlDeviceGetClockInfo(nvmlDevice_st* d, int type, unsigned* mhz) {
  if (type != 1) return 2;
  *mhz = d->index == 0 ? 1410 : 1395;
  return 0;
}
int nvmlDeviceGetPowerUsage(nvmlDevice_st* d, unsigned* mw) {
  if (d->index == 1) return 3;  // NVML_ERROR_NOT_SUPPORTED: power missing on GPU 1
  *mw = 251500;
  return 0;
}
int nvmlDeviceGetTemperature(nvmlDevice_st* d, int sensor, unsigned* c) {
  if (sensor != 0) return 2;
  *c = d->index == 0 ? 55 : 61;
  return 0;
}
int nvmlDeviceGetPowerManagementLimit(nvmlDevice_st*, unsigned* mw) {
  *mw = 300000;
  return 0;
}
}
