from workshops import admin_sessions  # noqa: F401  (sessions, registers, completion)
