#pragma once
// The measurement CSV format: how a user brings measurements from a real cluster, and how the
// profiler saves what it measured (the two are the same format, so a saved run re-imports).
//
//   # comment lines start with '#'; blank lines are ignored
//   device,node,application,repetition,duration_s,frequency_mhz,power_w,temperature_c
//   GPU-1b2c...,a01n03,sgemm,0,2.412,1380,297.5,51
//
// Required columns: device (unique id of the processor, e.g. a GPU UUID), node (machine name),
// application, repetition (integer >= 0), and duration_s (seconds, > 0) or duration_ms.
// Optional columns: frequency_mhz, power_w, temperature_c (empty cell = not measured), start_s
// (seconds since the campaign began), label (free text, e.g. the GPU model).
// Columns may come in any order. Fields may be double-quoted ("" inside quotes is a quote).
//
// Anything else is refused with plab::InputError naming the file, the line and the field:
// an unknown column, a missing required column, a row with the wrong number of fields, a
// duration that is not a positive number, a repetition that is not a non-negative integer, a
// sensor value that is not a number (or a negative frequency or power), a device that changes
// node, or the same (device, application, repetition) twice.

#include <filesystem>
#include <istream>
#include <ostream>
#include <string>

#include "plugins/variability-profiler/src/dataset.h"

namespace plab::variability {

/// Reads a measurement CSV file. Throws InputError (file and line named) on bad input, including
/// a file that cannot be opened or has no data rows.
Dataset read_measurements_csv(const std::filesystem::path& file);

/// Parses CSV text; `name` stands for the file in error messages.
Dataset parse_measurements_csv(std::istream& in, const std::string& name);

/// Writes a dataset in the same format (all columns; missing sensor values as empty cells).
void write_measurements_csv(const Dataset& data, std::ostream& out);
void write_measurements_csv(const Dataset& data, const std::filesystem::path& file);

}  // namespace plab::variability
