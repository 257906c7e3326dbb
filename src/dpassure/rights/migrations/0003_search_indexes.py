from django.db import migrations

from dpassure.core.search_indexes import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("rights", "0002_remove_rightsrequest_rights_righ_organis_ba2203_idx_and_more")]

    operations = [
        trigram_indexes(
            "rights_rightsrequest",
            ["reference", "requester_name", "data_subject_name", "requester_email"],
        ),
    ]
