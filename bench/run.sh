#!/usr/bin/env bash
# Builds relata (Release), runs bench_export on a synthetic million-triple graph, converts the
# N-Triples it wrote with rapper as the reference, and times the whole `relata build` on the
# same triples. See bench/README.md for what each figure means.
#
#   bench/run.sh                 # 1,000,000 triples, one run
#   RUNS=3 bench/run.sh          # medians of three runs
#   TRIPLES=100000 bench/run.sh  # a quicker check
#
# Environment: TRIPLES (1000000), RUNS (1), SEED (42), JOBS (1: build jobs),
#   BUILD_DIR (${TMPDIR:-/tmp}/relata-bench/build), OUT_DIR (${TMPDIR:-/tmp}/relata-bench/out),
#   KEEP=1 keeps the (large) output files, CLI_INPUT=tsv|jsonl (tsv) for the `relata build` run.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TRIPLES=${TRIPLES:-1000000}
RUNS=${RUNS:-1}
SEED=${SEED:-42}
JOBS=${JOBS:-1}
WORK=${TMPDIR:-/tmp}/relata-bench
BUILD_DIR=${BUILD_DIR:-$WORK/build}
OUT_DIR=${OUT_DIR:-$WORK/out}
CLI_INPUT=${CLI_INPUT:-tsv}

die() { echo "run.sh: $*" >&2; exit 1; }
[[ $TRIPLES =~ ^[1-9][0-9]*$ ]] || die "TRIPLES must be a positive integer"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer"
[[ $CLI_INPUT == tsv || $CLI_INPUT == jsonl ]] || die "CLI_INPUT must be tsv or jsonl"
command -v rapper >/dev/null || die "rapper not found (Debian package raptor2-utils)"

# ---- how child processes are measured ---------------------------------------------------------
# measure LOG CMD... runs CMD (stdout to /dev/null unless REDIRECT is set) and appends to LOG
# "wall SECONDS", "maxrss_kib KIB" (or "maxrss_kib n/a") and "exit STATUS".
if [[ -x /usr/bin/time ]]; then
  METER="/usr/bin/time -v"
elif command -v python3 >/dev/null; then
  METER="python3"
  echo "run.sh: /usr/bin/time is missing: peak memory of child processes comes from python3's" \
       "resource.getrusage (add package 'time' to scripts/setup.sh for /usr/bin/time -v)" >&2
else
  METER=""
  echo "run.sh: /usr/bin/time and python3 are missing: wall time from bash only, no peak memory" \
       "for rapper and relata build (add package 'time' to scripts/setup.sh)" >&2
fi

measure() {
  local log=$1 out=$2
  shift 2
  local start end status=0
  start=$EPOCHREALTIME
  case $METER in
    "/usr/bin/time -v")
      /usr/bin/time -v -o "$log.time" "$@" >"$out" 2>"$log.stderr" || status=$?
      ;;
    python3)
      python3 - "$log.time" "$out" "$log.stderr" "$@" <<'EOF' || status=$?
import resource, subprocess, sys
log, out, err, cmd = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
with open(out, "wb") as o, open(err, "wb") as e:
    rc = subprocess.run(cmd, stdout=o, stderr=e).returncode
with open(log, "w") as f:
    f.write("Maximum resident set size (kbytes): %d\n" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(rc)
EOF
      ;;
    *)
      "$@" >"$out" 2>"$log.stderr" || status=$?
      : >"$log.time"
      ;;
  esac
  end=$EPOCHREALTIME
  local rss
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log.time")
  {
    echo "wall $(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.3f", b - a}')"
    echo "maxrss_kib ${rss:-n/a}"
    echo "exit $status"
  } >>"$log"
}

# median KEY FILE...: the median of the values of "KEY VALUE" lines (n/a when none).
median() {
  local key=$1
  shift
  awk -v k="$key" '$1 == k && $2 != "n/a" {print $2}' "$@" | sort -g |
    awk '{v[NR] = $1} END {if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2];
                          else printf "%.6g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

# ---- build -------------------------------------------------------------------------------------
echo "== building (Release) in $BUILD_DIR"
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
if [[ ! -f $BUILD_DIR/CMakeCache.txt ]]; then
  cmake -S "$ROOT" -B "$BUILD_DIR" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
    -DRELATA_BUILD_TESTS=OFF >/dev/null
fi
cmake --build "$BUILD_DIR" --target bench_export relata -j "$JOBS"
BENCH=$BUILD_DIR/bench_export
RELATA=$BUILD_DIR/relata

rm -rf "$OUT_DIR"
mkdir -p "$OUT_DIR"
echo "== $TRIPLES triples, seed $SEED, $RUNS run(s); output in $OUT_DIR"
echo "   machine: $(nproc) cores, $(awk '/model name/ {sub(/.*: /, ""); print; exit}' /proc/cpuinfo)"
echo "   rapper $(rapper --version), measured with ${METER:-bash only}"

for ((run = 1; run <= RUNS; run++)); do
  dir=$OUT_DIR/run$run
  mkdir -p "$dir"
  res=$dir/results.txt
  echo
  echo "== run $run/$RUNS: bench_export"
  "$BENCH" --triples "$TRIPLES" --seed "$SEED" --out "$dir" | tee "$dir/bench.txt" | grep -v '^result '
  grep '^result ' "$dir/bench.txt" | cut -d' ' -f2- >"$res"
  [[ -s $dir/graph.nt ]] || die "bench_export wrote no graph.nt (is the ntriples exporter registered?)"

  echo "== run $run/$RUNS: rapper -i ntriples -o turtle graph.nt (the reference)"
  measure "$dir/rapper_ttl.log" /dev/null rapper -q -i ntriples -o turtle "$dir/graph.nt"
  sed 's/^/rapper_ttl_/' "$dir/rapper_ttl.log" >>"$res"
  echo "   $(tr '\n' ' ' <"$dir/rapper_ttl.log")"
  echo "== run $run/$RUNS: rapper -i ntriples -o ntriples graph.nt (second reference)"
  measure "$dir/rapper_nt.log" /dev/null rapper -q -i ntriples -o ntriples "$dir/graph.nt"
  sed 's/^/rapper_nt_/' "$dir/rapper_nt.log" >>"$res"
  echo "   $(tr '\n' ' ' <"$dir/rapper_nt.log")"

  echo "== run $run/$RUNS: relata build on the same triples ($CLI_INPUT), with --store"
  input=$dir/triples.$CLI_INPUT
  "$BENCH" --triples "$TRIPLES" --seed "$SEED" --gen-only "$input" >/dev/null
  measure "$dir/cli.log" "$dir/cli.stdout" "$RELATA" build "$input" -o "$dir/cli-out" --store "$dir/cli.store"
  sed 's/^/cli_/' "$dir/cli.log" >>"$res"
  echo "   $(tr '\n' ' ' <"$dir/cli.log")"
  if ! grep -q '^exit 0$' "$dir/cli.log"; then
    echo "   relata build FAILED: $(head -1 "$dir/cli.log.stderr")"
    echo "   (its peak memory is up to the failure)"
  fi
  sed 's/^/   /' "$dir/cli.stdout"
  if [[ ${KEEP:-0} != 1 ]]; then
    rm -rf "$dir/cli-out" "$dir/cli.store" "$input"
    rm -f "$dir"/graph.*
  fi
done

# ---- summary -----------------------------------------------------------------------------------
results=("$OUT_DIR"/run*/results.txt)
m() { median "$1" "${results[@]}"; }
N=$(m triples)
statements=$(m export_nt_lines)
rate() { awk -v n="$1" -v s="$2" 'BEGIN {if (s == "n/a" || s + 0 == 0) print "n/a"; else printf "%.0f", n / s}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a == "n/a" || b == "n/a" || b + 0 == 0) print "n/a"; else printf "%.2f", a / b}'; }
per_triple() { awk -v k="$1" -v n="$2" 'BEGIN {if (k == "n/a") print "n/a"; else printf "%.0f", k * 1024 / n}'; }

rapper_ttl_rate=$(rate "$statements" "$(m rapper_ttl_wall)")
rapper_nt_rate=$(rate "$statements" "$(m rapper_nt_wall)")
nt_rate=$(rate "$statements" "$(m export_nt_s)")
ttl_rate=$(rate "$statements" "$(m export_ttl_s)")
# End to end from the store file: Store::Load + Graph::Build + the writer, against rapper,
# which also reads its input (not the issue's target; shown so the ratio is not misread).
e2e() { awk -v n="$statements" -v a="$(m load_s)" -v b="$(m graph_s)" -v c="$1" \
          'BEGIN {printf "%.0f", n / (a + b + c)}'; }

echo
echo "== summary: $N triples, $statements RDF statements in graph.nt; medians of $RUNS run(s)"
printf '%-34s %12s\n' "Store::Add (triples/s)" "$(rate "$N" "$(m add_s)")"
printf '%-34s %12s\n' "Store::Save (s)" "$(m save_s)"
printf '%-34s %12s\n' "Store::Load (s)" "$(m load_s)"
printf '%-34s %12s\n' "Graph::Build (s)" "$(m graph_s)"
echo
printf '%-10s %10s %14s %12s\n' format seconds "triples/s" MiB
for ext in ttl nt nq rdf jsonld graphml gexf dot json; do
  s=$(m "export_${ext}_s")
  [[ $s == n/a ]] && continue
  printf '%-10s %10s %14s %12s\n' "$ext" "$s" "$(rate "$N" "$s")" \
    "$(awk -v b="$(m "export_${ext}_bytes")" 'BEGIN {printf "%.1f", b / 1048576}')"
done
echo
printf '%-44s %14s %10s\n' "statements/s (lines of graph.nt / seconds)" "" "vs rapper"
printf '%-44s %14s %10s\n' "rapper -i ntriples -o turtle" "$rapper_ttl_rate" "1.00"
printf '%-44s %14s %10s\n' "rapper -i ntriples -o ntriples" "$rapper_nt_rate" \
  "$(ratio "$rapper_nt_rate" "$rapper_ttl_rate")"
printf '%-44s %14s %10s\n' "relata N-Triples writer" "$nt_rate" "$(ratio "$nt_rate" "$rapper_ttl_rate")"
printf '%-44s %14s %10s\n' "relata Turtle writer" "$ttl_rate" "$(ratio "$ttl_rate" "$rapper_ttl_rate")"
printf '%-44s %14s %10s\n' "relata load+graph+N-Triples (end to end)" "$(e2e "$(m export_nt_s)")" \
  "$(ratio "$(e2e "$(m export_nt_s)")" "$rapper_ttl_rate")"
printf '%-44s %14s %10s\n' "relata load+graph+Turtle (end to end)" "$(e2e "$(m export_ttl_s)")" \
  "$(ratio "$(e2e "$(m export_ttl_s)")" "$rapper_ttl_rate")"
echo "target: N-Triples and Turtle writers >= 4.00 x rapper"
echo
printf '%-44s %10s %12s\n' "peak memory" "MiB" "bytes/triple"
pk=$(m peak_rss_bytes)
printf '%-44s %10s %12s\n' "bench_export (ru_maxrss, whole run)" \
  "$(awk -v b="$pk" 'BEGIN {printf "%.1f", b / 1048576}')" "$(awk -v b="$pk" -v n="$N" 'BEGIN {printf "%.0f", b / n}')"
for k in cli rapper_ttl; do
  kib=$(m ${k}_maxrss_kib)
  label="relata build FILE.$CLI_INPUT -o DIR --store S"
  [[ $k == rapper_ttl ]] && label="rapper -i ntriples -o turtle"
  printf '%-44s %10s %12s\n' "$label" \
    "$(awk -v k="$kib" 'BEGIN {if (k == "n/a") print "n/a"; else printf "%.1f", k / 1024}')" "$(per_triple "$kib" "$N")"
done
printf '%-44s %10s\n' "relata build wall seconds (exit $(m cli_exit))" "$(m cli_wall)"
echo "target: whole million-triple build < 256 bytes of peak memory per triple"
