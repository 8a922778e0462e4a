from django.urls import path

from sandbox_apa import views

app_name = "sandbox_apa"

urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("new/", views.agreement_new, name="new"),
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("<int:pk>/rows/<str:kind>/<int:row>/", views.row_save, name="row_save"),
    path("<int:pk>/rows/<str:kind>/<int:row>/delete/", views.row_delete, name="row_delete"),
    path("<int:pk>/add/<str:kind>/", views.row_add, name="row_add"),
    path("<int:pk>/add/<str:kind>/<int:parent>/", views.row_add, name="row_add_to"),
    path("<int:pk>/checks/", views.agreement_checks, name="checks"),
    path("<int:pk>/submit/", views.agreement_submit, name="submit"),
    path("<int:pk>/review/", views.agreement_review, name="review"),
    path("<int:pk>/achievements/", views.agreement_achievements, name="achievements"),
    path("<int:pk>/close-year/", views.agreement_close_year, name="close_year"),
    path("<int:pk>/score/", views.agreement_score, name="score"),
    path("<int:pk>/apa.pdf", views.agreement_pdf, name="pdf"),
    path("<int:pk>/apa.xlsx", views.agreement_xlsx, name="xlsx"),
    path("batches/<int:batch_id>/", views.batch_scoreboard, name="scoreboard"),
    path("batches/<int:batch_id>/peer-round/", views.peer_round_open, name="peer_round_open"),
    path(
        "batches/<int:batch_id>/peer-round/<int:round_id>/close/",
        views.peer_round_close,
        name="peer_round_close",
    ),
    path("peer-reviews/", views.peer_review_list, name="peer_reviews"),
    path("peer-reviews/<int:review_id>/", views.peer_review_write, name="peer_review_write"),
]
