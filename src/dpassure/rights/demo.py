"""Demo requests for personal data at the fictional Wessex bodies, deterministic from a seed.

They cover every channel and right, with identity checks, clarifications (some unanswered,
so the clock is stopped), extensions, searches, exemptions, disclosures, late closures and a
review, spread over the last year so the lists and dashboard have something to show.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from faker import Faker

from dpassure.core import clock
from dpassure.organisations.models import Organisation
from dpassure.rights import services
from dpassure.rights.choices import Channel, Outcome, Right
from dpassure.rights.models import RightsRequest

SEED = 20261201
WORDS = [
    ("access", "Please send me a copy of all the information you hold about me."),
    ("access", "I want the body-worn video footage of me being arrested on the high street."),
    ("access", "Can I have my custody record and the 999 call I made in March?"),
    ("access", "I'd like everything on your systems about me, including intelligence."),
    ("access", "wot have u got on me, i want all my stuff"),
    ("access", "My client requests copies of his interview recordings under the DPA 2018."),
    ("access", "Send me the complaint file the Commissioner's office holds about my complaint."),
    (
        "rectification",
        "Your record says I was charged; I was released with no further action. Correct it.",
    ),
    ("erasure", "Please delete the photographs you took of me at the protest."),
    ("restriction", "Stop using my statement while my appeal is decided."),
    ("objection", "I object to you sharing my details with the local council."),
    ("portability", "Send my HR records to my new force in a format they can load."),
    (
        "automated_decision",
        "Was the decision to flag me made by a computer? I want a person to review it.",
    ),
]
SYSTEMS = [
    "Niche RMS",
    "Body-worn video (DEMS)",
    "Command and control (999 calls)",
    "Custody system",
    "Professional Standards case files",
    "Email and shared drives",
    "PNC",
]


def _channel(rng: random.Random) -> str:
    return rng.choices([c.value for c in Channel], weights=[20, 35, 20, 12, 6, 7], k=1)[0]


@transaction.atomic
def load_rights_demo(*, slug: str = "wessex-police", count: int = 60) -> int:
    organisation = Organisation.objects.get(slug=slug)
    if RightsRequest.objects.filter(organisation=organisation).exists():
        return 0
    actor = get_user_model().objects.filter(username="editor").first()
    fake = Faker("en_GB")
    fake.seed_instance(SEED + count)
    rng = random.Random(SEED + count)
    today = clock.today()
    created = 0
    received_dates = sorted(
        today - datetime.timedelta(days=rng.randint(0, 360)) for _ in range(count)
    )
    for number, received in enumerate(received_dates):
        right, words = WORDS[number % len(WORDS)]
        third_party = "My client" in words
        request = services.rights_request_create(
            organisation=organisation,
            actor=actor,
            today=today,
            channel=_channel(rng),
            rights=right
            if rng.random() < 0.85
            else " ".join(sorted({right, "access"}, key=Right.values.index)),
            regime="part3" if rng.random() < 0.25 else "uk_gdpr",
            received_on=received,
            requester_name=fake.name(),
            requester_email=fake.email() if rng.random() < 0.8 else "",
            requester_phone=fake.phone_number() if rng.random() < 0.4 else "",
            requester_words=words,
            is_third_party=third_party,
            data_subject_name=fake.name() if third_party else "",
            authority="Signed form of authority from the client, dated the day before."
            if third_party
            else "",
        )
        created += 1
        age = (today - received).days
        steps = rng.random()
        if steps < 0.3 and age > 3:
            confirmed = received + datetime.timedelta(days=rng.randint(1, min(age, 10)))
            services.rights_request_update(
                request,
                actor=actor,
                today=today,
                identity_requested_on=received,
                identity_confirmed_on=confirmed,
            )
        if (0.3 <= steps < 0.45 or number in (count - 4, count - 9)) and age > 2:
            asked = received + datetime.timedelta(days=rng.randint(1, min(age, 5)))
            answered = None
            if age > 30:
                answered = min(today, asked + datetime.timedelta(days=rng.randint(1, 15)))
            services.clarification_create(
                organisation=organisation,
                actor=actor,
                request=request,
                today=today,
                asked_on=asked,
                question="Which incident and date range do you mean?",
                answered_on=answered,
                answer="The arrest on 3 May and the days after." if answered else "",
            )
        if 0.45 <= steps < 0.55 and age > 20 and request.regime == "uk_gdpr":
            services.rights_request_update(
                request,
                actor=actor,
                today=today,
                extended=True,
                extension_reasons="Complex: footage from several systems needs third-party "
                "redaction.",
                extension_notified_on=received + datetime.timedelta(days=rng.randint(5, 20)),
            )
        if age > 25:
            searched_on = received + datetime.timedelta(days=rng.randint(2, 12))
            for system in rng.sample(SYSTEMS, k=rng.randint(1, 3)):
                services.search_create(
                    organisation=organisation,
                    actor=actor,
                    request=request,
                    today=today,
                    searched=system,
                    searched_by="Information Rights Unit",
                    searched_on=min(searched_on, today),
                    result="found" if rng.random() < 0.7 else "nothing",
                )
        request.refresh_from_db()
        if age > 35 and request.due_on is not None and rng.random() < 0.85:
            late = rng.random() < 0.15
            closed = (
                request.due_on + datetime.timedelta(days=rng.randint(1, 20))
                if late
                else (request.due_on - datetime.timedelta(days=rng.randint(0, 15)))
            )
            closed = max(received, min(closed, today))
            if rng.random() < 0.3:
                services.exemption_create(
                    organisation=organisation,
                    actor=actor,
                    request=request,
                    today=today,
                    exemption="s45_4_b" if request.regime == "part3" else "sch2_16",
                    reasons="Disclosure would reveal other people's personal data; they did not "
                    "consent and it is not reasonable to disclose without consent.",
                    decided_by="Data Protection Officer",
                    decided_on=closed,
                )
            services.disclosure_create(
                organisation=organisation,
                actor=actor,
                request=request,
                today=today,
                disclosed_on=closed,
                method=rng.choice(["email", "portal", "post"]),
                pages=rng.randint(3, 240),
            )
            services.rights_request_update(
                request,
                actor=actor,
                today=today,
                closed_on=closed,
                outcome=rng.choice(
                    [Outcome.DISCLOSED_IN_FULL, Outcome.DISCLOSED_IN_PART, Outcome.NO_DATA]
                ),
            )
            if rng.random() < 0.05:
                services.review_create(
                    organisation=organisation,
                    actor=actor,
                    request=request,
                    today=today,
                    kind="internal_review",
                    received_on=min(today, closed + datetime.timedelta(days=10)),
                )
    return created
