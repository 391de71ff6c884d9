#!/usr/bin/env bash
# Installs the system packages the project needs, only when they are missing:
#   - a Java runtime (HermiT, the OWL reasoner run by owlready2 in `kg validate`);
#   - Debian's chromium (the explorer's browser tests drive it through playwright);
#   - npm (and Node.js), which fetches the browser assets (YASGUI, the map's world-atlas) from the npm registry.
#   - raptor2-utils (`rapper`, an independent RDF parser the export tests read exports with);
#   - virtuoso-opensource (a SPARQL server `kg push` is tested against; the tests start their
#     own `virtuoso-t` on 127.0.0.1 with a temporary database, never the system service).
# Uses apt-get (Debian/Ubuntu), as root or through sudo. Safe to run again.
set -euo pipefail

need=()
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v rapper >/dev/null 2>&1 || need+=(raptor2-utils)
command -v virtuoso-t >/dev/null 2>&1 || need+=(virtuoso-opensource)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-system-deps: missing ${need[*]} and no apt-get here; install them by hand (a Java runtime >= 11, chromium, npm, raptor2-utils, virtuoso-opensource)" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-system-deps: need root or sudo to install ${need[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "install-system-deps: installing ${need[*]}"
$sudo apt-get update -qq
# Virtuoso's package asks for a DBA password through debconf: answer it (the tests use their
# own database), and keep its system service from starting and holding ports 1111/8890.
if command -v debconf-set-selections >/dev/null 2>&1; then
  for question in virtuoso-opensource-7/dba-password virtuoso-opensource-7/dba-password-again; do
    echo "virtuoso-opensource-7 $question password dba" | $sudo debconf-set-selections
  done
fi
policy=/usr/sbin/policy-rc.d
added_policy=""
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod +x "$policy" && added_policy=1
fi
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
if [ -n "$added_policy" ]; then $sudo rm -f "$policy"; fi
