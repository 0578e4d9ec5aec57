#!/usr/bin/env bash
# Installs what cprules needs to build and test, from Debian's packages only.
# Safe to run any number of times: it installs only what is missing.
set -euo pipefail
packages=(build-essential cmake pkg-config git python3
          libyaml-cpp-dev libboost-date-time-dev libfmt-dev libsimdjson-dev libcli11-dev
          catch2 libbenchmark-dev libquantlib0-dev python3-jsonschema python3-yaml)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
