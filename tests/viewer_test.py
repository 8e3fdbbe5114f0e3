#!/usr/bin/python3
"""relata view in a real browser, and relata render through Graphviz (docs/viewer.md).

Builds the sample articles into a store, writes the page with `relata view`, loads it from
a local file in headless Chromium with the page's test hook (?test=search:NAME: the page
types NAME into its search box, clicks the first match, taps one of its relations and writes
what the side panel showed into <pre id="test-result">), checks the evidence the panel shows
against the store's graph, and saves a screenshot (viewer-NATO.png in the working folder, the
build folder under ctest, or SHOT_DIR). Also: a large graph opens filtered and says so, hostile labels
survive the trip into the page, the bytes are deterministic, and `relata render` draws SVG
and PNG with sfdp and fails clearly without it.

Usage: viewer_test.py RELATA SOURCE_DIR [SHOT_DIR]
Exit 77 (ctest SKIP) only when chromium is not installed.
"""
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

relata, src = os.path.abspath(sys.argv[1]), sys.argv[2]
shot_dir = sys.argv[3] if len(sys.argv) > 3 else "."
chromium = shutil.which("chromium")
if not chromium:
    print("SKIP: chromium is not installed (scripts/setup.sh installs it)")
    sys.exit(77)

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
    return ok


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, timeout=300, **kw)


def browser(args, page, query):
    url = "file://" + os.path.abspath(page) + "?test=search:" + query
    profile = os.path.join(os.path.dirname(os.path.abspath(page)), "chromium-profile")
    return run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                f"--user-data-dir={profile}",
                "--no-first-run", "--disable-extensions", "--virtual-time-budget=20000",
                "--window-size=1280,860", *args, url])


def search(page, query):
    """What the page's test hook reports after searching `query` and clicking."""
    r = browser(["--dump-dom"], page, query)
    m = re.search(r'<pre id="test-result" hidden="">(.*?)</pre>', r.stdout, re.S)
    if not m:
        return None, (r.stderr.strip().splitlines() or [""])[-1]
    return json.loads(html.unescape(m.group(1))), ""


def page_data(path):
    text = open(path, encoding="utf-8").read()
    m = re.search(r'<script type="application/json" id="relata-data">(.*?)</script>', text, re.S)
    return text, json.loads(m.group(1)) if m else None


with tempfile.TemporaryDirectory() as tmp:
    store = os.path.join(tmp, "samples.store")
    r = run([relata, "build", os.path.join(src, "samples", "articles"), "-q", "-j", "1",
             "--store", store])
    if not check(r.returncode == 0, "relata build samples/articles", r.stderr.strip()):
        sys.exit(1)

    # --- the page -------------------------------------------------------------------------
    page = os.path.join(tmp, "graph.html")
    r = run([relata, "view", "--store", store, "-o", page])
    if not check(r.returncode == 0, "relata view writes the page", r.stderr.strip()):
        sys.exit(1)
    print("  " + r.stdout.strip().replace("\n", "\n  "))
    text, data = page_data(page)
    check(data is not None, "the page holds the graph as JSON")
    check("cytoscape" in text and "The Cytoscape Consortium" in text,
          "the graph library and its licence notice are inlined")
    check(re.search(r'<(script|link|img)[^>]*\s(src|href)=', text) is None,
          "the page loads nothing from outside (no src= or href= on script, link, img)")
    page2 = os.path.join(tmp, "graph2.html")
    run([relata, "view", "--store", store, "-o", page2, "-q"])
    check(open(page2, "rb").read() == open(page, "rb").read(), "same store, same bytes")

    by_label = {}
    for i, n in enumerate(data["nodes"]):
        by_label.setdefault(n["label"], i)
    for query in ("NATO", "Stoltenberg"):
        res, err = search(page, query)
        if not check(res is not None, f"Chromium ran the page's search for {query!r}", err):
            continue
        check(res["rendered_nodes"] == len(data["nodes"]) and
              res["rendered_edges"] == len(data["edges"]),
              f"the drawing has every node and edge of the data ({res['rendered_nodes']} nodes, "
              f"{res['rendered_edges']} edges)")
        check(res["matches"] >= 1, f"{query!r} has matches ({res['matches']})")
        sel = res.get("selected") or ""
        check(query.lower() in sel.lower() or any(
            query.lower() in a.lower() for a in data["nodes"][by_label.get(sel, 0)]["aliases"]),
            f"clicking the first match selects it ({sel!r})")
        check(res.get("panel_title") == sel, "the panel shows the selected entity")
        # The panel's sentences are the evidence of that node's edges, from the data.
        i = by_label.get(sel)
        want = [ev["sentence"] for e in data["edges"] if i in (e["s"], e["t"])
                for ev in e["evidence"] if ev["sentence"]]
        got = res.get("sentences", [])
        check(got and got == want, f"the panel lists the {len(want)} evidence sentences of its relations",
              f"{got[:2]} vs {want[:2]}")
        check(any(query.lower() in s.lower() for s in got) or
              any(a.lower() in s.lower() for s in got for a in [sel]),
              f"an evidence sentence names {query!r}")
        srcs = res.get("sources", [])
        check(srcs and all(s.startswith("— ") for s in srcs) and
              any(d in " ".join(srcs) for d in data["sources"]),
              "every sentence shows its source", srcs[:2])
        check(any(re.search(r", \d{4}-\d\d-\d\d", s) for s in srcs),
              "the sources show dates", srcs[:2])
        labels = res.get("match_labels", [])
        if len(labels) > 1:
            check(res.get("keyboard_selected") == labels[1],
                  f"ArrowDown and Enter select the second match ({labels[1]!r})",
                  repr(res.get("keyboard_selected")))
        check(bool(res.get("edge_title")) and " → " in res["edge_title"] and res.get("edge_sentences"),
              f"tapping a relation shows its evidence ({res.get('edge_title')!r})")

    shot = os.path.abspath(os.path.join(shot_dir, "viewer-NATO.png"))
    r = browser([f"--screenshot={shot}"], page, "NATO")
    ok = os.path.exists(shot) and open(shot, "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    check(ok and os.path.getsize(shot) > 20000, f"screenshot saved ({shot})",
          r.stderr.strip()[-300:])

    # --- a large graph opens filtered -----------------------------------------------------
    big = os.path.join(tmp, "big.jsonl")
    with open(big, "w", encoding="utf-8") as f:
        for i in range(400):
            for k in range(1, 4):
                f.write(json.dumps({"subject": f"Person {i}", "relation": "meets",
                                    "object": f"Person {(i * 7 + k) % 400}", "subject_type": "PERSON",
                                    "object_type": "PERSON", "source": f"doc{i % 50}",
                                    "sentence": f"Person {i} meets Person {(i * 7 + k) % 400}."}) + "\n")
        for i in range(12):  # a hub mentioned most
            f.write(json.dumps({"subject": "Central Hub", "relation": "calls", "object": f"Person {i}",
                                "subject_type": "ORG", "object_type": "PERSON", "source": "hub",
                                "sentence": f"Central Hub calls Person {i}."}) + "\n")
    big_store = os.path.join(tmp, "big.store")
    r = run([relata, "build", big, "-q", "--store", big_store])
    check(r.returncode == 0, "build a 401-entity store", r.stderr.strip())
    big_page = os.path.join(tmp, "big.html")
    r = run([relata, "view", "--store", big_store, "-o", big_page, "--max-nodes", "120"])
    check(r.returncode == 0 and "120 of 401 entities" in r.stdout, "view --max-nodes 120",
          r.stdout + r.stderr)
    _, bd = page_data(big_page)
    check(bd["total_nodes"] == 401 and len(bd["nodes"]) == 120 and bd["total_edges"] > len(bd["edges"]),
          f"the data keeps 120 of 401 nodes and {len(bd['edges'])} of {bd['total_edges']} edges")
    res, err = search(big_page, "Central Hub")
    if check(res is not None, "Chromium opens the filtered page", err):
        check(res["rendered_nodes"] == 120, f"120 nodes drawn ({res['rendered_nodes']})")
        check("281 entities" in res["status"] and "left out" in res["status"],
              "the page says how many were left out", res["status"])
        check(res.get("selected") == "Central Hub", "the hub is found", str(res.get("selected")))

    # --- hostile text -----------------------------------------------------------------------
    evil_label = "Evil</script><script>document.title='pwned'</script>\u2028X"
    hostile = os.path.join(tmp, "hostile.jsonl")
    with open(hostile, "w", encoding="utf-8") as f:
        f.write(json.dumps({"subject": evil_label, "relation": "says", "object": "<!-- NATO",
                            "subject_type": "ORG", "object_type": "ORG", "source": "s&<b>",
                            "sentence": "He said </script> & \u2029 <!-- it."}) + "\n")
    hs = os.path.join(tmp, "hostile.store")
    run([relata, "build", hostile, "-q", "--store", hs])
    hp = os.path.join(tmp, "hostile.html")
    r = run([relata, "view", "--store", hs, "-o", hp, "--title", "</title><b>x"])
    check(r.returncode == 0, "view of a store with hostile text", r.stderr.strip())
    res, err = search(hp, "Evil")
    if check(res is not None, "Chromium runs the hostile page", err):
        # (The store turns U+2028 inside a name into a space; the sentence keeps U+2029.)
        _, hd = page_data(hp)
        want = [n["label"] for n in hd["nodes"] if n["label"].startswith("Evil")]
        check(want and "</script><script>" in want[0] and res.get("selected") == want[0],
              "the label reaches the page unchanged", repr(res.get("selected")))
        check(res.get("sentences") == ["He said </script> & \u2029 <!-- it."],
              "the sentence reaches the page unchanged", repr(res.get("sentences")))

    # --- errors ----------------------------------------------------------------------------
    r = run([relata, "view", "--store", os.path.join(tmp, "missing.store"), "-o", page2])
    check(r.returncode == 1 and len(r.stderr.strip().splitlines()) == 1 and "missing.store" in r.stderr,
          "a missing store is a one-line error", r.stderr.strip())

    # --- relata render ---------------------------------------------------------------------
    svg = os.path.join(tmp, "graph.svg")
    r = run([relata, "render", "--store", store, "-o", svg])
    if check(r.returncode == 0, "relata render -o graph.svg", r.stderr.strip()):
        root = ET.parse(svg).getroot()
        texts = [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]
        check(root.tag == "{http://www.w3.org/2000/svg}svg" and "NATO" in texts,
              f"the SVG parses and labels NATO ({len(texts)} texts)")
        svg2 = os.path.join(tmp, "graph2.svg")
        run([relata, "render", "--store", store, "-o", svg2, "-q"])
        check(open(svg, "rb").read() == open(svg2, "rb").read(), "render: same store, same SVG")
    png = os.path.join(tmp, "graph.png")
    r = run([relata, "render", "--store", store, "-o", png, "-q"])
    check(r.returncode == 0 and open(png, "rb").read(8) == b"\x89PNG\r\n\x1a\n", "relata render -o graph.png",
          r.stderr.strip())
    r = run([relata, "render", "--store", big_store, "-o", os.path.join(tmp, "big.svg"), "--max-nodes", "50"])
    check(r.returncode == 0 and "kept 50 of 401 nodes" in r.stdout, "render --max-nodes 50 says what it kept",
          r.stdout + r.stderr)
    r = run([relata, "render", "--store", store, "-o", os.path.join(tmp, "nosfdp.svg")],
            env={**os.environ, "PATH": "/nonexistent"})
    check(r.returncode == 1 and r.stderr.strip().count("\n") == 0 and "sfdp not found" in r.stderr
          and not os.path.exists(os.path.join(tmp, "nosfdp.svg")), "no sfdp: one clear line, no file",
          r.stderr.strip())
    # A stand-in sfdp that hangs, and one that fails, first on PATH.
    fake = os.path.join(tmp, "fakebin")
    os.mkdir(fake)
    with open(os.path.join(fake, "sfdp"), "w") as f:
        f.write("#!/bin/sh\n[ -n \"$FAKE_SFDP_FAIL\" ] && { echo 'Error: bad input' >&2; exit 3; }\nexec sleep 30\n")
    os.chmod(os.path.join(fake, "sfdp"), 0o755)
    env = {**os.environ, "PATH": fake + ":" + os.environ["PATH"]}
    hung = os.path.join(tmp, "hung.svg")
    t0 = time.monotonic()
    r = run([relata, "render", "--store", store, "-o", hung, "--timeout", "1"], env=env)
    took = time.monotonic() - t0
    check(r.returncode == 1 and "longer than 1 s" in r.stderr and took < 10 and not os.path.exists(hung),
          f"a hanging sfdp is stopped after --timeout ({took:.1f} s)", r.stderr.strip())
    r = run([relata, "render", "--store", store, "-o", hung], env={**env, "FAKE_SFDP_FAIL": "1"})
    check(r.returncode == 1 and "sfdp failed (exit status 3: Error: bad input)" in r.stderr
          and not os.path.exists(hung), "a failing sfdp: its error in one line, no file", r.stderr.strip())
    r = run([relata, "render", "--store", store, "-o", os.path.join(tmp, "graph.gif")])
    check(r.returncode == 1 and ".png or .svg" in r.stderr, "render refuses other extensions", r.stderr.strip())
    left = [f for f in os.listdir(tmp) if ".tmp-" in f]
    check(not left, "no temporary file left behind", left)

print(f"{checks - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
