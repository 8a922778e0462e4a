from django.urls import path

from courses import views

app_name = "courses"

urlpatterns = [
    path("", views.elearning, name="elearning"),
    path("my/", views.my_learning, name="my_learning"),
    path("teaching/", views.my_teaching, name="my_teaching"),
    path("teaching/batch/<int:batch_id>/", views.batch_roster, name="batch_roster"),
    path("trainers/", views.trainer_cascade, name="trainer_cascade"),
    path("trainers/<int:participant_id>/", views.trainer_record, name="trainer_record"),
    path(
        "certifications/<int:certification_id>/renew/",
        views.certification_renew,
        name="certification_renew",
    ),
    path("<int:course_id>/enrol/", views.course_enrol, name="enrol"),
    path("<int:course_id>/continue/", views.course_continue, name="continue"),
    path("<int:course_id>/quiz/<int:quiz_id>/", views.quiz_detail, name="quiz"),
    path("lesson/<int:lesson_id>/done/", views.lesson_done, name="lesson_done"),
    path("attempt/<int:attempt_id>/", views.attempt_take, name="attempt"),
    path("feedback/<int:batch_id>/", views.feedback, name="feedback"),
    path("feedback/<int:batch_id>/results/", views.feedback_results, name="feedback_results"),
]
