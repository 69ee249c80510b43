from django.urls import path

from applicants import views

app_name = "applicants"

urlpatterns = [
    path("events/<slug:slug>/sign-up/", views.sign_up, name="sign_up"),
    path("me/", views.link_request, name="link_request"),
    path("me/<str:token>/", views.personal, name="personal"),
    path("me/<str:token>/workshops/", views.bookings_change, name="bookings_change"),
    path("me/<str:token>/bookings/<int:pk>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("me/<str:token>/cancel/", views.registration_cancel, name="registration_cancel"),
    path("me/<str:token>/contact/", views.contact_change, name="contact_change"),
    path("me/<str:token>/consents/", views.consents_change, name="consents_change"),
    path("me/<str:token>/qr.svg", views.qr_code, name="qr_code"),
    path("me/<str:token>/calendar.ics", views.calendar, name="calendar"),
    path("me/<str:token>/my-data.json", views.data_download, name="data_download"),
    path("me/<str:token>/delete/", views.data_delete, name="data_delete"),
    path("reply/<str:token>/", views.reply, name="reply"),
    path("after/<str:token>/", views.follow_up, name="follow_up"),
]
