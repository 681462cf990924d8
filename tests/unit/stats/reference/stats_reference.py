#!/usr/bin/python3
"""Independent reference values for tests/unit/stats/*_test.cpp.

Computed with numpy 1.24 / scipy 1.10 (Debian bookworm: python3-numpy, python3-scipy), which share
no code with core/stats. Run: /usr/bin/python3 tests/unit/stats/reference/stats_reference.py
The tests quote the printed numbers; this script is how to re-derive them.
"""
import numpy as np
from scipy import stats

A = [1.02, 0.98, 1.00, 1.05, 0.97, 1.01, 0.99, 1.50, 1.03, 0.96, 1.00, 1.04]
B = [3.1, 4.7, 2.2, 5.9, 4.1, 3.3, 6.8, 5.0, 2.9, 4.4]
FREQ = [1300, 1350, 1320, 1410, 1290, 1380, 1365, 1330, 1400, 1310]
DUR = [10.9, 10.4, 10.7, 10.0, 11.1, 10.2, 10.3, 10.85, 10.05, 10.8]
TX = [1, 2, 2, 3, 4, 4, 4, 5]
TY = [2, 1, 3, 3, 5, 4, 6, 7]
# Rosner (1983) / NIST e-Handbook 1.3.5.17.3 example for the generalised ESD test.
ROSNER = [-0.25, 0.68, 0.94, 1.15, 1.20, 1.26, 1.26, 1.34, 1.38, 1.43, 1.49, 1.49, 1.55, 1.56,
          1.58, 1.65, 1.69, 1.70, 1.76, 1.77, 1.81, 1.91, 1.94, 1.96, 1.99, 2.06, 2.09, 2.10,
          2.14, 2.15, 2.23, 2.24, 2.26, 2.35, 2.37, 2.40, 2.47, 2.54, 2.62, 2.64, 2.90, 2.92,
          2.92, 2.93, 3.21, 3.26, 3.30, 3.59, 3.68, 4.30, 4.64, 5.34, 5.42, 6.01]
GROUPS = [[10.0, 10.2, 9.9], [10.8, 10.9, 11.1, 10.7], [9.5, 9.6], [10.3, 10.1, 10.4]]

P = lambda name, v: print(f"{name} = {v!r}")

for name, s in (("A", A), ("B", B)):
    a = np.array(s)
    P(f"{name}.mean", a.mean())
    P(f"{name}.std(ddof=1)", a.std(ddof=1))
    for q in (0.1, 0.25, 0.5, 0.75, 0.9):
        P(f"{name}.quantile({q}, linear)", np.quantile(a, q))
    P(f"{name}.mad(raw)", stats.median_abs_deviation(a, scale=1.0))
    q1, q2, q3 = np.quantile(a, [0.25, 0.5, 0.75])
    iqr = q3 - q1
    lf, uf = q1 - 1.5 * iqr, q3 + 1.5 * iqr
    inside = a[(a >= lf) & (a <= uf)]
    P(f"{name}.variation_fences_pct", (uf - lf) / q2 * 100)
    P(f"{name}.variation_whiskers_pct", (inside.max() - inside.min()) / q2 * 100)
    P(f"{name}.variation_range_pct", (a.max() - a.min()) / q2 * 100)
    P(f"{name}.tukey_outlier_idx", list(np.where((a < lf) | (a > uf))[0]))
    mz = 0.6745 * (a - np.median(a)) / stats.median_abs_deviation(a, scale=1.0)
    P(f"{name}.modified_z", list(np.round(mz, 6)))

r, p = stats.pearsonr(FREQ, DUR)
P("pearson.r", r); P("pearson.p", p)
z, se, zc = np.arctanh(r), 1 / np.sqrt(len(FREQ) - 3), stats.norm.ppf(0.975)
P("pearson.ci95", (np.tanh(z - zc * se), np.tanh(z + zc * se)))
rho, p = stats.spearmanr(FREQ, DUR)
P("spearman.rho", rho); P("spearman.p", p)
se = np.sqrt(1.06 / (len(FREQ) - 3))
P("spearman.ci95(Fieller)", (np.tanh(np.arctanh(rho) - zc * se), np.tanh(np.arctanh(rho) + zc * se)))
rho, p = stats.spearmanr(TX, TY)
P("spearman.ties.rho", rho); P("spearman.ties.p", p)
P("rankdata(TX)", list(stats.rankdata(TX)))

# Generalised ESD, written out from Rosner (1983) with scipy's t quantiles.
x = list(ROSNER)
Rs, lams = [], []
n = len(x)
for i in range(1, 11):
    arr = np.array(x); m, s = arr.mean(), arr.std(ddof=1)
    j = int(np.argmax(np.abs(arr - m)))
    Rs.append(abs(arr[j] - m) / s)
    p = 1 - 0.05 / (2 * (n - i + 1))
    t = stats.t.ppf(p, n - i - 1)
    lams.append((n - i) * t / np.sqrt((n - i - 1 + t * t) * (n - i + 1)))
    x.pop(j)
P("esd.R", [round(v, 4) for v in Rs]); P("esd.lambda", [round(v, 4) for v in lams])
P("esd.outliers", max([i + 1 for i in range(10) if Rs[i] > lams[i]] or [0]))

f, p = stats.f_oneway(*GROUPS)
P("anova.F", f); P("anova.p", p)
N = sum(len(g) for g in GROUPS); k = len(GROUPS)
gm = sum(sum(g) for g in GROUPS) / N
msb = sum(len(g) * (np.mean(g) - gm) ** 2 for g in GROUPS) / (k - 1)
msw = sum(((np.array(g) - np.mean(g)) ** 2).sum() for g in GROUPS) / (N - k)
n0 = (N - sum(len(g) ** 2 for g in GROUPS) / N) / (k - 1)
P("anova.msb", msb); P("anova.msw", msw)
P("icc1", (msb - msw) / (msb + (n0 - 1) * msw))
P("within_cv", np.sqrt(msw) / gm)
P("across_cv", np.std([np.mean(g) for g in GROUPS], ddof=1) / gm)

# Bootstrap percentile interval of the mean of B with a very large number of resamples (numpy's
# own generator): the C++ interval with 20000 resamples must land within Monte Carlo error.
rng = np.random.default_rng(12345)
b = np.array(B)
means = b[rng.integers(0, len(b), size=(400000, len(b)))].mean(axis=1)
P("bootstrap.mean(B).ci95", (np.quantile(means, 0.025), np.quantile(means, 0.975)))
