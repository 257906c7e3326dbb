"""The JSON Schema every framework file must meet, and the live metrics a control may name.

A framework file is YAML: the framework's key, version, title and source; its scope areas in
order, each with its controls. A control may map onto controls of frameworks already loaded and
may name a live metric, a figure the organisation's own DP Assure registers supply.
"""

from __future__ import annotations

#: Figures an organisation's registers can supply as live evidence, by key.
LIVE_METRICS: dict[str, str] = {
    "training.completion_by_department": "Mandatory training completion by department",
    "training.induction_within_one_month": "New starters trained within a month of starting",
    "training.refresher_in_date": "Staff whose annual refresher training is in date",
    "rights.on_time_rate": "Requests for personal data answered within the statutory time",
    "rights.verbal_requests_recorded": "Requests made verbally, recorded like any other",
    "incidents.reported_within_72h": "Breaches reported to the ICO within 72 hours",
    "incidents.near_misses_recorded": "Near misses recorded with incidents",
    "spot_checks.completed": "Information security spot checks done and recorded",
}

_TEXT = {"type": "string", "minLength": 1, "pattern": r"\S"}
_KEY = {"type": "string", "pattern": r"^[a-z0-9]+(?:-[a-z0-9]+)*$", "maxLength": 80}

SCHEMA: dict = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["key", "version", "title", "source", "scope_areas"],
    "properties": {
        "key": _KEY,
        "version": {"type": "string", "pattern": r"^[0-9A-Za-z][0-9A-Za-z.\-]*$", "maxLength": 20},
        "title": {**_TEXT, "maxLength": 200},
        "source": _TEXT,
        "description": {"type": "string"},
        "scope_areas": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["key", "title", "controls"],
                "properties": {
                    "key": _KEY,
                    "title": {**_TEXT, "maxLength": 200},
                    "description": {"type": "string"},
                    "controls": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["id", "title", "expectation"],
                            "properties": {
                                "id": {
                                    "type": "string",
                                    "pattern": r"^[A-Za-z0-9][A-Za-z0-9.\-]*$",
                                    "maxLength": 30,
                                },
                                "title": {**_TEXT, "maxLength": 300},
                                "expectation": _TEXT,
                                "guidance": {"type": "string"},
                                "suggested_evidence": {"type": "array", "items": _TEXT},
                                "live_metric": {"type": "string", "enum": sorted(LIVE_METRICS)},
                                "question": _TEXT,
                                "answer": {
                                    "type": "object",
                                    "additionalProperties": False,
                                    "required": ["kind"],
                                    "properties": {
                                        "kind": {
                                            "enum": ["yes_partly_no", "choice", "free_text", "file"]
                                        },
                                        "choices": {
                                            "type": "array",
                                            "minItems": 2,
                                            "items": {**_TEXT, "maxLength": 200},
                                        },
                                    },
                                    "if": {"properties": {"kind": {"const": "choice"}}},
                                    "then": {"required": ["choices"]},
                                    "else": {"not": {"required": ["choices"]}},
                                },
                                "maps_to": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "additionalProperties": False,
                                        "required": ["framework", "controls"],
                                        "properties": {
                                            "framework": _KEY,
                                            "controls": {
                                                "type": "array",
                                                "minItems": 1,
                                                "items": {"type": "string", "minLength": 1},
                                            },
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}
