#!/usr/bin/env bash
# `make run`: starts the GUI; with no display, says so and runs the default demo headless.
set -euo pipefail
build=${1:-build}
mode=${2:-}
cli="$build/bin/paretolab-cli"
gui="$build/bin/paretolab"

if [[ "$mode" != "--headless" && ( -n "${DISPLAY:-}" || -n "${WAYLAND_DISPLAY:-}" ) && -x "$gui" ]]; then
  exec "$gui" "${@:3}"
fi

if [[ "$mode" != "--headless" ]]; then
  echo "make run: no display (DISPLAY and WAYLAND_DISPLAY are unset), so the GUI cannot start."
  echo "make run: running the default demo headless instead."
fi
# The default demo: the energy tuner (PolyThrottle) on a simulated Jetson AGX Orin; if that module
# is not built, the first module found.
if "$cli" modules --json | grep -q '"id": "energy-tuner"'; then
  demo=(run energy-tuner --target simulated:jetson-agx-orin)
else
  first=$("$cli" modules --json | sed -n 's/^ *"id": "\(.*\)",$/\1/p' | head -1)
  if [[ -z "$first" ]]; then
    echo "make run: no modules were found in $build/plugins" >&2
    exit 1
  fi
  demo=(run "$first")
fi
echo "make run: paretolab-cli ${demo[*]}"
"$cli" "${demo[@]}"
echo
echo "make run: the results are in the store named above; look at them with"
echo "  $cli runs          (every stored run)"
echo "  $cli show RUN      (one run: parameters, metrics, points, traces)"
