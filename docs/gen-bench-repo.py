#!/usr/bin/env python3
"""Generate a content repository of N varied articles from the dev set.

usage: gen_repo.py SRC_DIR OUT_DIR [N]
Articles are Markdown (80%), plain text (10%) and HTML (10%), spread over
content/YYYY/MM/; each takes a source article, rotates its body paragraphs,
borrows a paragraph from another source and numbers its headline, so no two
files are identical. Deterministic (seeded).
"""
import html, os, random, sys
from pathlib import Path

src, out = Path(sys.argv[1]), Path(sys.argv[2])
n = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
rng = random.Random(2024)
sources = sorted(p for p in src.rglob("*.md"))
docs = []
for p in sources:
    text = p.read_text(encoding="utf-8")
    paras = [b for b in text.split("\n\n") if b.strip()]
    head = next((b for b in paras if b.startswith("# ")), paras[0])
    body = [b for b in paras if b is not head]
    docs.append((head.lstrip("# ").strip(), body))
for i in range(n):
    title, body = docs[i % len(docs)]
    body = list(body)
    k = rng.randrange(len(body)) if body else 0
    body = body[k:] + body[:k]
    other = docs[rng.randrange(len(docs))][1]
    if other:
        body.insert(rng.randrange(len(body) + 1), rng.choice(other))
    title = f"{title} ({i})"
    d = out / "content" / str(2015 + i % 10) / f"{1 + i % 12:02d}"
    d.mkdir(parents=True, exist_ok=True)
    kind = rng.random()
    if kind < 0.8:
        (d / f"article-{i}.md").write_text(f"# {title}\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
    elif kind < 0.9:
        (d / f"article-{i}.txt").write_text(f"{title}\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
    else:
        ps = "\n".join(f"<p>{html.escape(b)}</p>" for b in body)
        (d / f"article-{i}.html").write_text(
            f"<!DOCTYPE html>\n<html><head><title>{html.escape(title)}</title></head>\n"
            f"<body><article><h1>{html.escape(title)}</h1>\n{ps}\n</article></body></html>\n",
            encoding="utf-8")
(out / "README.md").write_text("generated benchmark repository\n")
