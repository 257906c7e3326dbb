"""DP Assure's standard information security spot-check checklists for a police building.

Source: common police information security practice — clear desk and screen, secure printing
and disposal, visitor control — as the OPCC overview (seeds/000) found offices "not always
conducting and recording information security spot checks". Organisations edit their own copies.
"""

STANDARD_CHECKLISTS: dict[str, list[str]] = {
    "Clear desk": [
        "No documents marked OFFICIAL-SENSITIVE or above left on desks or in trays",
        "Pocket notebooks, case files and statements locked away when unattended",
        "Removable media, body-worn video cameras and exhibits stored securely",
        "Pedestals and filing cabinets locked, with keys not left in them or on desks",
        "Whiteboards and noticeboards show no personal data that visitors could see",
    ],
    "Locked screens": [
        "Unattended computers are locked or logged off",
        "Smartcards and access tokens removed from unattended computers",
        "No passwords written down at or near workstations",
        "Screens showing PNC, intelligence or custody systems cannot be overlooked "
        "from public areas",
        "Shared and parade room computers logged off after use",
    ],
    "Secure printing": [
        "No printouts left uncollected at printers or copiers",
        "Follow-me (print release) printing used for personal or sensitive documents",
        "Printers in public or shared areas not used for OFFICIAL-SENSITIVE material",
        "Misprints and spoiled copies put in confidential waste, not ordinary bins",
        "Scanner output trays empty and no documents left on the glass",
    ],
    "Confidential waste": [
        "Confidential waste bins and sacks locked and not overfilling",
        "No personal or police information in ordinary waste or recycling",
        "Full sacks awaiting collection kept in a locked area",
        "Shredders are cross-cut and working",
        "Destruction certificates from the waste contractor are on file",
    ],
    "Visitor control": [
        "Every visitor signed in at reception with their time of arrival and host",
        "Visitors wear a visible pass and are escorted beyond reception",
        "Passes returned and visitors signed out when they leave",
        "Doors to secure areas (custody, property store, control room) closed and not propped open",
        "People without a visible warrant card or pass are challenged",
        "Contractors' access authorised and vetted to the level the area needs",
    ],
}


def missing_checklists(have: set[str]) -> dict[str, list[str]]:
    """The standard checklists an organisation does not have yet, by name."""
    return {name: items for name, items in STANDARD_CHECKLISTS.items() if name not in have}
