#!/usr/bin/python3
"""End to end on our sample articles: `relata build samples/articles` gives a graph in which
the obvious facts of the stories are edges between the right entities, with evidence that
points at the right sentence, and in which no negated fact appears as a positive one.

Usage: samples_test.py RELATA SOURCE_DIR
"""
import json
import os
import subprocess
import sys
import tempfile

relata, src = sys.argv[1], sys.argv[2]
failures = 0
checks = 0


def check(ok, what, detail=""):
    global failures, checks
    checks += 1
    if ok:
        print(f"ok - {what}")
    else:
        failures += 1
        print(f"FAIL - {what}" + (f": {detail}" if detail else ""))


with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "out")
    r = subprocess.run([relata, "build", os.path.join(src, "samples", "articles"), "-o", out, "-q",
                        "--formats", "json", "-j", "2"], capture_output=True, text=True)
    check(r.returncode == 0, "relata build samples/articles succeeds", r.stderr.strip())
    if r.returncode != 0:
        sys.exit(1)
    g = json.load(open(os.path.join(out, "graph.json"), encoding="utf-8"))

    # Built again with one thread and the inputs named one by one in another order: same bytes.
    files = sorted(os.listdir(os.path.join(src, "samples", "articles")), reverse=True)
    files = [os.path.join(src, "samples", "articles", f) for f in files if f != "README.md"]
    out2 = os.path.join(tmp, "out2")
    r = subprocess.run([relata, "build", *files, "-o", out2, "-q", "--formats", "json", "-j", "1"],
                       capture_output=True, text=True)
    check(r.returncode == 0 and open(os.path.join(out, "graph.json"), "rb").read()
          == open(os.path.join(out2, "graph.json"), "rb").read(),
          "same graph bytes with one thread and the files in reverse order", r.stderr.strip())

nodes = {n["id"]: n for n in g["nodes"]}


def label(i):
    return nodes[i]["label"]


def find(subj, rel, obj, subj_type=None, obj_type=None):
    """Edges whose subject and object labels end with the given names (case-insensitive)."""
    found = []
    for e in g["edges"]:
        s, o = nodes[e["source"]], nodes[e["target"]]
        if not s["label"].lower().endswith(subj.lower()) or not o["label"].lower().endswith(obj.lower()):
            continue
        if e["relation"] != rel:
            continue
        if subj_type and s["type"] != subj_type:
            continue
        if obj_type and o["type"] != obj_type:
            continue
        found.append(e)
    return found


def expect(subj, rel, obj, words, subj_type=None, obj_type=None):
    es = find(subj, rel, obj, subj_type, obj_type)
    ok = bool(es) and any(all(w in ev["sentence"] for w in words) for e in es for ev in e["evidence"])
    near = [f'{label(e["source"])} -{e["relation"]}-> {label(e["target"])}' for e in g["edges"]
            if label(e["source"]).lower().endswith(subj.lower())][:6]
    check(ok, f"edge {subj} -{rel}-> {obj} with evidence containing {words}",
          "" if ok else f"edges from {subj}: {near}")


def absent(subj, rel, obj):
    check(not find(subj, rel, obj), f"no edge {subj} -{rel}-> {obj}")


# Facts stated plainly in the stories.
# "North Atlantic Treaty Organization (NATO)": the acronym names the alliance in every form.
expect("Finland", "join", "NATO", ["Finland formally joined the North Atlantic Treaty Organization"], "GPE", "ORG")
expect("Russia", "invade", "Ukraine", ["invaded Ukraine"], "GPE", "GPE")
expect("NASA", "launch", "James Webb Space Telescope", ["NASA", "launched"], "ORG")
expect("Rutte", "succeed", "Jens Stoltenberg", ["succeed Jens Stoltenberg"], "PERSON", "PERSON")
# A surname alone is the person of the full name in the same article.
expect("Jens Stoltenberg", "not seek", "extension", ["Stoltenberg, who had led"], "PERSON")
expect("Sauli Niinistö", "attend", "ceremony", ["attended the ceremony"], "PERSON")
expect("Shirin Ebadi", "win", "Nobel Peace Prize", ["Ebadi"], "PERSON")
expect("Finland", "apply for", "membership", ["Finland applied for membership"])
# A title before a name is a role, and the name leaves the title out.
expect("Pekka Haavisto", "hand", "instrument", ["handed"], "PERSON")
expect("Pekka Haavisto", "be", "Finnish foreign minister", ["Finnish Foreign Minister Pekka Haavisto"], "PERSON")
expect("Jens Stoltenberg", "secretary general of", "NATO", ["NATO Secretary General Jens Stoltenberg"],
       "PERSON", "ORG")
# An apposition with a relational noun.
expect("Jens Stoltenberg", "former prime minister of", "Norway", ["a former prime minister of Norway"],
       "PERSON", "GPE")
# Negations are kept as negative relations and never asserted as positive.
expect("Turkey", "not ratify", "Swedish application", ["had not yet ratified"])
absent("Turkey", "ratify", "Swedish application")
expect("Stoltenberg", "not seek", "extension", ["not"], "PERSON")
absent("Stoltenberg", "seek", "extension")
expect("Sweden", "not join with", "neighbour", ["did not join"])
absent("Sweden", "join with", "neighbour")
# A passive with its agent is turned active.
absent("documents", "receive", "Blinken")

# Every edge's evidence sentence is a sentence of the samples, and every node is used.
used = {e["source"] for e in g["edges"]} | {e["target"] for e in g["edges"]}
check(used == set(nodes), "every node takes part in an edge")
check(all(ev["sentence"] for e in g["edges"] for ev in e["evidence"]), "every edge has an evidence sentence")

print(f"{checks - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
