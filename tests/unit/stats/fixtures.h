#pragma once
// Fixed samples shared by the stats tests. Reference values in the tests come from
// tests/unit/stats/reference/stats_reference.py (numpy 1.24 / scipy 1.10), which defines the same
// samples; keep the two in step.

#include <vector>

namespace plab::stats::testdata {

// Median-normalised-looking durations with one slow outlier (index 7).
inline const std::vector<double> kA = {1.02, 0.98, 1.00, 1.05, 0.97, 1.01,
                                       0.99, 1.50, 1.03, 0.96, 1.00, 1.04};
inline const std::vector<double> kB = {3.1, 4.7, 2.2, 5.9, 4.1, 3.3, 6.8, 5.0, 2.9, 4.4};
inline const std::vector<double> kFreq = {1300, 1350, 1320, 1410, 1290, 1380, 1365, 1330, 1400, 1310};
inline const std::vector<double> kDur = {10.9, 10.4, 10.7, 10.0, 11.1, 10.2, 10.3, 10.85, 10.05, 10.8};
inline const std::vector<double> kTiesX = {1, 2, 2, 3, 4, 4, 4, 5};
inline const std::vector<double> kTiesY = {2, 1, 3, 3, 5, 4, 6, 7};
// Rosner (1983), reproduced in the NIST/SEMATECH e-Handbook of Statistical Methods, 1.3.5.17.3.
inline const std::vector<double> kRosner = {-0.25, 0.68, 0.94, 1.15, 1.20, 1.26, 1.26, 1.34, 1.38, 1.43, 1.49,
                                            1.49,  1.55, 1.56, 1.58, 1.65, 1.69, 1.70, 1.76, 1.77, 1.81, 1.91,
                                            1.94,  1.96, 1.99, 2.06, 2.09, 2.10, 2.14, 2.15, 2.23, 2.24, 2.26,
                                            2.35,  2.37, 2.40, 2.47, 2.54, 2.62, 2.64, 2.90, 2.92, 2.92, 2.93,
                                            3.21,  3.26, 3.30, 3.59, 3.68, 4.30, 4.64, 5.34, 5.42, 6.01};
inline const std::vector<std::vector<double>> kGroups = {
    {10.0, 10.2, 9.9}, {10.8, 10.9, 11.1, 10.7}, {9.5, 9.6}, {10.3, 10.1, 10.4}};

}  // namespace plab::stats::testdata
