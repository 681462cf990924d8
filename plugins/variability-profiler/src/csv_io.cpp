#include "plugins/variability-profiler/src/csv_io.h"

#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <tuple>
#include <vector>

#include "core/util/error.h"

namespace plab::variability {
namespace {

enum Col {
  kDevice,
  kNode,
  kApplication,
  kRepetition,
  kDurationS,
  kDurationMs,
  kFreq,
  kPower,
  kTemp,
  kStart,
  kLabel,
  kCols
};
constexpr std::array<const char*, kCols> kNames = {
    "device",        "node",    "application",   "repetition", "duration_s", "duration_ms",
    "frequency_mhz", "power_w", "temperature_c", "start_s",    "label"};

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

// Splits one CSV line (RFC 4180 quoting, no embedded newlines).
std::vector<std::string> split(const std::string& line, const std::string& where) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false, was_quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cur += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cur += c;
      }
    } else if (c == '"' && trim(cur).empty()) {
      quoted = was_quoted = true;
      cur.clear();
    } else if (c == ',') {
      out.push_back(was_quoted ? cur : trim(cur));
      cur.clear();
      was_quoted = false;
    } else {
      cur += c;
    }
  }
  if (quoted)
    throw InputError(where + ": unterminated quoted field; expected a closing '\"' on the same line");
  out.push_back(was_quoted ? cur : trim(cur));
  return out;
}

std::optional<double> parse_double(const std::string& s) {
  if (s.empty()) return std::nullopt;
  double v = 0;
  const auto* end = s.data() + s.size();
  auto [p, ec] = std::from_chars(s.data(), end, v);
  if (ec != std::errc() || p != end || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string quote(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += (c == '"') ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string number(double v) {
  if (!present(v)) return "";
  std::ostringstream os;
  os.precision(10);
  os << v;
  return os.str();
}

}  // namespace

Dataset parse_measurements_csv(std::istream& in, const std::string& name) {
  Dataset data;
  data.source = "csv:" + name;
  std::array<int, kCols> col;
  col.fill(-1);
  std::size_t ncols = 0;
  bool have_header = false;
  std::map<std::tuple<std::uint32_t, std::uint32_t, std::int32_t>, std::size_t> seen;  // -> line
  std::map<std::uint32_t, std::size_t> device_line;

  std::string line;
  std::size_t lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    const std::string where = name + ":" + std::to_string(lineno);
    const std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    const auto fields = split(line, where);
    if (!have_header) {
      for (std::size_t i = 0; i < fields.size(); ++i) {
        int which = -1;
        for (int c = 0; c < kCols; ++c)
          if (fields[i] == kNames[c]) which = c;
        if (which < 0) {
          std::string accepted;
          for (auto* n : kNames) accepted += std::string(accepted.empty() ? "" : ", ") + n;
          throw InputError(where + ": unknown column '" + fields[i] + "'; expected one of: " + accepted);
        }
        if (col[which] >= 0) throw InputError(where + ": column '" + fields[i] + "' appears twice");
        col[which] = static_cast<int>(i);
      }
      for (int c : {kDevice, kNode, kApplication, kRepetition})
        if (col[c] < 0) throw InputError(where + ": header lacks required column '" + kNames[c] + "'");
      if ((col[kDurationS] < 0) == (col[kDurationMs] < 0))
        throw InputError(where + ": header needs exactly one of the columns 'duration_s' and 'duration_ms'");
      ncols = fields.size();
      have_header = true;
      continue;
    }
    if (fields.size() != ncols)
      throw InputError(where + ": " + std::to_string(fields.size()) + " fields; expected " +
                       std::to_string(ncols) + " as in the header");
    auto field = [&](int c) -> std::string {
      return col[c] >= 0 ? fields[static_cast<std::size_t>(col[c])] : "";
    };
    for (int c : {kDevice, kNode, kApplication})
      if (field(c).empty()) throw InputError(where + ": field '" + kNames[c] + "' is empty; expected a name");

    Measurement m;
    const std::string rep = field(kRepetition);
    int r = -1;
    auto [rp, rec] = std::from_chars(rep.data(), rep.data() + rep.size(), r);
    if (rep.empty() || rec != std::errc() || rp != rep.data() + rep.size() || r < 0)
      throw InputError(where + ": field 'repetition' is '" + rep + "'; expected an integer >= 0");
    m.repetition = r;

    const int dcol = col[kDurationS] >= 0 ? kDurationS : kDurationMs;
    const auto d = parse_double(field(dcol));
    if (!d || *d <= 0)
      throw InputError(where + ": field '" + kNames[dcol] + "' is '" + field(dcol) +
                       "'; expected a positive number");
    m.duration_s = dcol == kDurationMs ? *d / 1000.0 : *d;

    auto sensor = [&](int c, bool nonneg) {
      const std::string s = field(c);
      if (s.empty()) return kMissing;
      const auto v = parse_double(s);
      if (!v || (nonneg && *v < 0))
        throw InputError(where + ": field '" + kNames[c] + "' is '" + s + "'; expected " +
                         (nonneg ? "a number >= 0" : "a number") + " or an empty cell");
      return *v;
    };
    m.frequency_mhz = sensor(kFreq, true);
    m.power_w = sensor(kPower, true);
    m.temperature_c = sensor(kTemp, false);
    m.start_s = sensor(kStart, false);

    const std::size_t before = data.devices.size();
    m.device = data.device(field(kDevice), field(kNode), field(kLabel));
    if (data.devices.size() == before && data.devices[m.device].node != field(kNode))
      throw InputError(where + ": device '" + field(kDevice) + "' is on node '" + field(kNode) +
                       "' but line " + std::to_string(device_line[m.device]) + " put it on node '" +
                       data.devices[m.device].node + "'; expected one node per device");
    device_line.try_emplace(m.device, lineno);
    m.application = data.application(field(kApplication));
    auto [it, fresh] = seen.try_emplace({m.device, m.application, m.repetition}, lineno);
    if (!fresh)
      throw InputError(where + ": device '" + field(kDevice) + "', application '" + field(kApplication) +
                       "', repetition " + rep + " already appeared on line " + std::to_string(it->second) +
                       "; expected each repetition once");
    data.runs.push_back(m);
  }
  if (!have_header)
    throw InputError(name + ": no header line; expected a CSV header such as " +
                     "device,node,application,repetition,duration_s");
  if (data.runs.empty()) throw InputError(name + ": no data rows after the header");
  return data;
}

Dataset read_measurements_csv(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw InputError(file.string() + ": cannot open the measurement CSV file");
  return parse_measurements_csv(in, file.string());
}

void write_measurements_csv(const Dataset& data, std::ostream& out) {
  out << "device,node,application,repetition,duration_s,frequency_mhz,power_w,temperature_c,start_s,label\n";
  for (const auto& m : data.runs) {
    const Device& d = data.devices[m.device];
    out << quote(d.id) << ',' << quote(d.node) << ',' << quote(data.applications[m.application]) << ','
        << m.repetition << ',' << number(m.duration_s) << ',' << number(m.frequency_mhz) << ','
        << number(m.power_w) << ',' << number(m.temperature_c) << ',' << number(m.start_s) << ','
        << quote(d.label) << '\n';
  }
}

void write_measurements_csv(const Dataset& data, const std::filesystem::path& file) {
  std::ofstream out(file);
  if (!out) throw RunError(file.string() + ": cannot write the measurement CSV file");
  write_measurements_csv(data, out);
  if (!out) throw RunError(file.string() + ": write failed");
}

}  // namespace plab::variability
