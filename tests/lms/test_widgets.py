"""lms.widgets.PlainSelect writes what Django's Select writes, without its templates."""

import re

import pytest
from django import forms

from lms.widgets import PlainSelect

CHOICES = [("", "All"), ("1", "Roads & Highways"), ("2", 'The "Sonapur" office'), (3, "৩ নম্বর")]


@pytest.mark.parametrize("value", ["", "2", None, 3, "3", "missing"])
def test_the_markup_is_django_s(value):
    attrs = {"id": "id_organisation", "class": "w-field"}
    django_s = forms.Select(choices=CHOICES).render("organisation", value, attrs)
    assert PlainSelect(choices=CHOICES).render("organisation", value, attrs) == re.sub(
        r">\s+<", "><", django_s
    )


def test_a_bound_form_marks_the_chosen_option():
    class Filters(forms.Form):
        organisation = forms.ChoiceField(choices=CHOICES, required=False, widget=PlainSelect)

    html = str(Filters({"organisation": "2"})["organisation"])
    assert '<option value="2" selected>The &quot;Sonapur&quot; office</option>' in html
    assert html.count(" selected") == 1
