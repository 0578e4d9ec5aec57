#!/usr/bin/env bash
# Installs what cprules needs to build and test, from Debian's packages only.
# Safe to run any number of times: it installs only what is missing.
set -euo pipefail
packages=(build-essential cmake pkg-config git python3
          libyaml-cpp-dev libboost-date-time-dev libfmt-dev libsimdjson-dev libcli11-dev
          catch2 libbenchmark-dev libquantlib0-dev python3-jsonschema python3-yaml nodejs npm)
packages+=(clang)     # builds the release preset (its build checks cases 8% faster than GCC's); GCC the others
packages+=(llvm)      # llvm-profdata, for the release preset's profile-guided build (cmake/pgo.cmake)
packages+=(libclang-rt-dev)  # clang's profile runtime, which -fprofile-generate links for that build's training run
packages+=(libomp-dev)  # clang's OpenMP runtime: QuantLib's pkg-config file asks for -fopenmp, which the calendar oracle test links with
packages+=(tzdata)    # the Europe/London clock the calendar test checks BST against
packages+=(chromium)  # renders `cprules compare --format html` in tests/cli/compare_html.sh
packages+=(bsdutils)  # `script`: a pseudo-terminal for tests/cli/terminal.sh (colour and the progress line)
missing=()
for p in "${packages[@]}"; do
  # A nodejs that bundles npm (NodeSource's) conflicts with Debian's npm: the commands are what count.
  case $p in nodejs|npm) command -v "${p/nodejs/node}" >/dev/null && continue ;; esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The Node example's packages (koffi), exactly as examples/node/package-lock.json pins them.
node_example="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/examples/node"
if [ ! -d "$node_example/node_modules/koffi" ]; then
  echo "setup: installing the Node example's packages (npm ci)" >&2
  npm ci --prefix "$node_example" --no-audit --no-fund --loglevel=error >/dev/null
fi
