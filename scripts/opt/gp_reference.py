#!/usr/bin/python3
"""Independent reference values for tests/unit/opt/gp_test.cpp: a Matern 5/2 ARD Gaussian process
written directly from Rasmussen & Williams (2006), eqs. 2.25-2.26, 2.30 and 4.17, with numpy.
Run: /usr/bin/python3 scripts/opt/gp_reference.py"""
import math
import numpy as np

X = np.array([[0.1, 0.2], [0.4, 0.9], [0.8, 0.3], [0.5, 0.5], [0.95, 0.05]])
y = np.array([1.0, -0.5, 0.3, 0.7, -1.2])
ls = np.array([0.3, 0.6])
sf2, sn2 = 1.5, 0.01
Xs = np.array([[0.2, 0.4], [0.7, 0.7]])


def k(a, b):
    r = math.sqrt((((a - b) / ls) ** 2).sum())
    s = math.sqrt(5) * r
    return sf2 * (1 + s + s * s / 3) * math.exp(-s)


K = np.array([[k(a, b) for b in X] for a in X]) + sn2 * np.eye(len(X))
Kinv = np.linalg.inv(K)
alpha = Kinv @ y
lml = -0.5 * y @ alpha - 0.5 * np.linalg.slogdet(K)[1] - 0.5 * len(X) * math.log(2 * math.pi)
print("lml", repr(lml))
for xs in Xs:
    ks = np.array([k(xs, b) for b in X])
    print("mean", repr(ks @ alpha), "var", repr(sf2 - ks @ Kinv @ ks))

# Gradient of the LML in log-parameters, by central differences of the closed form.
def lml_at(theta):
    global ls, sf2, sn2
    ls0, sf0, sn0 = ls, sf2, sn2
    ls, sf2, sn2 = np.exp(theta[:2]), math.exp(theta[2]), math.exp(theta[3])
    K = np.array([[k(a, b) for b in X] for a in X]) + sn2 * np.eye(len(X))
    v = -0.5 * y @ np.linalg.solve(K, y) - 0.5 * np.linalg.slogdet(K)[1] - 0.5 * len(X) * math.log(2 * math.pi)
    ls, sf2, sn2 = ls0, sf0, sn0
    return v

theta = np.concatenate([np.log(ls), [math.log(sf2), math.log(sn2)]])
h = 1e-6
print("grad", [repr((lml_at(theta + h * e) - lml_at(theta - h * e)) / (2 * h)) for e in np.eye(4)])
