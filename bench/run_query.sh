#!/usr/bin/env bash
# relata query against a reference in the same run (docs/query.md, "Speed"): bench_query on a
# synthetic store (load, neighbours, path, PageRank), then python-igraph on the same edges
# (bench/query_reference.py; Debian package python3-igraph, installed by scripts/setup.sh).
#
#   bench/run_query.sh                  # 1,000,000 triples
#   TRIPLES=100000 bench/run_query.sh   # a quicker check
#
# Environment: TRIPLES (1000000), QUERIES (1000), SEED (42), BUILD_DIR
#   (${TMPDIR:-/tmp}/relata-bench/build), WORK (${TMPDIR:-/tmp}/relata-bench/query).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TRIPLES=${TRIPLES:-1000000}
QUERIES=${QUERIES:-1000}
SEED=${SEED:-42}
BUILD_DIR=${BUILD_DIR:-${TMPDIR:-/tmp}/relata-bench/build}
WORK=${WORK:-${TMPDIR:-/tmp}/relata-bench/query}
[[ $TRIPLES =~ ^[1-9][0-9]*$ ]] || { echo "run_query.sh: TRIPLES must be a positive integer" >&2; exit 1; }
mkdir -p "$WORK"
cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD_DIR" --target relata bench_query >/dev/null
STORE=$WORK/query.store
echo "== relata (bench_query, $TRIPLES triples)"
"$BUILD_DIR/bench_query" --triples "$TRIPLES" --seed "$SEED" --queries "$QUERIES" --store "$STORE" --no-betweenness
"$BUILD_DIR/relata" query --store "$STORE" edges --format tsv >"$WORK/edges.tsv"
echo "== reference: python-igraph on the same $(($(wc -l <"$WORK/edges.tsv") - 1)) edges"
/usr/bin/python3 "$ROOT/bench/query_reference.py" "$WORK/edges.tsv" "$QUERIES" "$SEED"
rm -f "$WORK/edges.tsv" "$STORE"
