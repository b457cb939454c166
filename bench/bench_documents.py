"""Benchmark: time to render one enforcement document (template + WeasyPrint → PDF).

Renders the sample 行政处罚决定书 (two A4 pages, Noto Serif CJK regular and bold, QR code)
N times in this process after one warm-up render (font loading), and prints the median and
p95 per document. No database is needed: the document is an unsaved model instance.

    .venv/bin/python bench/bench_documents.py [--n 20] [--kind penalty_decision]

STACK.md expects about 0.16 s per document when libharfbuzz-subset0 is installed (without
it WeasyPrint subsets the CJK fonts in Python and takes seconds).
"""

from __future__ import annotations

import argparse
import ctypes.util
import json
import os
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "enforcement.settings")
os.environ.setdefault("ENFORCEMENT_TESTING", "1")  # no SECRET_KEY needed; no DB is used

import django  # noqa: E402

django.setup()

import logging  # noqa: E402

from django.core.serializers.json import DjangoJSONEncoder  # noqa: E402
from django.utils import timezone  # noqa: E402

from documents import kinds, rendering, samples  # noqa: E402
from documents.models import Document  # noqa: E402
from officers.models import Agency  # noqa: E402


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def sample_document(kind_code: str) -> Document:
    kind = kinds.get(kind_code)
    agency = Agency(name="滨海市市场监督管理局", doc_prefix="滨市监")
    data = json.loads(json.dumps(samples.sample_data(kind_code), cls=DjangoJSONEncoder))
    return Document(
        agency=agency,
        kind=kind.code,
        year=2026,
        seq=17,
        number=f"滨市监{kind.number_word}〔2026〕17号",
        title=str(kind.title),
        agency_name=agency.name,
        data=data,
        issued_at=timezone.now(),
        evaluation_token="bench-token-0123456789abcdef",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20, help="timed renders (default 20)")
    parser.add_argument("--kind", default="penalty_decision", choices=sorted(kinds.KINDS))
    args = parser.parse_args()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)

    doc = sample_document(args.kind)
    harfbuzz_subset = ctypes.util.find_library("harfbuzz-subset")
    t0 = time.perf_counter()
    pdf = rendering.render_pdf(doc)  # warm-up: imports WeasyPrint, loads fonts
    warmup = time.perf_counter() - t0

    html_times, pdf_times, totals, cpu = [], [], [], []
    for _ in range(args.n):
        c0 = time.process_time()
        t0 = time.perf_counter()
        html = rendering.render_html(doc)
        t1 = time.perf_counter()
        pdf = rendering.html_to_pdf(html)
        t2 = time.perf_counter()
        cpu.append(time.process_time() - c0)
        html_times.append(t1 - t0)
        pdf_times.append(t2 - t1)
        totals.append(t2 - t0)

    print(f"documents render benchmark: {kinds.get(args.kind).title} ({args.kind}), n={args.n}")
    print(f"  libharfbuzz-subset: {harfbuzz_subset or 'NOT FOUND (expect seconds per document)'}")
    print(
        f"  cpu count: {os.cpu_count()}, load average: {', '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    print(f"  PDF size: {len(pdf):,} bytes; first render (warm-up): {warmup:.3f} s")
    print(f"  template (HTML + QR):   median {statistics.median(html_times):.3f} s")
    print(f"  WeasyPrint (HTML→PDF):  median {statistics.median(pdf_times):.3f} s")
    print(
        f"  per document:           median {statistics.median(totals):.3f} s, "
        f"p95 {percentile(totals, 0.95):.3f} s, min {min(totals):.3f} s, max {max(totals):.3f} s"
    )
    # CPU time of this process: what a render costs when the machine is not shared.
    print(
        f"  per document (CPU):     median {statistics.median(cpu):.3f} s, "
        f"p95 {percentile(cpu, 0.95):.3f} s"
    )


if __name__ == "__main__":
    main()
