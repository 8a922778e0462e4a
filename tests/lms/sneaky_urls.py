"""A urlconf with doors that skip allauth's rules, for test_login_doors to find and refuse.

Django's own login, password-reset and password-change views, and a function view named
nothing like "login" that signs in whoever POSTs a right e-mail and password.
"""

from django.contrib.auth import authenticate, login
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import include, path


def quick_access(request):
    if request.method == "POST":
        user = authenticate(
            request, username=request.POST.get("email"), password=request.POST.get("password")
        )
        if user is not None:
            login(request, user)
    return HttpResponse("ok")


urlpatterns = [
    path("django-login/", auth_views.LoginView.as_view()),
    path("quick-access/", quick_access),
    path("django-reset/", auth_views.PasswordResetView.as_view()),
    path(
        "django-reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"
    ),
    path(
        "django-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "django-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("django-change/", auth_views.PasswordChangeView.as_view()),
    path(
        "django-change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/", include("allauth.urls")),
]
