#!/usr/bin/python3
"""Fits the power-limit response of datacenter GPUs from Zeus's measured sweeps and prints the
JSON fragments that data/devices/<gpu>.json ships (the CSVs themselves are never committed).

Source: ml-energy/zeus, examples/research_reproducibility/zeus_nsdi23/trace/summary_power_<gpu>.csv
(commit 75a8b93, Apache-2.0), found through PARETOLAB_SHARED_DATA or ../shared/data/gpu-energy.

Per GPU and network:
  time_factor[PL] = median over (batch size, optimizer) of time_per_epoch(PL) / time_per_epoch(max PL)
  power_w[PL]     = median over (batch size, optimizer) of average_power(PL)
  train_s_per_sample = min over (batch size, optimizer) of time_per_epoch(max PL) / N
    (N = training-set size), and the batch size where it was reached.
Run: /usr/bin/python3 scripts/fit/fit_zeus_power.py [--update] [v100 a40 ...]
  --update writes the fitted numbers into data/devices/nvidia-<gpu>.json (models' power_limits_w,
  time_factor, power_w, and infer_ms_per_sample = train_s_per_sample / 3 for ResNet-50 and BERT-base;
  EfficientNet-B0's per-sample time = ResNet-50's x 0.78/8.2 GFLOP x 3, see the files' sources).
"""
import csv
import json
import os
import statistics
import sys

TRAIN_SET = {"imagenet": 1281167, "cifar100": 50000, "squad": 87599}
NETWORKS = {"resnet50": "resnet-50", "shufflenetv2": "efficientnet-b0", "bert_base_uncased": "bert-base"}


def data_dir():
    root = os.environ.get("PARETOLAB_SHARED_DATA") or os.path.join(os.path.dirname(__file__), "../../../shared/data")
    return os.path.join(root, "gpu-energy")


def fit(gpu):
    rows = list(csv.DictReader(open(os.path.join(data_dir(), f"summary_power_{gpu}.csv"))))
    out = {}
    for net, name in NETWORKS.items():
        sel = [r for r in rows if r["network"] == net]
        if not sel:
            continue
        pls = sorted({float(r["power_limit"]) for r in sel})
        top = pls[-1]
        groups = {}
        for r in sel:
            groups.setdefault((r["batch_size"], r["optimizer"]), {})[float(r["power_limit"])] = (
                float(r["time_per_epoch"]), float(r["average_power"]))
        complete = {k: v for k, v in groups.items() if all(p in v for p in pls)}
        factors = [statistics.median(v[p][0] / v[top][0] for v in complete.values()) for p in pls]
        power = [statistics.median(v[p][1] for v in complete.values()) for p in pls]
        # Fastest training throughput at the top power limit (over batch sizes and optimizers).
        n = TRAIN_SET[sel[0]["dataset"]]
        best = min((v[top][0] / n, int(b)) for (b, _), v in complete.items())
        out[name] = {
            "zeus_network": net, "zeus_dataset": sel[0]["dataset"], "configurations": len(complete),
            "power_limits_w": pls, "time_factor": [round(f, 4) for f in factors],
            "power_w": [round(p, 1) for p in power],
            "train_s_per_sample": float(f"{best[0]:.4g}"), "at_batch_size": best[1],
        }
    return out


def update(gpu, fitted):
    path = os.path.join(os.path.dirname(__file__), "../../data/devices", f"nvidia-{gpu}.json")
    dev = json.load(open(path))
    resnet_ms = fitted["resnet-50"]["train_s_per_sample"] / 3 * 1000
    for name, f in fitted.items():
        m = dev["inference"]["models"][name]
        m["power_limits_w"], m["time_factor"], m["power_w"] = f["power_limits_w"], f["time_factor"], f["power_w"]
        ms = resnet_ms * 0.78 / 8.2 * 3 if name == "efficientnet-b0" else f["train_s_per_sample"] / 3 * 1000
        m["infer_ms_per_sample"] = round(ms, 4)
    json.dump(dev, open(path, "w"), indent=2)
    print("updated", path)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--update"]
    for gpu in args or ["v100", "a40"]:
        fitted = fit(gpu)
        if "--update" in sys.argv:
            update(gpu, fitted)
        else:
            print(gpu, json.dumps(fitted, indent=1))
