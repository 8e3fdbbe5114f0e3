#!/usr/bin/env bash
# Sets everything up on Debian 12 (as root), builds relata and runs every test: the Catch2
# unit and golden tests, the command-line checks, the real consumers of each export format
# (rapper, rdflib, networkx, igraph, graphviz, xmllint) and a private Virtuoso.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure
