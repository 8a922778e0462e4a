"""Benchmark: server CPU per anonymous request of public Wagtail pages vs a bare template view.

Standalone: builds a throw-away SQLite database with the demo data, warms up, then requests
the home, programme and event pages anonymously through Django's test client, and a bare
Django template view with the same middleware, in the same process. Prints CPU ms per request
for each (with the page cache, and for information without it) and ends with
`pages: <ratio>x bare (goal: <=10x)`, exiting 1 when the slowest page misses the goal.
"""

import atexit
import os
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = tempfile.mkdtemp(prefix="bench-pages-")
atexit.register(shutil.rmtree, WORKDIR, ignore_errors=True)
os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings"
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR}/bench.sqlite3"
os.environ.pop("REDIS_URL", None)  # the default database cache, as `make run` has it
warnings.filterwarnings("ignore", message="No directory at")  # whitenoise, no collectstatic

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import include, path  # noqa: E402

GOAL = 10.0
REQUESTS = 300
BARE = engines["django"].from_string(
    '{% load static %}<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
    '<title>{{ title }}</title><link rel="stylesheet" href="{% static "css/site.css" %}">'
    "</head><body><main><h1>{{ title }}</h1><p>{{ text }}</p></main></body></html>"
)


def bare_view(request):
    context = {"title": "Bare page", "text": "A template rendered without Wagtail."}
    return HttpResponse(BARE.render(context, request))


urlpatterns = [path("bench-bare/", bare_view), path("", include("lms.urls"))]


def cpu_ms_per_request(client: Client, url: str, n: int = REQUESTS) -> float:
    for _ in range(20):  # warm: imports, template loading, caches
        assert client.get(url).status_code == 200, url
    start = time.process_time()
    for _ in range(n):
        client.get(url)
    return (time.process_time() - start) * 1000 / n


def build() -> dict[str, str]:
    quiet = open(os.devnull, "w")
    call_command("migrate", verbosity=0, stdout=quiet)
    call_command("createcachetable", verbosity=0)
    call_command("load_demo_data", stdout=quiet)
    from workshops.models import EventPage, ProgrammePage

    programme = ProgrammePage.objects.live().order_by("start_date").first()
    event = EventPage.objects.live().child_of(programme).order_by("start_date").first()
    return {"home": "/", "programme": programme.url, "event": event.url}


def main() -> int:
    settings.ROOT_URLCONF = __name__
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    urls = build()
    settings.DEBUG = False  # no query log in the measured loop
    client = Client()
    bare = cpu_ms_per_request(client, "/bench-bare/")
    print(f"bare template view: {bare:.3f} ms CPU per request")
    ratios = []
    for name, url in urls.items():
        ms = cpu_ms_per_request(client, url)
        ratios.append(ms / bare)
        print(f"{name} {url}: {ms:.3f} ms CPU per request, {ms / bare:.1f}x bare")
    cache_seconds, settings.PAGE_CACHE_SECONDS = settings.PAGE_CACHE_SECONDS, 0
    for name, url in urls.items():
        ms = cpu_ms_per_request(client, url, n=REQUESTS // 5)
        print(f"  without the page cache, {name}: {ms:.3f} ms ({ms / bare:.1f}x bare)")
    settings.PAGE_CACHE_SECONDS = cache_seconds
    worst = max(ratios)
    print(f"pages: {worst:.1f}x bare (goal: <={GOAL:g}x)")
    return 0 if worst <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
