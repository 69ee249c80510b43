from django.urls import path

from employers import views

app_name = "employers"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-in/<str:token>/", views.sign_in_link, name="sign_in_link"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("positions/", views.positions_public, name="positions_public"),
    path("company/", views.company, name="company"),
    path("company/edit/", views.company_edit, name="company_edit"),
    path("company/positions/new/", views.position_create, name="position_create"),
    path("company/positions/<int:pk>/", views.position_edit, name="position_edit"),
    path("company/positions/<int:pk>/close/", views.position_close, name="position_close"),
    path("company/positions/<int:pk>/reopen/", views.position_reopen, name="position_reopen"),
    path(
        "company/events/<slug:slug>/",
        views.participation_request,
        name="participation_request",
    ),
    path(
        "company/participations/<int:pk>/",
        views.participation_detail,
        name="participation_detail",
    ),
    path(
        "company/participations/<int:pk>/withdraw/",
        views.participation_withdraw,
        name="participation_withdraw",
    ),
]
