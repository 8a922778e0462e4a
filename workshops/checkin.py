"""Self check-in codes, as pure functions (no ORM).

The trainer's page shows a QR code whose code is an HMAC of the session id and the current
one-minute window, keyed with the session's own secret. A code is accepted in its window
and the one before (so a scan at 10:00:59 still works at 10:01:05) and refused after that.
The code is the same for everybody in the room: it proves presence in the room during that
minute, and the trainee's login says who they are.
"""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

WINDOW_SECONDS = 60
CODE_LENGTH = 16


@dataclass(frozen=True)
class CodeCheck:
    valid: bool
    window: int | None = None


def checkin_window(at: datetime) -> int:
    """The number of the one-minute window that contains `at` (an aware datetime)."""
    return int(at.timestamp()) // WINDOW_SECONDS


def checkin_code(*, secret: str, session_id: int, window: int) -> str:
    message = f"{session_id}:{window}".encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return digest[:CODE_LENGTH]


def checkin_code_check(*, secret: str, session_id: int, code: str, at: datetime) -> CodeCheck:
    """Whether `code` is this session's code for the window of `at` or the one before."""
    current = checkin_window(at)
    # Compared as bytes: compare_digest refuses str with non-ASCII characters (a made-up or
    # mangled code is simply wrong, not a server error).
    given = (code or "").encode()
    for window in (current, current - 1):
        expected = checkin_code(secret=secret, session_id=session_id, window=window)
        if hmac.compare_digest(expected.encode(), given):
            return CodeCheck(valid=True, window=window)
    return CodeCheck(valid=False)


def seconds_left(at: datetime) -> int:
    return WINDOW_SECONDS - int(at.timestamp()) % WINDOW_SECONDS
