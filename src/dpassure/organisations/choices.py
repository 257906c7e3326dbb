from django.db import models


class OrganisationKind(models.TextChoices):
    LOCAL_POLICING_BODY = "local_policing_body", "Local policing body"
    POLICE_FORCE = "police_force", "Police force"
    ASSESSOR_BODY = "assessor_body", "Assessor body"
    OTHER_CONTROLLER = "other_controller", "Other controller"


#: Organisations whose registers hold the public's requests for personal data (and so have a
#: public request page); an assessor body's own requests are not kept in DP Assure.
PUBLIC_REQUEST_KINDS = (
    OrganisationKind.LOCAL_POLICING_BODY,
    OrganisationKind.POLICE_FORCE,
    OrganisationKind.OTHER_CONTROLLER,
)


class BodyType(models.TextChoices):
    """Kinds of local policing body (DOMAIN_RULES.md §11; policing_bodies.csv ``body_type``)."""

    PCC = "PCC", "Police and crime commissioner"
    PFCC = "PFCC", "Police, fire and crime commissioner"
    MAYOR_COMBINED_AUTHORITY = "MAYOR_COMBINED_AUTHORITY", "Combined authority mayor"
    MAYOR_LONDON_MOPAC = "MAYOR_LONDON_MOPAC", "Mayor's Office for Policing and Crime"
    CITY_OF_LONDON_POLICE_AUTHORITY = (
        "CITY_OF_LONDON_POLICE_AUTHORITY",
        "City of London police authority",
    )
