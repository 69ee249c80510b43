from django.urls import path

from events import organiser_views, views

app_name = "events"

urlpatterns = [
    path("", views.home, name="home"),
    path("events/<slug:slug>/", views.event_public_detail, name="public_detail"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    # Organisers
    path("organise/", organiser_views.dashboard, name="dashboard"),
    path("organise/events/new/", organiser_views.event_create, name="event_create"),
    path("organise/events/<int:pk>/", organiser_views.event_detail, name="event_detail"),
    path("organise/events/<int:pk>/edit/", organiser_views.event_edit, name="event_edit"),
    path("organise/events/<int:pk>/publish/", organiser_views.event_publish, name="event_publish"),
    path("organise/events/<int:pk>/close/", organiser_views.event_close, name="event_close"),
    path("organise/events/<int:pk>/cancel/", organiser_views.event_cancel, name="event_cancel"),
    path(
        "organise/events/<int:pk>/sessions/new/",
        organiser_views.session_create,
        name="session_create",
    ),
    path(
        "organise/events/<int:pk>/sessions/<int:session_pk>/",
        organiser_views.session_edit,
        name="session_edit",
    ),
    path(
        "organise/events/<int:pk>/sessions/<int:session_pk>/delete/",
        organiser_views.session_delete,
        name="session_delete",
    ),
    path(
        "organise/events/<int:pk>/sessions/<int:session_pk>/cancel/",
        organiser_views.session_cancel,
        name="session_cancel",
    ),
    path(
        "organise/events/<int:pk>/slots/<int:slot_pk>/delete/",
        organiser_views.slot_delete,
        name="slot_delete",
    ),
    path(
        "organise/events/<int:pk>/sessions/<int:session_pk>/slots/new/",
        organiser_views.slots_create,
        name="slots_create",
    ),
    path(
        "organise/events/<int:pk>/slots/<int:slot_pk>/",
        organiser_views.slot_edit,
        name="slot_edit",
    ),
    path(
        "organise/events/<int:pk>/registrations/",
        organiser_views.registrations,
        name="registrations",
    ),
    path(
        "organise/events/<int:pk>/registrations/new/",
        organiser_views.registration_create,
        name="registration_create",
    ),
    path(
        "organise/events/<int:pk>/registrations/<int:registration_pk>/",
        organiser_views.registration_detail,
        name="registration_detail",
    ),
    path(
        "organise/events/<int:pk>/registrations/<int:registration_pk>/cancel/",
        organiser_views.registration_cancel,
        name="registration_cancel",
    ),
    path(
        "organise/events/<int:pk>/registrations/<int:registration_pk>/book/",
        organiser_views.booking_add,
        name="booking_add",
    ),
    path("organise/events/<int:pk>/invite/", organiser_views.invite, name="invite"),
    path("organise/events/<int:pk>/letters/", organiser_views.letters, name="letters"),
    path(
        "organise/events/<int:pk>/invite/confirm/",
        organiser_views.invite_confirm,
        name="invite_confirm",
    ),
    path(
        "organise/events/<int:pk>/waiting-list/",
        organiser_views.waiting_list,
        name="waiting_list",
    ),
    path(
        "organise/events/<int:pk>/employers/",
        organiser_views.participations,
        name="participations",
    ),
    path(
        "organise/events/<int:pk>/employers/<int:participation_pk>/decide/",
        organiser_views.participation_decide,
        name="participation_decide",
    ),
    path("organise/events/<int:pk>/check-in/", organiser_views.checkin, name="checkin"),
    path(
        "organise/events/<int:pk>/check-in/counts/",
        organiser_views.checkin_counts,
        name="checkin_counts",
    ),
    path(
        "organise/events/<int:pk>/check-in/<int:registration_pk>/",
        organiser_views.checkin_mark,
        name="checkin_mark",
    ),
    path("organise/events/<int:pk>/report/", organiser_views.report, name="report"),
    path(
        "organise/events/<int:pk>/export/<str:what>.<str:fmt>",
        organiser_views.export,
        name="export",
    ),
]
