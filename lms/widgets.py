"""Form widgets drawn in Python where Django's templates cost too much.

Django renders a select's every option through two templates (the option and its
attributes): 0.1 ms an option, so a filter with a hundred events or organisations costs
10 ms a page. `PlainSelect` writes the same markup with `format_html`: the same attributes,
the same selected option, the same escaping.
"""

from django import forms
from django.utils.html import format_html, format_html_join


class PlainSelect(forms.Select):
    """A single-choice select (without option groups) written directly."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = [
            (key, " selected" if key in chosen else "", label)
            for key, label in ((str(v), label) for v, label in self.choices)
        ]
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            _attributes(self.build_attrs(self.attrs, attrs)),
            format_html_join("", '<option value="{}"{}>{}</option>', options),
        )


def _attributes(attrs: dict) -> str:
    """Attributes in their order, as Django's attrs.html writes them: `True` as a bare name,
    `False` and `None` left out."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False and value is not None
        ),
    )
