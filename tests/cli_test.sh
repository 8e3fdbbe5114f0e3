#!/usr/bin/env bash
# Checks the behaviour of the relata command: errors (one line "relata: FILE:LINE: reason",
# non-zero exit), --skip-bad, bad input of every kind, files left intact when a command fails,
# the store (idempotent re-adding, merge = build from all inputs), stats, --help.
#
# Usage: tests/cli_test.sh RELATA_BINARY
# Output: "ok - what" or "FAIL - what" (then "#   " lines saying what differed) per check and
# "N passed, M failed" alone on the last line; exit status 1 when a check failed.
set -u

if [ $# -ne 1 ] || [ ! -x "$1" ]; then
  echo "usage: $0 RELATA_BINARY" >&2
  exit 2
fi
RELATA=$(realpath "$1")
DATA=$(cd "$(dirname "$0")/data" && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/relata-cli.XXXXXX")
trap 'rm -rf "$T"' EXIT

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok - $1"; }
fail() {
  failed=$((failed + 1))
  echo "FAIL - $1"
  shift
  local line
  for line in "$@"; do printf '#   %s\n' "$line"; done
}

# run CMD...: runs it, leaving its exit status in $rc, stdout in $T/stdout, stderr in $T/stderr.
run() {
  "$@" >"$T/stdout" 2>"$T/stderr"
  rc=$?
}
shown() { head -c 600 "$1" | cat -v; }

# expect_error NAME RCS REGEX CMD...: CMD must exit with one of RCS ("1" or "1 2"), print
# nothing on stdout and exactly one line on stderr, matching the extended REGEX.
expect_error() {
  local name=$1 rcs=$2 regex=$3
  shift 3
  run "$@"
  local why=()
  [[ " $rcs " == *" $rc "* ]] || why+=("exit status $rc, expected ${rcs// / or }")
  [ ! -s "$T/stdout" ] || why+=("stdout not empty: $(shown "$T/stdout")")
  local n
  n=$(wc -l <"$T/stderr")
  if [ "$n" -ne 1 ] || [ "$(tail -c 1 "$T/stderr" | od -An -c | tr -d ' ')" != '\n' ]; then
    why+=("stderr is not exactly one line ($n newlines): $(shown "$T/stderr")")
  elif ! grep -Eq -- "$regex" "$T/stderr"; then
    why+=("stderr: $(shown "$T/stderr")" "expected: /$regex/")
  fi
  if [ ${#why[@]} -eq 0 ]; then ok "$name"; else fail "$name" "${why[@]}"; fi
}

# expect_success NAME CMD...: exit 0, nothing on stderr.
expect_success() {
  local name=$1
  shift
  run "$@"
  if [ "$rc" -eq 0 ] && [ ! -s "$T/stderr" ]; then
    ok "$name"
  else
    fail "$name" "exit status $rc" "stderr: $(shown "$T/stderr")"
  fi
}

# files_in DIR: the names of the entries of DIR, sorted, on one line.
files_in() { find "$1" -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | LC_ALL=C sort | tr '\n' ' '; }

# no_graph_files NAME DIR: a failed build wrote no graph.* and left no temporary file.
no_graph_files() {
  local left
  left=$(files_in "$2")
  if [ -z "$left" ]; then ok "$1"; else fail "$1" "left in $2: $left"; fi
}

# only_graph_files NAME DIR: DIR holds graph.* files and nothing else (no temporary files).
only_graph_files() {
  local stray
  stray=$(find "$2" -mindepth 1 -maxdepth 1 ! -regex '.*/graph\.[a-z]*' -printf '%f ')
  if [ -z "$stray" ] && [ -n "$(files_in "$2")" ]; then ok "$1"; else fail "$1" "in $2: $(files_in "$2")"; fi
}

# same_bytes NAME A B: files (or folders, recursively) with identical bytes.
same_bytes() {
  local d
  if d=$(diff -r "$2" "$3" 2>&1); then ok "$1"; else fail "$1" "$(printf '%s' "$d" | head -c 800)"; fi
}

IN=$T/in
mkdir -p "$IN"
printf 'NATO\ttrains\tIraqi forces\t0.9\tnews-1\t2020-01-05\n' >"$IN/good.tsv"
printf 'US\tkilled\tSoleimani\t1\tnews-2\t2020-01-03\n' >>"$IN/good.tsv"
printf '{"subject":"NATO","relation":"trains","object":"Iraqi forces","source":"news-3"}\n' >"$IN/good.jsonl"

# --- malformed lines ----------------------------------------------------------------------
printf 'A\tb\tC\n# a comment\nonly\ttwo\nD\te\tF\nG\th\tI\t1.5\nJ\tk\tL\t0.5\tsrc\t2020-13-45\n' >"$IN/malformed.tsv"
expect_error "malformed TSV line: exit 1, one line naming file and line" 1 \
  "^relata: $IN/malformed\\.tsv:3: .+" "$RELATA" build "$IN/malformed.tsv" -o "$T/out-malformed"
no_graph_files "malformed TSV line: no output written" "$T/out-malformed"

printf '{"subject":"a","relation":"b","object":"c"}\n{"subject": "a", "relation": \n' >"$IN/truncated.jsonl"
expect_error "truncated JSON line: FILE:LINE: reason" 1 \
  "^relata: $IN/truncated\\.jsonl:2: .+" "$RELATA" build "$IN/truncated.jsonl" -o "$T/out-truncated"

printf '\n{"subject":"a","relation":"b","object":"c"}\n\n{"subject":"a","relation":"b"}\n' >"$IN/missing-field.jsonl"
expect_error "JSONL line without \"object\": FILE:LINE names the field" 1 \
  "^relata: $IN/missing-field\\.jsonl:4: .*object" "$RELATA" build "$IN/missing-field.jsonl" -o "$T/out-mf"

checks_line() { # checks_line NAME FILE LINE-CONTENT REGEX-FOR-REASON
  printf 'ok\tline\tone\n%s\n' "$3" >"$IN/$2"
  expect_error "$1" 1 "^relata: $IN/${2//./\\.}:2: $4" "$RELATA" build "$IN/$2" -o "$T/out-$2"
}
checks_line "confidence 1.5 refused with FILE:LINE" conf.tsv $'a\tb\tc\t1.5' '.*1\.5'
checks_line "confidence NaN refused" nan.tsv $'a\tb\tc\tnan' '.+'
checks_line "date 2020-13-45 refused" date.tsv $'a\tb\tc\t0.5\tsrc\t2020-13-45' '.*2020-13-45'
checks_line "seven tab-separated fields refused" seven.tsv $'a\tb\tc\t0.5\tsrc\t2020-01-01\textra' '.+'
checks_line "subject of punctuation only refused" punct.tsv $'...\tb\tc' '.+'
checks_line "empty relation refused" norel.tsv $'a\t \tc' '.+'

run "$RELATA" build "$IN/malformed.tsv" -o "$T/out-skip" --skip-bad
if [ "$rc" -eq 0 ] && grep -Eq '(^|[^0-9])3 bad lines? skipped' "$T/stdout" && [ -s "$T/out-skip/graph.nt" ]; then
  ok "--skip-bad: builds and reports 3 bad lines skipped"
else
  fail "--skip-bad: builds and reports 3 bad lines skipped" "exit $rc" "stdout: $(shown "$T/stdout")" "stderr: $(shown "$T/stderr")"
fi
if [ "$rc" -eq 0 ] && grep -q "malformed.tsv:3" "$T/stdout" "$T/stderr"; then
  ok "--skip-bad: names the first skipped line"
else
  fail "--skip-bad: names the first skipped line" "stdout: $(shown "$T/stdout")"
fi
printf 'only\ttwo\nalso\tbad\n' >"$IN/allbad.tsv"
expect_error "--skip-bad with no good line at all: an error naming the file" 1 \
  "^relata: $IN/allbad\\.tsv" "$RELATA" build "$IN/allbad.tsv" -o "$T/out-allbad" --skip-bad

# --- invalid UTF-8 ------------------------------------------------------------------------
printf 'A\tb\tC\nBad\xff\tb\tC\n' >"$IN/latin.tsv"
expect_error "invalid UTF-8 (byte FF) in TSV: FILE:LINE" 1 \
  "^relata: $IN/latin\\.tsv:2: .*UTF-8" "$RELATA" build "$IN/latin.tsv" -o "$T/out-utf8"
printf '{"subject":"A","relation":"b","object":"C"}\n{"subject":"Caf\xc3","relation":"b","object":"C"}\n' >"$IN/cut.jsonl"
expect_error "truncated UTF-8 sequence in JSONL: FILE:LINE" 1 \
  "^relata: $IN/cut\\.jsonl:2: .+" "$RELATA" build "$IN/cut.jsonl" -o "$T/out-utf8b"
printf 'A\tb\tC\nover\xc0\xaflong\tb\tC\n' >"$IN/overlong.tsv"
expect_error "overlong UTF-8 form refused: FILE:LINE" 1 \
  "^relata: $IN/overlong\\.tsv:2: .*UTF-8" "$RELATA" build "$IN/overlong.tsv" -o "$T/out-utf8c"
printf 'A\tb\tC\nsurrogate\xed\xa0\x80\tb\tC\n' >"$IN/surrogate.tsv"
expect_error "UTF-8-encoded surrogate refused: FILE:LINE" 1 \
  "^relata: $IN/surrogate\\.tsv:2: .*UTF-8" "$RELATA" build "$IN/surrogate.tsv" -o "$T/out-utf8d"
printf '{"subject":"A","relation":"b","object":"C"}\n{"subject":"lone \\udc00 low","relation":"b","object":"C"}\n' >"$IN/lone.jsonl"
expect_error "JSON escape of a lone surrogate (\\udc00) refused: FILE:LINE" 1 \
  "^relata: $IN/lone\\.jsonl:2: .+" "$RELATA" build "$IN/lone.jsonl" -o "$T/out-utf8e"
printf '{"subject":"A","relation":"b","object":"C"}\n{"subject":"lone \\ud800 high","relation":"b","object":"C"}\n' >"$IN/lonehigh.jsonl"
expect_error "JSON escape of a lone surrogate (\\ud800) refused: FILE:LINE" 1 \
  "^relata: $IN/lonehigh\\.jsonl:2: .+" "$RELATA" build "$IN/lonehigh.jsonl" -o "$T/out-utf8f"

printf 'A\tb\tC\nbin\000ary\tb\tC\n' >"$IN/nul.tsv"
expect_error "NUL byte in a TSV line refused: FILE:LINE" 1 \
  "^relata: $IN/nul\\.tsv:2: .+" "$RELATA" build "$IN/nul.tsv" -o "$T/out-nul"

# A byte-order mark at the start of a file (Windows tools write one) is not part of the
# first subject: the file gives the same graph as without it.
for ext in tsv jsonl; do
  mkdir -p "$T/bom/with" "$T/bom/without"
  if [ "$ext" = tsv ]; then line=$'NATO\ttrains\tIraqi forces\t0.9\tnews-1'; else
    line='{"subject":"NATO","relation":"trains","object":"Iraqi forces","source":"news-1"}'; fi
  printf '\357\273\277%s\n%s\n' "$line" "${line/NATO/nato}" >"$T/bom/with/in.$ext"
  printf '%s\n%s\n' "$line" "${line/NATO/nato}" >"$T/bom/without/in.$ext"
  if "$RELATA" build "$T/bom/with/in.$ext" -o "$T/bom/out-with-$ext" -q 2>"$T/stderr" &&
    "$RELATA" build "$T/bom/without/in.$ext" -o "$T/bom/out-without-$ext" -q 2>>"$T/stderr"; then
    same_bytes "a UTF-8 byte-order mark at the start of a .$ext file is not part of the first subject" \
      "$T/bom/out-without-$ext" "$T/bom/out-with-$ext"
  else
    fail "a UTF-8 byte-order mark at the start of a .$ext file is not part of the first subject" "$(shown "$T/stderr")"
  fi
done

{ printf 'Big\tb\t'; head -c 2000000 /dev/zero | tr '\0' x; printf '\n'; } >"$IN/longline.tsv"
expect_success "a line of 2 MB is read" "$RELATA" build "$IN/longline.tsv" -o "$T/out-long" -q

# --- empty, missing, directories, unwritable ------------------------------------------------
: >"$IN/empty.tsv"
expect_error "empty file: an error naming it" 1 "^relata: $IN/empty\\.tsv: .+" \
  "$RELATA" build "$IN/empty.tsv" -o "$T/out-empty"
printf '# only a comment\n\n   \n' >"$IN/comments.tsv"
expect_error "file of comments and blank lines only: an error naming it" 1 "^relata: $IN/comments\\.tsv: .+" \
  "$RELATA" build "$IN/comments.tsv" -o "$T/out-comments"
expect_error "missing file: an error naming it" 1 "^relata: $IN/no-such-file\\.tsv: .+" \
  "$RELATA" build "$IN/no-such-file.tsv" -o "$T/out-missing"
expect_error "missing file among good ones: an error naming it" 1 "^relata: $IN/no-such-file\\.tsv: .+" \
  "$RELATA" build "$IN/good.tsv" "$IN/no-such-file.tsv" -o "$T/out-missing2"
mkdir -p "$T/noinputs/sub"
printf 'not a triples file\n' >"$T/noinputs/readme.txt"
printf 'x\n' >"$T/noinputs/sub/data.csv"
expect_error "directory with no input files: an error naming it" 1 "^relata: $T/noinputs/?: .+" \
  "$RELATA" build "$T/noinputs" -o "$T/out-noinputs"
mkdir -p "$T/emptydir"
expect_error "empty directory: an error naming it" 1 "^relata: $T/emptydir/?: .+" \
  "$RELATA" build "$T/emptydir" -o "$T/out-emptydir"
mkdir -p "$T/withinputs/nested"
cp "$IN/good.tsv" "$T/withinputs/nested/a.tsv"
cp "$IN/good.jsonl" "$T/withinputs/b.JSONL"
printf 'ignored\n' >"$T/withinputs/notes.txt"
expect_success "directory input: finds .tsv and .jsonl files recursively" \
  "$RELATA" build "$T/withinputs" -o "$T/out-withinputs" -q

printf 'a regular file\n' >"$T/afile"
expect_error "unwritable output folder (under a regular file): an error naming it" 1 \
  "^relata: $T/afile/out: .+" "$RELATA" build "$IN/good.tsv" -o "$T/afile/out"
expect_error "output folder that is a regular file: an error naming it" 1 \
  "^relata: $T/afile: .+" "$RELATA" build "$IN/good.tsv" -o "$T/afile"
expect_error "unwritable store path (under a regular file): an error naming it" 1 \
  "^relata: $T/afile/store\\.rst.*" "$RELATA" build "$IN/good.tsv" --store "$T/afile/store.rst"
if [ "$(cat "$T/afile")" = "a regular file" ]; then ok "the regular file in the way is untouched"; else fail "the regular file in the way is untouched"; fi
expect_error "build with neither -o nor --store: a usage error" "1 2" "^relata: .+" "$RELATA" build "$IN/good.tsv"

# --- stdin ----------------------------------------------------------------------------------
printf 'Reuters\treports\tstrike\n' >"$IN/nosource.tsv"
run "$RELATA" build - -o "$T/out-stdin" -q <"$IN/nosource.tsv"
if [ "$rc" -eq 0 ] && grep -q '"stdin"' "$T/out-stdin/graph.nt"; then
  ok "standard input (-) is read; its source is \"stdin\""
else
  fail "standard input (-) is read; its source is \"stdin\"" "exit $rc" "stderr: $(shown "$T/stderr")"
fi

# --- the store ------------------------------------------------------------------------------
S=$T/store
mkdir -p "$S"
expect_success "build --store creates a store" "$RELATA" build "$IN/good.tsv" --store "$S/a.rst" -q
cp "$S/a.rst" "$S/a.orig"
expect_success "build --store again with the same input" "$RELATA" build "$IN/good.tsv" --store "$S/a.rst" -o "$S/out2" -q
same_bytes "re-adding the same input leaves the store's bytes unchanged" "$S/a.orig" "$S/a.rst"
"$RELATA" build "$IN/good.tsv" -o "$S/out1" -q
same_bytes "re-adding the same input leaves weights (graph.json) unchanged" "$S/out1/graph.json" "$S/out2/graph.json"
mkdir -p "$S/copy"
cp "$IN/good.tsv" "$S/copy/good.tsv"
expect_success "build --store with a copy of the input at another path" "$RELATA" build "$S/copy/good.tsv" --store "$S/a.rst" -q
same_bytes "the same source read from another path does not count twice" "$S/a.orig" "$S/a.rst"
expect_success "build --store adding a new input" "$RELATA" build "$IN/good.jsonl" --store "$S/a.rst" -q
if ! cmp -s "$S/a.orig" "$S/a.rst"; then ok "a new input changes the store"; else fail "a new input changes the store"; fi
cp "$S/a.rst" "$S/a.two"

# The store is left intact by a failed build.
run "$RELATA" build "$IN/malformed.tsv" --store "$S/a.rst" -q
[ "$rc" -ne 0 ] || fail "build --store with a malformed input fails" "exit 0"
same_bytes "a failed build leaves the existing store's bytes unchanged" "$S/a.two" "$S/a.rst"
if [ -z "$(find "$S" -maxdepth 1 -name '*tmp*')" ]; then
  ok "no temporary file left beside the store"
else
  fail "no temporary file left beside the store" "$(files_in "$S")"
fi

# Corrupt, truncated and foreign store files.
size=$(stat -c %s "$S/a.two")
cp "$S/a.two" "$S/flipped.rst"
mid=$((size / 2))
orig_byte=$(od -An -tu1 -j "$mid" -N1 "$S/flipped.rst" | tr -d ' ')
# shellcheck disable=SC2059 # the format is the octal escape of the new byte
printf "\\$(printf '%03o' $(((orig_byte + 1) % 256)))" | dd of="$S/flipped.rst" bs=1 seek="$mid" conv=notrunc status=none
head -c $((size - 7)) "$S/a.two" >"$S/truncated.rst"
printf 'NATO\ttrains\tIraqi forces\n' >"$S/foreign.rst"
: >"$S/zero.rst"
for f in flipped truncated foreign zero; do
  cp "$S/$f.rst" "$S/$f.before"
  expect_error "corrupt store ($f) given to build --store: an error naming it" 1 "^relata: $S/$f\\.rst.*" \
    "$RELATA" build "$IN/good.tsv" --store "$S/$f.rst" -o "$S/out-$f"
  same_bytes "corrupt store ($f): its bytes are unchanged" "$S/$f.before" "$S/$f.rst"
done
expect_error "corrupt store given to export: an error naming it" 1 "^relata: $S/flipped\\.rst.*" \
  "$RELATA" export --store "$S/flipped.rst" -o "$S/out-export-corrupt"
no_graph_files "corrupt store given to export: no output written" "$S/out-export-corrupt"
expect_error "corrupt store given to stats: an error naming it" 1 "^relata: $S/flipped\\.rst.*" \
  "$RELATA" stats --store "$S/flipped.rst"
expect_error "corrupt store given to merge: an error naming it" 1 "^relata: $S/flipped\\.rst.*" \
  "$RELATA" merge "$S/a.two" "$S/flipped.rst" -o "$S/merged-corrupt.rst"
if [ ! -e "$S/merged-corrupt.rst" ]; then ok "failed merge writes no output store"; else fail "failed merge writes no output store"; fi
expect_error "missing store given to export: an error naming it" 1 "^relata: $S/nope\\.rst.*" \
  "$RELATA" export --store "$S/nope.rst" -o "$S/out-nope"

# Existing outputs survive a failed build.
O=$T/existing
"$RELATA" build "$IN/good.tsv" -o "$O" -q
cp -r "$O" "$T/existing.orig"
run "$RELATA" build "$IN/malformed.tsv" -o "$O"
[ "$rc" -ne 0 ] || fail "build into an existing folder with a malformed input fails" "exit 0"
same_bytes "a failed build leaves existing output files intact" "$T/existing.orig" "$O"
run "$RELATA" build "$IN/good.jsonl" --store "$S/flipped.rst" -o "$O"
same_bytes "a build failing on a corrupt store leaves existing output files intact" "$T/existing.orig" "$O"
only_graph_files "no temporary files left in the output folder" "$O"

# --- merge of stores built from halves = store built from all -------------------------------
M=$T/merge
mkdir -p "$M/h1" "$M/h2"
for f in hostile.jsonl hostile.tsv; do
  n=$(wc -l <"$DATA/$f")
  head -n $((n / 2)) "$DATA/$f" >"$M/h1/$f"
  tail -n +$((n / 2 + 1)) "$DATA/$f" >"$M/h2/$f"
done
"$RELATA" build "$M/h1/hostile.jsonl" "$M/h1/hostile.tsv" --store "$M/half1.rst" -q
"$RELATA" build "$M/h2/hostile.jsonl" "$M/h2/hostile.tsv" --store "$M/half2.rst" -q
"$RELATA" build "$DATA/hostile.jsonl" "$DATA/hostile.tsv" --store "$M/all.rst" -o "$M/out-build" -q
expect_success "merge of the two halves' stores" "$RELATA" merge "$M/half1.rst" "$M/half2.rst" -o "$M/merged.rst" -q
same_bytes "merge(half1, half2) equals the store built from all inputs, byte for byte" "$M/all.rst" "$M/merged.rst"
"$RELATA" merge "$M/half2.rst" "$M/half1.rst" -o "$M/merged-rev.rst" -q
same_bytes "merge(half2, half1) equals it too" "$M/all.rst" "$M/merged-rev.rst"
"$RELATA" merge "$M/all.rst" "$M/all.rst" "$M/half1.rst" -o "$M/merged-idem.rst" -q
same_bytes "merging a store with itself and a subset changes nothing" "$M/all.rst" "$M/merged-idem.rst"
cp "$M/half1.rst" "$M/inplace.rst"
"$RELATA" merge "$M/inplace.rst" "$M/half2.rst" -o "$M/inplace.rst" -q
same_bytes "merge into one of its inputs (-o A) works" "$M/all.rst" "$M/inplace.rst"
expect_success "export of the merged store" "$RELATA" export --store "$M/merged.rst" -o "$M/out-merged" -q
"$RELATA" export --store "$M/all.rst" -o "$M/out-all" -q
same_bytes "exports of the merged store and of the store from all inputs are identical" "$M/out-all" "$M/out-merged"
same_bytes "export of a store equals build's output from the same inputs" "$M/out-build" "$M/out-all"
only_graph_files "export writes graph.* files only" "$M/out-merged"

# --- stats, formats, help -------------------------------------------------------------------
run "$RELATA" stats --store "$M/all.rst"
if [ "$rc" -eq 0 ] && grep -q "entities" "$T/stdout" && [ ! -s "$T/stderr" ]; then
  ok "stats runs"
else
  fail "stats runs" "exit $rc" "stderr: $(shown "$T/stderr")"
fi
run "$RELATA" stats --store "$M/all.rst" --format json
if [ "$rc" -eq 0 ] && /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["entities"] > 0' <"$T/stdout"; then
  ok "stats --format json prints valid JSON"
else
  fail "stats --format json prints valid JSON" "exit $rc" "stdout: $(shown "$T/stdout")"
fi

run "$RELATA" build "$IN/good.tsv" -o "$T/out-two" --formats ttl,graphml -q
if [ "$rc" -eq 0 ] && [ "$(files_in "$T/out-two")" = "graph.graphml graph.ttl " ]; then
  ok "--formats ttl,graphml writes exactly those two"
else
  fail "--formats ttl,graphml writes exactly those two" "exit $rc" "wrote: $(files_in "$T/out-two")"
fi
expect_error "unknown format: a clear message naming it" "1 2" "^relata: .*bogus" \
  "$RELATA" build "$IN/good.tsv" -o "$T/out-bogus" --formats ttl,bogus
no_graph_files "unknown format: nothing written" "$T/out-bogus"
expect_error "unknown format in export: a clear message naming it" "1 2" "^relata: .*bogus" \
  "$RELATA" export --store "$M/all.rst" -o "$T/out-bogus2" --formats bogus
expect_error "unknown --provenance value: a usage error" "1 2" "^relata: .*provenance" \
  "$RELATA" build "$IN/good.tsv" -o "$T/out-prov" --provenance nope
expect_error "unknown --gexf-version value: a usage error" "1 2" "^relata: .*gexf" \
  "$RELATA" build "$IN/good.tsv" -o "$T/out-gexf" --gexf-version 2.0
expect_error "invalid --base IRI: a clear message" "1 2" "^relata: .*base" \
  "$RELATA" build "$IN/good.tsv" -o "$T/out-base" --base 'http://exa mple.org/'
expect_error "unknown subcommand: a usage error" "1 2" "^relata: .+" "$RELATA" frobnicate
expect_error "unknown option: a usage error" "1 2" "^relata: .+" "$RELATA" build "$IN/good.tsv" -o "$T/o" --no-such-option

for sub in "" build export stats merge; do
  # shellcheck disable=SC2086
  run "$RELATA" $sub --help
  if [ "$rc" -eq 0 ] && [ -s "$T/stdout" ] && [ ! -s "$T/stderr" ]; then
    ok "relata ${sub:+$sub }--help exits 0"
  else
    fail "relata ${sub:+$sub }--help exits 0" "exit $rc" "stderr: $(shown "$T/stderr")"
  fi
done
run "$RELATA" --version
if [ "$rc" -eq 0 ] && grep -q "relata" "$T/stdout"; then ok "relata --version"; else fail "relata --version" "exit $rc"; fi

# ---- relata parse: hostile input (empty, binary, invalid UTF-8, a 200,000-character line,
# a 5,000-token sentence). Each run is under `timeout` so that a hang fails, not blocks.
PT=120  # seconds allowed per run (a 200,000-character line takes well under a second here)
P="$T/parse"
mkdir -p "$P"
# check_conllu FILE [WORDS_FILE]: every line is a comment, blank, or 10 tab-separated fields
# with IDs 1..n in order and heads in 0..n; every sentence has exactly one root (head 0) and
# at least one word. With WORDS_FILE, the FORMs joined without white space equal that file's
# text without white space (the tokens cover the input exactly). Prints the first problem.
cat >"$P/check_conllu.py" <<'PY'
import sys
data = open(sys.argv[1], 'rb').read().decode('utf-8')
lines = data.split('\n')
if lines and lines[-1] == '':
    lines.pop()
sent, forms, nsent, longest = [], [], 0, 0
def close(n):
    global sent, nsent, longest
    if not sent:
        return None
    roots = sum(1 for h in sent if h == 0)
    if roots != 1:
        return f"sentence ending at line {n}: {roots} roots"
    if any(h > len(sent) for h in sent):
        return f"sentence ending at line {n}: head out of range"
    nsent += 1
    longest = max(longest, len(sent))
    sent = []
    return None
for n, line in enumerate(lines, 1):
    if line.startswith('#'):
        continue
    if line == '':
        err = close(n)
        if err: sys.exit(err)
        continue
    f = line.split('\t')
    if len(f) != 10:
        sys.exit(f"line {n}: {len(f)} fields: {line[:80]!r}")
    if f[0] != str(len(sent) + 1) or not f[6].isdigit() or f[1] == '':
        sys.exit(f"line {n}: bad ID, FORM or HEAD: {line[:80]!r}")
    sent.append(int(f[6]))
    forms.append(f[1])
err = close(len(lines))
if err: sys.exit(err)
if data and not data.endswith('\n\n'):
    sys.exit("output does not end with a blank line")
if len(sys.argv) > 2:
    want = ''.join(open(sys.argv[2], encoding='utf-8').read().split())
    if ''.join(forms) != want:
        sys.exit(f"FORMs ({len(forms)} tokens) do not spell the input")
print(f"{nsent} {len(forms)} {longest}")
PY
# parse_ok NAME INPUT [WORDS_FILE]: `relata parse < INPUT` exits 0 within $PT seconds, nothing
# on stderr, valid CoNLL-U on stdout (see check_conllu). Leaves "SENTENCES TOKENS LONGEST" in $counts.
# parse_ok NAME INPUT [WORDS_FILE [OPTIONS...]]: relata parse with OPTIONS exits 0 within PT
# seconds, prints nothing on stderr and valid CoNLL-U (covering WORDS_FILE when given).
parse_ok() {
  local name=$1 input=$2 words=${3:-}
  run timeout "$PT" "$RELATA" parse "${@:4}" <"$input"
  local why=()
  if [ "$rc" -eq 124 ]; then why+=("timed out after ${PT}s")
  elif [ "$rc" -ne 0 ]; then why+=("exit status $rc"); fi
  [ ! -s "$T/stderr" ] || why+=("stderr: $(shown "$T/stderr")")
  counts=""
  if [ "$rc" -eq 0 ]; then
    if ! counts=$(/usr/bin/python3 "$P/check_conllu.py" "$T/stdout" ${words:+"$words"} 2>&1); then
      why+=("invalid CoNLL-U: $counts")
    fi
  fi
  if [ ${#why[@]} -eq 0 ]; then ok "$name"; else fail "$name" "${why[@]}"; fi
}

: >"$P/empty.txt"
run timeout "$PT" "$RELATA" parse <"$P/empty.txt"
if [ "$rc" -eq 0 ] && [ ! -s "$T/stdout" ] && [ ! -s "$T/stderr" ]; then
  ok "parse: empty input exits 0 and prints nothing"
else
  fail "parse: empty input exits 0 and prints nothing" "exit $rc" "stdout: $(shown "$T/stdout")" "stderr: $(shown "$T/stderr")"
fi
printf ' \n\n\t \r\n' >"$P/blank.txt"
run timeout "$PT" "$RELATA" parse <"$P/blank.txt"
if [ "$rc" -eq 0 ] && [ ! -s "$T/stdout" ] && [ ! -s "$T/stderr" ]; then
  ok "parse: white space only exits 0 and prints nothing"
else
  fail "parse: white space only exits 0 and prints nothing" "exit $rc" "stdout: $(shown "$T/stdout")" "stderr: $(shown "$T/stderr")"
fi

# Binary data: 64 KiB of fixed pseudo-random bytes, NULs included. Not valid UTF-8, so the
# documented behaviour applies: one line naming the input and the byte offset of the first
# invalid sequence, exit 1, nothing on stdout.
/usr/bin/python3 - "$P/binary.dat" <<'PY'
import random, sys
r = random.Random(7)
b = bytearray(r.getrandbits(8) for _ in range(65536))
b[10] = b[100] = b[1000] = 0
open(sys.argv[1], 'wb').write(b)
PY
bad=$(/usr/bin/python3 -c 'import sys
try: open(sys.argv[1],"rb").read().decode("utf-8"); print(-1)
except UnicodeDecodeError as e: print(e.start)' "$P/binary.dat")
expect_error "parse: binary data on stdin: one line naming stdin and the byte offset, exit 1" 1 \
  "^relata: stdin: byte $bad: invalid UTF-8\$" timeout "$PT" "$RELATA" parse <"$P/binary.dat"
expect_error "parse: binary file: one line naming the file and the byte offset, exit 1" 1 \
  "^relata: $P/binary.dat: byte $bad: invalid UTF-8\$" timeout "$PT" "$RELATA" parse "$P/binary.dat"
# Invalid UTF-8 after valid text: a lone continuation byte, an overlong form, a surrogate.
printf 'The cat sat.\nIt was caf\xc3\xa9 \x80 time.\n' >"$P/bad1.txt"
expect_error "parse: stray continuation byte: its offset, exit 1" 1 \
  "^relata: stdin: byte 26: invalid UTF-8\$" timeout "$PT" "$RELATA" parse <"$P/bad1.txt"
printf 'Overlong \xc0\xaf slash.\n' >"$P/bad2.txt"
expect_error "parse: overlong UTF-8: its offset, exit 1" 1 \
  "^relata: stdin: byte 9: invalid UTF-8\$" timeout "$PT" "$RELATA" parse <"$P/bad2.txt"
printf 'A surrogate \xed\xa0\x80 here.\n' >"$P/bad3.txt"
expect_error "parse: UTF-8 surrogate: its offset, exit 1" 1 \
  "^relata: stdin: byte 12: invalid UTF-8\$" timeout "$PT" "$RELATA" parse <"$P/bad3.txt"
printf 'Cut short at the end \xe2\x82' >"$P/bad4.txt"
expect_error "parse: truncated UTF-8 at the end: its offset, exit 1" 1 \
  "^relata: stdin: byte 21: invalid UTF-8\$" timeout "$PT" "$RELATA" parse <"$P/bad4.txt"
# Valid UTF-8 that is still binary-looking: NULs and other control characters between words.
printf 'Hello\0world. Bell\a and \x01\x02\x1b[0m escape.\0\0\0 Done \x7f.\n' >"$P/controls.txt"
parse_ok "parse: NULs and control characters (valid UTF-8): exit 0, valid CoNLL-U" "$P/controls.txt"
# They are read as spaces: no control character (but tab and LF) reaches the output.
if /usr/bin/python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); sys.exit(any((c<32 and c not in (9,10)) or c==127 for c in d))' "$T/stdout" \
   && grep -q "^[0-9]*	Hello	" "$T/stdout" && grep -q "^[0-9]*	world	" "$T/stdout"; then
  ok "parse: control characters are read as spaces, never copied into the output"
else
  fail "parse: control characters are read as spaces, never copied into the output" "stdout: $(shown "$T/stdout")"
fi

# A single 200,000-character line of words (prose with commas and periods, no line break).
/usr/bin/python3 - "$P/line200k.txt" <<'PY'
import random, sys
r = random.Random(11)
syll = ['ka', 'lo', 'mi', 're', 'tan', 'vo', 'sel', 'dor', 'pi', 'nu', 'gra', 'the']
common = ['the', 'of', 'and', 'to', 'in', 'a', 'was', 'said', 'it', 'that', 'on', 'for']
out, n, since = [], 0, 0
while n < 200_000:
    w = r.choice(common) if r.random() < 0.4 else ''.join(r.choice(syll) for _ in range(r.randint(1, 3)))
    if since == 0: w = w.capitalize()
    since += 1
    if since > 8 and r.random() < 0.08: w += '.'; since = 0
    elif r.random() < 0.05: w += ','
    out.append(w); n += len(w) + 1
s = ' '.join(out)[:199_999].rstrip()
s += 'x' * (199_999 - len(s)) + '.'
assert len(s) == 200_000
open(sys.argv[1], 'w').write(s + '\n')
PY
parse_ok "parse: a single 200,000-character line: exit 0, valid CoNLL-U, tokens spell the input" \
  "$P/line200k.txt" "$P/line200k.txt"
# The same length without any punctuation: one sentence of about 35,000 words.
/usr/bin/python3 - "$P/line200k-nopunct.txt" <<'PY'
import random, sys
r = random.Random(12)
words = ['river', 'stone', 'green', 'walked', 'under', 'the', 'old', 'bridge', 'and', 'slowly', 'a', 'city']
s, parts = 0, []
while s < 200_000:
    w = r.choice(words); parts.append(w); s += len(w) + 1
open(sys.argv[1], 'w').write(' '.join(parts)[:200_000].rstrip() + '\n')
PY
parse_ok "parse: a 200,000-character line without punctuation: exit 0, valid CoNLL-U" \
  "$P/line200k-nopunct.txt" "$P/line200k-nopunct.txt"
# 200,000 characters without any space: one very long "word".
/usr/bin/python3 -c 'import sys; open(sys.argv[1],"w").write("ab" * 100_000 + "\n")' "$P/nospace.txt"
parse_ok "parse: a 200,000-character line without spaces: exit 0, valid CoNLL-U" \
  "$P/nospace.txt" "$P/nospace.txt"

# A 5,000-token sentence without punctuation.
/usr/bin/python3 - "$P/sent5000.txt" <<'PY'
import random, sys
r = random.Random(13)
words = ['the', 'man', 'saw', 'a', 'dog', 'with', 'big', 'eyes', 'near', 'old', 'houses', 'that', 'stood', 'by', 'rivers']
open(sys.argv[1], 'w').write(' '.join(r.choice(words) for _ in range(5000)) + '\n')
PY
parse_ok "parse: a 5,000-token sentence without punctuation: exit 0, valid CoNLL-U, tokens spell it" \
  "$P/sent5000.txt" "$P/sent5000.txt"
# Documented (src/nlp/tokenizer.h): no sentence is longer than kMaxSentenceTokens (400) tokens,
# so the sentence is cut into pieces; all 5,000 tokens must still be there.
read -r n_sent n_tok n_long <<<"${counts:-0 0 0}"
if [ "$n_tok" = 5000 ] && [ "$n_long" -le 400 ] && [ "$n_long" -gt 0 ]; then
  ok "parse: the 5,000-token sentence gives 5,000 tokens, cut into sentences of at most 400"
else
  fail "parse: the 5,000-token sentence gives 5,000 tokens, cut into sentences of at most 400" \
    "sentences $n_sent, tokens $n_tok, longest $n_long"
fi
# The widest beam: sentences over 250 words are parsed greedily (the beam's cost grows with
# the square of the length); a 240-word sentence takes the beam of 64.
parse_ok "parse --beam 64: the 5,000-token sentence, valid CoNLL-U" "$P/sent5000.txt" "$P/sent5000.txt" --beam 64
/usr/bin/python3 -c "import sys; w=open(sys.argv[1]).read().split(); open(sys.argv[2], 'w').write(' '.join(w[:240]) + '\n')" \
  "$P/sent5000.txt" "$P/sent240.txt"
parse_ok "parse --beam 64: a 240-word sentence, valid CoNLL-U" "$P/sent240.txt" "$P/sent240.txt" --beam 64

# --input-format conllu keeps the given tokens and sentence boundaries.
printf '# sent_id = a\n# text = New York-based firms.\n1\tNew\t_\t_\t_\t_\t0\t_\t_\t_\n2\tYork-based\t_\t_\t_\t_\t0\t_\t_\tSpaceAfter=No\n3\tfirms\t_\t_\t_\t_\t0\t_\t_\tSpaceAfter=No\n4\t.\t_\t_\t_\t_\t0\t_\t_\t_\n\n# sent_id = b\n# text = do n'"'"'t stop\n1\tdo\t_\t_\t_\t_\t0\t_\t_\t_\n2\tn'"'"'t\t_\t_\t_\t_\t0\t_\t_\t_\n3\tstop\t_\t_\t_\t_\t0\t_\t_\t_\n\n' >"$P/small.conllu"
run timeout "$PT" "$RELATA" parse --input-format conllu "$P/small.conllu"
why=()
[ "$rc" -eq 0 ] || why+=("exit status $rc" "stderr: $(shown "$T/stderr")")
if [ "$rc" -eq 0 ]; then
  v=$(/usr/bin/python3 "$P/check_conllu.py" "$T/stdout" 2>&1) || why+=("invalid CoNLL-U: $v")
  got=$(awk -F'\t' 'NF == 10 { printf "%s ", $2 } /^$/ { printf "| " }' "$T/stdout")
  want="New York-based firms . | do n't stop | "
  [ "$got" = "$want" ] || why+=("tokens: $got" "expected: $want")
  nsa=$(awk -F'\t' 'NF == 10 && $10 ~ /SpaceAfter=No/' "$T/stdout" | wc -l)
  [ "$nsa" -eq 2 ] || why+=("$nsa SpaceAfter=No, expected 2")
  untagged=$(awk -F'\t' 'NF == 10 && ($4 == "_" || $8 == "_")' "$T/stdout" | wc -l)
  [ "$untagged" -eq 0 ] || why+=("$untagged words without UPOS or DEPREL")
fi
if [ ${#why[@]} -eq 0 ]; then ok "parse --input-format conllu keeps the tokens and sentences, predicts the rest"
else fail "parse --input-format conllu keeps the tokens and sentences, predicts the rest" "${why[@]}"; fi

# --beam: the same tokens, a well-formed parse; a width outside 1-64 is refused.
run timeout "$PT" "$RELATA" parse --beam 8 --input-format conllu "$P/small.conllu"
why=()
[ "$rc" -eq 0 ] || why+=("exit status $rc" "stderr: $(shown "$T/stderr")")
if [ "$rc" -eq 0 ]; then
  v=$(/usr/bin/python3 "$P/check_conllu.py" "$T/stdout" 2>&1) || why+=("invalid CoNLL-U: $v")
  roots=$(awk -F'\t' 'NF == 10 && $7 == "0"' "$T/stdout" | wc -l)
  [ "$roots" -eq 2 ] || why+=("$roots roots in two sentences")
fi
if [ ${#why[@]} -eq 0 ]; then ok "parse --beam 8: one root per sentence, valid CoNLL-U"
else fail "parse --beam 8: one root per sentence, valid CoNLL-U" "${why[@]}"; fi
expect_error "parse --beam 0 is refused" 2 "^relata: --beam: .*1 to 64" \
  "$RELATA" parse --beam 0 --input-format conllu "$P/small.conllu"

# Entities in MISC are names without a person's titles (docs/ner.md, "Names and titles").
printf 'President Vladimir Putin met Syrian President Bashar al-Assad in Moscow.\n' >"$P/titles.txt"
run timeout "$PT" "$RELATA" parse "$P/titles.txt"
got=$(awk -F'\t' 'NF == 10 && $10 ~ /NE=/ { sub(/\|.*/, "", $10); printf "%s:%s ", $2, $10 }' "$T/stdout")
want="Vladimir:NE=B-PERSON Putin:NE=I-PERSON Bashar:NE=B-PERSON al:NE=I-PERSON -:NE=I-PERSON Assad:NE=I-PERSON Moscow:NE=B-GPE "
if [ "$rc" -eq 0 ] && [ "$got" = "$want" ]; then ok "parse: NE= marks names, a person's titles outside them"
else fail "parse: NE= marks names, a person's titles outside them" "exit $rc" "got: $got" "expected: $want"; fi

# A triples line of two million nested arrays: an error, not a stack overflow.
/usr/bin/python3 -c 'import sys; sys.stdout.write("[" * 2000000 + "]" * 2000000 + "\n")' >"$T/deep.jsonl"
expect_error "build: a JSONL line nested two million deep is an error" 1 "^relata: $T/deep\\.jsonl:1: .+" \
  timeout 60 "$RELATA" build "$T/deep.jsonl" -o "$T/out-deep" --input-format jsonl

# ---- articles: build and extract on hostile input (docs/ingest.md) --------------------------
A="$T/articles"
mkdir -p "$A"
printf 'NASA launched the rocket.\n' >"$A/ok.txt"
head -c 3000 /dev/urandom >"$A/binary.txt"
printf 'NASA\000launched it.\n' >"$A/nul.txt"
cat >"$A/laughs.xml" <<'XML'
<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>x</title><item><title>&lol3;</title><description>&lol3;</description></item></channel></rss>
XML
cat >"$A/xxe.xml" <<'XML'
<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>x</title><item><title>t</title><description>&xxe;</description></item></channel></rss>
XML
for f in binary.txt nul.txt laughs.xml xxe.xml; do
  expect_error "build refuses hostile article input: $f" 1 "^relata: $A/${f//./\\.}" \
    timeout 60 "$RELATA" build "$A/$f" -o "$T/out-art-$f"
  no_graph_files "build of $f wrote no graph file" "$T/out-art-$f"
done
expect_error "extract refuses an XXE feed" 1 "^relata: $A/xxe\\.xml" timeout 60 "$RELATA" extract "$A/xxe.xml"
grep -q "root:" "$T/stderr" && fail "the XXE error does not leak the file's content" || ok "the XXE error does not leak the file's content"

# A store survives a failed article build.
expect_success "build --store from an article" "$RELATA" build "$A/ok.txt" --store "$A/s.store" -q
cp "$A/s.store" "$A/s.before"
run "$RELATA" build "$A/ok.txt" "$A/binary.txt" --store "$A/s.store" -q
if [ "$rc" -ne 0 ] && cmp -s "$A/s.store" "$A/s.before"; then ok "a failed article build leaves the store as it was"
else fail "a failed article build leaves the store as it was" "exit $rc"; fi

# extract: one JSON object a line, with the evidence and the graph triple.
run "$RELATA" extract "$A/ok.txt"
if [ "$rc" -eq 0 ] && /usr/bin/python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
e = [r for r in rows if r["relation_text"] == "launched"]
assert e and e[0]["subject"]["text"] == "NASA" and e[0]["object"]["text"] == "the rocket", rows
assert e[0]["evidence"] == "NASA launched the rocket" and e[0]["triple"]["relation"] == "launch", e
' "$T/stdout" 2>"$T/py"; then ok "extract prints the extraction with evidence and graph triple"
else fail "extract prints the extraction with evidence and graph triple" "exit $rc" "$(shown "$T/py")" "$(shown "$T/stderr")"; fi

# ---- Merging across documents: explain, --merge-report, --dry-run, alias and keep-apart files
# (docs/merging.md).
M="$T/merge"
mkdir -p "$M"
cat >"$M/in.jsonl" <<'JSONL'
{"subject":"United States","subject_type":"GPE","relation":"killed","object":"Qassem Soleimani","object_type":"PERSON","source":"d1"}
{"subject":"U.S.","subject_type":"GPE","relation":"sanctioned","object":"Iran","object_type":"GPE","source":"d2"}
{"subject":"US","subject_type":"ORG","relation":"struck","object":"Baghdad","object_type":"GPE","source":"d3"}
{"subject":"U.S.","subject_type":"GPE","relation":"struck","object":"Baghdad","object_type":"GPE","source":"d4"}
{"subject":"Jordan","subject_type":"GPE","relation":"borders","object":"Syria","object_type":"GPE","source":"d1"}
{"subject":"Jordan","subject_type":"PERSON","relation":"played for","object":"Chicago Bulls","object_type":"ORG","source":"d2"}
{"subject":"Jens Stoltenberg","subject_type":"PERSON","relation":"visited","object":"Baghdad","object_type":"GPE","source":"d1","subject_form":"Stoltenberg","subject_rule":"name-part"}
JSONL
expect_success "build --store --merge-report" "$RELATA" build "$M/in.jsonl" --store "$M/s.store" --merge-report "$M/merges.tsv" -q
if [ -f "$M/merges.tsv" ] && head -1 "$M/merges.tsv" | grep -qx $'node\tlabel\tform\tform_type\trule\tmentions\tdocuments' &&
   grep -q $'\tUnited States\tGPE\tvariant\t1\td1$' "$M/merges.tsv" &&
   grep -q $'\tUS\tORG\tname-key\t1\td3$' "$M/merges.tsv" &&
   grep -q $'^person:jens-stoltenberg\tJens Stoltenberg\tStoltenberg\tPERSON\tname-part\t1\td1$' "$M/merges.tsv" &&
   ! grep -qi jordan "$M/merges.tsv"; then ok "the merge report lists the merges and no wrong one"
else fail "the merge report lists the merges and no wrong one" "$(shown "$M/merges.tsv")"; fi
ls -a "$M" | grep -q '\.tmp\|relata-' && fail "the merge report leaves no temporary file" "$(ls -a "$M")" || ok "the merge report leaves no temporary file"

run "$RELATA" build "$M/in.jsonl" --dry-run --store "$M/dry.store" -o "$M/dry-out" --merge-report "$M/dry.tsv"
if [ "$rc" -eq 0 ] && [ ! -e "$M/dry.store" ] && [ ! -e "$M/dry-out" ] && [ ! -e "$M/dry.tsv" ] &&
   cmp -s "$T/stdout" "$M/merges.tsv"; then ok "build --dry-run prints the merge report and writes nothing"
else fail "build --dry-run prints the merge report and writes nothing" "exit $rc" "$(ls "$M")" "$(shown "$T/stdout")"; fi
cp "$M/s.store" "$M/s.before"
run "$RELATA" build "$M/in.jsonl" --dry-run --store "$M/s.store"
cmp -s "$M/s.store" "$M/s.before" && ok "build --dry-run leaves an existing store as it was" || fail "build --dry-run leaves an existing store as it was"

run "$RELATA" explain --store "$M/s.store" "u.s."
if [ "$rc" -eq 0 ] && grep -q '^node       gpe:u-s' "$T/stdout" && grep -q 'type votes GPE 3, ORG 1' "$T/stdout" &&
   grep -q '  United States \[GPE\]: variant, 1 mention, d1' "$T/stdout"; then ok "explain prints the node, its type votes and merged forms"
else fail "explain prints the node, its type votes and merged forms" "exit $rc" "$(shown "$T/stdout")" "$(shown "$T/stderr")"; fi
run "$RELATA" explain --store "$M/s.store" Stoltenberg
if [ "$rc" -eq 0 ] && grep -q '^node       person:jens-stoltenberg' "$T/stdout" && grep -q 'Stoltenberg \[PERSON\]: name-part' "$T/stdout"
then ok "explain finds a node by a merged form"; else fail "explain finds a node by a merged form" "$(shown "$T/stdout")"; fi
expect_error "explain: an ambiguous name lists the candidates" 1 '^relata: explain: "jordan" names 2 nodes: gpe:jordan \(Jordan\), person:jordan \(Jordan\)' \
  "$RELATA" explain --store "$M/s.store" jordan
expect_error "explain: an unknown name" 1 '^relata: explain: no node' "$RELATA" explain --store "$M/s.store" "Atlantis"

printf '# ids\nU.S.\twd:Q30\tUnited States of America\tGPE\nUnited States\twd:Q30\tUnited States of America\tGPE\n' >"$M/aliases.tsv"
expect_success "export --aliases" "$RELATA" export --store "$M/s.store" -o "$M/al-out" --aliases "$M/aliases.tsv" --formats ttl,nt -q
if grep -q '<http://example.org/relata/entity/gpe/united-states-of-america> <http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/Q30> \.' "$M/al-out/graph.nt" &&
   grep -q '^@prefix owl: ' "$M/al-out/graph.ttl"; then ok "an alias id becomes owl:sameAs"
else fail "an alias id becomes owl:sameAs" "$(grep -i same "$M/al-out/graph.nt" | head -3)"; fi
expect_success "export --aliases, every RDF format" "$RELATA" export --store "$M/s.store" -o "$M/al-all" --aliases "$M/aliases.tsv" --formats turtle,ntriples,nquads,rdfxml,jsonld -q
if /usr/bin/python3 -c '
import sys, rdflib
from rdflib.namespace import OWL
d = sys.argv[1]
want = (rdflib.URIRef("http://example.org/relata/entity/gpe/united-states-of-america"), OWL.sameAs,
        rdflib.URIRef("http://www.wikidata.org/entity/Q30"))
for ext, fmt in [("ttl", "turtle"), ("nt", "nt"), ("nq", "nquads"), ("rdf", "xml"), ("jsonld", "json-ld")]:
    g = rdflib.ConjunctiveGraph() if ext in ("nq", "jsonld") else rdflib.Graph()
    g.parse(f"{d}/graph.{ext}", format=fmt)
    same = list(g.triples((None, OWL.sameAs, None)))
    assert same == [want], (ext, same)
' "$M/al-all" 2>"$T/py"; then ok "owl:sameAs in Turtle, N-Triples, N-Quads, RDF/XML and JSON-LD (rdflib)"
else fail "owl:sameAs in Turtle, N-Triples, N-Quads, RDF/XML and JSON-LD (rdflib)" "$(shown "$T/py")"; fi
printf 'U.S.\twd:Q30\tUnited States\nUK\tQ145\tUnited Kingdom\n' >"$M/bad-aliases.tsv"
expect_error "a bad alias line: file and line" 1 "^relata: $M/bad-aliases\\.tsv:2: canonical id \"Q145\"" \
  "$RELATA" build "$M/in.jsonl" --aliases "$M/bad-aliases.tsv" -o "$M/bad-out"
[ ! -e "$M/bad-out" ] && ok "a bad alias file stops the build before any output" || fail "a bad alias file stops the build before any output"
expect_error "a missing alias file" 1 "^relata: $M/none\\.tsv: cannot open" "$RELATA" stats --store "$M/s.store" --aliases "$M/none.tsv"
printf 'United States\n' >"$M/bad-apart.tsv"
expect_error "a bad keep-apart line: file and line" 1 "^relata: $M/bad-apart\\.tsv:1: expected 2" \
  "$RELATA" explain --store "$M/s.store" US --keep-apart "$M/bad-apart.tsv"
printf 'United States\tU.S.\nJens Stoltenberg\tStoltenberg\n' >"$M/apart.tsv"
run "$RELATA" build "$M/in.jsonl" --dry-run --keep-apart "$M/apart.tsv"
if [ "$rc" -eq 0 ] && ! grep -q 'United States' "$T/stdout" && ! grep -q Stoltenberg "$T/stdout"; then ok "keep-apart undoes a variant merge and a within-document rename"
else fail "keep-apart undoes a variant merge and a within-document rename" "$(shown "$T/stdout")"; fi
run "$RELATA" stats --store "$M/s.store" --format json
if [ "$rc" -eq 0 ] && /usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["type_conflicts"] == 1 and d["types_kept_apart"] == 1, d
assert d["merges_by_rule"] == {"name-key": 1, "name-part": 1, "variant": 1}, d["merges_by_rule"]
t = d["type_disagreements"][0]
assert t["label"] == "U.S." and t["type"] == "GPE" and t["votes"] == {"GPE": 3, "ORG": 1}, t
' "$T/stdout" 2>"$T/py"; then ok "stats --format json: type votes and merges by rule"
else fail "stats --format json: type votes and merges by rule" "$(shown "$T/py")" "$(shown "$T/stdout")"; fi

# ---- relata query (issue 6, docs/query.md) ----
Q="$T/query"
mkdir -p "$Q"
qrow() {  # subject stype relation object otype source date
  printf '{"subject":"%s","subject_type":"%s","relation":"%s","object":"%s","object_type":"%s","source":"%s","date":"%s","sentence":"%s %s %s."}\n' \
    "$1" "$2" "$3" "$4" "$5" "$6" "$7" "$1" "$3" "$4"
}
{
  qrow "Alice Smith" PERSON meet "Bob Jones" PERSON d1 2024-01-10
  qrow "Bob Jones" PERSON lead "Acme Corp" ORG d2 2024-02-01
  qrow "Carol White" PERSON "work for" "Acme Corp" ORG d3 2024-03-05
  qrow "Carol White" PERSON visit Paris GPE d4 2024-04-01
  qrow "Alice Smith" PERSON criticise "Dan Brown" PERSON d5 2024-05-01
  qrow "Dan Brown" PERSON support "Carol White" PERSON d6 ""
  qrow Jordan PERSON meet "Carol White" PERSON d7 2024-06-01
  qrow Jordan GPE sign "water deal" "" d8 2024-06-02
} >"$Q/in.jsonl"
expect_success "query: build a small store" "$RELATA" build "$Q/in.jsonl" --store "$Q/s.store" -q
run "$RELATA" query --store "$Q/s.store" path "alice smith" Paris --format tsv
if [ "$rc" -eq 0 ] && [ "$(cut -f3,4,5,6 "$T/stdout" | tr '\t' ' ')" = "from dir relation to
Alice Smith -> criticise Dan Brown
Dan Brown -> support Carol White
Carol White -> visit Paris" ] && grep -q 'Carol White visit Paris\.' "$T/stdout"; then ok "query path: the shortest way, direction and evidence"
else fail "query path: the shortest way, direction and evidence" "$(shown "$T/stdout")" "$(shown "$T/stderr")"; fi
run "$RELATA" query --store "$Q/s.store" path Paris "Alice Smith" --max-len 2
if [ "$rc" -eq 0 ] && grep -q '^no path of at most 2 hops between Paris (gpe:paris) and Alice Smith' "$T/stdout"; then ok "query path --max-len: none within the limit"
else fail "query path --max-len: none within the limit" "$(shown "$T/stdout")"; fi
expect_error "query: an ambiguous name lists the candidates" 1 \
  '^relata: query neighbours: "Jordan" names 2 entities: gpe:jordan \(Jordan\), person:jordan \(Jordan\); give one id$' \
  "$RELATA" query --store "$Q/s.store" neighbours Jordan
expect_error "query: an unknown name suggests close ones" 1 \
  '^relata: query timeline: no entity has the id, name or alias "Carol Whyte"; did you mean: Carol White \(person:carol-white\)\?$' \
  "$RELATA" query --store "$Q/s.store" timeline "Carol Whyte"
expect_error "query: a bad --since date" 1 '^relata: query neighbours: --since: "May 2024" is not an ISO 8601 date' \
  "$RELATA" query --store "$Q/s.store" neighbours person:jordan --since "May 2024"
expect_error "query: a missing store" 1 "^relata: $Q/none\\.store" "$RELATA" query --store "$Q/none.store" top
expect_error "query: no question" 2 "" "$RELATA" query --store "$Q/s.store"
run "$RELATA" query --store "$Q/s.store" neighbours "Alice Smith" --since 2024-02-01 --format json
if [ "$rc" -eq 0 ] && /usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["command"] == "neighbours" and d["entity"] == "person:alice-smith", d
assert [(r["subject"], r["relation"], r["object"], r["weight"], r["first_date"]) for r in d["rows"]] == \
    [("Alice Smith", "criticise", "Dan Brown", 1, "2024-05-01")], d["rows"]
' "$T/stdout" 2>"$T/py"; then ok "query neighbours --since, as JSON"
else fail "query neighbours --since, as JSON" "$(shown "$T/py")" "$(shown "$T/stdout")"; fi
run "$RELATA" query --store "$Q/s.store" neighbours person:carol-white --depth 1 --until 2024-03-31 --format tsv
if [ "$rc" -eq 0 ] && [ "$(cut -f3-5 "$T/stdout" | tail -n +2)" = "Carol White	work for	Acme Corp" ]; then ok "query neighbours --until drops later and undated edges"
else fail "query neighbours --until drops later and undated edges" "$(shown "$T/stdout")"; fi
run "$RELATA" query --store "$Q/s.store" edges --subject '*SMITH' --relation 'c*' --format tsv
if [ "$rc" -eq 0 ] && [ "$(tail -n +2 "$T/stdout" | cut -f1-3)" = "Alice Smith	criticise	Dan Brown" ]; then ok "query edges: * wildcards, case-insensitive"
else fail "query edges: * wildcards, case-insensitive" "$(shown "$T/stdout")"; fi
run "$RELATA" query --store "$Q/s.store" timeline "Carol White" --format tsv
if [ "$rc" -eq 0 ] && [ "$(tail -n +2 "$T/stdout" | cut -f1,4 | tr '\t' ' ')" = "2024-03-05 work for
2024-04-01 visit
2024-06-01 meet
 support" ]; then ok "query timeline: by date, undated last"
else fail "query timeline: by date, undated last" "$(shown "$T/stdout")"; fi
run "$RELATA" query --store "$Q/s.store" top --by degree -n 2 --format tsv
if [ "$rc" -eq 0 ] && [ "$(tail -n +2 "$T/stdout" | cut -f2,4 | tr '\t' ' ')" = "Carol White 4
Acme Corp 2" ]; then ok "query top --by degree: ties by id"
else fail "query top --by degree: ties by id" "$(shown "$T/stdout")"; fi
run "$RELATA" query --store "$Q/s.store" top --by betweenness -n 1 --format tsv
if [ "$rc" -eq 0 ] && [ "$(tail -n +2 "$T/stdout" | cut -f2,4 | tr '\t' ' ')" = "Carol White 10" ]; then ok "query top --by betweenness"
else fail "query top --by betweenness" "$(shown "$T/stdout")"; fi
run "$RELATA" query --store "$Q/s.store" top --by pagerank --type GPE -n 5 --format tsv
if [ "$rc" -eq 0 ] && [ "$(tail -n +2 "$T/stdout" | cut -f2,3 | tr '\t' ' ')" = "Paris GPE
Jordan GPE" ]; then ok "query top --by pagerank --type"
else fail "query top --by pagerank --type" "$(shown "$T/stdout")"; fi
run "$RELATA" query --store "$Q/s.store" top
if [ "$rc" -eq 0 ] && head -2 "$T/stdout" | grep -q '^----  ' && grep -q '^   1  Carol White  ' "$T/stdout"; then ok "query: an aligned table by default"
else fail "query: an aligned table by default" "$(shown "$T/stdout")"; fi
run "$RELATA" query --store "$Q/s.store" path "Alice Smith" Paris --export turtle,graphml,json -o "$Q/sub"
if [ "$rc" -eq 0 ] && [ -s "$Q/sub/graph.ttl" ] && [ -s "$Q/sub/graph.graphml" ] && /usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
ids = sorted(n["id"] for n in d["nodes"])
assert ids == ["gpe:paris", "person:alice-smith", "person:carol-white", "person:dan-brown"], ids
assert len(d["edges"]) == 3, d["edges"]
' "$Q/sub/graph.json" 2>"$T/py"; then ok "query --export: the answer's subgraph in several formats"
else fail "query --export: the answer's subgraph in several formats" "$(shown "$T/py")" "$(shown "$T/stderr")"; fi
expect_error "query path: both ends one entity" 1 '^relata: query path: "Alice Smith" and "person:alice-smith" are the same entity \(person:alice-smith\)$' \
  "$RELATA" query --store "$Q/s.store" path "Alice Smith" person:alice-smith
expect_error "query --export without -o" 1 '^relata: query: --export needs -o DIR$' \
  "$RELATA" query --store "$Q/s.store" top --export turtle
run "$RELATA" query --store "$Q/s.store" path "Alice Smith" Paris --format json
first=$(cat "$T/stdout")
run "$RELATA" query --store "$Q/s.store" path "Alice Smith" Paris --format json
[ "$first" = "$(cat "$T/stdout")" ] && ok "query: the same answer twice, byte for byte" || fail "query: the same answer twice, byte for byte"
# On the sample articles: a path between people of different stories, with evidence.
SAMPLES="$(cd "$(dirname "$0")/.." && pwd)/samples/articles"
expect_success "query: build the sample articles" "$RELATA" build "$SAMPLES" --store "$Q/samples.store" -q
run "$RELATA" query --store "$Q/samples.store" path "Pekka Haavisto" "Mark Rutte" --format json
if [ "$rc" -eq 0 ] && /usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
rows = d["rows"]
assert d["from"] == "person:pekka-haavisto" and d["to"] == "person:mark-rutte" and rows, d
assert rows[0]["from_id"] == "person:pekka-haavisto" and rows[-1]["to_id"] == "person:mark-rutte", rows
for a, b in zip(rows, rows[1:]):
    assert a["to_id"] == b["from_id"], (a, b)
assert len({r["source"] for r in rows}) >= 2, "the path crosses articles"
for r in rows:
    assert r["evidence"] and r["source"] and r["relation"], r
print(" / ".join(f"{r['"'"'from'"'"']} {r['"'"'dir'"'"']} {r['"'"'relation'"'"']} {r['"'"'to'"'"']}" for r in rows))
' "$T/stdout" >"$T/py" 2>&1; then ok "query path on the samples: Pekka Haavisto to Mark Rutte across articles, with evidence ($(cat "$T/py"))"
else fail "query path on the samples: Pekka Haavisto to Mark Rutte across articles, with evidence" "$(shown "$T/py")" "$(shown "$T/stdout")"; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
