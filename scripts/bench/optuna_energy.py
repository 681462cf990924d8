#!/usr/bin/python3
"""Optuna's TPE sampler on the energy tuner's objective, through `paretolab-cli run energy-tuner
--set optimiser=evaluate`: the exact objective (measured energy per inference, p99 latency against
the SLO) that the module's own optimisers see. bench-energy calls this script once for every
device, model and seed (--tasks); it can also run one device and model alone:

  /usr/bin/python3 scripts/bench/optuna_energy.py --cli build/bin/paretolab-cli \
      --plugins build/plugins --device jetson-agx-orin --model resnet-50 --cpu-freq 1190.4 \
      --optimum-mj 164.2 --seeds 10 --trials 40

--tasks FILE reads a JSON list of {"device", "model", "cpu_freq", "optimum_mj", "seed"} instead.
Studies run in --jobs worker processes at once; each evaluation is one CLI run stored in a
scratch SQLite file (in /dev/shm where it exists: the CLI commits every row as it comes).
Infeasible trials (p99 over the SLO) are told to Optuna as constraint violations
(TPESampler(constraints_func=...)). For each seed it prints, as one JSON line, the number of
trials until a configuration whose noise-free energy is within 5% of the optimum and truly
feasible was evaluated (null when none was), and the best measured feasible energy.
"""
import argparse
import concurrent.futures
import json
import os
import subprocess
import tempfile
import warnings

KNOBS = {
    "jetson": ["gpu_min_freq", "gpu_max_freq", "emc_freq"],
    "power": ["power_limit"],
}


def levels(device_file, name):
    for k in json.load(open(device_file))["knobs"]:
        if k["name"] == name:
            if "levels" in k:
                return k["levels"]
            r = k["range"]
            n = round((r["max"] - r["min"]) / r["step"])
            return [r["min"] + i * r["step"] for i in range(n + 1)]
    raise SystemExit(f"{device_file}: no knob {name}")


def one_study(a, task, tmp):
    """One Optuna study (one device, model and seed); returns its JSON result."""
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
    device, model, seed = task["device"], task["model"], task["seed"]
    optimum_mj, cpu_freq = task["optimum_mj"], task.get("cpu_freq", 0)
    device_file = os.path.join(a.data, "devices", device + ".json")
    dev = json.load(open(device_file))
    kind = "jetson" if dev["inference"]["kind"] == "jetson-dvfs" else "power"
    space = {k: levels(device_file, k) for k in KNOBS[kind]}
    space["batch_size"] = dev["inference"]["batch_sizes"]
    env = dict(os.environ, PARETOLAB_PLUGIN_PATH=a.plugins)
    db = os.path.join(tmp, f"optuna-{device}-{model}-{seed}.sqlite")
    state = {"reached": None, "n": 0, "best": None}

    def objective(trial):
        cfg = {k: trial.suggest_categorical(k, v) for k, v in space.items()}
        if kind == "jetson" and cfg["gpu_min_freq"] > cfg["gpu_max_freq"]:
            cfg["gpu_min_freq"] = cfg["gpu_max_freq"]  # the device clamps the floor to the cap
        if cpu_freq:
            cfg["cpu_freq"] = cpu_freq
        state["n"] += 1
        out = subprocess.run(
            [a.cli, "run", "energy-tuner", "--target", "simulated:" + device, "--db", db, "--json",
             "--seed", str(seed * 100000 + state["n"]), "--set", "optimiser=evaluate",
             "--set", "model=" + model, "--set", "config=" + json.dumps(cfg)],
            env=env, capture_output=True, text=True)
        if out.returncode != 0:
            raise RuntimeError(out.stderr)
        m = json.loads(out.stdout)["metrics"]
        if m["true_feasible"] and m["true_energy_mj"] <= 1.05 * optimum_mj and state["reached"] is None:
            state["reached"] = state["n"]
        if m["feasible"] and (state["best"] is None or m["energy_mj"] < state["best"]):
            state["best"] = m["energy_mj"]
        trial.set_user_attr("violation", 0.0 if m["feasible"] else m["latency_p99_ms"] / m["latency_slo_ms"] - 1)
        return m["energy_mj"]

    sampler = optuna.samplers.TPESampler(seed=seed, constraints_func=lambda t: [t.user_attrs["violation"]])
    study = optuna.create_study(direction="minimize", sampler=sampler)
    study.optimize(objective, n_trials=a.trials)
    return {"device": device, "model": model, "seed": seed, "evals_to_within_5pct": state["reached"],
            "best_energy_mj": state["best"]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--plugins", required=True)
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "../../data"))
    ap.add_argument("--tasks", help="JSON file: a list of {device, model, cpu_freq, optimum_mj, seed}")
    ap.add_argument("--device")
    ap.add_argument("--model")
    ap.add_argument("--cpu-freq", type=float, default=0)
    ap.add_argument("--optimum-mj", type=float)
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--trials", type=int, default=40)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="studies run at the same time")
    a = ap.parse_args()
    if a.tasks:
        tasks = json.load(open(a.tasks))
    else:
        if not (a.device and a.model and a.optimum_mj):
            ap.error("expected --tasks FILE, or --device, --model and --optimum-mj")
        tasks = [{"device": a.device, "model": a.model, "cpu_freq": a.cpu_freq, "optimum_mj": a.optimum_mj,
                  "seed": s} for s in range(1, a.seeds + 1)]
    scratch = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    with tempfile.TemporaryDirectory(dir=scratch) as tmp:
        with concurrent.futures.ProcessPoolExecutor(max_workers=max(1, a.jobs)) as pool:
            futures = [pool.submit(one_study, a, t, tmp) for t in tasks]
            for f in concurrent.futures.as_completed(futures):
                print(json.dumps(f.result()), flush=True)


if __name__ == "__main__":
    main()
