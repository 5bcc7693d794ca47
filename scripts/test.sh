#!/usr/bin/env bash
# The whole test suite: installs dependencies, builds, and runs every test through CTest
# (unit, golden, example regeneration, PostgreSQL integration).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
cd build
ctest --output-on-failure -j "$(nproc)" "$@"
