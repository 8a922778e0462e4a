"""Front-end URLs of workshops: sessions, attendance, check-in and calendars."""

from django.urls import path

from workshops import views

app_name = "workshops"

urlpatterns = [
    path("my/sessions/", views.my_sessions, name="my_sessions"),
    path("my/attendance/", views.my_attendance, name="my_attendance"),
    path("sessions/<int:pk>/attendance/", views.session_attendance, name="session_attendance"),
    path("sessions/<int:pk>/check-in-code/", views.session_checkin_qr, name="session_checkin_qr"),
    path("sessions/<int:pk>/sign-in-sheet.pdf", views.sign_in_sheet, name="session_sign_in_sheet"),
    path("sessions/<int:pk>/signed-sheet", views.sign_in_scan, name="session_sign_in_scan"),
    path("check-in/<int:pk>/<str:code>/", views.check_in, name="check_in"),
    path("calendar/", views.calendar_settings, name="calendar_settings"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("batches/<int:pk>/calendar.ics", views.batch_calendar_file, name="batch_calendar"),
]
