"""A quiz in Bangla: the questions and choices a trainee reads on a Bangla page are the
Bangla texts (the English ones where no Bangla was written); the answers and the score are
the same whichever language the quiz was taken in."""

import pytest
from django.urls import reverse
from django.utils import translation

from courses.models import QuizAttempt
from courses.services import course_enrol, participant_for_user
from tests import factories

pytestmark = pytest.mark.django_db

QUESTIONS = [
    (
        "Which value does the Fair target stand for?",
        [("70%", True, "Right: the current standard."), ("60%", False, "60% is Poor.")],
    ),
    (
        "Who reviews a ministry's APA?",
        [("The Cabinet Division", True, ""), ("The Ministry of Finance", False, "No.")],
    ),
]
BANGLA = {
    "Which value does the Fair target stand for?": (
        "লক্ষ্যমাত্রার ‘চলতি মান’ কত শতাংশ নির্দেশ করে?",
        [("৭০%", "সঠিক: চলতি মান।"), ("৬০%", "৬০% হলো ‘চলতি মানের নিম্নে’।")],
    ),
    # The second question has a Bangla text, but only one of its choices has.
    "Who reviews a ministry's APA?": (
        "বার্ষিক কর্মসম্পাদন চুক্তি কে পর্যালোচনা করে?",
        [("মন্ত্রিপরিষদ বিভাগ", ""), ("", "")],
    ),
}
TITLE_BN = "টিওটি চূড়ান্ত পরীক্ষা"


def in_bangla(quiz, texts=BANGLA, title_bn=TITLE_BN):
    """Give the quiz its Bangla title and the questions and choices their Bangla texts."""
    quiz.title_bn = title_bn
    quiz.save()
    for question in quiz.questions.all():
        text_bn, choices_bn = texts[question.text]
        blocks = []
        for block, (choice_bn, feedback_bn) in zip(
            question.choices.raw_data, choices_bn, strict=True
        ):
            value = {**block["value"], "text_bn": choice_bn, "feedback_bn": feedback_bn}
            blocks.append({**block, "value": value})
        question.text_bn = text_bn
        question.choices = blocks
        question.save()
    return quiz


@pytest.fixture
def world(trainee):
    """An English course and its Bangla translation sharing a post-test written in both
    languages; the trainee enrolled and logged in."""
    post = in_bangla(factories.quiz("post", QUESTIONS, title="ToT post-test", shuffle=False))
    english = factories.course(post_test=post)
    bangla = factories.bangla(english)
    course_enrol(course=english, participant=participant_for_user(user=trainee))
    return english, bangla, post


def _url(name, *args, lang):
    with translation.override(lang):
        return reverse(name, args=args)


def _start(client, course, quiz, lang) -> QuizAttempt:
    client.post(_url("courses:quiz", course.pk, quiz.pk, lang=lang))
    return QuizAttempt.objects.filter(quiz=quiz).latest("pk")


def _answers(quiz, right: bool) -> dict[str, str]:
    """Right (or wrong) on the first question, always right on the second."""
    first, second = quiz.questions.order_by("sort_order")
    pick = [c.id for c in first.choices if c.value["correct"] == right][0]
    return {
        f"q{first.pk}": pick,
        f"q{second.pk}": [c.id for c in second.choices if c.value["correct"]][0],
    }


def test_the_bangla_quiz_page_shows_the_bangla_questions_and_choices(client, trainee, world):
    _english, bangla, post = world
    client.force_login(trainee)
    about = client.get(_url("courses:quiz", bangla.pk, post.pk, lang="bn")).content.decode()
    assert TITLE_BN in about and "ToT post-test" not in about
    attempt = _start(client, bangla, post, "bn")
    html = client.get(_url("courses:attempt", attempt.pk, lang="bn")).content.decode()
    assert TITLE_BN in html
    assert "লক্ষ্যমাত্রার ‘চলতি মান’ কত শতাংশ নির্দেশ করে?" in html
    assert "৭০%" in html and "৬০%" in html and "মন্ত্রিপরিষদ বিভাগ" in html
    assert "Which value does the Fair target stand for?" not in html
    assert "The Cabinet Division" not in html
    # Neither the answers nor the feedback, in either language, are in the page.
    assert "সঠিক" not in html and "Right:" not in html
    for question in post.questions.all():
        for choice in question.choices:
            assert f'value="{choice.id}"' in html


def test_the_english_quiz_page_stays_in_english(client, trainee, world):
    english, _bangla, post = world
    client.force_login(trainee)
    attempt = _start(client, english, post, "en")
    html = client.get(_url("courses:attempt", attempt.pk, lang="en")).content.decode()
    assert "ToT post-test" in html and "Which value does the Fair target stand for?" in html
    assert "70%" in html and "The Cabinet Division" in html
    assert TITLE_BN not in html and "৭০%" not in html and "মন্ত্রিপরিষদ" not in html


def test_a_blank_bangla_text_falls_back_to_english(client, trainee, world):
    _english, bangla, post = world
    question = post.questions.get(text="Which value does the Fair target stand for?")
    question.text_bn = ""
    question.save()
    post.title_bn = ""
    post.save()
    client.force_login(trainee)
    attempt = _start(client, bangla, post, "bn")
    html = client.get(_url("courses:attempt", attempt.pk, lang="bn")).content.decode()
    assert "ToT post-test" in html
    assert "Which value does the Fair target stand for?" in html  # no Bangla question
    assert "৭০%" in html  # its choices have theirs
    assert "বার্ষিক কর্মসম্পাদন চুক্তি কে পর্যালোচনা করে?" in html
    assert "The Ministry of Finance" in html  # the choice without a Bangla text


@pytest.mark.parametrize("right", [True, False])
def test_answers_on_the_bangla_page_score_as_on_the_english_one(
    client, trainee, django_user_model, world, right
):
    """Two trainees give the same answers, one on the Bangla page, one on the English."""
    english, bangla, post = world
    other = django_user_model.objects.create_user("other@example.org", "other@example.org")
    course_enrol(course=english, participant=participant_for_user(user=other))
    results = {}
    for user, lang, course in ((trainee, "bn", bangla), (other, "en", english)):
        client.force_login(user)
        client.post(_url("courses:quiz", course.pk, post.pk, lang=lang))
        attempt = QuizAttempt.objects.get(quiz=post, participant__user=user)
        client.post(_url("courses:attempt", attempt.pk, lang=lang), _answers(post, right))
        attempt.refresh_from_db()
        results[lang] = (attempt.correct, attempt.total, attempt.score_percent, attempt.passed)
    assert results["bn"] == results["en"] == ((2, 2, 100, True) if right else (1, 2, 50, False))


def test_the_bangla_result_page_shows_the_bangla_feedback(client, trainee, world):
    _english, bangla, post = world
    client.force_login(trainee)
    attempt = _start(client, bangla, post, "bn")
    client.post(_url("courses:attempt", attempt.pk, lang="bn"), _answers(post, right=False))
    html = client.get(_url("courses:attempt", attempt.pk, lang="bn")).content.decode()
    assert "লক্ষ্যমাত্রার ‘চলতি মান’ কত শতাংশ নির্দেশ করে?" in html
    assert "৬০% হলো ‘চলতি মানের নিম্নে’।" in html  # the feedback of the choice picked
    assert "60% is Poor." not in html
    english = client.get(_url("courses:attempt", attempt.pk, lang="en")).content.decode()
    assert "60% is Poor." in english and "চলতি মানের নিম্নে" not in english


def test_the_bangla_quiz_pages_keep_their_queries(client, trainee, django_assert_max_num_queries):
    """The attempt and result pages cost the same in Bangla as in English, whatever the
    number of questions."""
    participant = participant_for_user(user=trainee)
    client.force_login(trainee)

    def counts(questions):
        texts = {text: (f"{text} (বাংলা)", [("ক", "খ")] * len(c)) for text, c in questions}
        quiz = in_bangla(factories.quiz("post", questions, title=f"Q{len(questions)}"), texts)
        english = factories.course(title=f"Course {len(questions)}", post_test=quiz)
        bangla = factories.bangla(english)
        course_enrol(course=english, participant=participant)
        found = []
        for lang, course in (("en", english), ("bn", bangla)):
            attempt = _start(client, course, quiz, lang)
            url = _url("courses:attempt", attempt.pk, lang=lang)
            for data in (None, "submit"):
                if data:
                    client.post(url, {})
                client.get(url)  # caches warmed (site, content types), as on a live server
                with django_assert_max_num_queries(60) as queries:
                    assert client.get(url).status_code == 200
                found.append(len(queries.captured_queries))
        return found

    small = counts(QUESTIONS)
    large = counts([(f"Question {n}?", [("a", True, ""), ("b", False, "")]) for n in range(6)])
    assert small == large
    en_take, en_result, bn_take, bn_result = small
    assert (bn_take, bn_result) == (en_take, en_result)
