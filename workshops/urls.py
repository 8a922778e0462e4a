"""Front-end URLs of workshops: sessions, attendance, check-in, calendars, the focal
point's pages, the officer's nominations and office orders."""

from django.urls import path

from workshops import focal_views, views

app_name = "workshops"

urlpatterns = [
    path("my/sessions/", views.my_sessions, name="my_sessions"),
    path("my/attendance/", views.my_attendance, name="my_attendance"),
    path("my/nominations/", focal_views.my_nominations, name="my_nominations"),
    path(
        "events/<int:page_id>/request-nomination/",
        focal_views.request_nomination,
        name="request_nomination",
    ),
    path("focal/", focal_views.focal_home, name="focal_home"),
    path("focal/calls/<int:pk>/", focal_views.focal_call, name="focal_call"),
    path("focal/calls/<int:pk>/nominate/", focal_views.focal_nominate, name="focal_nominate"),
    path("focal/calls/<int:pk>/upload/", focal_views.focal_upload, name="focal_upload"),
    path("focal/calls/<int:pk>/preview/", focal_views.focal_preview, name="focal_preview"),
    path("focal/calls/<int:pk>/errors.xlsx", focal_views.focal_errors, name="focal_errors"),
    path("focal/calls/<int:pk>/discard/", focal_views.focal_discard, name="focal_discard"),
    path(
        "focal/nominations/<int:pk>/withdraw/",
        focal_views.focal_withdraw,
        name="focal_withdraw",
    ),
    path(
        "focal/nominations/<int:pk>/substitute/",
        focal_views.focal_substitute,
        name="focal_substitute",
    ),
    path(
        "focal/requests/<int:pk>/",
        focal_views.focal_request_decide,
        name="focal_request_decide",
    ),
    path("sessions/<int:pk>/attendance/", views.session_attendance, name="session_attendance"),
    path("sessions/<int:pk>/check-in-code/", views.session_checkin_qr, name="session_checkin_qr"),
    path("sessions/<int:pk>/sign-in-sheet.pdf", views.sign_in_sheet, name="session_sign_in_sheet"),
    path("sessions/<int:pk>/signed-sheet", views.sign_in_scan, name="session_sign_in_scan"),
    path("check-in/<int:pk>/<str:code>/", views.check_in, name="check_in"),
    path("office-orders/<int:pk>/<str:lang>.pdf", views.office_order_pdf, name="office_order_pdf"),
    path("calendar/", views.calendar_settings, name="calendar_settings"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("batches/<int:pk>/calendar.ics", views.batch_calendar_file, name="batch_calendar"),
]
