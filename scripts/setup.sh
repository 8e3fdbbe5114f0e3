#!/usr/bin/env bash
# Installs everything relata needs on Debian 12, as root: the build dependencies and the
# real consumers that the tests load relata's output into. Idempotent; quick when all is
# installed already (no apt-get update then).
set -euo pipefail

PACKAGES=(
  # build
  build-essential cmake ninja-build pkg-config
  libboost-graph-dev rapidjson-dev libxml2-dev libfmt-dev catch2 libcli11-dev
  libutf8proc-dev libxxhash-dev libzstd-dev
  # benchmarks (peak memory of child processes)
  time
  # consumers used by the tests
  raptor2-utils python3 python3-rdflib python3-networkx python3-igraph python3-jsonschema
  graphviz libxml2-utils virtuoso-opensource
  # names for the recogniser's gazetteer (read when training, docs/ner.md): countries and
  # subdivisions, world places of the weather database, US census given names and surnames
  iso-codes libgweather-4-common libtext-names-perl
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "setup.sh: these packages are missing and installing them needs root: ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup.sh: installed ${missing[*]}"
