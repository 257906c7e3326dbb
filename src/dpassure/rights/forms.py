from django import forms

from dpassure.core.forms import DateField, GovukForm, GovukModelForm
from dpassure.rights.choices import VERBAL_CHANNELS, Channel, Right
from dpassure.rights.models import (
    Clarification,
    Disclosure,
    ExemptionApplied,
    Review,
    RightsRequest,
    Search,
)


class RightsField(forms.MultipleChoiceField):
    """The rights of a request as checkboxes, stored as space-separated codes."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(choices=Right.choices, **kwargs)

    def prepare_value(self, value):
        return value.split() if isinstance(value, str) else value

    def clean(self, value):
        return " ".join(sorted(super().clean(value), key=Right.values.index))


class RightsRequestForm(GovukModelForm):
    rights = RightsField(label="Rights asked for", initial=[Right.ACCESS])

    class Meta:
        model = RightsRequest
        fields = [
            "received_on",
            "channel",
            "rights",
            "regime",
            "region",
            "requester_name",
            "requester_email",
            "requester_phone",
            "requester_address",
            "requester_words",
            "is_third_party",
            "data_subject_name",
            "authority",
            "identity_requested_on",
            "identity_confirmed_on",
            "fee_requested_on",
            "fee_received_on",
            "extended",
            "extension_reasons",
            "extension_notified_on",
            "closed_on",
            "outcome",
        ]
        widgets = {
            "channel": forms.RadioSelect,
            "regime": forms.RadioSelect,
            "requester_words": forms.Textarea(attrs={"rows": 4}),
            "requester_address": forms.Textarea(attrs={"rows": 3}),
            "authority": forms.Textarea(attrs={"rows": 2}),
            "extension_reasons": forms.Textarea(attrs={"rows": 3}),
        }


class VerbalRequestForm(GovukModelForm):
    """The short form any staff member uses for a request made by phone or in person."""

    rights = RightsField(label="What do they want?", initial=[Right.ACCESS])
    channel = forms.ChoiceField(
        label="How did they ask?",
        choices=[(c.value, c.label) for c in Channel if c in VERBAL_CHANNELS],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = RightsRequest
        fields = [
            "channel",
            "received_on",
            "requester_name",
            "requester_phone",
            "requester_email",
            "requester_words",
            "rights",
        ]
        labels = {"requester_name": "Their name", "received_on": "When did they ask?"}
        widgets = {"requester_words": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "requester_words": "Write down what they said, as close to their words as you can.",
            "requester_phone": "A phone number or email address is enough to reply to them.",
        }


class ClarificationForm(GovukModelForm):
    class Meta:
        model = Clarification
        fields = ["asked_on", "question", "answered_on", "answer"]
        widgets = {
            "question": forms.Textarea(attrs={"rows": 3}),
            "answer": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"answered_on": "Leave blank until they answer: the clock stays stopped."}


class SearchForm(GovukModelForm):
    class Meta:
        model = Search
        fields = ["searched", "searched_by", "searched_on", "result", "notes"]
        widgets = {"result": forms.RadioSelect, "notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"searched": "For example: Niche RMS, body-worn video, complaints case file."}


class ExemptionForm(GovukModelForm):
    class Meta:
        model = ExemptionApplied
        fields = ["exemption", "reasons", "decided_by", "decided_on"]
        widgets = {"reasons": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "reasons": "Why the exemption applies to this information. The ICO may ask to see this."
        }


class DisclosureForm(GovukModelForm):
    class Meta:
        model = Disclosure
        fields = ["disclosed_on", "method", "pages", "notes"]
        widgets = {"method": forms.RadioSelect, "notes": forms.Textarea(attrs={"rows": 3})}


class ReviewForm(GovukModelForm):
    class Meta:
        model = Review
        fields = ["kind", "received_on", "outcome", "closed_on"]
        widgets = {"kind": forms.RadioSelect, "outcome": forms.Textarea(attrs={"rows": 3})}


class RecognitionForm(GovukForm, forms.Form):
    text = forms.CharField(
        label="Paste the letter, email, message or call note",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20_000,
    )


class PublicRequestForm(GovukForm, forms.Form):
    """The public online form: no account needed."""

    requester_name = forms.CharField(label="Your full name", max_length=200)
    requester_email = forms.EmailField(label="Your email address", required=False)
    requester_phone = forms.CharField(label="Your phone number", max_length=40, required=False)
    requester_words = forms.CharField(
        label="What information do you want, or what do you want us to do?",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text="For example: a copy of the body-worn video of me from 3 May, or the "
        "records you hold about my complaint.",
    )
    rights = RightsField(label="What are you asking for?", initial=[Right.ACCESS])
    # A honeypot: hidden from people, filled in by spam robots.
    website = forms.CharField(required=False, label="Leave this blank")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("requester_email") and not cleaned.get("requester_phone"):
            self.add_error("requester_email", "Enter an email address or a phone number")
        return cleaned


class DateRangeForm(GovukForm, forms.Form):
    since = DateField(label="From", required=False)
    until = DateField(label="To", required=False)
