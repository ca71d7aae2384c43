"""Extraction throughput and memory, against the bare tokenizer on the same corpus.

Builds a corpus of N articles of about 600 words from the devset and example articles
(paragraphs reshuffled with a fixed seed), then in one run measures:
- the bare tokenizer (spaCy's blank English tokenizer, if spaCy is installed; a regex
  tokenizer always) over the corpus;
- the full extraction pipeline over the corpus, on one core (one process);
- peak memory (tracemalloc peak of the extraction loop, and the process's peak RSS).

Figures are reported as articles per second and as the ratio to the tokenizer, since the
machines are noisy: compare ratios, not seconds.

Run: python benchmarks/extract_bench.py --articles 1000
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from incidentwatch.extraction import build_pipeline  # noqa: E402
from incidentwatch.models import RawArticle  # noqa: E402

WORDS_PER_ARTICLE = 600


def source_paragraphs() -> list[str]:
    paragraphs: list[str] = []
    for path in sorted((ROOT / "devset" / "articles").glob("*.txt")):
        paragraphs.extend(p.strip() for p in path.read_text(encoding="utf-8").split("\n\n")[1:] if len(p.split()) > 12)
    examples = ROOT / "incidentwatch" / "examples" / "articles.jsonl"
    for line in examples.read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        paragraphs.extend(p.strip() for p in text.split("\n\n")[1:] if len(p.split()) > 12)
    return paragraphs


def build_corpus(n: int, seed: int = 7, *, lazy: bool = False):
    """N articles of about 600 words; ``lazy`` yields them one by one (memory stays flat)."""
    articles = _generate(n, seed)
    return articles if lazy else list(articles)


def _generate(n: int, seed: int):
    rng = random.Random(seed)
    paragraphs = source_paragraphs()
    for i in range(n):
        body: list[str] = []
        words = 0
        while words < WORDS_PER_ARTICLE:
            p = rng.choice(paragraphs)
            body.append(p)
            words += len(p.split())
        published = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        yield RawArticle(id=f"bench-{i}", text=f"Headline number {i}\n\n" + "\n\n".join(body), published=date.fromisoformat(published))


def time_it(fn, corpus) -> float:
    start = time.perf_counter()
    for article in corpus:
        fn(article)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    corpus = build_corpus(args.articles)
    words = sum(len(a.text.split()) for a in corpus) / len(corpus)
    results: dict[str, object] = {"articles": len(corpus), "mean_words": round(words)}

    token_rx = re.compile(r"\w+|[^\w\s]")
    regex_s = time_it(lambda a: token_rx.findall(a.text), corpus)
    results["regex_tokenizer_articles_per_s"] = round(len(corpus) / regex_s, 1)
    try:
        import spacy

        nlp = spacy.blank("en")
        spacy_s = time_it(lambda a: nlp.tokenizer(a.text), corpus)
        results["spacy_tokenizer_articles_per_s"] = round(len(corpus) / spacy_s, 1)
    except ImportError:
        spacy_s = None
        results["spacy_tokenizer_articles_per_s"] = None

    pipeline = build_pipeline()
    pipeline(corpus[0])  # warm the compiled patterns
    extract_s = time_it(pipeline, corpus)
    # memory in a second pass: tracemalloc slows Python down several times, so it is not timed
    tracemalloc.start()
    time_it(pipeline, corpus[: min(len(corpus), 200)])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    results["extract_articles_per_s"] = round(len(corpus) / extract_s, 1)
    results["extract_vs_spacy_tokenizer"] = round(spacy_s / extract_s, 3) if spacy_s else None
    results["extract_vs_regex_tokenizer"] = round(regex_s / extract_s, 3)
    results["tracemalloc_peak_mib"] = round(peak / 2**20, 1)
    results["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)

    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for k, v in results.items():
            print(f"{k:34} {v}")


if __name__ == "__main__":
    main()
