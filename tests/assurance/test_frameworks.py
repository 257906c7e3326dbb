"""Frameworks as data: the shipped files load, malformed files are refused precisely and
nothing is half-saved, loading is idempotent per key and version."""

import pytest
from django.core.management import CommandError, call_command

from dpassure.assurance.frameworks import (
    FrameworkFileError,
    load_bundled_frameworks,
    load_framework_file,
    load_framework_text,
)
from dpassure.assurance.models import Control, Framework, ScopeArea
from tests.factories import SMALL_FRAMEWORK

pytestmark = pytest.mark.django_db


def test_the_shipped_frameworks_load_with_a_mapped_onto_b():
    ico, policing = (result.framework for result in load_bundled_frameworks())
    assert ico.scope_areas.count() == 10
    assert ico.controls.count() == 75
    assert [a.title for a in policing.scope_areas.order_by("position")] == [
        "Information governance and accountability",
        "Data sharing",
        "Security",
        "Records management",
        "Requests for personal data",
    ]
    training = policing.controls.get(identifier="IG-06")
    assert training.live_metric == "training.completion_by_department"
    assert training.suggested_evidence
    assert {c.identifier for c in training.mappings.all()} == {"3.1", "3.4"}
    assert all(c.framework_id == ico.pk for c in training.mappings.all())
    unmapped = policing.controls.filter(mappings__isnull=True).values_list("identifier", flat=True)
    assert set(unmapped) == {"RQ-04", "RQ-05"}  # the free-text and upload questions only
    assert policing.controls.get(identifier="RQ-03").live_metric == "rights.on_time_rate"
    assert policing.controls.get(identifier="SEC-01").live_metric == "incidents.reported_within_72h"


def test_loading_again_changes_nothing():
    load_bundled_frameworks()
    counts = (Framework.objects.count(), Control.objects.count())
    results = load_bundled_frameworks()
    assert [r.created for r in results] == [False, False]
    assert (Framework.objects.count(), Control.objects.count()) == counts


def test_a_changed_file_under_the_same_version_is_refused():
    load_framework_text(SMALL_FRAMEWORK, name="f.yaml")
    changed = SMALL_FRAMEWORK.replace("A ROPA is kept.", "A ROPA is kept and reviewed.")
    with pytest.raises(FrameworkFileError, match="already loaded with different content"):
        load_framework_text(changed, name="f.yaml")
    new_version = changed.replace('version: "1"', 'version: "2"')
    assert load_framework_text(new_version, name="f.yaml").created


def _refused(text):
    with pytest.raises(FrameworkFileError) as caught:
        load_framework_text(text, name="bad.yaml")
    assert Framework.objects.count() == 0 and ScopeArea.objects.count() == 0
    return str(caught.value)


@pytest.mark.parametrize(
    "change, message",
    [
        (("key: test-framework", "key: Test Framework"), "bad.yaml: key: 'Test Framework' is not"),
        (("title: Test framework\n", ""), "bad.yaml: 'title' is missing"),
        (
            (
                "{id: G-1, title: Records of processing, expectation: A ROPA is kept.}",
                "{id: G-1, title: Records of processing}",
            ),
            "bad.yaml: scope_areas[0].controls[0]: 'expectation' is missing",
        ),
        (
            ("live_metric: training.completion_by_department", "live_metric: training.guess"),
            "scope_areas[0].controls[1].live_metric: 'training.guess' is not a live metric",
        ),
        (("id: S-2", "id: S-1"), "scope_areas[1].controls[1].id: control id 'S-1' is also used"),
        (("key: security", "key: governance"), "scope_areas[1].key: scope area key 'governance'"),
        (("answer: {kind: free_text}", "answer: {kind: choice}"), "'choices' is missing"),
        (("answer: {kind: free_text}", "answer: {kind: essay}"), "'essay' is not one of"),
        (("source: The tests.", "source: The tests.\ncolour: red"), "unknown field 'colour'"),
        (("title: Security\n", "title: ''\n"), "scope_areas[1].title: must not be empty"),
    ],
)
def test_malformed_files_are_refused_with_where_and_what(change, message):
    old, new = change
    assert old in SMALL_FRAMEWORK
    assert message in _refused(SMALL_FRAMEWORK.replace(old, new))


def test_invalid_yaml_names_the_line():
    text = _refused("key: a\nversion: [1\ntitle: x\n")
    assert text.startswith("bad.yaml: line") and "not valid YAML" in text


def test_a_document_that_is_not_a_mapping_is_refused():
    assert "must be a YAML mapping" in _refused("- just\n- a list\n")


def test_a_mapping_onto_a_framework_not_loaded_is_refused():
    text = SMALL_FRAMEWORK.replace(
        "expectation: Incidents are logged.}",
        "expectation: Incidents are logged., maps_to: [{framework: ico-accountability, "
        "controls: ['10.1']}]}",
    )
    assert "framework 'ico-accountability' is not loaded: load it first" in _refused(text)


def test_a_mapping_onto_an_unknown_control_is_refused():
    load_bundled_frameworks()
    before = Framework.objects.count()
    text = SMALL_FRAMEWORK.replace(
        "expectation: Incidents are logged.}",
        "expectation: Incidents are logged., maps_to: [{framework: ico-accountability, "
        "controls: ['10.1', '99.9']}]}",
    )
    with pytest.raises(
        FrameworkFileError,
        match=r"controls\[1\]: framework 'ico-accountability' "
        "has no control '99.9'",
    ):
        load_framework_text(text, name="bad.yaml")
    assert Framework.objects.count() == before


def test_every_problem_is_reported_at_once():
    text = SMALL_FRAMEWORK.replace("title: Test framework\n", "").replace("key: security", "key: X")
    assert _refused(text).count("bad.yaml:") == 2


def test_the_command_loads_and_refuses(tmp_path, capsys):
    good = tmp_path / "good.yaml"
    good.write_text(SMALL_FRAMEWORK, encoding="utf-8")
    call_command("load_framework", str(good))
    assert (
        "Loaded Test framework (version 1): 3 scope areas, 6 controls." in capsys.readouterr().out
    )
    call_command("load_framework", str(good))
    assert "already loaded: nothing changed" in capsys.readouterr().out
    bad = tmp_path / "bad.yaml"
    bad.write_text(SMALL_FRAMEWORK.replace('version: "1"', "version: 2.0.0 beta"), encoding="utf-8")
    with pytest.raises(
        CommandError, match="bad.yaml: version: '2.0.0 beta' is not in the expected"
    ):
        call_command("load_framework", str(bad))
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("load_framework", str(tmp_path / "missing.yaml"))
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("title: caf\xe9".encode("latin-1"))
    with pytest.raises(CommandError, match="is not UTF-8 text"):
        call_command("load_framework", str(latin))
    assert Framework.objects.count() == 1


def test_load_framework_file_reads_a_path(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_text(SMALL_FRAMEWORK, encoding="utf-8")
    assert load_framework_file(path).framework.key == "test-framework"
