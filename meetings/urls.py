from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("me/<str:token>/", views.wishes, name="wishes"),
    path("me/<str:token>/talks.ics", views.talks_calendar_file, name="calendar"),
    path("employer/<int:pk>/", views.employer_talks, name="employer_talks"),
    path("interpreter/<str:token>/", views.interpreter_plan, name="interpreter_plan"),
    path("employer/<int:pk>/desk/", views.employer_desk, name="employer_desk"),
    path("employer/<int:pk>/talks/<int:talk_pk>/", views.talk_status, name="talk_status"),
    path(
        "employer/<int:pk>/invite/<int:registration_pk>/",
        views.employer_invite,
        name="employer_invite",
    ),
]
