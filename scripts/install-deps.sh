#!/usr/bin/env bash
# Installs everything tenantc needs to build and test on a fresh Debian 12 machine (as root).
# Idempotent: packages already present are left alone, so a second run costs a few seconds.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libyaml-cpp-dev libcli11-dev libpg-query-dev libprotobuf-c-dev libkainjow-mustache-dev nlohmann-json3-dev
  libgtest-dev googletest libpq-dev libssl-dev
  postgresql-15 postgresql-client-15 sql-migrate
  clang-format
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
