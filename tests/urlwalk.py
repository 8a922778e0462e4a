"""Every URL pattern of the project, the libraries' own included, as addresses to request.

`routes()` walks the whole urlconf recursively (Wagtail's admin and page serving, allauth,
every app) and gives each pattern as a `Route`: its parts, its parameters, and concrete
addresses built from sample values. A sample is the simplest text the parameter's regular
expression matches (variant 0), or a slightly longer one (variants 1, 2), so that a pattern
shadowed for one value (`new/` before `<slug>/`) is still reached with another.
`Route.reachable()` says whether resolving the address really lands on this pattern's view:
a pattern shadowed by an earlier one (the login doors in front of Wagtail's) is not.
"""

import re
import re._constants as sre
import re._parser as sre_parse
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils import translation

_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_CHOICES = "x1y-_2"  # sample characters, tried in this order


@dataclass(frozen=True)
class Part:
    """Literal text of an address, or a parameter with the regex its values must match."""

    text: str = ""
    param: str = ""
    regex: str = ""


@dataclass(frozen=True)
class Route:
    parts: tuple[Part, ...]
    pattern: URLPattern
    language: str

    @property
    def view(self):
        return self.pattern.callback

    @property
    def template(self) -> str:
        """The address with its parameters as <name>, e.g. /bn/verify/<code>/."""
        return "/" + "".join(part.text or f"<{part.param}>" for part in self.parts)

    @property
    def params(self) -> list[str]:
        return [part.param for part in self.parts if part.param]

    def path(self, values: dict[str, str] | None = None, *, variant: int = 0) -> str:
        """A concrete address: `values` (URL-quoted) where given, sample values elsewhere."""
        values = values or {}
        out = []
        for part in self.parts:
            if not part.param:
                out.append(part.text)
            elif part.param in values:
                head, tail = _literal_ends(part.regex)
                out.append(head + quote(values[part.param], safe="") + tail)
            else:
                out.append(sample(part.regex, variant))
        return "/" + "".join(out)

    def reachable_path(self) -> str | None:
        """An address that resolves to this pattern's view, or None when it is shadowed."""
        with translation.override(self.language):  # /bn/... resolves only with Bangla active
            for variant in range(3):
                path = self.path(variant=variant)
                try:
                    if resolve(path).func is self.view:
                        return path
                except Resolver404:
                    continue
        return None

    def __str__(self) -> str:
        return self.template


def routes(urlconf: str | None = None, *, languages: list[str] | None = None) -> list[Route]:
    """Every URL pattern of `urlconf` (default ROOT_URLCONF), once per language for the
    patterns inside i18n_patterns (English unprefixed, the others under /<code>/)."""
    languages = languages or [code for code, _name in settings.LANGUAGES]
    found: list[Route] = []
    for language in languages:
        _walk(get_resolver(urlconf).url_patterns, (), language, found)
    unique: dict[str, Route] = {}
    for route in found:  # patterns outside i18n_patterns come once, not once per language
        unique.setdefault(f"{route.template}|{id(route.pattern)}", route)
    return list(unique.values())


def _walk(patterns, parts, language, found) -> None:
    for entry in patterns:
        own = _parts(entry.pattern, language)
        if own is None:
            continue
        if isinstance(entry, URLResolver):
            _walk(entry.url_patterns, parts + own, language, found)
        elif isinstance(entry, URLPattern):
            found.append(Route(parts + own, entry, language))


def _parts(pattern, language) -> tuple[Part, ...] | None:
    if isinstance(pattern, LocalePrefixPattern):
        default = language == settings.LANGUAGE_CODE and not pattern.prefix_default_language
        return () if default else (Part(text=f"{language}/"),)
    if isinstance(pattern, RoutePattern):
        route = str(pattern._route)
        out, last = [], 0
        for match in _PARAM.finditer(route):
            if match.start() > last:
                out.append(Part(text=route[last : match.start()]))
            converter = pattern.converters[match["name"]]
            out.append(Part(param=match["name"], regex=converter.regex))
            last = match.end()
        if last < len(route):
            out.append(Part(text=route[last:]))
        return tuple(out)
    if isinstance(pattern, RegexPattern):
        regex = pattern._regex.lstrip("^").removesuffix("$").removesuffix(r"\Z")
        if re.compile(regex).groups == 0 and re.fullmatch(r"[\w\-./]*", regex):
            return (Part(text=regex),)  # a plain text written as a regex
        return (Part(param=f"re:{regex}", regex=regex),)
    return None


def _literal_ends(regex: str) -> tuple[str, str]:
    """The plain text a regex part starts and ends with ("media/" of "media/(?P<path>.*)"),
    kept around a value given for the whole part; a converter's regex has none."""
    head = re.match(r"[\w\-/]*", regex)[0]
    after_groups = regex.rsplit(")", 1)[1] if ")" in regex else ""
    tail = after_groups if re.fullmatch(r"[\w\-/]*", after_groups) else ""
    return head, tail


# --- the simplest strings a regular expression matches ------------------------------------


def sample(regex: str, variant: int = 0) -> str:
    """A string that fully matches `regex`: the shortest for variant 0, longer ones after."""
    for attempt in range(variant, variant + 4):
        text = _gen(sre_parse.parse(regex), attempt)
        if re.fullmatch(regex, text):
            return text
    return _gen(sre_parse.parse(regex), variant)


def _gen(tokens, variant: int) -> str:
    out = []
    for op, arg in tokens:
        if op is sre.LITERAL:
            out.append(chr(arg))
        elif op is sre.NOT_LITERAL:
            out.append(next(c for c in _CHOICES if ord(c) != arg))
        elif op is sre.ANY:
            out.append(_CHOICES[variant % 2])
        elif op is sre.IN:
            out.append(_pick(arg, variant))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            low, high, sub = arg
            count = min(max(low, 1 if variant else 0) + max(variant - 1, 0), high)
            out.append("".join(_gen(sub, variant) for _ in range(count)))
        elif op is sre.SUBPATTERN:
            out.append(_gen(arg[-1], variant))
        elif op is sre.BRANCH:
            out.append(_gen(arg[1][0], variant))
    return "".join(out)


def _pick(items, variant: int) -> str:
    negate = items and items[0][0] is sre.NEGATE
    candidates = [c for c in _CHOICES if _in_set(c, items) != negate]
    if not candidates:  # a set of characters outside our choices: take its first member
        op, arg = items[0]
        return chr(arg if op is sre.LITERAL else arg[0] if op is sre.RANGE else 48)
    return candidates[variant % len(candidates)]


def _in_set(char: str, items) -> bool:
    code = ord(char)
    for op, arg in items:
        if op is sre.LITERAL and arg == code:
            return True
        if op is sre.RANGE and arg[0] <= code <= arg[1]:
            return True
        if op is sre.CATEGORY and re.fullmatch(_CATEGORIES.get(arg, "(?!)"), char):
            return True
    return False


_CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d",
    sre.CATEGORY_NOT_DIGIT: r"\D",
    sre.CATEGORY_WORD: r"\w",
    sre.CATEGORY_NOT_WORD: r"\W",
    sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S",
}
