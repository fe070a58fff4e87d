#!/usr/bin/env bash
# Every figure of docs/benchmarks.md in one command, at N items (default 100,000):
# search latency and recall, the bulk import, portal page throughput (each on SQLite and
# PostgreSQL), the register import and the PII scan. About 1.5 hours on 2 cores; run it on a
# quiet machine.
#
#   bash bench/all.sh            # N=20000 bash bench/all.sh for a quicker look
#
# The portal benchmark writes its sections of docs/benchmarks.md itself; the search and import
# reports are printed and kept under var/bench/ for pasting into their sections.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${N:-100000}"
PY=.venv/bin/python
mkdir -p var/bench
$PY bench/search_bench.py --n "$N" --backend both | tee var/bench/search.md
$PY bench/import_bench.py --n "$N" --backend both | tee var/bench/import.md
$PY bench/portal_bench.py --n "$N" --backend postgres
$PY bench/portal_bench.py --n "$N" --backend sqlite
$PY bench/register_import_bench.py --n 10000 --backend both | tee var/bench/register.md
$PY bench/pii_scan.py | tee var/bench/pii.md
