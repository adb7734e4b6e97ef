#!/usr/bin/env bash
# The OpenStack clients the client suites drive unchanged (test/clients-*.e2e-spec.ts): Debian's
# python3-cinderclient and python3-openstacksdk, installed as root when missing.
set -euo pipefail
clients=(python3-cinderclient python3-openstacksdk)
missing=()
for package in "${clients[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [ "$status" = 'install ok installed' ] || missing+=("$package")
done
[ "${#missing[@]}" -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing ${missing[*]} (needed by the client test suites); install them as root: apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing ${missing[*]} from Debian's packages..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
