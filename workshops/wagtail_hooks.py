from workshops import admin_sessions  # noqa: E402, F401  (sessions, registers, completion)
