from django.urls import path

from certificates import views

app_name = "certificates"

urlpatterns = [
    path("verify/", views.verify_lookup, name="verify_lookup"),
    path("verify/<str:code>.json", views.verify_json, name="verify_json"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("verify/<str:code>/credential.json", views.verify_credential, name="verify_credential"),
    path("certificates/mine/", views.mine, name="mine"),
    path("certificates/<str:serial>.pdf", views.download, name="download"),
    path("certificates/<str:serial>.json", views.credential, name="credential"),
    path("certificates/batch/<int:batch_id>.zip", views.batch_zip, name="batch_zip"),
    path("certificates/batch/<int:batch_id>.pdf", views.batch_pdf, name="batch_pdf"),
]

# Addresses written into signed credentials: fixed, outside the language prefixes
# (lms/urls.py includes them under the namespace "credentials").
public_urlpatterns = [
    path("credentials/status/<int:number>", views.status_list, name="status_list"),
    path(".well-known/did.json", views.did_document, name="did_document"),
]
