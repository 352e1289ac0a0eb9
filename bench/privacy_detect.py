"""Personal-data detection: quality per type, speed against Microsoft Presidio, column scanning.

One run prints three figures, side by side:

1. Quality on the labelled set of `privacy_eval_data` (generated from a seed, never stored):
   precision and recall per type on its tables (each column classified by
   `classify_arrow_column`) and on its kk/ru/mixed texts (`find_spans`; a span counts when its
   type and exact offsets match; the partial figures count any overlap of the same type).
   Targets: IIN, BIN, phone, e-mail, card and IBAN at or above 0.99 precision and recall,
   person names at or above 0.9.
2. Presidio on the same texts: an AnalyzerEngine over a blank spaCy pipeline (its default
   English model is a download), with its own e-mail, card, IBAN and phone recognisers and the
   pattern recognisers a user would write for IIN, BIN, KZ phones, ID card, passport and plate.
   It lives in its own virtualenv (`.tools/bench-presidio`, made once from the pinned
   `bench/requirements-presidio.txt` with the project's uv), never in the project's, and runs in
   a subprocess. Throughput of both (texts/s, MB/s) and the ratio (target >= 20x), and F1 per
   Kazakhstan type for both.
3. Column scanning: a generated 1,000,000-row x 20-column table (cached in the temp folder),
   every column classified; target: scanned and a policy applied in under 20 s.

The machine may be shared: timings are noisy, ratios measured in one run are what count.

    .venv/bin/python bench/privacy_detect.py
    .venv/bin/python bench/privacy_detect.py --texts 500 --rows 100000 --no-presidio
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
from contender_venv import contender_python
from privacy_eval_data import KINDS, LabelledText, eval_tables, eval_texts
from privacy_scan_table import scan_table

from aqyl.privacy.detectors import DEFAULT, classify_arrow_column, find_spans

ROOT = Path(__file__).resolve().parent.parent
PRESIDIO_VENV = ROOT / ".tools" / "bench-presidio"
PRESIDIO_REQUIREMENTS = Path(__file__).with_name("requirements-presidio.txt")
TARGETS = {"iin": 0.99, "bin": 0.99, "phone": 0.99, "email": 0.99, "card": 0.99, "iban": 0.99,
           "person_name": 0.9}
SPEED_TARGET, SCAN_TARGET = 20.0, 20.0
# Presidio's entity names for ours; it has nothing for birth dates (its DATE_TIME is any
# date), addresses or, without an NER model, names
PRESIDIO_KINDS = {"KZ_IIN": "iin", "KZ_BIN": "bin", "PHONE_NUMBER": "phone",
                  "EMAIL_ADDRESS": "email", "CREDIT_CARD": "card", "IBAN_CODE": "iban",
                  "KZ_ID_CARD": "id_card", "KZ_PASSPORT": "passport",
                  "KZ_VEHICLE_PLATE": "vehicle_plate"}
KZ_TYPES = ("iin", "bin", "phone", "email", "card", "iban", "id_card", "passport",
            "vehicle_plate", "birth_date", "address", "person_name")

Spans = set[tuple[str, int, int]]


@dataclass
class Counts:
    gold: int = 0
    found: int = 0
    exact: int = 0
    found_overlapping: int = 0
    gold_overlapped: int = 0
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    def precision(self) -> float:
        return self.exact / self.found if self.found else 1.0 if not self.gold else 0.0

    def recall(self) -> float:
        return self.exact / self.gold if self.gold else 1.0

    def f1(self) -> float:
        p, r = self.precision(), self.recall()
        return 2 * p * r / (p + r) if p + r else 0.0


def score_texts(texts: list[LabelledText], found: list[Spans]) -> dict[str, Counts]:
    """Exact and overlapping matches per type; a few misses and false alarms to show."""
    counts = {kind: Counts() for kind in KINDS}
    for sample, spans in zip(texts, found, strict=True):
        gold = set(sample.spans)
        for kind, start, end in gold:
            count = counts[kind]
            count.gold += 1
            if (kind, start, end) in spans:
                count.exact += 1
            elif len(count.misses) < 4:
                got = [sample.text[s:e] for k, s, e in spans if k == kind and s < end and start < e]
                count.misses.append(f"{sample.text[start:end]!r} (found {got})")
            if any(k == kind and s < end and start < e for k, s, e in spans):
                count.gold_overlapped += 1
        for kind, start, end in spans:
            if kind not in counts:
                continue
            count = counts[kind]
            count.found += 1
            if any(k == kind and s < end and start < e for k, s, e in gold):
                count.found_overlapping += 1
            elif len(count.false_alarms) < 4:
                count.false_alarms.append(f"{sample.text[start:end]!r} in "
                                          f"{sample.text[max(0, start - 30):end + 20]!r}")
    return counts


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def print_quality(title: str, counts: dict[str, Counts], *, partial: bool) -> None:
    print(f"\n{title}")
    extra = f" {'P~':>6} {'R~':>6}" if partial else ""
    print(f"{'type':14} {'gold':>6} {'found':>6} {'P':>6} {'R':>6} {'F1':>6}{extra}  target")
    for kind, count in counts.items():
        target = TARGETS.get(kind)
        judged = (f">= {target:g}: {verdict(min(count.precision(), count.recall()) >= target)}"
                  if target else "")
        extra = ""
        if partial:
            overlap_p = count.found_overlapping / count.found if count.found else 1.0
            overlap_r = count.gold_overlapped / count.gold if count.gold else 1.0
            extra = f" {overlap_p:6.3f} {overlap_r:6.3f}"
        print(f"{kind:14} {count.gold:6} {count.found:6} {count.precision():6.3f} "
              f"{count.recall():6.3f} {count.f1():6.3f}{extra}  {judged}")


def print_examples(counts: dict[str, Counts]) -> None:
    for kind, count in counts.items():
        for miss in count.misses[:2]:
            print(f"  {kind} missed: {miss}")
        for alarm in count.false_alarms[:2]:
            print(f"  {kind} false alarm: {alarm}")


def table_quality(seed: int) -> None:
    columns = eval_tables(seed=seed)
    counts = {kind: Counts() for kind in KINDS}
    wrong: list[str] = []
    started = time.perf_counter()
    for column in columns:
        finding = classify_arrow_column(column.name, pa.array(column.values, pa.string()))
        predicted = finding.kind if finding else None
        if column.kind:
            counts[column.kind].gold += 1
        if predicted:
            counts[predicted].found += 1
        if predicted and predicted == column.kind:
            counts[predicted].exact += 1
        elif predicted or column.kind:
            wrong.append(f"{column.name!r} ({column.kind or 'none'}) classified as "
                         f"{predicted or 'none'}"
                         + (f" ({finding.confidence})" if finding else ""))
    seconds = time.perf_counter() - started
    labelled = sum(1 for column in columns if column.kind)
    print_quality(f"Tables: {len(columns)} columns of {len(columns[0].values)} rows "
                  f"({labelled} personal, {len(columns) - labelled} not), classified in "
                  f"{seconds:.2f} s", counts, partial=False)
    for line in wrong:
        print(f"  {line}")


def aqyl_spans(texts: Iterable[str]) -> list[Spans]:
    return [{(s.kind, s.start, s.end) for s in find_spans(text)} for text in texts]


def time_aqyl(texts: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of `find_spans` over the texts, after a warm-up."""
    aqyl_spans(texts[:50])
    wall, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        find_spans(text)
    return time.perf_counter() - wall, time.process_time() - cpu


def time_per_kind(texts: list[str]) -> str:
    """Where aqyl's time goes: CPU microseconds per text of each detector's `find`."""
    parts = []
    for detector in DEFAULT:
        cpu = time.process_time()
        for text in texts:
            list(detector.find(text))
        parts.append(f"{detector.kind} {(time.process_time() - cpu) / len(texts) * 1e6:.1f}")
    return ", ".join(parts)


PRESIDIO = r'''
import json, sys, time, warnings
warnings.filterwarnings("ignore")
import spacy
from presidio_analyzer import AnalyzerEngine, Pattern, PatternRecognizer, RecognizerRegistry
from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer, EmailRecognizer, IbanRecognizer, PhoneRecognizer)

LANG = "kk"  # spaCy has no Kazakh: the blank multi-language tokenizer serves kk, ru and mixed

class BlankNlpEngine(SpacyNlpEngine):
    """SpacyNlpEngine over an already built blank pipeline: nothing is downloaded."""
    def __init__(self, nlp):
        super().__init__(models=[{"lang_code": LANG, "model_name": "blank-xx"}],
                         ner_model_configuration=NerModelConfiguration())
        self.nlp = {LANG: nlp}

def pattern(entity, regex, score, context):
    return PatternRecognizer(supported_entity=entity, patterns=[Pattern(entity, regex, score)],
                             context=context, supported_language=LANG)

registry = RecognizerRegistry(supported_languages=[LANG])
for recognizer in (
    EmailRecognizer(supported_language=LANG),
    CreditCardRecognizer(supported_language=LANG),
    IbanRecognizer(supported_language=LANG),
    PhoneRecognizer(supported_language=LANG, supported_regions=("KZ",)),
    pattern("PHONE_NUMBER",
            r"(?<![\d+])(?:\+7|8)[ -]?\(?7\d{2,3}\)?[ -]?\d{2,3}[ -]?\d{2}[ -]?\d{2}(?!\d)",
            0.5, ["телефон", "тел", "phone", "моб", "байланыс"]),
    pattern("KZ_IIN", r"\b\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[1-6]\d{5}\b", 0.5,
            ["иин", "жсн", "iin"]),
    pattern("KZ_BIN", r"\b\d{2}(?:0[1-9]|1[0-2])[4-6][0-3]\d{6}\b", 0.5, ["бин", "бсн", "bin"]),
    pattern("KZ_ID_CARD", r"\b\d{9}\b", 0.3, ["удостоверение", "куәлік", "id card"]),
    pattern("KZ_PASSPORT", r"\b[NН]\d{8}\b", 0.5, ["паспорт", "төлқұжат", "passport"]),
    pattern("KZ_VEHICLE_PLATE", r"\b\d{3} ?[A-Z]{2,3} ?(?:0[1-9]|1\d|20)\b", 0.5,
            ["госномер", "нөмір", "автомобиль", "көлік", "plate"]),
):
    registry.add_recognizer(recognizer)
analyzer = AnalyzerEngine(nlp_engine=BlankNlpEngine(spacy.blank("xx")), registry=registry,
                          supported_languages=[LANG])
texts = json.load(open(sys.argv[1], encoding="utf-8"))
for text in texts[:50]:
    analyzer.analyze(text, language=LANG)
started, cpu = time.perf_counter(), time.process_time()
results = [analyzer.analyze(text, language=LANG) for text in texts]
seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
from importlib.metadata import version
print(json.dumps({"seconds": seconds, "cpu": cpu, "version": version("presidio-analyzer"),
    "spacy": spacy.__version__,
    "results": [[[r.entity_type, r.start, r.end] for r in found] for found in results]}))
'''


def presidio_python() -> Path | None:
    """The bench's own Presidio virtualenv, made on first use; None if it cannot be."""
    return contender_python(PRESIDIO_VENV, PRESIDIO_REQUIREMENTS, "Presidio")


def run_presidio(python: Path, texts: list[str]) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as out:
        json.dump(texts, out, ensure_ascii=False)
    # the bundled public-suffix snapshot, not a download, for its e-mail recogniser
    env = {**os.environ, "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS": ""}
    try:
        done = subprocess.run([str(python), "-c", PRESIDIO, out.name], check=True,
                              capture_output=True, text=True, env=env)
    finally:
        Path(out.name).unlink()
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def presidio_spans(results: list[list[list[Any]]]) -> list[Spans]:
    """Presidio's findings as ours; of overlapping findings of one type the longest stays."""
    spans: list[Spans] = []
    for found in results:
        mapped = sorted(((PRESIDIO_KINDS[e], s, t) for e, s, t in found if e in PRESIDIO_KINDS),
                        key=lambda span: span[1] - span[2])
        kept: Spans = set()
        for kind, start, end in mapped:
            if not any(k == kind and s < end and start < e for k, s, e in kept):
                kept.add((kind, start, end))
        spans.append(kept)
    return spans


def text_quality_and_speed(args: argparse.Namespace) -> None:
    samples = eval_texts(seed=args.seed, count=args.texts)
    texts = [sample.text for sample in samples]
    megabytes = sum(len(text.encode()) for text in texts) / 2**20
    ours = score_texts(samples, aqyl_spans(texts))
    languages = Counter(sample.language for sample in samples)
    print_quality(f"Texts: {len(texts)} ({', '.join(f'{n} {k}' for k, n in languages.items())}"
                  f"; {megabytes:.2f} MB); P~/R~: partial overlap of the same type", ours,
                  partial=True)
    print_examples(ours)
    aqyl_runs = [time_aqyl(texts)]
    python = None if args.no_presidio else presidio_python()
    if python is None:
        wall, cpu = aqyl_runs[0]
        print(f"\naqyl: {len(texts) / wall:,.0f} texts/s, {megabytes / wall:.2f} MB/s "
              f"({len(texts) / cpu:,.0f} texts/s of CPU); Presidio: skipped")
        print(f"  CPU us/text per kind: {time_per_kind(texts)}")
        return
    theirs = run_presidio(python, texts)
    aqyl_runs += [time_aqyl(texts), time_aqyl(texts)]  # around Presidio's run: same machine
    ours_s = statistics.median(run[0] for run in aqyl_runs)
    ours_cpu = statistics.median(run[1] for run in aqyl_runs)
    theirs_s, theirs_cpu = theirs["seconds"], theirs["cpu"]
    print(f"\nSpeed on the same {len(texts)} texts ({megabytes:.2f} MB), after a warm-up "
          "(wall clock; CPU time of each process in brackets, steadier on a shared machine):")
    print(f"  aqyl find_spans (12 kinds): {len(texts) / ours_s:8,.0f} texts/s "
          f"{megabytes / ours_s:6.2f} MB/s ({len(texts) / ours_cpu:,.0f} texts/s of CPU)")
    print(f"  Presidio {theirs['version']} (spaCy {theirs['spacy']} blank 'xx', 9 types): "
          f"{len(texts) / theirs_s:6,.0f} texts/s {megabytes / theirs_s:6.2f} MB/s "
          f"({len(texts) / theirs_cpu:,.0f} texts/s of CPU)")
    ratio, cpu_ratio = theirs_s / ours_s, theirs_cpu / ours_cpu
    print(f"  aqyl / Presidio throughput {ratio:.1f}x ({cpu_ratio:.1f}x in CPU time): "
          f"{verdict(ratio >= SPEED_TARGET)} (target >= {SPEED_TARGET:g}x)")
    print(f"  aqyl CPU us/text per kind: {time_per_kind(texts)}")
    presidio = score_texts(samples, presidio_spans(theirs["results"]))
    print(f"\nF1 per Kazakhstan type on the same texts (exact offsets; partial overlap in "
          f"brackets):\n{'type':14} {'aqyl':>14} {'Presidio':>14}")
    for kind in KZ_TYPES:
        a = ours[kind]
        a_text = f"{a.f1():.3f} ({_overlap_f1(a):.3f})"
        if kind in PRESIDIO_KINDS.values():
            p = presidio[kind]
            p_text = f"{p.f1():.3f} ({_overlap_f1(p):.3f})"
        else:
            p_text = "n/a"
        print(f"{kind:14} {a_text:>14} {p_text:>14}")
    print_examples({k: v for k, v in presidio.items() if k in PRESIDIO_KINDS.values()})


def _overlap_f1(count: Counts) -> float:
    p = count.found_overlapping / count.found if count.found else 1.0
    r = count.gold_overlapped / count.gold if count.gold else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


def time_policy_step(table: pa.Table, findings: dict[str, str]) -> float | None:
    """Seconds to apply a policy to every column found: to be timed once the policy engine
    (aqyl.privacy.apply) settles; until then None, and the scan alone is timed."""
    del table, findings
    return None


def column_scan(rows: int) -> None:
    table, ready = scan_table(rows)
    print(f"\nColumn scan: {table.num_rows:,} rows x {table.num_columns} columns "
          f"({table.nbytes / 2**20:.0f} MB in Arrow, ready in {ready:.0f} s)")
    started, cpu = time.perf_counter(), time.process_time()
    findings: dict[str, str] = {}
    per_column: list[tuple[float, str]] = []
    for name in table.column_names:
        begun = time.perf_counter()
        finding = classify_arrow_column(name, table[name])
        per_column.append((time.perf_counter() - begun, name))
        findings[name] = f"{finding.kind} ({finding.confidence})" if finding else "-"
    scan, scan_cpu = time.perf_counter() - started, time.process_time() - cpu
    print("  " + ", ".join(f"{name}={kind}" for name, kind in findings.items()))
    slowest = ", ".join(f"{name} {seconds:.2f} s" for seconds, name in sorted(per_column)[-4:])
    print(f"  scan (classify every column): {scan:.1f} s ({scan_cpu:.1f} s of CPU); slowest: "
          f"{slowest}")
    policy = time_policy_step(table, findings)
    if policy is None:
        print(f"  policy step: not timed yet (time_policy_step); scan alone "
              f"{verdict(scan < SCAN_TARGET)} against the target < {SCAN_TARGET:g} s for scan "
              f"and policy")
    else:
        total = scan + policy
        print(f"  scan + policy: {total:.1f} s: {verdict(total < SCAN_TARGET)} "
              f"(target < {SCAN_TARGET:g} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--texts", type=int, default=3000, help="evaluation sentences")
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the scanned table")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-presidio", action="store_true", help="leave Presidio out")
    parser.add_argument("--no-scan", action="store_true", help="leave the column scan out")
    args = parser.parse_args()
    table_quality(args.seed)
    text_quality_and_speed(args)
    if not args.no_scan:
        column_scan(args.rows)


if __name__ == "__main__":
    main()
