#!/usr/bin/env bash
# Installs everything Hearth needs to build, run and test on Debian 12.
# Safe to run again: apt-get and npm skip what is already there.
#   scripts/install-deps.sh          build and run dependencies
#   scripts/install-deps.sh --test   plus PostgreSQL server, Chromium, wrk, nginx, clang and libFuzzer (fuzz/),
#                                    and the npm packages of the browser tests and the OpenAPI check
set -euo pipefail

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

build_packages=(
  build-essential cmake ninja-build ccache pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev libpq-dev libsodium-dev
  libkainjow-mustache-dev libcmark-gfm-dev libcmark-gfm-extensions-dev
  libspdlog-dev libfmt-dev libcli11-dev libtoml11-dev libhowardhinnant-date-dev tzdata
  libcurl4-openssl-dev
  libxml2-dev
  liboath-dev libqrencode-dev
  libzip-dev
  libgtest-dev libgmock-dev libbenchmark-dev
)
test_packages=(
  postgresql postgresql-contrib chromium nodejs npm wrk nginx-light curl python3-pytest python3-icalendar
  python3-yaml python3-jsonschema clang-15 libfuzzer-15-dev
  python3-aiosmtpd openssl
  python3-feedparser default-jre-headless libxml2-utils python3-pyotp
)

packages=("${build_packages[@]}")
[ "$want_test" -eq 1 ] && packages+=("${test_packages[@]}")

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node/npm may come from outside apt on developer machines; only ask apt if the commands are absent.
if [ "$want_test" -eq 1 ]; then
  filtered=()
  for p in "${missing[@]}"; do
    case "$p" in
      nodejs) command -v node >/dev/null || filtered+=("$p") ;;
      npm) command -v npm >/dev/null || filtered+=("$p") ;;
      *) filtered+=("$p") ;;
    esac
  done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi

if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  sudo_if_needed apt-get update -qq
  sudo_if_needed apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ "$want_test" -eq 1 ]; then
  here=$(cd "$(dirname "$0")/.." && pwd)
  if [ ! -d "$here/tests/browser/node_modules/playwright-core" ] || [ ! -d "$here/tests/browser/node_modules/axe-core" ] \
     || [ ! -d "$here/tests/browser/node_modules/vnu-jar" ]; then
    (cd "$here/tests/browser" && npm ci --no-audit --no-fund --loglevel=error)
  fi
  if [ ! -d "$here/tests/openapi/node_modules/@apidevtools/swagger-parser" ]; then
    (cd "$here/tests/openapi" && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
