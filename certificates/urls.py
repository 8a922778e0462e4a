from django.urls import path

from certificates import views

app_name = "certificates"

urlpatterns = [
    path("verify/", views.verify_lookup, name="verify_lookup"),
    path("verify/<str:code>.json", views.verify_json, name="verify_json"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("certificates/mine/", views.mine, name="mine"),
    path("certificates/<str:serial>.pdf", views.download, name="download"),
    path("certificates/batch/<int:batch_id>.zip", views.batch_zip, name="batch_zip"),
    path("certificates/batch/<int:batch_id>.pdf", views.batch_pdf, name="batch_pdf"),
]
