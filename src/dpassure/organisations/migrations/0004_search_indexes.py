from django.db import migrations

from dpassure.core.search_indexes import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("organisations", "0003_member_name")]

    operations = [
        trigram_indexes(
            "organisations_person", ["employee_number", "first_name", "last_name", "email"]
        ),
    ]
