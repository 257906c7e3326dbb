from django.db import migrations

from dpassure.core.search_indexes import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("incidents", "0002_remove_incident_incidents_i_organis_af631b_idx")]

    operations = [
        trigram_indexes("incidents_incident", ["reference", "what_happened", "ico_reference"]),
    ]
