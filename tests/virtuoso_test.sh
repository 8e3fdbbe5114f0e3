#!/usr/bin/env bash
# Loads relata's N-Quads into a private Virtuoso and asks it, in SPARQL, which named graphs
# state a known edge; then loads the hostile files' N-Quads and checks that Virtuoso gives
# back every statement in the graph it was written to.
#
# Usage: tests/virtuoso_test.sh RELATA_BINARY
#
# The server (Debian's virtuoso-opensource 7: virtuoso-t, isql-vt) runs from a temporary
# folder with its own minimal virtuoso.ini: SQL and HTTP on free loopback ports, nothing
# installed, files readable only from that folder. It is stopped by its pid on exit.
# Output: "ok - what" / "FAIL - what" (then "#   " lines) per check and "N passed, M failed"
# alone on the last line; exit status 1 when a check failed.
set -u

if [ $# -ne 1 ] || [ ! -x "$1" ]; then
  echo "usage: $0 RELATA_BINARY" >&2
  exit 2
fi
RELATA=$(realpath "$1")
DATA=$(cd "$(dirname "$0")/data" && pwd)
PY=/usr/bin/python3

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
finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit
}

for tool in virtuoso-t isql-vt; do
  if ! command -v "$tool" >/dev/null; then
    fail "$tool is installed" "$tool not found: install Debian's virtuoso-opensource (scripts/setup.sh does)"
    finish
  fi
done
ok "virtuoso-t and isql-vt are installed"

T=$(mktemp -d "${TMPDIR:-/tmp}/relata-virtuoso.XXXXXX")
SERVER_PID=
stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null
    for _ in $(seq 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$SERVER_PID" 2>/dev/null && kill -KILL "$SERVER_PID" 2>/dev/null
  fi
  wait "$SERVER_PID" 2>/dev/null
  SERVER_PID=
}
trap 'stop_server; rm -rf "$T"' EXIT
trap 'exit 130' INT TERM

# --- a private server ---------------------------------------------------------------------
# A port is free when nothing accepts a connection on it.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pick_port() {
  local p
  for _ in $(seq 200); do
    p=$((20000 + RANDOM % 40000))
    if [ "$p" != "${1:-}" ] && port_free "$p"; then
      echo "$p"
      return 0
    fi
  done
  return 1
}

write_ini() {
  mkdir -p "$T/db" "$T/vsp"
  cat >"$T/virtuoso.ini" <<EOF
[Database]
DatabaseFile       = $T/db/virtuoso.db
ErrorLogFile       = $T/db/virtuoso.log
LockFile           = $T/db/virtuoso.lck
TransactionFile    = $T/db/virtuoso.trx
xa_persistent_file = $T/db/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = $T/db/virtuoso-temp.db
TransactionFile    = $T/db/virtuoso-temp.trx
Striping           = 0

[Parameters]
ServerPort         = 127.0.0.1:$SQL_PORT
DisableUnixSocket  = 1
DirsAllowed        = $T
NumberOfBuffers    = 10000
MaxDirtyBuffers    = 6000
CheckpointInterval = 0
MaxClientConnections = 4

[HTTPServer]
ServerPort         = 127.0.0.1:$HTTP_PORT
ServerRoot         = $T/vsp
ServerThreads      = 2
MaxClientConnections = 2

[SPARQL]
ResultSetMaxRows   = 1000000
MaxQueryExecutionTime = 120
EOF
}

# isql SQL: runs one statement; stdout in $T/isql.out, stderr in $T/isql.err. Virtuoso's
# client exits 0 even when the statement fails, so failure is "*** Error" on stderr.
isql() {
  isql-vt "127.0.0.1:$SQL_PORT" dba dba BANNER=OFF VERBOSE=OFF PROMPT=OFF ECHO=OFF \
    "exec=$1" >"$T/isql.out" 2>"$T/isql.err"
  local rc=$?
  [ "$rc" -eq 0 ] && ! grep -q '\*\*\* Error' "$T/isql.err" "$T/isql.out"
}

started=0
for _ in 1 2 3; do
  if ! SQL_PORT=$(pick_port) || ! HTTP_PORT=$(pick_port "$SQL_PORT"); then break; fi
  rm -rf "$T/db"
  write_ini
  (cd "$T" && exec virtuoso-t +foreground +configfile "$T/virtuoso.ini") >"$T/server.out" 2>&1 &
  SERVER_PID=$!
  deadline=$((SECONDS + 60))
  while [ $SECONDS -lt $deadline ] && kill -0 "$SERVER_PID" 2>/dev/null; do
    if isql "select 1;"; then
      started=1
      break
    fi
    sleep 1
  done
  [ $started -eq 1 ] && break
  stop_server
  # Retry only when another process took a port between probing and binding.
  grep -qiE 'address already in use|failed to start listening' "$T/server.out" "$T/db/virtuoso.log" 2>/dev/null || break
done
if [ $started -eq 1 ]; then
  ok "private Virtuoso (pid $SERVER_PID) answers on 127.0.0.1:$SQL_PORT (HTTP 127.0.0.1:$HTTP_PORT)"
else
  fail "private Virtuoso starts and answers within 60 s" "last isql error: $(head -c 300 "$T/isql.err" 2>/dev/null)" \
    "server output: $(tail -n 5 "$T/server.out" 2>/dev/null | tr '\n' ' ')" \
    "log: $(tail -n 5 "$T/db/virtuoso.log" 2>/dev/null | tr '\n' ' ')"
  finish
fi
if command -v ss >/dev/null; then
  exposed=$(ss -Htlnp 2>/dev/null | grep "pid=$SERVER_PID," | awk '{print $4}' | grep -v '^127\.0\.0\.1:' | tr '\n' ' ')
  if [ -z "$exposed" ]; then ok "Virtuoso listens on loopback only"; else fail "Virtuoso listens on loopback only" "also on: $exposed"; fi
fi

# --- helpers in Python: an exact N-Quads reader and the comparison -------------------------
cat >"$T/nq.py" <<'PYEOF'
"""Reads N-Quads exactly (the reference side; no RDF library involved) and compares a file
with what Virtuoso returns. Usage:
  nq.py graphs FILE                   the named graphs of FILE, one IRI a line
  nq.py compare FILE DEFAULT DUMP     FILE's quads (default graph = DEFAULT) against DUMP, the
                                      N-Triples Virtuoso wrote for CONSTRUCT { _:q g s p o }
"""
import re
import sys

ESC = re.compile(r'\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))', re.S)
ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
TERM = re.compile(r'\s*(?:<((?:[^>\\]|\\.)*)>|(_:\S+)|"((?:[^"\\]|\\.)*)"(?:@([A-Za-z0-9-]+)|\^\^<([^>]*)>)?)', re.S)
XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + t for t in ("double", "float", "decimal", "integer", "int", "long")}


def unescape(s):
    def one(m):
        if m.group(3) is not None:
            if m.group(3) not in ECHAR:
                raise ValueError(f"bad escape \\{m.group(3)}")
            return ECHAR[m.group(3)]
        return chr(int(m.group(1) or m.group(2), 16))
    return ESC.sub(one, s)


def terms(line):
    out, pos = [], 0
    while True:
        m = TERM.match(line, pos)
        if not m:
            break
        pos = m.end()
        if m.group(1) is not None:
            out.append(("iri", unescape(m.group(1))))
        elif m.group(2) is not None:
            out.append(("bnode", m.group(2)))
        else:
            dt = m.group(5)
            out.append(("lit", unescape(m.group(3)), m.group(4) or "", unescape(dt) if dt else ""))
    if not re.match(r"\s*\.\s*$", line[pos:]):
        raise ValueError(f"cannot read: {line[:200]!r}")
    return out


def key(t):
    """A term as compared: strings exactly; numbers by value (Virtuoso stores them natively
    and prints doubles with 15 significant digits: 0.30000000000000004 comes back as 0.3)."""
    if t[0] == "lit":
        _, text, lang, dt = t
        if dt == XSD + "string":
            dt = ""
        if dt in NUMERIC:
            return ("num", float("%.15g" % float(text)))
        return ("lit", text, lang.lower(), dt)
    return t


def read_nquads(path, default):
    quads = set()
    with open(path, encoding="utf-8", newline="\n") as f:
        for line in f:
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            t = terms(line.rstrip("\n"))
            g = t[3][1] if len(t) == 4 else default
            quads.add((g, key(t[0]), key(t[1]), key(t[2])))
    return quads


def read_dump(path, graphs):
    parts = {}
    with open(path, encoding="utf-8", errors="strict", newline="\n") as f:
        for line in f:
            if not line.strip():
                continue
            b, p, o = terms(line.rstrip("\n"))
            parts.setdefault(b[1], {})[p[1].rsplit(":", 1)[1]] = o
    quads = set()
    for q in parts.values():
        g = q["g"][1]
        if g in graphs:
            quads.add((g, key(q["s"]), key(q["p"]), key(q["o"])))
    return quads


def show(q):
    def one(t):
        if t[0] == "iri":
            return "<" + (t[1] if len(t[1]) <= 90 else f"{t[1][:60]}...({len(t[1])} chars)") + ">"
        if t[0] == "num":
            return repr(t[1])
        if t[0] == "lit":
            s = t[1] if len(t[1]) <= 90 else t[1][:60] + f"...({len(t[1])} chars)"
            return repr(s) + (f"@{t[2]}" if t[2] else "") + (f"^^<{t[3]}>" if t[3] else "")
        return t[1]
    g = q[0] if len(q[0]) <= 70 else f"{q[0][:50]}...({len(q[0])} chars)"
    return f"[{g}] " + " ".join(one(t) for t in q[1:])


def main():
    if sys.argv[1] == "graphs":
        for g in sorted({q[0] for q in read_nquads(sys.argv[2], "")} - {""}):
            print(g)
        return 0
    path, default, dump = sys.argv[2:5]
    want = read_nquads(path, default)
    graphs = {q[0] for q in want}
    got = read_dump(dump, graphs)
    if want == got:
        print(f"{len(want)} quads in {len(graphs)} graphs, all equal")
        return 0
    missing, extra = sorted(want - got, key=show), sorted(got - want, key=show)
    print(f"file: {len(want)} quads; Virtuoso: {len(got)} quads in those graphs; "
          f"{len(missing)} not returned, {len(extra)} returned but not in the file")
    for q in missing[:8]:
        print("not returned: " + show(q))
    for q in extra[:8]:
        print("returned instead: " + show(q))
    iris = {t[1] for q in missing for t in q[1:] if t[0] == "iri"} | {q[0] for q in missing}
    long = sorted((i for i in iris if len(i.encode()) > 1800), key=len)
    if long:
        print(f"note: {len(long)} missing IRIs are longer than 1800 bytes (up to {len(long[-1].encode())}); "
              f"Virtuoso stores long IRIs cut short with an MD5 suffix")
    lits = {t[1] for q in missing for t in q[1:] if t[0] == "lit"}
    odd = sorted({f"U+{ord(c):04X}" for s in lits for c in s if ord(c) < 0x20 or 0xFFFE <= ord(c) <= 0xFFFF})
    if odd:
        print("note: the literals not returned hold " + ", ".join(odd))
    return 1


sys.exit(main())
PYEOF

# load NAME FILE DEFAULT_GRAPH: loads N-Quads (TTLP flag 512: N-Quads; triples without a
# graph go to DEFAULT_GRAPH).
load_nquads() {
  if isql "DB.DBA.TTLP (file_to_string_output ('$2'), '', '$3', 512);"; then
    ok "$1: DB.DBA.TTLP loads the N-Quads without error"
    return 0
  fi
  fail "$1: DB.DBA.TTLP loads the N-Quads without error" "$(head -c 600 "$T/isql.err")"
  return 1
}

# roundtrip NAME FILE DEFAULT_GRAPH: every quad of FILE comes back from Virtuoso as loaded.
roundtrip() {
  local q='set blobs on; SPARQL define output:format "NT" CONSTRUCT { _:q <urn:relata-test:g> ?g ; <urn:relata-test:s> ?s ; <urn:relata-test:p> ?p ; <urn:relata-test:o> ?o } WHERE { GRAPH ?g { ?s ?p ?o } FILTER (!STRSTARTS(STR(?g), "http://www.openlinksw.com/")) };'
  if ! isql "$q"; then
    fail "$1: Virtuoso returns every statement in its graph" "dump failed: $(head -c 400 "$T/isql.err")"
    return
  fi
  local report
  if report=$("$PY" "$T/nq.py" compare "$2" "$3" "$T/isql.out" 2>&1); then
    ok "$1: Virtuoso returns every statement in its graph ($report)"
  else
    local lines=()
    mapfile -t lines <<<"$report"
    fail "$1: Virtuoso returns every statement in its graph" "${lines[@]}"
  fi
}

# --- a known edge stated by two sources ------------------------------------------------------
BASE=http://relata.test/kb/
mkdir -p "$T/small"
cat >"$T/small/nato.jsonl" <<'EOF'
{"subject":"NATO","subject_type":"ORG","relation":"trains","object":"Iraqi forces","object_type":"ORG","confidence":0.9,"source":"https://news.example.com/2020/01/05/nato-iraq","date":"2020-01-05","sentence":"NATO trains Iraqi forces."}
{"subject":"nato","subject_type":"ORG","relation":"Trains","object":"Iraqi Forces","object_type":"ORG","confidence":0.7,"source":"wire report 17","date":"2020-01-06T09:15:00Z","sentence":"NATO said it trains Iraqi forces."}
{"subject":"US","subject_type":"GPE","relation":"killed","object":"Qasem Soleimani","object_type":"PERSON","source":"wire report 18","date":"2020-01-03"}
EOF
if "$RELATA" build "$T/small/nato.jsonl" -o "$T/small/out" --formats nquads --base "$BASE" -q 2>"$T/build.err"; then
  ok "relata build writes the N-Quads of a small triples file"
else
  fail "relata build writes the N-Quads of a small triples file" "$(head -c 400 "$T/build.err")"
  finish
fi
S="<${BASE}entity/org/nato>"
P="<${BASE}rel/trains>"
O="<${BASE}entity/org/iraqi-forces>"
DOC_URL=https://news.example.com/2020/01/05/nato-iraq
DOC_NAMED=${BASE}source/wire-report-17
if load_nquads "small file" "$T/small/out/graph.nq" "urn:relata-test:small"; then
  if isql "SPARQL SELECT ?g WHERE { GRAPH ?g { $S $P $O } } ORDER BY ?g;"; then
    got=$(sed -e 's/[[:space:]]*$//' -e '/^$/d' "$T/isql.out" | tr '\n' ' ')
    want=$(printf '%s\n' "$DOC_URL" "$DOC_NAMED" | LC_ALL=C sort | tr '\n' ' ')
    if [ "$got" = "$want" ]; then
      ok "SPARQL: the known edge is in exactly the named graphs of its two sources"
    else
      fail "SPARQL: the known edge is in exactly the named graphs of its two sources" "got:      $got" "expected: $want"
    fi
  else
    fail "SPARQL: the known edge is in exactly the named graphs of its two sources" "$(head -c 400 "$T/isql.err")"
  fi
  if isql "SPARQL SELECT ?label WHERE { <$DOC_NAMED> <http://www.w3.org/2000/01/rdf-schema#label> ?label };" &&
    [ "$(sed -e 's/[[:space:]]*$//' -e '/^$/d' "$T/isql.out")" = "wire report 17" ]; then
    ok "SPARQL: a source without a URL is named {base}source/<slug> and labelled with its name"
  else
    fail "SPARQL: a source without a URL is named {base}source/<slug> and labelled with its name" \
      "got: $(head -c 300 "$T/isql.out" | tr '\n' ' ') $(head -c 300 "$T/isql.err")"
  fi
  isql "SPARQL SELECT ?g WHERE { GRAPH ?g { <${BASE}entity/gpe/us> <${BASE}rel/killed> <${BASE}entity/person/qasem-soleimani> } };"
  if [ "$(sed -e 's/[[:space:]]*$//' -e '/^$/d' "$T/isql.out")" = "${BASE}source/wire-report-18" ]; then
    ok "SPARQL: an edge of one source is in that source's graph only"
  else
    fail "SPARQL: an edge of one source is in that source's graph only" "got: $(tr '\n' ' ' <"$T/isql.out")"
  fi
  roundtrip "small file" "$T/small/out/graph.nq" "urn:relata-test:small"
fi

# --- the hostile files -----------------------------------------------------------------------
for mode in graphs reification; do
  out=$T/hostile-$mode
  if ! "$RELATA" build "$DATA/hostile.jsonl" "$DATA/hostile.tsv" -o "$out" --formats nquads \
    --provenance "$mode" --base "http://hostile-$mode.test/kb/" -q 2>"$T/build.err"; then
    fail "hostile files ($mode): relata build" "$(head -c 400 "$T/build.err")"
    continue
  fi
  if load_nquads "hostile files ($mode)" "$out/graph.nq" "urn:relata-test:hostile-$mode"; then
    roundtrip "hostile files ($mode)" "$out/graph.nq" "urn:relata-test:hostile-$mode"
  fi
done

# --- stop ------------------------------------------------------------------------------------
pid=$SERVER_PID
stop_server
if kill -0 "$pid" 2>/dev/null; then fail "server stopped by its pid" "pid $pid still alive"; else ok "server stopped by its pid ($pid)"; fi
finish
