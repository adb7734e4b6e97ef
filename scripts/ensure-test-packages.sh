#!/usr/bin/env bash
# Debian packages the test suites use, installed as root when missing: the OpenStack clients the
# client suites drive unchanged (python3-cinderclient, python3-openstacksdk) and qemu-img
# (qemu-utils), which image conversion uses, and Chromium, the browser the console's tests drive
# through playwright-core at /usr/bin/chromium.
set -euo pipefail
clients=(python3-cinderclient python3-openstacksdk qemu-utils chromium)
missing=()
for package in "${clients[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [ "$status" = 'install ok installed' ] || missing+=("$package")
done
[ "${#missing[@]}" -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing ${missing[*]} (needed by the test suites); install them as root: apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing ${missing[*]} from Debian's packages..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
