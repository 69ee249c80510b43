"""Every registration gets a code for the entrance: six characters, unique
within its event. Registrations made before get theirs here."""

import secrets

from django.db import migrations, models

# As in applicants/codes.py when this migration was written; kept here so that
# the migration does the same whatever becomes of that module.
ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
LENGTH = 6


def codes_give(apps, schema_editor):
    Registration = apps.get_model("applicants", "Registration")
    event_ids = Registration.objects.values_list("event_id", flat=True).distinct().order_by()
    for event_id in event_ids:
        registrations = list(Registration.objects.filter(event_id=event_id).only("pk"))
        taken = set()
        for registration in registrations:
            code = ""
            while not code or code in taken:
                code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
            taken.add(code)
            registration.code = code
        Registration.objects.bulk_update(registrations, ["code"], batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ("applicants", "0005_registration_form_token"),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="code",
            field=models.CharField(
                default="",
                editable=False,
                help_text="Printed under the QR code; typed at the check-in desk.",
                max_length=6,
                verbose_name="code for the entrance",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(codes_give, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="registration",
            constraint=models.UniqueConstraint(
                fields=("event", "code"), name="registration_unique_event_code"
            ),
        ),
        migrations.AddConstraint(
            model_name="registration",
            constraint=models.CheckConstraint(
                condition=models.Q(("code", ""), _negated=True), name="registration_code_given"
            ),
        ),
    ]
