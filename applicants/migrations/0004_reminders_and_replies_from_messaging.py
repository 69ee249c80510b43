"""Reminder settings and replies move here from the messaging app: their
tables were renamed by messaging's migration 0003; this one only takes
the models into the applicants app's state."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('applicants', '0003_applicant_email_case_insensitive_index'),
        ('events', '0003_session_cancellation'),
        ('messaging', '0003_reminders_and_replies_move_to_applicants'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ReminderSetting',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('day_before_at', models.TimeField(blank=True, help_text="Time on the day before a person's first session; empty: no such reminder.", null=True, verbose_name='day-before reminder at')),
                        ('hours_before', models.PositiveSmallIntegerField(blank=True, help_text='Empty: no such reminder.', null=True, verbose_name='hours before the first session')),
                        ('what_to_bring', models.TextField(blank=True, help_text='E.g. ID, CV, certificates; shown in the reminders.', verbose_name='what to bring')),
                        ('event', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='reminder_setting', to='events.event', verbose_name='event')),
                    ],
                    options={
                        'verbose_name': 'reminder setting',
                        'verbose_name_plural': 'reminder settings',
                    },
                ),
                migrations.CreateModel(
                    name='Reply',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('answer', models.CharField(choices=[('coming', 'I am coming'), ('not_coming', 'I cannot come')], max_length=20, verbose_name='answer')),
                        ('answered_at', models.DateTimeField(auto_now=True, verbose_name='answered at')),
                        ('registration', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='reply', to='applicants.registration', verbose_name='registration')),
                    ],
                    options={
                        'verbose_name': 'reply to a reminder',
                        'verbose_name_plural': 'replies to reminders',
                    },
                ),
            ],
        ),
    ]
