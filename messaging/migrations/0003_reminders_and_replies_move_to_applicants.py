"""Reminder settings and replies belong to the applicants app now: their
tables are renamed and the models leave this app's state (the applicants
app's migration 0004 takes them into its own)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("messaging", "0002_reminder_settings_and_replies"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable("remindersetting", "applicants_remindersetting"),
                migrations.AlterModelTable("reply", "applicants_reply"),
            ],
            state_operations=[
                migrations.DeleteModel("ReminderSetting"),
                migrations.DeleteModel("Reply"),
            ],
        ),
    ]
