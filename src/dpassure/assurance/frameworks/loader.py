"""Loading a framework file: parse, validate against :data:`.schema.SCHEMA`, check what a schema
cannot (unique keys, mappings that resolve), then save it all in one transaction or nothing.

Loading is idempotent per key and version: the same file again changes nothing; a different
file under a version already loaded is refused, since engagements rest on its controls.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction
from jsonschema import Draft202012Validator

from dpassure.assurance.frameworks.schema import SCHEMA

BUNDLED_DIR = Path(__file__).parent
#: Shipped frameworks, in loading order: a framework must be loaded before one mapping onto it.
BUNDLED = ("ico-accountability.yaml", "policing-dp-assurance.yaml")

_VALIDATOR = Draft202012Validator(SCHEMA)


class FrameworkFileError(ValueError):
    """A framework file that cannot be loaded: which file, where in it, and what is wrong."""

    def __init__(self, file: str, problems: list[tuple[str, str]]):
        self.file = file
        self.problems = problems
        lines = [
            f"{file}: {where}: {what}" if where else f"{file}: {what}" for where, what in problems
        ]
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class LoadResult:
    framework: object
    created: bool


def _where(path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _message(error) -> str:
    if error.validator == "additionalProperties":
        unknown = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return f"unknown field{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}"
    if error.validator == "required":
        return error.message.replace("is a required property", "is missing")
    if error.validator == "pattern":
        return f"{error.instance!r} is not in the expected form"
    if error.validator == "enum" and error.path and error.path[-1] == "live_metric":
        return f"{error.instance!r} is not a live metric DP Assure knows"
    if error.validator == "minLength":
        return "must not be empty"
    if error.validator == "minItems":
        return "must have at least one item" if error.validator_value == 1 else error.message
    if error.validator == "not":
        return "choices are only given when the answer kind is 'choice'"
    return error.message


def parse(text: str, *, name: str) -> dict:
    """The document in ``text``, valid against the schema, or :class:`FrameworkFileError`."""
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise FrameworkFileError(name, [(where, f"not valid YAML: {problem}")]) from None
    if not isinstance(document, dict):
        raise FrameworkFileError(
            name, [("", "the file must be a YAML mapping with key, version, …")]
        )
    errors = sorted(
        _VALIDATOR.iter_errors(document), key=lambda e: (list(map(str, e.path)), e.message)
    )
    if errors:
        raise FrameworkFileError(name, [(_where(e.path), _message(e)) for e in errors])
    problems = _check_unique(document)
    if problems:
        raise FrameworkFileError(name, problems)
    return document


def _check_unique(document: dict) -> list[tuple[str, str]]:
    problems, areas, controls = [], {}, {}
    for a, area in enumerate(document["scope_areas"]):
        where = f"scope_areas[{a}].key"
        if area["key"] in areas:
            problems.append(
                (where, f"scope area key {area['key']!r} is also used at {areas[area['key']]}")
            )
        areas.setdefault(area["key"], where)
        for c, control in enumerate(area["controls"]):
            where = f"scope_areas[{a}].controls[{c}].id"
            if control["id"] in controls:
                problems.append(
                    (
                        where,
                        f"control id {control['id']!r} is also used at {controls[control['id']]}",
                    )
                )
            controls.setdefault(control["id"], where)
    return problems


def _resolve_mappings(document: dict, *, name: str) -> dict[str, list]:
    """Control id → the controls it maps onto, from the latest loaded version of each framework."""
    from dpassure.assurance.models import Control, Framework

    problems, resolved, targets = [], {}, {}
    for a, area in enumerate(document["scope_areas"]):
        for c, control in enumerate(area["controls"]):
            for m, mapping in enumerate(control.get("maps_to", [])):
                where = f"scope_areas[{a}].controls[{c}].maps_to[{m}]"
                key = mapping["framework"]
                if key == document["key"]:
                    problems.append((f"{where}.framework", "a framework cannot map onto itself"))
                    continue
                if key not in targets:
                    framework = (
                        Framework.objects.filter(key=key).order_by("-created_at", "-id").first()
                    )
                    targets[key] = (
                        {x.identifier: x for x in Control.objects.filter(framework=framework)}
                        if framework
                        else None
                    )
                if targets[key] is None:
                    problems.append(
                        (f"{where}.framework", f"framework {key!r} is not loaded: load it first")
                    )
                    continue
                for i, identifier in enumerate(mapping["controls"]):
                    target = targets[key].get(identifier)
                    if target is None:
                        problems.append(
                            (
                                f"{where}.controls[{i}]",
                                f"framework {key!r} has no control {identifier!r}",
                            )
                        )
                    else:
                        resolved.setdefault(control["id"], []).append(target)
    if problems:
        raise FrameworkFileError(name, problems)
    return resolved


def load_framework_text(text: str, *, name: str) -> LoadResult:
    """Load one framework document; all of it is saved or none of it."""
    from dpassure.assurance.models import Control, Framework, ScopeArea

    document = parse(text, name=name)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    existing = Framework.objects.filter(key=document["key"], version=document["version"]).first()
    if existing is not None:
        if existing.file_sha256 == digest:
            return LoadResult(existing, created=False)
        raise FrameworkFileError(
            name,
            [
                (
                    "version",
                    f"version {document['version']!r} of {document['key']!r} is already loaded "
                    "with different content: give the changed framework a new version",
                )
            ],
        )
    mappings = _resolve_mappings(document, name=name)
    with transaction.atomic():
        framework = Framework(
            key=document["key"],
            version=document["version"],
            title=document["title"].strip(),
            source=document["source"].strip(),
            description=document.get("description", "").strip(),
            file_sha256=digest,
        )
        framework.full_clean()
        framework.save()
        for a, area_doc in enumerate(document["scope_areas"]):
            area = ScopeArea.objects.create(
                framework=framework,
                key=area_doc["key"],
                title=area_doc["title"].strip(),
                description=area_doc.get("description", "").strip(),
                position=a + 1,
            )
            for c, doc in enumerate(area_doc["controls"]):
                answer = doc.get("answer", {"kind": "yes_partly_no"})
                control = Control.objects.create(
                    framework=framework,
                    scope_area=area,
                    identifier=doc["id"],
                    title=doc["title"].strip(),
                    expectation=doc["expectation"].strip(),
                    guidance=doc.get("guidance", "").strip(),
                    suggested_evidence=[e.strip() for e in doc.get("suggested_evidence", [])],
                    live_metric=doc.get("live_metric", ""),
                    survey_question=doc.get("question", "").strip(),
                    answer_kind=answer["kind"],
                    answer_choices=answer.get("choices", []),
                    position=c + 1,
                )
                if doc["id"] in mappings:
                    control.mappings.set(mappings[doc["id"]])
    return LoadResult(framework, created=True)


def load_framework_file(path: str | Path) -> LoadResult:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise FrameworkFileError(str(path), [("", f"cannot be read: {error.strerror}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise FrameworkFileError(str(path), [("", "is not UTF-8 text")]) from None
    return load_framework_text(text, name=path.name)


def load_bundled_frameworks() -> list[LoadResult]:
    """The frameworks shipped with DP Assure, each loaded once (idempotent)."""
    return [load_framework_file(BUNDLED_DIR / name) for name in BUNDLED]
