"""Recognising a request for personal data: tables of clear cases, the reasons, and the corpus."""

import csv
import dataclasses
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from dpassure.rights.recognition import KINDS, RIGHTS, Recognition, recognise

CORPUS = (
    Path(__file__).resolve().parents[2]
    / "src"
    / "dpassure"
    / "rights"
    / "data"
    / "recognition_corpus.csv"
)


def load_corpus():
    with CORPUS.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


# Texts here are not in the corpus.
@pytest.mark.parametrize(
    ("text", "right"),
    [
        ("Please can I have a copy of everything you hold on me.", "access"),
        ("I want the bodycam video of my arrest on 4 May.", "access"),
        ("Can I see what you have on my son?", "access"),
        ("I want the footage from the CCTV outside the shop where I was attacked", "access"),
        ("I was in a car crash and I want the police report.", "access"),
        ("Please tell me what is written about me in your records.", "access"),
        ("Please correct my date of birth on your records, it is wrong.", "rectification"),
        ("My PNC entry is inaccurate and I want it amended.", "rectification"),
        ("I want you to delete my data. I have a right to be forgotten.", "erasure"),
        ("Can you delete the photos of me from your Facebook page?", "erasure"),
        ("Please restrict processing of my data while you check it.", "restriction"),
        ("I object to you using my information for your surveys.", "objection"),
        ("Please send my data in a machine-readable format to my new employer.", "portability"),
        ("The decision about me was automated. I want a human to review it.", "automated_decision"),
    ],
)
def test_each_right(text, right):
    got = recognise(text)
    assert got.is_request, got
    assert (got.kind, got.right) == ("rights_request", right), got


@pytest.mark.parametrize(
    "text",
    [
        # plain English and poor spelling
        "wot u got on me",
        "hi wat do u hav on me",
        "all my stuff please",
        "give me my file",
        "subject acess request pls",
        "This is a data protection request.",
        "DSAR attached",
        "SAR",
        # on someone else's behalf
        "We act for Mr Jones and request his personal data. Authority enclosed.",
        "Our client requests his custody record.",
        "As her mum I want to see the CCTV of my daughter being arrested.",
        # a verbal request noted down by staff
        "Caller wants to know what we hold on him and asked for a copy.",
    ],
)
def test_requests_however_phrased_are_access(text):
    got = recognise(text)
    assert (got.is_request, got.kind, got.right) == (True, "rights_request", "access"), got


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Under the Freedom of Information Act how many CCTV cameras do you have?", "foi"),
        ("How many SARs did you get last year?", "foi"),
        ("What is your policy on body-worn video?", "foi"),
        ("Please provide the number of custody records created in 2024.", "foi"),
        ("I want to complain about PC Smith.", "complaint"),
        ("I want to make a complaint about the officer who arrested me.", "complaint"),
        ("You sent my personal data to the wrong address. I am furious.", "complaint"),
        ("I am still waiting for a response to my subject access request.", "complaint"),
        ("What are the opening times of the police station?", "enquiry"),
        ("How do I make a subject access request?", "enquiry"),
        ("How do I make a Freedom of Information request?", "enquiry"),
        ("Thank you to the officers who found my dog.", "enquiry"),
    ],
)
def test_other_kinds_are_not_requests(text, kind):
    got = recognise(text)
    assert (got.is_request, got.kind, got.right) == (False, kind, None), got


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("Send me a copy of everything you hold on me.", '"everything you hold on me"'),
        ("I write under the Data Protection Act 2018.", '"Data Protection Act"'),
        ("subject acess reqest for me", '"subject acess reqest"'),
        ("i want the vid from the body cam when they came to my house", '"vid" and "my house"'),
        ("Please erase my details.", '"erase"'),
        ("How many body-worn cameras do you have?", '"How many"'),
        ("I want to complain about my treatment.", '"I want to complain"'),
        # curly apostrophes and stray spaces are matched, but quoted as written
        ("I\u2019d like  everything you  hold on me.", '"everything you  hold on me"'),
        ("I\u2019d like my file.", '"I\u2019d like"'),
    ],
)
def test_reasons_quote_the_phrases_as_written(text, quoted):
    got = recognise(text)
    assert any(reason.startswith(f"mentions {quoted}") for reason in got.reasons), got.reasons


def test_every_quoted_phrase_is_in_the_text():
    for row in load_corpus():
        got = recognise(row["text"])
        assert got.reasons or not got.is_request, row["id"]
        for phrase in re.findall(r'"([^"]+)"', " ".join(got.reasons)):
            assert phrase in row["text"], (row["id"], phrase)


def test_result_shape():
    got = recognise("Please send me my custody record.")
    assert isinstance(got, Recognition)
    assert dataclasses.is_dataclass(got)
    with pytest.raises(dataclasses.FrozenInstanceError):
        got.is_request = False
    assert got.kind in KINDS and got.right in RIGHTS
    assert got.confidence in {"high", "medium", "low"}
    assert recognise("") == recognise("   ")
    assert recognise("").is_request is False


def test_confidence():
    assert recognise("Subject access request please.").confidence == "high"
    assert recognise("How many officers do you employ?").confidence == "high"


def test_pure_python_without_django():
    code = "import sys, dpassure.rights.recognition; sys.exit('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_corpus_shape():
    rows = load_corpus()
    assert len(rows) >= 320
    assert len({row["id"] for row in rows}) == len(rows)
    assert len({row["text"] for row in rows}) == len(rows)
    assert {row["label"] for row in rows} == set(KINDS)
    assert {row["split"] for row in rows} == {"tune", "holdout"}
    for row in rows:
        assert (row["right"] in RIGHTS) == (row["label"] == "rights_request"), row["id"]
        assert row["right"] or row["label"] != "rights_request"
    holdout = [row for row in rows if row["split"] == "holdout"]
    assert len(holdout) >= len(rows) / 4
    assert set(Counter(row["label"] for row in holdout)) == set(KINDS)
    share = sum(row["label"] == "rights_request" for row in rows) / len(rows)
    assert 0.5 <= share <= 0.6
    assert Counter(row["right"] for row in rows if row["right"]).most_common(1)[0][0] == "access"


def precision_recall(rows):
    tp = fp = fn = 0
    for row in rows:
        predicted = recognise(row["text"]).is_request
        actual = row["label"] == "rights_request"
        tp += predicted and actual
        fp += predicted and not actual
        fn += actual and not predicted
    return tp / (tp + fp), tp / (tp + fn)


@pytest.mark.parametrize("split", ["holdout", "all"])
def test_corpus_precision_and_recall(split):
    rows = [row for row in load_corpus() if split == "all" or row["split"] == split]
    precision, recall = precision_recall(rows)
    print(f"\n{split}: {len(rows)} rows, precision {precision:.3f}, recall {recall:.3f}")
    assert recall >= 0.95
    assert precision >= 0.90
