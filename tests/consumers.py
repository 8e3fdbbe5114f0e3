#!/usr/bin/python3
"""Loads relata's output for the hostile triples files into the real consumers.

Usage: /usr/bin/python3 tests/consumers.py RELATA_BINARY

Run it with Debian's python (python3-rdflib, python3-networkx, python3-igraph); rapper,
xmllint and dot must be on PATH. It builds tests/data/hostile.{jsonl,tsv} and
tests/data/evidence.jsonl (evidence with sentence index, span, flags, speaker) into a temporary
folder three times (default provenance; --provenance reification; --gexf-version 1.2draft)
and checks that every consumer reads every format without an error or a warning and that
the formats agree with each other. Then it builds the same lines shuffled and split over two
files given in reverse order, and requires byte-identical outputs.

Output: one line per check, "ok - what" or "FAIL - what" followed by "# " lines saying what
differed; at the end "N passed, M failed" alone on a line. Exit status 1 when a check failed.
"""

import json
import logging
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import traceback
import unicodedata
import warnings
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")
INPUTS = [os.path.join(DATA, "hostile.jsonl"), os.path.join(DATA, "hostile.tsv"),
          os.path.join(DATA, "evidence.jsonl")]  # evidence.jsonl: positions, flags, speakers
SCHEMA = os.path.join(HERE, "..", "schema", "graph.schema.json")
EXTENSIONS = ["ttl", "nt", "nq", "rdf", "jsonld", "graphml", "gexf", "dot", "json"]
SHUFFLE_SEED = 20200105
RELATA_NS = "https://w3id.org/relata/ns#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
MAX_DETAIL = 12


class Failure(Exception):
    """A check failed; the message (possibly several lines) says what differed."""


def short(x, n=160):
    s = x if isinstance(x, str) else repr(x)
    s = s.encode("unicode_escape").decode("ascii") if isinstance(x, str) else s
    return s if len(s) <= n else s[: n - 3] + "..."


def clip(s, n=300):
    return s if len(s) <= n else s[: n - 3] + "..."


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def run(self, name, fn, *args):
        """Runs fn(*args); it fails by raising (Failure for an expected kind of failure)."""
        try:
            fn(*args)
        except Failure as e:
            self._fail(name, str(e).splitlines())
        except Exception:  # a consumer crashed: that is a failure too, with its traceback
            lines = traceback.format_exc().rstrip().splitlines()
            self._fail(name, lines[-MAX_DETAIL:])
        else:
            self.passed += 1
            print(f"ok - {name}", flush=True)

    def _fail(self, name, lines):
        self.failed += 1
        print(f"FAIL - {name}", flush=True)
        for line in lines[: MAX_DETAIL * 2]:
            print(f"#   {line}", flush=True)
        if len(lines) > MAX_DETAIL * 2:
            print(f"#   ... {len(lines) - MAX_DETAIL * 2} more lines", flush=True)


def run_tool(argv, **kw):
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def relata_build(binary, inputs, out_dir, extra=()):
    p = run_tool([binary, "build", *inputs, "-o", out_dir, "--quiet", *extra])
    err = p.stderr.decode("utf-8", "replace")
    if p.returncode != 0 or err.strip():
        raise Failure(f"relata build {' '.join(extra)} exited {p.returncode}\nstderr: {err.strip()}")
    missing = [e for e in EXTENSIONS if not os.path.isfile(os.path.join(out_dir, "graph." + e))]
    if missing:
        raise Failure(f"no output for: {', '.join('graph.' + e for e in missing)}")


# --- rapper ------------------------------------------------------------------------------

RAPPER_OK = re.compile(r"^rapper: (Parsing URI .* with parser \w+|Parsing returned \d+ triples)$")


def rapper_count(path, syntax):
    p = run_tool(["rapper", "-i", syntax, "-c", path])
    err = p.stderr.decode("utf-8", "replace").splitlines()
    noise = [line for line in err if not RAPPER_OK.match(line)]
    if p.returncode != 0 or noise:
        raise Failure(f"rapper -i {syntax} exited {p.returncode}\n" + "\n".join(noise[:MAX_DETAIL]))
    for line in err:
        m = re.match(r"^rapper: Parsing returned (\d+) triples$", line)
        if m:
            return int(m.group(1))
    raise Failure(f"rapper -i {syntax} printed no count:\n" + "\n".join(err))


# --- rdflib ------------------------------------------------------------------------------

class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append(record)


def rdflib_parse(path, syntax, quads):
    """Parses with rdflib; any logged warning or Python warning is a failure."""
    import rdflib

    handler = _Collect()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            g = rdflib.ConjunctiveGraph() if quads else rdflib.Graph()
            g.parse(path, format=syntax)
    finally:
        root.removeHandler(handler)
    complaints = [f"log {r.levelname}: {r.getMessage()}" for r in handler.records]
    complaints += [f"warning {w.category.__name__}: {w.message}" for w in caught]
    if complaints:
        raise Failure(f"rdflib ({syntax}) warned:\n" + "\n".join(short(c, 300) for c in complaints[:MAX_DETAIL]))
    return g


def quads_by_graph(cg, path):
    """{graph name: set of triples}; the default graph is named 'DEFAULT'. (rdflib puts the
    default graph of a parsed file in a context named by the file's URI.)"""
    import pathlib

    from rdflib import BNode, URIRef
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    default_ids = {cg.default_context.identifier, DATASET_DEFAULT_GRAPH_ID,
                   URIRef(pathlib.Path(path).absolute().as_uri())}
    out = {}
    for s, p, o, c in cg.quads((None, None, None, None)):
        ident = c.identifier if hasattr(c, "identifier") else c
        name = "DEFAULT" if ident in default_ids or isinstance(ident, BNode) else str(ident)
        out.setdefault(name, set()).add((s, p, o))
    return out


def term_str(x):
    """A term for a human: <IRI>, a literal as a Python string literal (unambiguous)."""
    from rdflib import Literal, URIRef

    if isinstance(x, URIRef):
        return f"<{x}>"
    if isinstance(x, Literal):
        return repr(str(x)) + (f"^^<{x.datatype}>" if x.datatype else "") + (f"@{x.language}" if x.language else "")
    return x.n3()


def nt_line(t):
    return " ".join(term_str(x) for x in t)


# Characters XML 1.0 cannot hold, not even as character references.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def same_triples(a, b, what_a, what_b, causes=()):
    """Compares two collections of triples (as RDF graphs, so blank nodes are matched up).
    Returns [] when equal, else lines saying what differs, with notes on the known causes
    that may apply: "rdflib-nt" (a side was read by rdflib's N-Triples or N-Quads parser),
    "rdfxml" (a side is RDF/XML), "rapper" (a side was read by rapper)."""
    import rdflib
    from rdflib.compare import graph_diff, isomorphic, to_isomorphic

    ga, gb = rdflib.Graph(), rdflib.Graph()
    for t in a:
        ga.add(t)
    for t in b:
        gb.add(t)
    if len(ga) == len(gb) and isomorphic(ga, gb):
        return []
    _, only_a, only_b = graph_diff(to_isomorphic(ga), to_isomorphic(gb))
    lines = [f"{what_a}: {len(ga)} triples, {what_b}: {len(gb)} triples"]
    for t in sorted(only_a, key=nt_line)[:MAX_DETAIL // 2]:
        lines.append(f"only in {what_a}: {clip(nt_line(t))}")
    for t in sorted(only_b, key=nt_line)[:MAX_DETAIL // 2]:
        lines.append(f"only in {what_b}: {clip(nt_line(t))}")
    # Known causes, so that the reader knows where to look.
    literals = [str(x) for t in list(only_a) + list(only_b) for x in t if isinstance(x, rdflib.Literal)]
    odd = sorted({f"U+{ord(c):04X}" for x in literals for c in XML_ILLEGAL.findall(x)})
    if odd and "rdfxml" in causes:
        lines.append(f"note: the differing literals hold {', '.join(odd)}; RDF/XML cannot carry C0 "
                     f"controls (but tab, LF, CR), U+FFFE or U+FFFF, so the RDF formats disagree")
    if odd and "rapper" in causes and {"U+0000", "U+FFFE", "U+FFFF"} & set(odd):
        lines.append("note: rapper (raptor 2.0.15) silently cuts a literal at U+0000, U+FFFE or U+FFFF")
    if "rdflib-nt" in causes and any("\\" in x for x in literals):
        lines.append("note: literals with a backslash differ: rdflib 6.1's N-Triples/N-Quads parser "
                     "decodes '\\\\' followed by n, t, r, b, f, u or a quote wrongly (fixed in rdflib "
                     "6.2, RDFLib/rdflib#1663), so Debian 12's rdflib misreads such literals")
    return lines


# --- the input, read independently of relata -----------------------------------------------

def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def read_tsv(path):
    rows = []
    with open(path, encoding="utf-8", newline="") as f:
        for line in f.read().split("\n"):
            line = line[:-1] if line.endswith("\r") else line
            if not line.strip(" \t") or line.strip(" \t").startswith("#"):
                continue
            fields = line.split("\t")
            row = {"subject": fields[0], "relation": fields[1], "object": fields[2]}
            if len(fields) > 4 and fields[4].strip(" "):
                row["source"] = fields[4].strip(" ")  # relata trims the fields
            rows.append(row)
    return rows


def plain_surface(s):
    """True when relata's display clean-up (NFC, white space folding) leaves `s` unchanged."""
    if s != unicodedata.normalize("NFC", s) or s != s.strip():
        return False
    return not any(unicodedata.category(c) in ("Cc", "Zs", "Zl", "Zp") for c in s)


def name_key(s):
    """A rough NameKey for the few names the merge checks look at."""
    s = " ".join(unicodedata.normalize("NFC", s).split()).casefold()
    return s.strip("\"'“”‘’()[]{}<>-–—.,;:!? ")


# --- checks --------------------------------------------------------------------------------

class Context:
    """Everything the checks share: output folders and parsed graphs (cached)."""

    def __init__(self, binary, tmp):
        self.binary = binary
        self.tmp = tmp
        self.dirs = {}
        self.cache = {}
        # Each record also names its file ("_file"): relata's source when the record gives none.
        self.records = [dict(r, _file=path) for path, rows in
                        ((INPUTS[0], read_jsonl(INPUTS[0])), (INPUTS[1], read_tsv(INPUTS[1])),
                         (INPUTS[2], read_jsonl(INPUTS[2]))) for r in rows]
        self.jsonl_records = read_jsonl(INPUTS[0]) + read_jsonl(INPUTS[2])

    def out(self, mode, ext):
        return os.path.join(self.dirs[mode], "graph." + ext)

    def rdflib(self, mode, ext, syntax, quads=False):
        key = (mode, ext)
        if key not in self.cache:
            self.cache[key] = rdflib_parse(self.out(mode, ext), syntax, quads)
        return self.cache[key]

    def json(self, mode):
        key = (mode, "json")
        if key not in self.cache:
            def bad_constant(name):
                raise Failure(f"graph.json holds {name}, which is not JSON")
            with open(self.out(mode, "json"), encoding="utf-8") as f:
                self.cache[key] = json.load(f, parse_constant=bad_constant)
        return self.cache[key]

    def counts(self, mode):
        j = self.json(mode)
        return len(j["nodes"]), len(j["edges"])


RDF_SYNTAXES = [  # (extension, rapper syntax, rdflib syntax, holds quads)
    ("nt", "ntriples", "nt", False),
    ("ttl", "turtle", "turtle", False),
    ("rdf", "rdfxml", "xml", False),
    ("nq", "nquads", "nquads", True),
]


def check_rdf_counts(ctx, mode, ext, rapper_syntax, rdflib_syntax, quads):
    n_rapper = rapper_count(ctx.out(mode, ext), rapper_syntax)
    g = ctx.rdflib(mode, ext, rdflib_syntax, quads)
    n_rdflib = sum(len(t) for t in quads_by_graph(g, ctx.out(mode, ext)).values()) if quads else len(g)
    if n_rapper != n_rdflib:
        raise Failure(f"rapper counts {n_rapper} {'quads' if quads else 'triples'}, rdflib {n_rdflib}")
    if n_rdflib == 0:
        raise Failure("the file holds no statements")


def check_rapper_content(ctx, mode):
    """rapper reads the same statements as rdflib: each RDF file through rapper, written back
    as N-Triples, read by rdflib's Turtle parser (N-Triples is Turtle, and that parser decodes
    escapes right), compared with rdflib's reading of graph.ttl."""
    import rdflib

    reference = ctx.rdflib(mode, "ttl", "turtle")
    problems = []
    for ext, syntax, _, _ in RDF_SYNTAXES:
        p = run_tool(["rapper", "-q", "-i", syntax, "-o", "ntriples", ctx.out(mode, ext)])
        if p.returncode != 0:
            problems.append(f"rapper -i {syntax} -o ntriples exited {p.returncode}")
            continue
        g = rdflib.Graph()
        g.parse(data=p.stdout.decode("utf-8"), format="turtle")
        problems += same_triples(reference, g, "rdflib(graph.ttl)", f"rapper(graph.{ext})",
                                 ("rapper", "rdfxml") if ext == "rdf" else ("rapper",))
    if problems:
        raise Failure("\n".join(problems))


def check_isomorphic(ctx, mode, ext):
    syntax = {"ttl": "turtle", "rdf": "xml"}[ext]
    diff = same_triples(ctx.rdflib(mode, "nt", "nt"), ctx.rdflib(mode, ext, syntax),
                        "graph.nt", "graph." + ext, ("rdflib-nt", "rdfxml") if ext == "rdf" else ("rdflib-nt",))
    if diff:
        raise Failure("\n".join(diff))


def check_nquads_union(ctx, mode, facts_only):
    nt = ctx.rdflib(mode, "nt", "nt")
    by_graph = quads_by_graph(ctx.rdflib(mode, "nq", "nquads", True), ctx.out(mode, "nq"))
    union = set().union(*by_graph.values()) if by_graph else set()
    a, b = set(nt), union
    if facts_only:
        rel_ns = "http://example.org/relata/rel/"
        a = {t for t in a if str(t[1]).startswith(rel_ns)}
        b = {t for t in b if str(t[1]).startswith(rel_ns)}
        if not a:
            raise Failure("graph.nt holds no fact (no predicate under " + rel_ns + ")")
    diff = same_triples(a, b, "graph.nt", "union of graph.nq", causes=("rdflib-nt",))
    if diff:
        raise Failure("\n".join(diff))


def check_named_graphs(ctx, mode):
    by_graph = quads_by_graph(ctx.rdflib(mode, "nq", "nquads", True), ctx.out(mode, "nq"))
    named = [g for g in by_graph if g != "DEFAULT"]
    if mode == "graphs" and not named:
        raise Failure("graph.nq has no named graph (default provenance puts facts in one per source)")
    if mode == "reification" and named:
        raise Failure(f"graph.nq has {len(named)} named graphs under --provenance reification")


def check_jsonld(ctx, mode):
    nq = quads_by_graph(ctx.rdflib(mode, "nq", "nquads", True), ctx.out(mode, "nq"))
    jl = quads_by_graph(ctx.rdflib(mode, "jsonld", "json-ld", True), ctx.out(mode, "jsonld"))
    problems = []
    for name in sorted(set(nq) | set(jl)):
        if name not in jl:
            problems.append(f"graph {short(name)} ({len(nq[name])} triples) missing from JSON-LD")
        elif name not in nq:
            problems.append(f"graph {short(name)} ({len(jl[name])} triples) only in JSON-LD")
        else:
            problems += same_triples(nq[name], jl[name], f"nq graph {short(name, 60)}",
                                     f"jsonld graph {short(name, 60)}", causes=("rdflib-nt",))
    if problems:
        raise Failure("\n".join(problems))


def check_rdf_literals(ctx, mode):
    """Every sentence (as stored) and every plain surface form of the input survives byte for byte (in
    graph.ttl; the checks above say whether the other RDF files hold the same)."""
    g = ctx.rdflib(mode, "ttl", "turtle")
    literals = {str(o) for _, p, o in g if str(p) in (RDFS_LABEL, SKOS_ALT)}
    problems = [f"no rdfs:label or skos:altLabel {short(s)}"
                for s in surface_forms(ctx) if s not in literals]
    if mode == "reification":
        sentences = {str(o) for _, p, o in g if str(p) == RELATA_NS + "sentence"}
        problems += [f"no relata:sentence {short(s)}" for s in input_sentences(ctx)
                     if s not in sentences]
    if problems:
        raise Failure("\n".join(problems))


def surface_forms(ctx):
    forms = set()
    for r in ctx.records:
        forms.update(s for s in (r["subject"], r["object"]) if plain_surface(s))
    return sorted(forms)


def stored_text(s):
    """A sentence as relata stores it (docs/store-format.md): without the characters no XML
    document can hold (C0 controls but tab, LF and CR; U+FFFE, U+FFFF), else byte for byte."""
    return "".join(c for c in s
                   if not ((ord(c) < 0x20 and c not in "\t\n\r") or c in "\ufffe\uffff"))


def input_sentences(ctx):
    return sorted({stored_text(r["sentence"]) for r in ctx.jsonl_records
                   if r.get("sentence") and stored_text(r["sentence"])})


def check_graphml(ctx, mode):
    import igraph
    import networkx as nx

    path = ctx.out(mode, "graphml")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        g = nx.read_graphml(path, force_multigraph=True)
        ig = igraph.Graph.Read_GraphML(path)
    if caught:
        raise Failure("\n".join(f"{w.category.__name__}: {w.message}" for w in caught[:MAX_DETAIL]))
    nodes, edges = ctx.counts(mode)
    problems = []
    if (g.number_of_nodes(), g.number_of_edges()) != (nodes, edges):
        problems.append(f"networkx reads {g.number_of_nodes()} nodes, {g.number_of_edges()} edges; "
                        f"graph.json has {nodes}, {edges}")
    if (ig.vcount(), ig.ecount()) != (nodes, edges):
        problems.append(f"igraph reads {ig.vcount()} nodes, {ig.ecount()} edges; "
                        f"graph.json has {nodes}, {edges}")
    if not ig.is_directed():
        problems.append("igraph reads an undirected graph")
    unlabelled = [n for n, d in g.nodes(data=True) if not d.get("label")]
    if unlabelled:
        problems.append(f"{len(unlabelled)} nodes without a label (networkx), e.g. {short(unlabelled[0])}")
    unweighted = [(u, v) for u, v, d in g.edges(data=True)
                  if not isinstance(d.get("weight"), (int, float)) or not d["weight"] > 0]
    if unweighted:
        problems.append(f"{len(unweighted)} edges without a positive weight (networkx), e.g. {unweighted[0]}")
    if "label" not in ig.vs.attributes() or any(not x for x in ig.vs["label"]):
        problems.append("igraph: a node without a label")
    if "weight" not in ig.es.attributes() or any(x is None or not x > 0 for x in ig.es["weight"]):
        problems.append("igraph: an edge without a positive weight")
    if problems:
        raise Failure("\n".join(problems))


def check_gexf13(ctx, mode):
    root = ET.parse(ctx.out(mode, "gexf")).getroot()
    problems = []
    if root.tag != "{http://gexf.net/1.3}gexf" or root.get("version") != "1.3":
        problems.append(f"root is {root.tag} version {root.get('version')}, not GEXF 1.3")
    ns = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    n = len(root.findall(f".//{ns}nodes/{ns}node"))
    e = len(root.findall(f".//{ns}edges/{ns}edge"))
    if (n, e) != ctx.counts(mode):
        problems.append(f"GEXF 1.3 holds {n} nodes, {e} edges; graph.json has {ctx.counts(mode)}")
    # Time: a dynamic graph whose edges have one spell per dated event of graph.json, from its
    # first to its last day; each node's spells cover its edges' spells.
    graph = root.find(f"{ns}graph")
    j = ctx.json(mode)
    want = {e["id"]: [(ev["first_date"][:10], ev["last_date"][:10])
                      for ev in e.get("event_list") or [e] if ev["first_date"] is not None]
            for e in j["edges"]}
    if any(want.values()) and (graph.get("mode"), graph.get("timeformat")) != ("dynamic", "date"):
        problems.append(f"dated edges but graph mode={graph.get('mode')} timeformat={graph.get('timeformat')}")
    def spells(el):
        return [(s.get("start"), s.get("end")) for s in el.findall(f"{ns}spells/{ns}spell")]
    node_spells = {el.get("id"): spells(el) for el in root.findall(f".//{ns}nodes/{ns}node")}
    bad_edges, bad_nodes = [], []
    for el in root.findall(f".//{ns}edges/{ns}edge"):
        got = spells(el)
        if got != want.get(el.get("id")):
            bad_edges.append(f"{el.get('id')}: spells {got}, events {want.get(el.get('id'))}")
        for end in (el.get("source"), el.get("target")):
            ns_ = node_spells.get(end, [])
            if ns_ and not (got and all(any(a <= s and e <= b for a, b in ns_) for s, e in got)):
                bad_nodes.append(f"{end}: spells {ns_} do not cover edge {el.get('id')} {got}")
    problems += bad_edges[:3] + bad_nodes[:3]
    if problems:
        raise Failure("\n".join(problems))


def check_gexf12(ctx):
    import networkx as nx

    path = ctx.out("gexf12", "gexf")
    root = ET.parse(path).getroot()
    if root.tag != "{http://www.gexf.net/1.2draft}gexf":
        raise Failure(f"root element is {root.tag}, not GEXF 1.2draft")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        g = nx.read_gexf(path)
    if caught:
        raise Failure("\n".join(f"{w.category.__name__}: {w.message}" for w in caught[:MAX_DETAIL]))
    got, want = (g.number_of_nodes(), g.number_of_edges()), ctx.counts("gexf12")
    if got != want:
        raise Failure(f"networkx reads {got[0]} nodes, {got[1]} edges; graph.json has {want[0]}, {want[1]}")
    unlabelled = [n for n, d in g.nodes(data=True) if not d.get("label")]
    if unlabelled:
        raise Failure(f"{len(unlabelled)} nodes without a label, e.g. {short(unlabelled[0])}")
    if any(not isinstance(d.get("weight"), float) for _, _, d in g.edges(data=True)):
        raise Failure("an edge whose weight networkx does not read as a double")


def check_xmllint(path):
    p = run_tool(["xmllint", "--noout", path])
    if p.returncode != 0 or p.stderr:
        raise Failure(f"xmllint exited {p.returncode}\n" + p.stderr.decode("utf-8", "replace")[:3000])


def check_dot(ctx, mode):
    p = run_tool(["dot", "-Tsvg", "-o", os.devnull, ctx.out(mode, "dot")])
    if p.returncode != 0 or p.stderr:
        raise Failure(f"dot exited {p.returncode}\n" + p.stderr.decode("utf-8", "replace")[:3000])


def check_json(ctx, mode):
    j = ctx.json(mode)
    problems = []
    if not isinstance(j, dict) or not isinstance(j.get("nodes"), list) or not isinstance(j.get("edges"), list):
        raise Failure("graph.json is not {\"nodes\": [...], \"edges\": [...]}")
    ids = [n["id"] for n in j["nodes"]]
    if len(set(ids)) != len(ids):
        problems.append("duplicate node ids")
    edge_ids = [e["id"] for e in j["edges"]]
    if len(set(edge_ids)) != len(edge_ids):
        problems.append("duplicate edge ids")
    known = set(ids)
    dangling = [e["id"] for e in j["edges"] if e["source"] not in known or e["target"] not in known]
    if dangling:
        problems.append(f"{len(dangling)} edges refer to unknown nodes, e.g. {dangling[0]}")
    # weight = distinct sources of the evidence; mentions = its length; the events partition it.
    bad_weight = [e["id"] for e in j["edges"]
                  if e["weight"] != len({ev["source"] for ev in e["evidence"]}) or e["sources"] != e["weight"]]
    if bad_weight:
        problems.append(f"{len(bad_weight)} edges whose weight is not their number of distinct evidence sources")
    bad_mentions = [e["id"] for e in j["edges"] if e["mentions"] != len(e["evidence"])]
    if bad_mentions:
        problems.append(f"{len(bad_mentions)} edges whose mentions is not their number of evidence")
    def event_list(e):  # listed only when there are two or more
        return e.get("event_list") or [{"first_date": e["first_date"], "last_date": e["last_date"],
                                         "evidence": list(range(len(e["evidence"])))}]
    bad_events = [e["id"] for e in j["edges"] if len(event_list(e)) != e["events"] or
                  sorted(k for ev in event_list(e) for k in ev["evidence"]) != list(range(len(e["evidence"])))]
    if bad_events:
        problems.append(f"{len(bad_events)} edges whose events do not hold each evidence once")
    forms = {n["label"] for n in j["nodes"]} | {a for n in j["nodes"] for a in n["aliases"]}
    problems += [f"no label or alias {short(s)}" for s in surface_forms(ctx) if s not in forms]
    sentences = {ev.get("sentence") for e in j["edges"] for ev in e["evidence"]}
    problems += [f"no evidence sentence {short(s)}" for s in input_sentences(ctx) if s not in sentences]
    if problems:
        raise Failure("\n".join(problems))


# --- evidence positions and flags (store format 2) -----------------------------------------

POSITION_KEYS = ("sentence_index", "char_begin", "char_end")
FLAG_KEYS = ("negated", "hedged", "attributed")


def evidence_tuple(source, sentence, values):
    """(source, sentence, sentence_index, char_begin, char_end, negated, hedged, attributed,
    speaker) with None for unknown positions and False for absent flags."""
    return (source, sentence, *(values.get(k) for k in POSITION_KEYS),
            *(bool(values.get(k)) for k in FLAG_KEYS), values.get("speaker") or None)


def expected_evidence(ctx):
    """The evidence tuples of the input lines that carry any format 2 field."""
    out = set()
    for r in ctx.jsonl_records:
        if not any(r.get(k) not in (None, False, "") for k in (*POSITION_KEYS, *FLAG_KEYS, "speaker")):
            continue
        v = dict(r)
        if v.get("speaker"):
            v["attributed"] = True
        out.add(evidence_tuple(r["source"], stored_text(r.get("sentence") or "") or None, v))
    return out


def check_json_evidence(ctx, mode):
    """graph.json keeps every input line's sentence index, span, flags and speaker."""
    j = ctx.json(mode)
    got = set()
    for e in j["edges"]:
        for ev in e["evidence"]:
            if any(k in ev for k in (*POSITION_KEYS, *FLAG_KEYS, "speaker")):
                got.add(evidence_tuple(ev["source"], ev["sentence"], ev))
    want = expected_evidence(ctx)
    if not want:
        raise Failure("the inputs hold no evidence with positions or flags (test data missing?)")
    if got != want:
        raise Failure("\n".join([f"missing in graph.json: {short(repr(t), 240)}" for t in sorted(want - got, key=repr)] +
                                [f"unexpected in graph.json: {short(repr(t), 240)}" for t in sorted(got - want, key=repr)]))


def check_rdf_evidence(ctx, mode, ext, syntax, quads):
    """Reified evidence carries the same positions (xsd:integer), flags (xsd:boolean true, only
    when true) and speakers as graph.json."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    g = ctx.rdflib(mode, ext, syntax, quads)
    R = RELATA_NS
    labels = {s: str(o) for s, p, o in g.triples((None, URIRef(RDFS_LABEL), None))}
    by_node = {}
    for s, p, o in g:
        if str(p).startswith(R):
            by_node.setdefault(s, {}).setdefault(str(p)[len(R):], []).append(o)
    problems = []
    got = set()
    for node, props in by_node.items():
        if "subjectText" not in props:
            continue  # not an evidence node
        values = {}
        for key, prop in (("sentence_index", "sentenceIndex"), ("char_begin", "charBegin"), ("char_end", "charEnd")):
            for o in props.get(prop, []):
                if not isinstance(o, Literal) or o.datatype != XSD.integer:
                    problems.append(f"{short(str(node), 80)} relata:{prop} {short(repr(o), 80)} is not an xsd:integer")
                else:
                    values[key] = int(o)
        for key in FLAG_KEYS:
            for o in props.get(key, []):
                if not isinstance(o, Literal) or o.datatype != XSD.boolean or o.toPython() is not True:
                    problems.append(f"{short(str(node), 80)} relata:{key} {short(repr(o), 80)} is not \"true\"^^xsd:boolean")
                else:
                    values[key] = True
        if "speaker" in props:
            values["speaker"] = str(props["speaker"][0])
        if len(values) == 0:
            continue
        source = labels.get(props["source"][0]) if "source" in props else None
        sentence = str(props["sentence"][0]) if "sentence" in props else None
        got.add(evidence_tuple(source, sentence, values))
    want = expected_evidence(ctx)
    problems += [f"missing in graph.{ext}: {short(repr(t), 240)}" for t in sorted(want - got, key=repr)]
    problems += [f"unexpected in graph.{ext}: {short(repr(t), 240)}" for t in sorted(got - want, key=repr)]
    if problems:
        raise Failure("\n".join(problems[:MAX_DETAIL]))


def check_json_schema(ctx, mode):
    import jsonschema

    with open(SCHEMA, encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    errors = sorted(cls(schema).iter_errors(ctx.json(mode)), key=lambda e: list(e.absolute_path))
    if errors:
        raise Failure("\n".join(f"{'/'.join(map(str, e.absolute_path))}: {short(e.message, 200)}"
                                for e in errors[:MAX_DETAIL]))


def check_merging(ctx):
    """Names that differ only by case, punctuation, white space or normal form are merged;
    the same name with two types is not."""
    j = ctx.json("graphs")
    nodes = {n["id"]: n for n in j["nodes"]}
    by_key = {}
    for n in j["nodes"]:
        for form in [n["label"], *n["aliases"]]:
            by_key.setdefault(name_key(form), set()).add(n["id"])
    problems = []
    for name, typ in [("NATO", "ORG"), ("Iraqi forces", "ORG"), ("New York", "GPE"),
                      ("Zoë Ågård", "PERSON"), ("Renée", "PERSON"), ("U.S.", "GPE")]:
        found = by_key.get(name_key(name), set())
        if len(found) != 1 or nodes[next(iter(found))]["type"] != typ:
            problems.append(f"{name!r}: expected one {typ} node, found {sorted(found)}")
    jordan = {nodes[i]["type"] for i in by_key.get("jordan", set())}
    if not {"PERSON", "GPE"} <= jordan:
        problems.append(f"'Jordan' PERSON and GPE should stay apart; node types: {sorted(map(str, jordan))}")

    def weight(rel, obj_key):
        key = name_key("NATO") if rel == "trains" else name_key("Zoë Ågård")
        # weight = distinct sources among the matching records
        want = len({r.get("source") or r["_file"] for r in ctx.records if r["relation"].casefold() == rel
                    and name_key(r["subject"]) == key and name_key(r["object"]) == obj_key})
        got = [e["weight"] for e in j["edges"] if e["relation"] == rel
               and e["source"] in by_key.get(key, ()) and e["target"] in by_key.get(obj_key, ())]
        if got != [want]:
            problems.append(f"edge {rel!r}: expected one edge of weight {want}, found weights {got}")

    weight("trains", name_key("Iraqi forces"))
    weight("met", name_key("Renée"))
    if problems:
        raise Failure("\n".join(problems))


def check_no_bom(ctx):
    boms = []
    for mode, d in sorted(ctx.dirs.items()):
        for name in sorted(os.listdir(d)):
            with open(os.path.join(d, name), "rb") as f:
                if f.read(3) == b"\xef\xbb\xbf":
                    boms.append(f"{mode}/{name}")
    if boms:
        raise Failure("files starting with a byte-order mark: " + ", ".join(boms))


def shuffled_inputs(tmp):
    """The hostile files' lines shuffled (fixed seed) and split in two; the halves are given
    in reverse order. Each half keeps its file name, so lines without a source (whose source
    is the file name) mean the same in both builds."""
    rng = random.Random(SHUFFLE_SEED)
    first, second = [], []
    for path in INPUTS:
        with open(path, "rb") as f:
            lines = f.read().split(b"\n")
        if lines and lines[-1] == b"":
            lines.pop()
        rng.shuffle(lines)
        half = len(lines) // 2
        for part, chunk, dest in (("a", lines[:half], first), ("b", lines[half:], second)):
            d = os.path.join(tmp, "shuffled-" + part)
            os.makedirs(d, exist_ok=True)
            p = os.path.join(d, os.path.basename(path))
            with open(p, "wb") as f:
                f.write(b"".join(line + b"\n" for line in chunk))
            dest.append(p)
    return second + first


def check_deterministic(ctx, mode, extra, shuffled):
    out = os.path.join(ctx.tmp, "shuffled-out-" + mode)
    relata_build(ctx.binary, shuffled, out, extra)
    problems = []
    for ext in EXTENSIONS:
        with open(ctx.out(mode, ext), "rb") as f:
            a = f.read()
        with open(os.path.join(out, "graph." + ext), "rb") as f:
            b = f.read()
        if a != b:
            la, lb = a.split(b"\n"), b.split(b"\n")
            i = next((k for k in range(min(len(la), len(lb))) if la[k] != lb[k]), min(len(la), len(lb)))
            problems.append(f"graph.{ext} differs ({len(a)} vs {len(b)} bytes), first at line {i + 1}:")
            problems.append(f"  in order: {short(la[i].decode('utf-8', 'replace') if i < len(la) else '<end>', 200)}")
            problems.append(f"  shuffled: {short(lb[i].decode('utf-8', 'replace') if i < len(lb) else '<end>', 200)}")
    if problems:
        raise Failure("\n".join(problems))


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    binary = os.path.abspath(argv[1])
    checks = Checks()
    tmp = tempfile.mkdtemp(prefix="relata-consumers-")
    try:
        ctx = Context(binary, tmp)
        modes = [("graphs", ()), ("reification", ("--provenance", "reification")),
                 ("gexf12", ("--gexf-version", "1.2draft"))]
        built = []
        for mode, extra in modes:
            ctx.dirs[mode] = os.path.join(tmp, mode)
            before = checks.failed
            checks.run(f"relata build hostile.jsonl hostile.tsv evidence.jsonl {' '.join(extra)}".rstrip(),
                       relata_build, binary, INPUTS, ctx.dirs[mode], extra)
            if checks.failed == before:
                built.append(mode)
        for mode in [m for m in ("graphs", "reification") if m in built]:
            tag = f"[{mode}]"
            for ext, rapper_syntax, rdflib_syntax, quads in RDF_SYNTAXES:
                checks.run(f"{tag} graph.{ext}: rapper and rdflib parse it cleanly, same count",
                           check_rdf_counts, ctx, mode, ext, rapper_syntax, rdflib_syntax, quads)
            checks.run(f"{tag} rapper reads the same statements as rdflib in every RDF format",
                       check_rapper_content, ctx, mode)
            checks.run(f"{tag} graph.ttl is isomorphic to graph.nt (rdflib)", check_isomorphic, ctx, mode, "ttl")
            checks.run(f"{tag} graph.rdf is isomorphic to graph.nt (rdflib)", check_isomorphic, ctx, mode, "rdf")
            checks.run(f"{tag} graph.nq: union of its graphs has graph.nt's facts", check_nquads_union, ctx, mode, True)
            checks.run(f"{tag} graph.nq: union of its graphs equals graph.nt", check_nquads_union, ctx, mode, False)
            checks.run(f"{tag} graph.nq: named graphs as the provenance mode says", check_named_graphs, ctx, mode)
            checks.run(f"{tag} graph.jsonld: rdflib reads the same quads as graph.nq, graph by graph",
                       check_jsonld, ctx, mode)
            checks.run(f"{tag} RDF literals keep every surface form and sentence exactly",
                       check_rdf_literals, ctx, mode)
            checks.run(f"{tag} graph.graphml: networkx and igraph read it, counts equal graph.json's",
                       check_graphml, ctx, mode)
            checks.run(f"{tag} graph.gexf (1.3): root, version and counts", check_gexf13, ctx, mode)
            for ext in ("gexf", "graphml", "rdf"):
                checks.run(f"{tag} xmllint --noout graph.{ext}", check_xmllint, ctx.out(mode, ext))
            checks.run(f"{tag} dot -Tsvg graph.dot: exit 0, nothing on stderr", check_dot, ctx, mode)
            checks.run(f"{tag} graph.json parses; ids, weights, labels, sentences", check_json, ctx, mode)
            checks.run(f"{tag} graph.json evidence keeps sentence index, span, flags and speaker",
                       check_json_evidence, ctx, mode)
            if mode == "reification":
                for ext, _, rdflib_syntax, quads in RDF_SYNTAXES + [("jsonld", None, "json-ld", True)]:
                    checks.run(f"{tag} graph.{ext}: reified evidence has graph.json's positions, flags, speakers",
                               check_rdf_evidence, ctx, mode, ext, rdflib_syntax, quads)
            try:
                import jsonschema  # noqa: F401
            except ImportError:
                print(f"# skipped: {tag} graph.json against schema/graph.schema.json "
                      f"(/usr/bin/python3 has no jsonschema module; apt-get install python3-jsonschema)")
            else:
                checks.run(f"{tag} graph.json is valid against schema/graph.schema.json",
                           check_json_schema, ctx, mode)
        if "graphs" in built:
            checks.run("[graphs] names differing by case/punctuation merge; one name, two types stay apart",
                       check_merging, ctx)
        if "gexf12" in built:
            checks.run("[gexf12] graph.gexf (1.2draft): networkx reads it, counts equal graph.json's",
                       check_gexf12, ctx)
            checks.run("[gexf12] xmllint --noout graph.gexf (1.2draft)", check_xmllint, ctx.out("gexf12", "gexf"))
        checks.run("no output file starts with a UTF-8 byte-order mark", check_no_bom, ctx)
        shuffled = shuffled_inputs(tmp)
        for mode, extra in modes:
            if mode in built:
                checks.run(f"[{mode}] shuffled input split over two files in reverse order: "
                           f"byte-identical output in every format", check_deterministic, ctx, mode, extra, shuffled)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{checks.passed} passed, {checks.failed} failed")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
