#!/usr/bin/env bash
# Sets up a fresh machine (Deno, Python kernel packages, chromium) and runs plait's whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
exec deno task test
