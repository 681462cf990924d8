#pragma once
// CPU affinity for the local profiler: which logical CPUs this process may use, and pinning the
// calling thread to one of them (Linux sched_{get,set}affinity).

#include <vector>

namespace plab::variability {

/// Logical CPUs this process may run on (sched_getaffinity), ascending; empty on failure.
std::vector<int> allowed_cpus();

/// Pins the calling thread to logical CPU `cpu` (sched_setaffinity). Returns false on failure.
bool pin_this_thread(int cpu);

}  // namespace plab::variability
