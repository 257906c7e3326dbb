"""``{% assurance_definitions %}``: rating and priority definitions, wherever they are chosen."""

from django import template

from dpassure.assurance.choices import AssuranceLevel, Priority
from dpassure.rules import assurance as rules

register = template.Library()


@register.inclusion_tag("assurance/_assurance_definitions.html")
def assurance_definitions(open_definitions=False):
    return {
        "open_definitions": open_definitions,
        "definitions": {
            "ratings": [
                (level.label, rules.RATING_DEFINITIONS[rules.AssuranceLevel(level)])
                for level in AssuranceLevel
            ],
            "priorities": [
                (p.label, rules.PRIORITY_DEFINITIONS[rules.Priority(p)]) for p in Priority
            ],
            "caveat": rules.PRIORITY_CAVEAT,
        },
    }
