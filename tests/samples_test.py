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
    store = os.path.join(tmp, "samples.store")
    report = os.path.join(tmp, "merges.tsv")
    r = subprocess.run([relata, "build", os.path.join(src, "samples", "articles"), "-o", out, "-q",
                        "--formats", "json", "-j", "2", "--store", store, "--merge-report", report],
                       capture_output=True, text=True)
    check(r.returncode == 0, "relata build samples/articles succeeds", r.stderr.strip())
    if r.returncode != 0:
        sys.exit(1)
    g = json.load(open(os.path.join(out, "graph.json"), encoding="utf-8"))
    lines = open(report, encoding="utf-8").read().splitlines()
    header, merges = lines[0].split("\t"), [dict(zip(lines[0].split("\t"), l.split("\t"))) for l in lines[1:]]
    explained = {}
    for name in ["NATO", "Jens Stoltenberg", "Haddad"]:
        r = subprocess.run([relata, "explain", "--store", store, name], capture_output=True, text=True)
        check(r.returncode == 0, f"relata explain {name}", r.stderr.strip())
        explained[name] = r.stdout

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
# A demonym before the title names the country of the office.
expect("Pekka Haavisto", "foreign minister of", "Finland", ["Finnish Foreign Minister Pekka Haavisto"], "PERSON", "GPE")
expect("Ayman Haddad", "water minister of", "Jordan", ["Jordanian Water Minister Ayman Haddad"], "PERSON", "GPE")
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

# Entity resolution (docs/coreference.md, docs/merging.md): the merges the stories call for
# happen, each in the merge report with its rule, and the wrong ones do not.
def merged(form, node, rule):
    rows = [m for m in merges if m["form"] == form and m["node"] == node and m["rule"] == rule]
    check(bool(rows), f"merge report: {form!r} -> {node} by {rule}",
          "" if rows else str([m for m in merges if m["form"] == form]))


check(header[:5] == ["node", "label", "form", "form_type", "rule"], "merge report header", str(header))
merged("Stoltenberg", "person:jens-stoltenberg", "name-part")
merged("he", "person:jens-stoltenberg", "pronoun")
merged("North Atlantic Treaty Organization", "org:nato", "acronym-definition")
merged("the alliance", "org:nato", "description")
merged("The authority", "org:jva", "description")
merged("U.S.", "gpe:united-states", "variant")
merged("Jordanian", "gpe:jordan", "demonym")
merged("Rutte", "person:mark-rutte", "name-part")
# Two different people named Haddad: the bare surname joins neither.
check("person:haddad" in nodes and "person:ayman-haddad" in nodes and "person:sarah-haddad" in nodes,
      "Ayman Haddad, Sarah Haddad and a bare Haddad are three nodes")
check(not any(m["form"] == "Haddad" for m in merges), "no merge of the ambiguous 'Haddad'")
# The country Jordan is not the person Jordan Mills, nor any person.
check(nodes.get("gpe:jordan", {}).get("type") == "GPE" and
      not any(n["type"] == "PERSON" and n["label"] == "Jordan" for n in nodes.values()),
      "Jordan is one node, a country")
check(not any(m["form"] == "Jordan Mills" or (m["form"] == "Jordan" and m["node"] != "gpe:jordan") or
              (m["node"] == "gpe:jordan" and m["form"] not in ("Jordan", "Jordanian")) for m in merges),
      "Jordan and Jordan Mills are not merged")
# Pronouns are only ever merged into people, organisations and things of their kind.
check(all(m["node"].startswith("person:") for m in merges if m["form"].lower() in ("he", "she")),
      "he/she only ever name people")
# The evidence says how the text named a renamed side.
ev = [v for e in find("Jens Stoltenberg", "lead", "NATO") for v in e["evidence"]]
check(any(v.get("subject_form") == "he" and v.get("subject_rule") == "pronoun" for v in ev) or
      any(v.get("object_form") == "the alliance" and v.get("object_rule") == "description" for v in ev),
      "evidence of Stoltenberg -lead-> NATO gives the forms the text used", str(ev))
check("North Atlantic Treaty Organization" in explained.get("NATO", "") and "acronym-definition" in explained.get("NATO", ""),
      "relata explain NATO lists the full name and its rule", explained.get("NATO", ""))
check("Stoltenberg" in explained.get("Jens Stoltenberg", "") and "name-part" in explained.get("Jens Stoltenberg", ""),
      "relata explain Jens Stoltenberg lists the surname and its rule")

# Every edge's evidence sentence is a sentence of the samples, and every node is used.
used = {e["source"] for e in g["edges"]} | {e["target"] for e in g["edges"]}
check(used == set(nodes), "every node takes part in an edge")
check(all(ev["sentence"] for e in g["edges"] for ev in e["evidence"]), "every edge has an evidence sentence")

print(f"{checks - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
