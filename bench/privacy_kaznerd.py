"""Person names in real Kazakh text: PERSON precision and recall on the KazNERD validation split.

KazNERD (ISSAI, CC BY 4.0; Yeshpanov, Khassanov, Varol, LREC 2022) is read from
`../shared/eval/kaznerd/IOB2_valid.txt` beside the repository (never copied, never committed,
never used to build lexicons). Each sentence is rebuilt as ordinary text (no space before a comma
or a closing quote), the default registry's `find_spans` runs over it (so overlaps with the other
kinds are settled as in production), and its `person_name` spans are compared with the PERSON
entities: exact (same first and last token) and partial (any overlap). A few misses and false
alarms are printed to show what goes wrong.

    .venv/bin/python bench/privacy_kaznerd.py [PATH] [--examples N]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from aqyl.privacy.detectors import find_spans

DEFAULT_PATH = Path(__file__).resolve().parents[1].parent / "shared/eval/kaznerd/IOB2_valid.txt"
KIND = "person_name"
NO_SPACE_BEFORE = frozenset({",", ".", "!", "?", ":", ";", ")", "»", "%", "…", "”"})
NO_SPACE_AFTER = frozenset({"(", "«", "“"})


@dataclass(frozen=True)
class Sentence:
    text: str
    persons: frozenset[tuple[int, int]]  # character spans of the PERSON entities


def read_sentences(path: Path) -> list[Sentence]:
    sentences: list[Sentence] = []
    tokens: list[tuple[str, str]] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.strip():
            token, tag = line.rsplit(" ", 1)
            tokens.append((token, tag))
        elif tokens:
            sentences.append(rebuild(tokens))
            tokens = []
    return sentences


def rebuild(tokens: list[tuple[str, str]]) -> Sentence:
    """The sentence as text, with the character span of each PERSON entity."""
    text = ""
    persons: set[tuple[int, int]] = set()
    current: tuple[int, int] | None = None
    previous = ""
    for token, tag in tokens:
        if text and token not in NO_SPACE_BEFORE and previous not in NO_SPACE_AFTER:
            text += " "
        start, end = len(text), len(text) + len(token)
        text += token
        previous = token
        if tag == "I-PERSON" and current is not None:
            current = (current[0], end)
            continue
        if current is not None:
            persons.add(current)
        current = (start, end) if tag in ("B-PERSON", "I-PERSON") else None
    if current is not None:
        persons.add(current)
    return Sentence(text, frozenset(persons))


def overlaps(span: tuple[int, int], others: frozenset[tuple[int, int]] | set[tuple[int, int]],
             ) -> bool:
    return any(span[0] < end and start < span[1] for start, end in others)


def ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--examples", type=int, default=12)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    if not args.path.exists():
        print(f"KazNERD validation split not found at {args.path}", file=sys.stderr)
        return 1
    sentences = read_sentences(args.path)
    find_spans("Нұрсұлтан Назарбаев")  # load the lexicons outside the timing
    began = time.perf_counter()
    predicted = [frozenset((s.start, s.end) for s in find_spans(sentence.text) if s.kind == KIND)
                 for sentence in sentences]
    elapsed = time.perf_counter() - began

    gold_total = sum(len(s.persons) for s in sentences)
    predicted_total = sum(len(p) for p in predicted)
    exact = sum(len(s.persons & p) for s, p in zip(sentences, predicted, strict=True))
    hit_predicted = sum(sum(overlaps(span, s.persons) for span in p)
                        for s, p in zip(sentences, predicted, strict=True))
    hit_gold = sum(sum(overlaps(span, p) for span in s.persons)
                   for s, p in zip(sentences, predicted, strict=True))
    characters = sum(len(s.text) for s in sentences)
    print(f"KazNERD validation: {len(sentences)} sentences, {characters} characters, "
          f"{gold_total} PERSON entities, {predicted_total} person_name spans")
    for label, tp_p, tp_r in (("exact", exact, exact), ("partial", hit_predicted, hit_gold)):
        precision, recall = ratio(tp_p, predicted_total), ratio(tp_r, gold_total)
        print(f"  {label:8s} precision {precision:.3f}  recall {recall:.3f}  "
              f"F1 {f1(precision, recall):.3f}")
    print(f"  find_spans (all kinds): {len(sentences) / elapsed:,.0f} sentences/s, "
          f"{characters / elapsed / 1e6:.2f} M characters/s")

    rng = random.Random(args.seed)
    misses = [(s.text, span) for s, p in zip(sentences, predicted, strict=True)
              for span in s.persons - p]
    alarms = [(s.text, span) for s, p in zip(sentences, predicted, strict=True)
              for span in p - s.persons]
    for title, cases in (("misses", misses), ("false alarms", alarms)):
        print(f"\n{title} ({len(cases)}), a sample:")
        for text, (start, end) in rng.sample(cases, min(args.examples, len(cases))):
            print(f"  [{text[start:end]}]  …{text[max(0, start - 40):start]}⟦"
                  f"{text[start:end]}⟧{text[end:end + 40]}…")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
