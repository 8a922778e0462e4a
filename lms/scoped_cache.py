"""Figures computed per batch, per user or for the whole portal, kept in the shared cache
until a service changes what they were computed from.

A value is stored under a name with the versions of its *scopes* ("batch:12", "batches",
"pages") as they were read before it was built. A service that changes a scope's data calls
`scope_touch(...)`; once its transaction commits, the scope gets a new version, so every value
built from the old data is a miss and is built again on its next read. Services call it, not
save signals: a service knows what it changed (a nomination changes its batch), and a bulk
update or a data migration that bypasses `save()` is not a change the portal would miss
anyway, because such values also expire (`SCOPED_CACHE_SECONDS`).

Two details keep a value from outliving its data:

- The versions are read before the value is built. A value built while a change commits is
  stored under the old version, which the change's touch has replaced or is about to.
- A version the cache has lost (evicted by Redis, culled by the database cache) is replaced by
  a fresh random one rather than read as "none": values built under the lost version never
  match again.

The scope "pages" is the page cache's generation (`lms.page_cache`), which publishing,
moving or deleting a page starts anew: values built from pages (which course prepares for an
event) follow the pages.

Values are kept under the version of the code that built them (`code_version`: the
project's Python files and templates), so a deployment never serves HTML drawn by the old
templates nor unpickles objects of the old classes.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from lms.page_cache import GENERATION_KEY

PAGES = "pages"
_VERSION_PREFIX = "scope-version:"
_VALUE_PREFIX = "scoped:"


def _version_key(scope: str) -> str:
    return GENERATION_KEY if scope == PAGES else f"{_VERSION_PREFIX}{scope}"


@functools.cache
def code_version() -> str:
    """A digest of the names, sizes and times of the project's Python files and templates
    (a few milliseconds, once per process)."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    roots = [base / "templates"] + [base / app for app in _PROJECT_APPS]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in (".py", ".html", ".txt") and "migrations" not in path.parts:
                stat = path.stat()
                digest.update(
                    f"{path.relative_to(base)}:{stat.st_size}:{stat.st_mtime_ns};".encode()
                )
    return digest.hexdigest()[:12]


_PROJECT_APPS = ("lms", "workshops", "courses", "sandbox_apa", "certificates")


def _value_key(name: str) -> str:
    return f"{_VALUE_PREFIX}{code_version()}:{name}"


def _timeout() -> int:
    return getattr(settings, "SCOPED_CACHE_SECONDS", 3600)


def scoped_get_many(
    wanted: dict[str, Iterable[str]],
    build: Callable[[list[str]], dict[str, Any]],
    *,
    timeout: int | None = None,
) -> dict[str, Any]:
    """The values named in `wanted` ({name: its scopes}), from the cache where their scopes
    are unchanged; `build(missing names)` computes the others at once ({name: value}), which
    are then stored for `timeout` seconds (`SCOPED_CACHE_SECONDS` by default). One cache
    round trip for a hit, two more for misses."""
    scopes_of = {name: sorted(set(scopes)) for name, scopes in wanted.items()}
    scopes = sorted({scope for names in scopes_of.values() for scope in names})
    keys = [_version_key(scope) for scope in scopes]
    found = cache.get_many(keys + [_value_key(name) for name in scopes_of])
    versions = _versions(scopes, keys, found)
    values, missing = {}, []
    for name, names in scopes_of.items():
        stamp = tuple(versions[scope] for scope in names)
        entry = found.get(_value_key(name))
        if entry is not None and entry[0] == stamp:
            values[name] = entry[1]
        else:
            missing.append(name)
    if missing:
        built = build(missing)
        cache.set_many(
            {
                _value_key(name): (tuple(versions[s] for s in scopes_of[name]), built[name])
                for name in missing
            },
            _timeout() if timeout is None else timeout,
        )
        values.update(built)
    return values


def scoped_get(name: str, *, scopes: Iterable[str], build: Callable[[], Any]) -> Any:
    """One value: `scoped_get_many` for a single name."""
    return scoped_get_many({name: scopes}, lambda _missing: {name: build()})[name]


def _versions(scopes: list[str], keys: list[str], found: dict) -> dict[str, str]:
    """The current version of each scope; lost ones get a new one (`cache.add`, so that two
    processes that both find it missing agree on one)."""
    versions = {}
    for scope, key in zip(scopes, keys, strict=True):
        version = found.get(key)
        if version is None:
            cache.add(key, secrets.token_hex(8), timeout=None)
            version = cache.get(key)
        versions[scope] = version
    return versions


def scope_touch(*scopes: str) -> None:
    """Start new versions of `scopes` once the current transaction commits (at once outside
    one): every value built from their data so far is stale. Touching the same scopes again
    in one transaction (marking 200 people present) adds nothing more to do at commit."""
    if not scopes:
        return
    key = frozenset(scopes)
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        getattr(func, "scopes", None) == key and not func.done
        for _ids, func, _robust in connection.run_on_commit
    ):
        return

    def touch() -> None:
        touch.done = True
        cache.set_many({_version_key(scope): secrets.token_hex(8) for scope in scopes}, None)

    touch.scopes, touch.done = key, False
    transaction.on_commit(touch)
