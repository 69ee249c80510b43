"""The back office under /organise/, along the organiser's menu."""

from django.http import HttpResponsePermanentRedirect
from django.urls import path, reverse

from organise.views import (
    checkin,
    door,
    door_app,
    employers,
    events,
    invitations,
    messages,
    outcomes,
    people,
    programme,
    talks,
)
from organise.views import reports as report_views

app_name = "organise"

EVENT = "events/<int:pk>/"

urlpatterns = [
    path("", events.dashboard, name="dashboard"),
    path("events/new/", events.event_create, name="event_create"),
    path(EVENT, events.event_detail, name="event_detail"),
    path(EVENT + "edit/", events.event_edit, name="event_edit"),
    path(EVENT + "publish/", events.event_publish, name="event_publish"),
    path(EVENT + "close/", events.event_close, name="event_close"),
    path(EVENT + "cancel/", events.event_cancel, name="event_cancel"),
    # Programme
    path(EVENT + "sessions/new/", programme.session_create, name="session_create"),
    path(EVENT + "sessions/<int:session_pk>/", programme.session_edit, name="session_edit"),
    path(
        EVENT + "sessions/<int:session_pk>/delete/",
        programme.session_delete,
        name="session_delete",
    ),
    path(
        EVENT + "sessions/<int:session_pk>/cancel/",
        programme.session_cancel,
        name="session_cancel",
    ),
    path(
        EVENT + "sessions/<int:session_pk>/slots/new/",
        programme.slots_create,
        name="slots_create",
    ),
    path(EVENT + "slots/<int:slot_pk>/", programme.slot_edit, name="slot_edit"),
    path(EVENT + "slots/<int:slot_pk>/delete/", programme.slot_delete, name="slot_delete"),
    # People
    path(EVENT + "registrations/", people.registration_list, name="registrations"),
    path(EVENT + "registrations/new/", people.registration_create, name="registration_create"),
    path(
        EVENT + "registrations/<int:registration_pk>/",
        people.registration_detail,
        name="registration_detail",
    ),
    path(
        EVENT + "registrations/<int:registration_pk>/cancel/",
        people.registration_cancel,
        name="registration_cancel",
    ),
    path(
        EVENT + "registrations/<int:registration_pk>/book/",
        people.booking_add,
        name="booking_add",
    ),
    path(EVENT + "waiting-list/", people.waiting_list, name="waiting_list"),
    # Invitations
    path(EVENT + "invite/", invitations.invite, name="invite"),
    path(EVENT + "invite/confirm/", invitations.invite_confirm, name="invite_confirm"),
    path(EVENT + "letters/", invitations.letters, name="letters"),
    # Employers
    path(EVENT + "employers/", employers.participations, name="participations"),
    path(
        EVENT + "employers/<int:participation_pk>/decide/",
        employers.participation_decide,
        name="participation_decide",
    ),
    # Check-in
    path(EVENT + "talks/", talks.talks, name="talks"),
    path(EVENT + "talks/plan/", talks.talk_plan, name="talk_plan"),
    path(EVENT + "talks/interpreters/", talks.interpreter_add, name="interpreter_add"),
    path(
        EVENT + "talks/interpreters/<int:interpreter_pk>/delete/",
        talks.interpreter_delete,
        name="interpreter_delete",
    ),
    path(EVENT + "talks/schedule/", talks.schedule_make, name="schedule_make"),
    path(EVENT + "talks/schedule/status/", talks.schedule_status, name="schedule_status"),
    path(EVENT + "talks/schedule/publish/", talks.schedule_publish, name="schedule_publish"),
    path(EVENT + "talks/add/", talks.talk_add, name="talk_add"),
    path(EVENT + "talks/<int:talk_pk>/", talks.talk_change, name="talk_change"),
    path(EVENT + "check-in/", checkin.checkin, name="checkin"),
    path(EVENT + "check-in/counts/", checkin.checkin_counts, name="checkin_counts"),
    path(EVENT + "check-in/door-list/", checkin.door_list, name="door_list"),
    path(EVENT + "check-in/door-list/ticks/", checkin.door_ticks, name="door_ticks"),
    path(
        EVENT + "check-in/<int:registration_pk>/",
        checkin.checkin_mark,
        name="checkin_mark",
    ),
    # The door's devices, offline and back
    path(EVENT + "check-in/door/", door.door_data, name="door_data"),
    path(EVENT + "check-in/door/sync/", door.door_sync_view, name="door_sync"),
    path(EVENT + "check-in/conflicts/", door.door_conflicts, name="door_conflicts"),
    path(
        EVENT + "check-in/conflicts/<int:conflict_pk>/resolved/",
        door.door_conflict_resolved,
        name="door_conflict_resolved",
    ),
    # The check-in app for weak networks (its worker's scope is /organise/)
    path(EVENT + "check-in/app/", door_app.door_app, name="door_app"),
    path(EVENT + "check-in/app/manifest/", door_app.door_manifest, name="door_manifest"),
    path("door-sw.js", door_app.door_worker, name="door_worker"),
    # Report
    path(EVENT + "report/", report_views.report, name="report"),
    path(EVENT + "export/<str:what>.<str:fmt>", report_views.export, name="export"),
    path(EVENT + "outcomes/", outcomes.outcomes, name="outcomes"),
    path(EVENT + "outcomes/outcomes.xlsx", outcomes.outcomes_xlsx, name="outcomes_xlsx"),
    path(
        EVENT + "outcomes/pseudonymised.csv",
        outcomes.outcomes_pseudonymised,
        name="outcomes_pseudonymised",
    ),
    # Messages
    path(EVENT + "messages/", messages.message_log, name="message_log"),
    path(
        EVENT + "messages/<int:message_pk>/retry/",
        messages.message_retry,
        name="message_retry",
    ),
    path(EVENT + "messages/write/", messages.message_write, name="message_write"),
    path(EVENT + "messages/batches/<int:batch_pk>/", messages.batch_detail, name="batch"),
    path(
        EVENT + "messages/batches/<int:batch_pk>/retry/",
        messages.batch_retry,
        name="batch_retry",
    ),
]


def _moved(name: str, **renamed: str):
    """A permanent redirect from an earlier address of a back-office page;
    ``renamed`` maps the earlier URL's arguments to the page's."""

    def view(request, **kwargs):
        url = reverse(f"organise:{name}", kwargs={renamed.get(k, k): v for k, v in kwargs.items()})
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)

    return view


# The messages' pages were under /messages/organise/ before the back office
# had its own app; bookmarks and links in e-mails still lead there.
earlier_urlpatterns = [
    path(
        "messages/organise/events/<int:event_pk>/",
        _moved("message_log", event_pk="pk"),
    ),
    path(
        "messages/organise/events/<int:event_pk>/write/",
        _moved("message_write", event_pk="pk"),
    ),
    path(
        "messages/organise/events/<int:event_pk>/batches/<int:pk>/",
        _moved("batch", event_pk="pk", pk="batch_pk"),
    ),
]
