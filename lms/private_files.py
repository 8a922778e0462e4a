"""Personal files: their own storage, random names, and one way to serve them.

Certificate PDFs, sign-in sheet scans and import uploads name or show people, so they are
never put under the publicly served MEDIA_ROOT:

- ``PrivateStorage`` (``STORAGES["private"]``) keeps them under ``PRIVATE_MEDIA_ROOT``; it has
  no URL, so nothing can link to a file except through a view. The system check
  ``lms.E001`` refuses a private root inside MEDIA_ROOT or STATIC_ROOT (or the other way).
- ``RandomName(folder)`` is their ``upload_to``: ``<folder>/<32 random characters>.<ext>``;
  neither serials nor original names appear, so names cannot be walked or guessed.
- ``private_file_response`` is what a view returns once it has decided that the reader may
  see the file: nginx sends it (``X-Accel-Redirect`` to the internal location named by
  ``PRIVATE_MEDIA_ACCEL_REDIRECT``) or, without that setting, Django streams it.
- ``files_move_to_private`` moves files saved in public media before this storage existed
  (``manage.py move_private_files``, safe to run again).

Public media (Wagtail images and documents of pages) stays in the default storage.
"""

from __future__ import annotations

import logging
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.core.checks import Error, register
from django.core.files.storage import FileSystemStorage, Storage, default_storage, storages
from django.db import models
from django.forms import ClearableFileInput
from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header

logger = logging.getLogger(__name__)

# Folders of MEDIA_ROOT where the portal wrote personal files before they became private.
PREVIOUSLY_PUBLIC_FOLDERS = ("certificates", "sign-in-sheets", "imports")
# Where files found there without a record pointing at them are kept (private, never served).
UNREFERENCED_FOLDER = "unreferenced"


class PrivateStorage(FileSystemStorage):
    """Files under settings.PRIVATE_MEDIA_ROOT that have no public address."""

    def __init__(self, location=None, **kwargs):
        kwargs.pop("base_url", None)
        super().__init__(location=location, **kwargs)

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        raise ValueError(
            f"{name} is a private file: it has no public address. Link the view that checks "
            "who asks and answers with lms.private_files.private_file_response."
        )


def private_storage() -> Storage:
    """The private storage (a callable, so that model fields and migrations name it)."""
    return storages["private"]


@deconstructible(path="lms.private_files.RandomName")
class RandomName:
    """``upload_to`` for private files: the folder, 192 random bits and the file's suffix.

    The suffix is kept only when it is a plain short extension (``.pdf``, ``.png``): what a
    file is comes from its content, and the name says nothing about its owner.
    """

    def __init__(self, folder: str):
        self.folder = folder.strip("/")

    def __call__(self, instance, filename: str) -> str:
        suffix = PurePosixPath(filename or "").suffix.lower()
        if not (2 <= len(suffix) <= 6 and suffix[1:].isascii() and suffix[1:].isalnum()):
            suffix = ""
        return f"{self.folder}/{secrets.token_urlsafe(24)}{suffix}"

    def __eq__(self, other) -> bool:
        return isinstance(other, RandomName) and other.folder == self.folder

    def __hash__(self) -> int:
        return hash(self.folder)


def private_file_response(
    name: str, *, filename: str, content_type: str, as_attachment: bool = True
) -> HttpResponse:
    """The response that hands a private file to a reader the calling view has checked.

    `name` is the file's name in the private storage, `filename` the name the reader's
    browser saves it under. With PRIVATE_MEDIA_ACCEL_REDIRECT set (production) the body is
    empty and nginx sends the file from its internal location; otherwise Django streams it.
    Either way: the given Content-Type, Content-Disposition, ``X-Content-Type-Options:
    nosniff`` and ``Cache-Control: private`` (no shared cache keeps it). Raises Http404 when
    the file is missing, which is logged: a record pointing at no file is a fault.
    """
    storage = private_storage()
    if not name or not storage.exists(name):
        logger.warning("Private file %r is missing", name)
        raise Http404("No such file.")
    location = settings.PRIVATE_MEDIA_ACCEL_REDIRECT
    if location:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = f"{location.rstrip('/')}/{quote(name)}"
    else:
        response = FileResponse(storage.open(name, "rb"), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True)
    return response


@dataclass(frozen=True)
class _Link:
    url: str
    text: str

    def __str__(self) -> str:
        return self.text


class PrivateFileInput(ClearableFileInput):
    """The admin's file input for a private file: "Currently" links the view that checks
    who asks (`link(field_file) -> url`) under `link_text`, never a storage address."""

    def __init__(self, *, link, link_text: str, attrs=None):
        super().__init__(attrs)
        self.link = link
        self.link_text = link_text

    def is_initial(self, value) -> bool:
        return bool(value and getattr(value, "name", None) and getattr(value, "instance", None))

    def format_value(self, value):
        if self.is_initial(value):
            return _Link(url=self.link(value), text=str(self.link_text))
        return None


# --- moving files that were public ---------------------------------------------------------


@dataclass
class MoveReport:
    """What files_move_to_private did (or would do)."""

    moved: int = 0
    already_private: int = 0
    missing: list[str] = field(default_factory=list)
    unreferenced: int = 0


def private_file_fields() -> list[tuple[type[models.Model], models.FileField]]:
    """Every FileField of an installed model whose files are kept in the private storage."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            if isinstance(model_field, models.FileField) and isinstance(
                model_field.storage, PrivateStorage
            ):
                found.append((model, model_field))
    return found


def files_move_to_private(*, dry_run: bool = False) -> MoveReport:
    """Move personal files out of public media into the private storage; safe to run again.

    For each private FileField: a file still in public media gets a random name in the
    private storage, its record is updated (no signals, no timestamps), then the public copy
    is deleted; a record already pointing into the private storage is left alone. Then what
    remains in the folders that used to be public (crash leftovers, old import uploads) is
    moved to ``unreferenced/`` in the private storage, so nothing personal stays reachable.
    """
    report = MoveReport()
    public, private = default_storage, private_storage()
    for model, model_field in private_file_fields():
        rows = model._default_manager.exclude(**{model_field.name: ""}).values_list(
            "pk", model_field.name
        )
        for pk, name in rows.iterator():
            if private.exists(name):
                report.already_private += 1
            elif public.exists(name):
                report.moved += 1
                if not dry_run:
                    _move_one(model, model_field, pk, name)
            else:
                report.missing.append(f"{model._meta.label} {pk}: {name}")
    for folder in PREVIOUSLY_PUBLIC_FOLDERS:
        for name in _walk(public, folder):
            report.unreferenced += 1
            if not dry_run:
                with public.open(name, "rb") as handle:
                    private.save(f"{UNREFERENCED_FOLDER}/{name}", handle)
                public.delete(name)
    return report


def _move_one(model, model_field, pk, name: str) -> None:
    """Copy, point the record at the copy, then delete the public file (in this order, so
    that a crash leaves at worst an extra private copy, never a record without a file)."""
    private = private_storage()
    with default_storage.open(name, "rb") as handle:
        new_name = private.save(model_field.generate_filename(None, os.path.basename(name)), handle)
    model._default_manager.filter(pk=pk).update(**{model_field.name: new_name})
    default_storage.delete(name)


def _walk(storage: Storage, folder: str):
    if not storage.exists(folder):
        return
    directories, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from _walk(storage, f"{folder}/{directory}")


# --- system check ----------------------------------------------------------------------------


def _inside(path: Path, other: Path) -> bool:
    return path == other or other in path.parents


@register()
def check_private_root(app_configs=None, **kwargs) -> list[Error]:
    """The private root must not be inside a publicly served folder, nor contain one."""
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    errors = []
    for setting in ("MEDIA_ROOT", "STATIC_ROOT"):
        public = getattr(settings, setting, None)
        if not public:
            continue
        public = Path(public).resolve()
        if _inside(private, public) or _inside(public, private):
            errors.append(
                Error(
                    f"PRIVATE_MEDIA_ROOT ({private}) and {setting} ({public}) overlap: personal "
                    "files would be served to anyone.",
                    hint="Set DJANGO_PRIVATE_MEDIA_ROOT to a folder outside the public ones.",
                    id="lms.E001",
                )
            )
    return errors
