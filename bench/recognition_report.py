"""How well the rights-request recogniser does on its labelled corpus.

Run from the repository root:

    uv run python bench/recognition_report.py            # figures for tune, holdout and all
    uv run python bench/recognition_report.py --errors tune   # also list the rows it gets wrong

For each split it prints precision, recall and F1 of ``is_request``, a confusion table of the
kind (rights_request / foi / complaint / enquiry), and how often the right is named correctly
among the true requests that were recognised. Standard library only; no Django needed.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from dpassure.rights.recognition import KINDS, recognise  # noqa: E402

CORPUS = ROOT / "src" / "dpassure" / "rights" / "data" / "recognition_corpus.csv"


def load(path: Path = CORPUS) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def scores(rows: list[dict[str, str]]) -> dict[str, float]:
    """Precision, recall and F1 of is_request, plus kind and right accuracy."""
    tp = fp = fn = tn = kind_ok = right_ok = right_n = 0
    for row in rows:
        got = recognise(row["text"])
        actual = row["label"] == "rights_request"
        tp += got.is_request and actual
        fp += got.is_request and not actual
        fn += actual and not got.is_request
        tn += not actual and not got.is_request
        kind_ok += got.kind == row["label"]
        if actual and got.is_request:
            right_n += 1
            right_ok += got.right == row["right"]
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "rows": len(rows),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "kind_accuracy": kind_ok / len(rows) if rows else 0.0,
        "right_accuracy": right_ok / right_n if right_n else 0.0,
        "right_n": right_n,
    }


def confusion(rows: list[dict[str, str]]) -> str:
    counts = Counter((row["label"], recognise(row["text"]).kind) for row in rows)
    width = max(map(len, KINDS)) + 2
    lines = ["actual \\ predicted".ljust(width + 6) + "".join(k.rjust(width) for k in KINDS)]
    for actual in KINDS:
        cells = "".join(str(counts[actual, got]).rjust(width) for got in KINDS)
        lines.append(actual.ljust(width + 6) + cells)
    return "\n".join(lines)


def report(name: str, rows: list[dict[str, str]]) -> str:
    s = scores(rows)
    labels = Counter(row["label"] for row in rows)
    return "\n".join(
        [
            f"== {name}: {s['rows']} rows (" + ", ".join(f"{k} {labels[k]}" for k in KINDS) + ")",
            f"is_request  precision {s['precision']:.3f}  recall {s['recall']:.3f}  "
            f"F1 {s['f1']:.3f}  (TP {s['tp']}, FP {s['fp']}, FN {s['fn']}, TN {s['tn']})",
            f"kind accuracy {s['kind_accuracy']:.3f}; right accuracy among recognised "
            f"requests {s['right_accuracy']:.3f} (of {s['right_n']})",
            confusion(rows),
            "",
        ]
    )


def errors(rows: list[dict[str, str]]) -> str:
    out = []
    for row in rows:
        got = recognise(row["text"])
        if got.kind != row["label"] or (row["right"] and got.right != row["right"]):
            out.append(
                f"{row['id']} want {row['label']}/{row['right'] or '-'} got {got.kind}/"
                f"{got.right or '-'} score {got.score}\n    {row['text']}\n    "
                + "\n    ".join(got.reasons)
            )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", choices=["tune", "holdout", "all"], help="list mistakes")
    args = parser.parse_args(argv)
    rows = load()
    splits = {
        "tune": [r for r in rows if r["split"] == "tune"],
        "holdout": [r for r in rows if r["split"] == "holdout"],
        "all": rows,
    }
    for name, part in splits.items():
        print(report(name, part))
    if args.errors:
        print(errors(splits[args.errors]))


if __name__ == "__main__":
    main()
