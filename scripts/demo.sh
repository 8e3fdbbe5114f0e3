#!/usr/bin/env bash
# Sets everything up on Debian 12 (as root), builds relata, and runs the main job on
# samples/: the merged graph in every format in out/, a store in out/graph.store, and a
# short summary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target relata
rm -f out/graph.store
./build/relata build samples/ -o out --store out/graph.store
echo
./build/relata stats --store out/graph.store --top 5
