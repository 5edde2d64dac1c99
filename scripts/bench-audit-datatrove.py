#!/usr/bin/env python3
"""Run datatrove's GopherRepetition + GopherQuality + C4Quality + FineWebQuality
filters over a JSONL corpus (one task, one worker) and report the time, for
the side-by-side comparison in docs/benchmarks.md.

    python3 -m venv /tmp/dtvenv
    /tmp/dtvenv/bin/pip install datatrove regex nltk orjson spacy
    /tmp/dtvenv/bin/python scripts/bench-audit-datatrove.py CORPUS.jsonl [LIMIT]

Reads the `text` and `id` fields. The filters run in sequence as a pipeline
(as auditors run them); a record dropped by one filter is not seen by the
next, which only makes datatrove faster. No output is written.
"""
import os
import sys
import tempfile
import time

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.filters import (
    C4QualityFilter,
    FineWebQualityFilter,
    GopherQualityFilter,
    GopherRepetitionFilter,
)
from datatrove.pipeline.readers import JsonlReader


def main():
    path = os.path.abspath(sys.argv[1])
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else -1
    records = text_bytes = 0
    import json

    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if limit >= 0 and i >= limit:
                break
            records += 1
            text_bytes += len(json.loads(line)["text"].encode("utf-8"))
    logs = tempfile.mkdtemp(prefix="dt-logs-")
    pipeline = [
        JsonlReader(
            os.path.dirname(path),
            glob_pattern=os.path.basename(path),
            text_key="text",
            id_key="id",
            limit=limit,
        ),
        GopherRepetitionFilter(),
        GopherQualityFilter(),
        C4QualityFilter(),
        FineWebQualityFilter(),
    ]
    ex = LocalPipelineExecutor(pipeline=pipeline, tasks=1, workers=1, logging_dir=logs)
    t0 = time.perf_counter()
    c0 = time.process_time()
    ex.run()
    wall = time.perf_counter() - t0
    cpu = time.process_time() - c0
    print(f"datatrove    {records} records, {text_bytes / 1e6:.1f} MB of text")
    print(f"wall         {wall:.2f} s   cpu {cpu:.2f} s")
    print(f"records/s    {records / wall:,.1f}   ({records / cpu:,.1f} per cpu-second)")
    print(f"text MB/s    {text_bytes / 1e6 / wall:.3f}   ({text_bytes / 1e6 / cpu:.3f} per cpu-second)")


if __name__ == "__main__":
    main()
