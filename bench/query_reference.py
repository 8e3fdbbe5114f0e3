#!/usr/bin/python3
"""The reference for bench_query (bench/run_query.sh): python-igraph, a C graph library, on the
same graph. Reads the edge list that `relata query edges --format tsv` wrote, then times what
bench_query times for relata: building the graph from the file, a neighbours question (the
vertex found by its id, then its edges in both directions, each with its other end), and
PageRank over the whole graph. Prints one `name value unit` line per figure.

Usage: query_reference.py EDGES.tsv [QUERIES] [SEED]
"""
import random
import statistics
import sys
import time

import igraph

path = sys.argv[1]
queries = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
seed = int(sys.argv[3]) if len(sys.argv) > 3 else 42

t0 = time.perf_counter()
with open(path, encoding="utf-8") as f:
    header = f.readline().rstrip("\n").split("\t")
    s_col, o_col = header.index("subject_id"), header.index("object_id")
    pairs = []
    for line in f:
        cols = line.rstrip("\n").split("\t")
        pairs.append((cols[s_col], cols[o_col]))
t_read = time.perf_counter() - t0
t1 = time.perf_counter()
g = igraph.Graph.TupleList(pairs, directed=True)
t_build = time.perf_counter() - t1
names = g.vs["name"]
index = {n: i for i, n in enumerate(names)}

rng = random.Random(seed)
picks = [names[rng.randrange(len(names))] for _ in range(queries)]
times = []
found = 0
for name in picks:
    q0 = time.perf_counter()
    v = index[name]
    edges = g.incident(v, mode="all")
    answer = [(e, g.es[e].source if g.es[e].target == v else g.es[e].target) for e in edges]
    times.append(time.perf_counter() - q0)
    found += len(answer)
t2 = time.perf_counter()
ranks = g.pagerank(directed=True)
t_pr = time.perf_counter() - t2
top = max(range(len(ranks)), key=lambda i: ranks[i])

print(f"igraph.version {igraph.__version__}")
print(f"igraph.vertices {g.vcount()}")
print(f"igraph.edges {g.ecount()}")
print(f"igraph.read_tsv {t_read:.3f} s")
print(f"igraph.build {t_build:.3f} s")
print(f"igraph.neighbours_median {1000 * statistics.median(times):.4f} ms")
print(f"igraph.neighbours_max {1000 * max(times):.4f} ms")
print(f"igraph.pagerank {t_pr:.3f} s")
print(f"igraph.pagerank_top {names[top]}")
