#!/usr/bin/env bash
# Installs the system packages the project needs, only when they are missing:
#   - a Java runtime (HermiT, the OWL reasoner run by owlready2 in `kg validate`);
#   - Debian's chromium (the explorer's browser tests drive it through playwright);
#   - npm (and Node.js), which fetches the browser assets (YASGUI, the map's world-atlas) from the npm registry.
# Uses apt-get (Debian/Ubuntu), as root or through sudo. Safe to run again.
set -euo pipefail

need=()
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v npm >/dev/null 2>&1 || need+=(npm)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-system-deps: missing ${need[*]} and no apt-get here; install them by hand (a Java runtime >= 11, chromium, npm)" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-system-deps: need root or sudo to install ${need[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "install-system-deps: installing ${need[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
