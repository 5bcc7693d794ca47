#!/usr/bin/env bash
# The main job: installs dependencies, builds tenantc, and runs `tenantc generate` on the
# bundled schemas/ (writing into generated-examples/ only what is out of date), then `check`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
./build/tenantc generate
./build/tenantc check
