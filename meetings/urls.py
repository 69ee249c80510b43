from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("me/<str:token>/", views.wishes, name="wishes"),
]
