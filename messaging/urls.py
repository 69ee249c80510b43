from django.urls import path

from messaging import organiser_views, views

app_name = "messaging"

urlpatterns = [
    path("reply/<str:token>/", views.reply, name="reply"),
    path("organise/events/<int:event_pk>/", organiser_views.message_log, name="log"),
    path(
        "organise/events/<int:event_pk>/<int:pk>/retry/",
        organiser_views.message_retry,
        name="retry",
    ),
    path("organise/events/<int:event_pk>/write/", organiser_views.free_message, name="write"),
    path(
        "organise/events/<int:event_pk>/batches/<int:pk>/",
        organiser_views.batch_detail,
        name="batch",
    ),
]
