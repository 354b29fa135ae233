#!/usr/bin/env bash
# The demo, end to end from a fresh machine: set up, build examples/ml, plot it, and build again
# to show that nothing re-runs when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
PERMS=(--v8-flags=--max-semi-space-size=2 --allow-read --allow-write --allow-run --allow-env --allow-net=127.0.0.1)
echo "== plait build (first run: every task runs, each in a fresh Jupyter kernel)"
deno run "${PERMS[@]}" cli.ts build -e examples/ml/pipeline.yaml
echo
echo "== plait plot"
deno run "${PERMS[@]}" cli.ts plot -e examples/ml/pipeline.yaml
echo
echo "== plait build again (nothing changed, so nothing runs)"
deno run "${PERMS[@]}" cli.ts build -e examples/ml/pipeline.yaml
