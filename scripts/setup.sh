#!/usr/bin/env bash
# Installs everything relata needs on Debian 12, as root: the build dependencies, the
# real consumers that the tests load relata's output into, and the JavaScript graph library
# that `relata view` bundles (npm ci --prefix viewer, pinned by viewer/package-lock.json;
# docs/viewer.md). Idempotent; quick when all is installed already (no apt-get update then).
set -euo pipefail

PACKAGES=(
  # build
  build-essential cmake ninja-build pkg-config
  libboost-graph-dev rapidjson-dev libxml2-dev libfmt-dev catch2 libcli11-dev
  libutf8proc-dev libxxhash-dev libzstd-dev
  # benchmarks (peak memory of child processes)
  time
  # consumers used by the tests
  raptor2-utils python3 python3-rdflib python3-networkx python3-igraph python3-jsonschema
  graphviz libxml2-utils virtuoso-opensource
  # relata view's page is tested in a real browser (tests/viewer_test.py)
  chromium fonts-dejavu-core
  # names for the recogniser's gazetteer (read when training, docs/ner.md; the census given
  # names are also read at run time for pronoun gender, docs/coreference.md): countries and
  # subdivisions, world places of the weather database, US census given names and surnames
  iso-codes libgweather-4-common libtext-names-perl
  # English word lists: the recogniser's casing lexicon (read when training, docs/ner.md)
  wamerican wbritish
  # CMU Sphinx's US English language model: its bigrams give the word classes of the
  # tagger and the parser when trained with --word-class-lm (docs/word-classes.md), and the
  # unit test of its reader
  pocketsphinx-en-us
  # WordNet's noun senses: the recogniser's describing nouns that GUM lacks (read when
  # training its layout 5, docs/ner.md)
  wordnet-base
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and npm install the viewer's library; a machine may have them from elsewhere.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -ne 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup.sh: these packages are missing and installing them needs root: ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "setup.sh: installed ${missing[*]}"
fi

# The graph library of relata view, exactly as package-lock.json pins it (no install scripts
# run). Skipped when node_modules already holds what this lock file asks for.
viewer="$(cd "$(dirname "$0")/../viewer" && pwd)"
if ! cmp -s "$viewer/package-lock.json" "$viewer/node_modules/.relata-installed-lock"; then
  npm ci --prefix "$viewer" --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
  cp "$viewer/package-lock.json" "$viewer/node_modules/.relata-installed-lock"
  echo "setup.sh: installed the viewer's graph library (npm ci --prefix viewer)"
fi
