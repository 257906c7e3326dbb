"""Recognise a request for personal data in free text: a letter, email, DM or call note.

Staff paste what arrived; ``recognise(text)`` says whether it is a data protection rights
request (there is no prescribed form or wording, and a verbal request counts), which right it
exercises, and quotes the phrases that show it. It tells requests apart from Freedom of
Information requests (information about the organisation rather than about the writer),
complaints (which may mention data without asking for it) and general enquiries.

It is a transparent rule-based scorer: every cue below is a family of regular expressions with a
weight. The families found in the text are added up; a request needs a positive score of at
least ``THRESHOLD`` *and* at least one cue that ties it to someone's own data (the ``GATE``
families, or a right such as "correct" or "delete" said by the writer about themselves). Every
cue that fired is reported with the words it matched, so a member of staff can see why. It is
an aid to recognition, not a decision: a person still reads the text. Pure Python, standard
library only; no Django import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

RIGHTS = (
    "access",
    "rectification",
    "erasure",
    "restriction",
    "objection",
    "portability",
    "automated_decision",
)
KINDS = ("rights_request", "foi", "complaint", "enquiry")
THRESHOLD = 3.0

# ---------------------------------------------------------------------------------------------
# Shared vocabulary. Spelling is forgiving: "u/ur", "info", "recods", "persnal", "vid".
# ---------------------------------------------------------------------------------------------

# Whose data: the writer, or the person they act for (parents, attorneys, solicitors).
_RELATIVE = r"(?:son|daughter|child|mum|mother|dad|father|husband|wife|partner|brother|sister)"
_SELF = rf"(?:me|myself|us|him|her|our client|my client|my {_RELATIVE})"
_POSSESSIVE = r"(?:my|his|her|our client'?s|my client'?s)"
# Things a police force or OPCC records about people.
_ITEM = (
    r"(?:body[- ]?(?:worn|cam)\w*(?: (?:video|camera|footage))?|bwv|cctv|footage|videos?|vids?"
    r"|(?:audio )?recordings?|(?:999|101) call|custody (?:record|cctv|photo\w*)|detention log"
    r"|pnc(?: record| printout| entries)?|police national computer|police record|intel\w*"
    r"|(?:pocket )?notebooks?|notes|(?:witness )?statements?|interview (?:recording|tapes?)"
    r"|(?:crime|police|collision|accident) report|incident log|stop and search record"
    r"|photo(?:graph)?s|fingerprints|dna"
    r"|anpr data|audit log|personnel file|hr (?:file|record)|vetting(?: file| records)?"
    r"|occupational health records|complaint file|sickness absence records)"
)
# The same, plus the general words people use for "what you hold on me".
_DATA = (
    rf"(?:pers\w*nal (?:data|information|info|details)|data|info(?:rmation)?|rec(?:or|o|ro)?ds?"
    rf"|files?|details|emails?|correspondence|documents|stuff|{_ITEM})"
)
# Words that make the writer part of the thing recorded.
_SELF_IN_EVENT = (
    rf"\b(?:{_POSSESSIVE} {_RELATIVE}|(?:my|her|his|our) (?:home|house|flat|address|car)"
    r"|our client|my client|i was|i am|i'm|i made|i gave|i called|i reported|i rang"
    r"|(?:she|he) made|(?:she|he) (?:is|was) in|(?<!tell )(?<!send )(?<!give )me|my|myself)\b"
)

# ---------------------------------------------------------------------------------------------
# Cue families: name -> (weight, why, patterns). Positive weights point to a rights request,
# negative ones away from it. Each family counts once, quoting its earliest match.
# ---------------------------------------------------------------------------------------------

REQUEST_CUES: dict[str, tuple[float, str, tuple[str, ...]]] = {
    # Names the request outright, misspelt or abbreviated ("subject acess reqest", "DSAR").
    "named": (
        4.0,
        "names a rights request",
        (
            r"\bsub?je?ct\s+(?>ac+c?es+)(?!\s*re?q\w*s\b)(?:\s+re?q\w*)?",
            r"\bd?sar\b(?!s)",
            r"\bdata (?:protection|subject) (?:access )?request\b(?!s)",
            r"\bright (?:of|to) (?:access|erasure|rectification|restriction|object"
            r"|data portability|be forgotten)\b",
            r"\bmy right to (?:see|access|a copy)\b",
        ),
    ),
    # Cites the law that gives the rights.
    "law": (
        2.0,
        "cites data protection law",
        (
            r"\bdata protection act\b",
            r"\b(?:uk )?gdpr\b",
            r"\bart(?:icle|\.)? ?(?:1[5-9]|2[0-2])\b",
            r"\bsection (?:45|46|47|48|49|50)\b",
            r"\bunder (?:the )?data protection(?: law| rules)?\b(?! act)",
        ),
    ),
    # "what you hold on me", "everything you have about me", "footage of me".
    "about_me": (
        3.0,
        "asks what is held about the writer",
        (
            rf"\b(?:{_DATA}|what|everything|anything|all)\b[^.?!\n]{{0,50}}?"
            rf"\b(?:on|about|of|relating to|relate to|regarding|concerning|in respect of"
            rf"|mentions?|refer to|that refer to|under)\s+{_SELF}\b",
            r"\bwhat(?:'s| is| they| it)? (?:on|in) my (?:file|record)",
            rf"\b(?:wot|wat|what)\b[^.?!\n]{{0,30}}\b(?:got|have|hav|hold|keep)\s+"
            rf"(?:on|about)\s+{_SELF}\b",
        ),
    ),
    # "my custody record", "all my stuff", "her personal data".
    "my_data": (
        2.0,
        "refers to the writer's own records",
        (rf"\b{_POSSESSIVE}\s+(?:['\w-]+\s+){{0,3}}?{_DATA}\b",),
    ),
    # A record of an event the writer was part of: "the CCTV ... when I was assaulted".
    "own_event": (
        2.0,
        "asks for a record of an event the writer was in",
        (
            rf"\b(?P<item>{_ITEM})\b[^\n]{{0,60}}(?P<who>{_SELF_IN_EVENT})",
            rf"(?P<who>{_SELF_IN_EVENT})[^\n]{{0,60}}\b(?P<item>{_ITEM})\b",
            r"\b(?:filmed|recorded|photographed|videoed) (?:me|him|her|my \w+)\b",
        ),
    ),
    # Made for someone else: solicitors, advocates, parents, attorneys. Still a request.
    "third_party": (
        1.0,
        "made on someone's behalf",
        (
            r"\bwe act for\b|\bacting for\b|\bon behalf of\b|\bour client\b"
            r"|\b(?:form of |signed )?(?:authority|consent|mandate) (?:is )?(?:enclosed|attached)"
            r"|\bpower of attorney\b",
        ),
    ),
    # Mentions records or data at all (not enough on its own).
    "data_word": (1.0, "mentions records or data", (rf"\b(?!data protection){_DATA}\b",)),
    # Asking for something: a copy, to see, to have.
    "ask": (
        1.0,
        "asks for something",
        (
            r"\b(?:i (?:want|would like|wish|need|request|hereby request|am requesting"
            r"|am asking)|i'd like|can i|could i|may i|please|pls|plz|send me|give me"
            r"|provide me|copy|copies|how (?:do|can) i get|is there any way|get hold of"
            r"|obtain|disclos\w+)\b",
        ),
    ),
}

# Cues that point away from a rights request, and which kind they point to.
OTHER_CUES: dict[str, tuple[str, float, str, tuple[str, ...]]] = {
    # Names the Freedom of Information regime.
    "foi_named": (
        "foi",
        -5.0,
        "names a Freedom of Information request",
        (
            r"\bfreedom of information\b",
            r"\bfoia?\b",
            r"\benvironmental information regulations\b",
            r"\brequest for information\b",
        ),
    ),
    # Figures about the organisation, not about the writer.
    "foi_figures": (
        "foi",
        -2.0,
        "asks for figures",
        (
            r"\bhow (?:many|much)\b",
            r"\b(?:the |total )?number of\b",
            r"\bstatistics\b",
            r"\bbreak ?down\b|\bbroken down\b",
            r"\baverage\b",
            r"\btotal (?:spent|cost|number)\b",
        ),
    ),
    # Documents about how the organisation works.
    "foi_org": (
        "foi",
        -2.0,
        "asks about the organisation",
        (
            r"\b(?:your |the force'?s |the opcc'?s )?(?:[\w-]+ )?polic(?:y|ies)\b",
            r"\bminutes\b|\bcontracts?\b|\bprocurement\b|\bbudget\b|\bexpenses\b|\bspent\b"
            r"|\bspends?\b|\bcost\b|\btraining materials\b|\borganisational chart\b"
            r"|\basset register\b|\bimpact assessments?\b|\bretention schedule\b"
            r"|\bprivacy notice\b|\bgrants?\b|\bflight logs\b|\breports or reviews\b",
            r"\b(?:subject access|information|data protection) requests\b",
            r"\brequests for (?:cctv|footage|data)\b",
            r"\bi am a journalist\b",
            r"\b(?:emails?|correspondence) between\b",
        ),
    ),
    # Makes a complaint (complaining about data handling is not asking for the data).
    "complaint": (
        "complaint",
        -3.0,
        "makes a complaint",
        (
            r"\b(?:i|we) (?:want|wish|would like|am writing|am|'m)? ?(?:to )?"
            r"(?:make|raise|lodge|making)? ?(?:a )?(?:formal )?complain(?:t|ing)?\b"
            r"(?! (?:file|to the commissioner))",
            r"\bi'm complaining\b|\bi'm making a complaint\b|\bmaking a complaint\b",
            r"\bformal complaint\b|\bmy complaint is\b|^complaint\b",
            r"\bi want (?:to report|this (?:investigated|looked into)|him disciplined"
            r"|a different officer|compensation)\b",
            r"\bwant (?:it|this) (?:reviewed|looked into|escalated)|\bto escalate\b",
        ),
    ),
    # The tone of a complaint.
    "complaint_tone": (
        "complaint",
        -1.5,
        "sounds like a complaint",
        (
            r"\bdisgrace\w*|\bdisgusted\b|\bappalled\b|\bfurious\b|\bunacceptable\b|\brude\b"
            r"|\bnot good enough\b|\ba joke\b|\bunhappy\b|\bnot happy\b|\bdissatisfied\b"
            r"|\bdisciplined\b|\bapology\b|\bunprofessional\b|\bexcessive force\b|\bbiased\b"
            r"|\bupset\b|\bharassment\b",
            r"\bbreach\b|\bmisuse\b|\binvasion of (?:my )?privacy\b"
            r"|\bwithout my (?:consent|permission)\b|\bto the wrong (?:person|address)\b"
            r"|\b(?:was|were) lost\b|\bleft on a\b|\bshared (?:my|them|it)\b",
        ),
    ),
    # Chases or criticises an earlier request instead of making one.
    "earlier_request": (
        "complaint",
        -3.0,
        "refers to an earlier request",
        (
            r"\b(?:reply|response|answer) to my (?:subject access|sar|data|request)",
            r"\bmy (?:sar|subject access request|data request) (?:response|came back)",
            r"\bresponse i received to my\b",
            r"\bwaiting [^.?!]{0,40}(?:response|reply)\b",
            r"\bover the deadline\b",
        ),
    ),
    # Asks how the process works rather than using it.
    "process_question": (
        "enquiry",
        -3.0,
        "asks how the process works",
        (
            r"\bhow (?:do|can|would|should) (?:i|we|you|one) (?:make|submit|do|send|apply)\b",
            r"\bhow to (?:make|submit)\b",
            r"\bhow long does\b",
            r"\bwhat is the (?:email|address|postal)\b",
            r"\bmight want to\b",
        ),
    ),
    # Asks for recorded information without saying whose (only names the kind).
    "foi_ask": (
        "foi",
        0.0,
        "asks for recorded information",
        (r"\bplease (?:provide|disclose|supply)\b|\bcould you (?:tell|disclose)\b",),
    ),
    # Everyday questions (only names the kind of a non-request).
    "enquiry": (
        "enquiry",
        0.0,
        "asks a general question",
        (
            r"\b(?:how do i|how can i|what time|opening hours|where (?:can|do|should) i"
            r"|who is|who should|who do i|when is|when can|is it|are you|do you|is there"
            r"|is the|can you tell me how|thank\w*)\b",
        ),
    ),
}

# Which right: right -> ((weight, pattern), ...). A right scores its best cue; the highest right
# wins and ties go to the one listed first. With none, a request is for access.
RIGHT_CUES: dict[str, tuple[tuple[float, str], ...]] = {
    # Art 22 / s.49-50: a decision made by a machine, and a human to look again.
    "automated_decision": (
        (3.0, r"\bautomat\w*"),
        (3.0, r"\balgorithm\w*"),
        (3.0, r"\bsolely by a computer\b"),
        (3.0, r"\bhuman (?:review|intervention)\b|\ba (?:human|person) (?:to )?(?:review|look)"),
    ),
    # Art 20: data in a machine-readable form, or sent on to someone else.
    "portability": (
        (3.0, r"\bportability\b"),
        (3.0, r"\bmachine[- ]readable\b"),
        (3.0, r"\bcsv\b|\bspreadsheet\b|\bstructured, commonly used\b"),
        (2.5, r"\btransfer(?:red)? (?:it|my \w+|directly)\b|\bexport\b"),
    ),
    # Art 18 / s.47: keep it but stop using it, often while accuracy is checked.
    "restriction": (
        (3.5, r"\brestrict\w*"),
        (3.5, r"\blimit(?:ed)? (?:the (?:use|processing)|use|the processing)\b|\blimited\b"),
        (3.5, r"\bfreeze\b|\bput a hold on\b|\bstorage only\b"),
        (3.5, r"\b(?:not|don'?t|do not) delete\b"),
        (3.5, r"\bstop using\b[^.?!]{0,60}\b(?:until|while|pending)\b"),
    ),
    # Art 21: stop using it for a purpose (research, surveys, marketing).
    "objection": (
        (3.0, r"\bobject(?:ing)? (?:to|under)\b|\bright to object\b"),
        (
            3.0,
            r"\b(?:stop (?:using|processing)|don'?t want|do not want)\b[^.?!]{0,60}"
            r"\b(?:marketing|research|surveys?|newsletters|profiling|focus groups|campaigns)\b",
        ),
    ),
    # Art 17 / s.47: delete it.
    "erasure": (
        (3.0, r"\b(?:delete|deleted|deletion|erase|erased|erasure|wipe|destroy(?:ed)?)\b"),
        (3.0, r"\bget rid of\b|\bremove(?:d)?\b|\bright to be forgotten\b|\btake my name off\b"),
    ),
    # Art 16 / s.46: it is wrong or incomplete; correct it (strong), or just says it is wrong.
    "rectification": (
        (3.0, r"\bcorrect(?:ed|ion|ing)?\b(?! (?:person|address))|\brectif\w*|\bamend(?:ed)?\b"),
        (
            3.0,
            r"\bupdate (?:my|it)\b|\bfix(?:ing)? (?:it|this)\b|\brecords fixing\b"
            r"|\bchange it\b|\bnote added\b|\bso it is complete\b",
        ),
        (1.5, r"\bwrong(?:ly)?\b|\bincorrect(?:ly)?\b|\binaccurate\b|\bincomplete\b|\bfalse\b"),
    ),
    # Art 15 / s.45: see it or have a copy. Only used to break ties with a weak cue above.
    "access": (
        (2.0, r"\b(?:see|view|copy|copies|access|send me|provide|obtain|disclos\w+|hear)\b"),
    ),
}
OWN_DATA = ("about_me", "my_data", "own_event")
GATE = ("named", "law", *OWN_DATA)
# A cue for a right other than access adds this much to the request score, and passes the gate
# when the writer speaks for themselves ("correct my address", "I want a human to review it").
RIGHT_WEIGHT = 2.0
_SELF_WORD = re.compile(r"\b(?:i|i'm|me|my|myself|our client|my client)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Recognition:
    is_request: bool
    right: str | None
    kind: str
    reasons: tuple[str, ...]
    score: float
    confidence: str  # "high", "medium" or "low": named outright, or how far from THRESHOLD


def _compile(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE | re.MULTILINE) for p in patterns)


_REQUEST = {k: (w, why, _compile(ps)) for k, (w, why, ps) in REQUEST_CUES.items()}
_OTHER = {k: (kind, w, why, _compile(ps)) for k, (kind, w, why, ps) in OTHER_CUES.items()}
_RIGHT = {k: tuple((w, _compile((p,))) for w, p in cues) for k, cues in RIGHT_CUES.items()}


class _Text:
    """The text as matched (curly quotes straightened, runs of spaces collapsed), and a map back
    to the original so that reasons quote the words exactly as they were written."""

    def __init__(self, original: str):
        self.original = original
        chars: list[str] = []
        self.where: list[int] = []
        for i, ch in enumerate(original):
            ch = "'" if ch in "\u2018\u2019" else " " if ch in " \t\xa0" else ch
            if ch == " " and (not chars or chars[-1] in " \n"):
                continue
            chars.append(ch)
            self.where.append(i)
        self.text = "".join(chars)

    def quote(self, m: re.Match[str], group: int | str = 0) -> str:
        start, end = m.span(group)
        return self.original[self.where[start] : self.where[end - 1] + 1].strip()

    def first(self, patterns: tuple[re.Pattern[str], ...]) -> str | None:
        """The earliest match of any pattern, quoted as written, or None.

        A pattern with ``item`` and ``who`` groups quotes just those two ('"CCTV" and "me"').
        """
        found = [m for p in patterns if (m := p.search(self.text)) and m.group(0).strip()]
        if not found:
            return None
        m = min(found, key=lambda m: (m.start(), -len(m.group(0))))
        if "item" in m.re.groupindex:
            return f'"{self.quote(m, "item")}" and "{self.quote(m, "who")}"'
        return f'"{self.quote(m)}"'


def recognise(text: str) -> Recognition:
    """Say whether ``text`` is a rights request, which right, what kind, and why."""
    source = _Text(text)
    text = source.text
    score = 0.0
    reasons: list[str] = []
    gate = named = False
    own = 0.0  # the own-data families overlap, so only the strongest of them counts
    for name, (weight, why, patterns) in _REQUEST.items():
        if (found := source.first(patterns)) is not None:
            if name in OWN_DATA:
                score += max(weight - own, 0.0)
                own = max(own, weight)
            else:
                score += weight
            gate = gate or name in GATE
            named = named or name == "named"
            reasons.append(f"mentions {found} ({why})")

    right_scores: dict[str, float] = {}
    right_reasons: dict[str, str] = {}
    for right, cues in _RIGHT.items():
        for weight, patterns in cues:
            found = source.first(patterns)
            if found is not None and weight > right_scores.get(right, 0.0):
                right_scores[right] = weight
                right_reasons[right] = f"mentions {found} (asks for {right.replace('_', ' ')})"
    best = max(right_scores, key=right_scores.__getitem__) if right_scores else "access"
    strong = best != "access" and right_scores[best] >= 2.5  # "wrong" alone only picks a right
    if strong:
        score += RIGHT_WEIGHT
        reasons.append(right_reasons[best])
        gate = gate or bool(_SELF_WORD.search(text))

    leaning = {"foi": 0.0, "complaint": 0.0, "enquiry": 0.0}
    other_reasons: list[str] = []
    process_question = False
    for name, (kind, weight, why, patterns) in _OTHER.items():
        if (found := source.first(patterns)) is not None:
            process_question = process_question or name == "process_question"
            score += weight
            leaning[kind] += -weight or 1.0  # kind-only families (weight 0) lean by 1
            other_reasons.append(f"mentions {found} ({why})")

    is_request = gate and score >= THRESHOLD
    right = None
    if is_request:
        kind, right = "rights_request", best
        if best != "access" and not strong:
            reasons.append(right_reasons[best])
        reasons.extend(f"but {r}" for r in other_reasons)  # what pointed the other way
    else:
        if process_question:  # "how do I make a FOI request?" is a question, whatever the process
            kind = "enquiry"
        else:
            kind = max(("foi", "complaint", "enquiry"), key=lambda k: (leaning[k], k == "enquiry"))
        if other_reasons:
            reasons = other_reasons + [f"but {r}" for r in reasons]
        elif reasons:
            reasons.append("not enough on its own to show a request for personal data")
    if is_request:  # named outright, or well over the threshold
        sure, fair = named or score >= THRESHOLD + 2, score >= THRESHOLD + 1
    else:  # nothing about own data, or well under the threshold
        sure, fair = not gate or score <= 0, score <= THRESHOLD - 1.5
    confidence = "high" if sure else "medium" if fair else "low"
    return Recognition(is_request, right, kind, tuple(reasons), round(score, 2), confidence)
