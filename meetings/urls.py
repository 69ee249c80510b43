from django.urls import path

from meetings import views, views_offline

app_name = "meetings"

urlpatterns = [
    path("me/<str:token>/", views.wishes, name="wishes"),
    path("me/<str:token>/talks.ics", views.talks_calendar_file, name="calendar"),
    path(
        "me/<str:token>/contacts/<int:contact_pk>/withdraw/",
        views.contact_withdraw,
        name="contact_withdraw",
    ),
    path("employer/<int:pk>/", views.employer_talks, name="employer_talks"),
    path("interpreter/<str:token>/", views.interpreter_plan, name="interpreter_plan"),
    path("employer/<int:pk>/desk/", views.employer_desk, name="employer_desk"),
    path("employer/<int:pk>/talks/<int:talk_pk>/", views.talk_status, name="talk_status"),
    path(
        "employer/<int:pk>/invite/<int:registration_pk>/",
        views.employer_invite,
        name="employer_invite",
    ),
    path("employer/<int:pk>/table/", views.table, name="table"),
    # The table offline: its queue sent back, the page installable, its worker
    path("employer/<int:pk>/table/sync/", views_offline.table_sync, name="table_sync"),
    path("employer/<int:pk>/table/manifest/", views_offline.table_manifest, name="table_manifest"),
    path("employer/table-sw.js", views_offline.table_worker, name="table_worker"),
    path("employer/<int:pk>/contacts/", views.contacts, name="contacts"),
    path("employer/<int:pk>/contacts.<str:fmt>", views.contacts_download, name="contacts_download"),
    path("employer/<int:pk>/contacts/<int:contact_pk>/", views.contact, name="contact"),
    path(
        "employer/<int:pk>/talks/<int:talk_pk>/notes/",
        views.contact_from_talk,
        name="contact_from_talk",
    ),
]
