"""Settings for the GPMS training platform.

One module, read from the environment, with embedded defaults that run the portal on a
fresh machine: SQLite, a database cache, console e-mail, tasks run by the database worker.
Production sets DJANGO_SECRET_KEY, DJANGO_DEBUG=0, DJANGO_ALLOWED_HOSTS and usually
DATABASE_URL and REDIS_URL.
"""

import os
from email.utils import parseaddr
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get(
    "DJANGO_SECRET_KEY",
    # Only for local development: production must set DJANGO_SECRET_KEY (check --deploy says so).
    "django-insecure-local-development-key-do-not-use-in-production",
)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # Our apps first, so that their templates and static files win over the libraries'.
    "lms.accounts",
    "lms",
    "workshops",
    "courses",
    "sandbox_apa",
    "certificates",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Background tasks
    "django_tasks",
    "django_tasks_db",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the page cache, so that a page served from it carries the policy too.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "lms.security.RejectNulMiddleware",
    # Anonymous page views answered from the cache before sessions, auth and routing.
    "lms.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "lms.middleware.PreferredLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "lms.context_processors.site_chrome",
            ],
            # `date` and `time` write Bangla digits on Bangla pages, in every app's templates.
            "builtins": ["lms.templatetags.localised_builtins"],
        },
    },
]

# Database: SQLite by default, DATABASE_URL (postgres://...) switches.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the task worker use the file at once. Connections persist
    # (DJANGO_CONN_MAX_AGE) as on PostgreSQL: opening one costs more than a cached page (Django
    # registers its SQL functions, the PRAGMAs run), and with WAL an idle connection holds no
    # lock, so the worker and other web processes read and write as before.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    # Wagtail's PostgreSQL search backend uses django.contrib.postgres (check postgres.E005).
    INSTALLED_APPS.append("django.contrib.postgres")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: shared between processes (allauth's rate limits count here). Redis when REDIS_URL
# is set, else a table in the database.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "gpms",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "lms_cache",
            # Pages, figures per batch and per user: far more than the default 300 entries,
            # past which every write deletes a third of the table.
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

# Background tasks: django.tasks API, stored in the database and run by `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("DJANGO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "certificates", "email"],
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# django-allauth 65
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "lms.accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[GPMS Training] "
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "GPMS Training"

# Wagtail
WAGTAIL_SITE_NAME = "GPMS Training"
# The portal's public address, for every absolute link made without a request: certificate QR
# codes and "Verify at", e-mails, calendar feeds (lms.portal). `make run` sets it from HOST and
# PORT; `check --deploy` warns while it points at this machine.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = PORTAL_BASE_URL
# The Wagtail admin signs in through allauth (rate limits, e-mail login, MFA).
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
# Passwords and e-mail addresses change only through allauth (its checks, verification of a new
# address); Wagtail's account page links there (lms/accounts/wagtail_hooks.py).
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "doc", "xlsx", "xls", "pptx", "ppt", "csv", "txt", "zip"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from gravatar.com: it would tell a third party who uses the admin (and the CSP
# allows no other origin's images).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

# Internationalisation: English and Bangla. English URLs carry no prefix, Bangla ones /bn/;
# the language switcher's choice is remembered in a cookie, a first visit follows the browser.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("bn", "বাংলা")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
# locale/vendor: Bangla for allauth, which ships none; the project's own catalogue wins.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "vendor"]
TIME_ZONE = "Asia/Dhaka"
USE_I18N = True
USE_TZ = True
# One date style per language ("13 Jan 2015", "১৩ জানুয়ারি ২০১৫") for dates printed without
# an explicit format, the admin's included: lms/formats/<language>/formats.py.
FORMAT_MODULE_PATH = ["lms.formats"]

# Static and media files
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Personal files (certificate PDFs, sign-in sheet scans, import uploads) live in their own
# storage, outside MEDIA_ROOT, under random names; only views that check who asks serve them
# (lms.private_files). In production nginx sends them through an internal location named by
# PRIVATE_MEDIA_ACCEL_REDIRECT (README: "Security"); empty = Django streams them itself.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("DJANGO_PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
PRIVATE_MEDIA_ACCEL_REDIRECT = os.environ.get("DJANGO_PRIVATE_MEDIA_ACCEL_REDIRECT", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "lms.private_files.PrivateStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Uploaded files (sign-in sheet scans, nomination lists) are refused above this size; a
# spreadsheet also when it unpacks to more than IMPORT_MAX_UNCOMPRESSED_BYTES (read from the
# zip directory before parsing) or spans more than IMPORT_MAX_CELLS cells.
UPLOAD_MAX_BYTES = int(float(os.environ.get("DJANGO_UPLOAD_MAX_MB", "10")) * 1024 * 1024)
IMPORT_MAX_UNCOMPRESSED_BYTES = int(
    float(os.environ.get("DJANGO_IMPORT_MAX_UNCOMPRESSED_MB", "50")) * 1024 * 1024
)
IMPORT_MAX_CELLS = int(os.environ.get("DJANGO_IMPORT_MAX_CELLS", "1000000"))
# A checked nomination list not imported within this many hours is deleted by
# `manage.py delete_abandoned_imports` (cron or the worker's schedule; README).
IMPORT_KEEP_HOURS = int(os.environ.get("DJANGO_IMPORT_KEEP_HOURS", "24"))

# E-mail (Django 6.1 mailers): console by default, SMTP when EMAIL_HOST is set.
_mail_options = {}
if os.environ.get("EMAIL_HOST"):
    _mail_backend = "django.core.mail.backends.smtp.EmailBackend"
    _mail_options = {
        "host": os.environ["EMAIL_HOST"],
        "port": int(os.environ.get("EMAIL_PORT", "587")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", True),
    }
else:
    _mail_backend = os.environ.get(
        "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
    )
MAILERS = {"default": {"BACKEND": _mail_backend, "OPTIONS": _mail_options}}
DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", "GPMS Training <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The training unit that organises every session: the ORGANIZER of each calendar event
# (RFC 5546 wants one on PUBLISH and CANCEL). By default the sender of the e-mails.
_from_name, _from_address = parseaddr(DEFAULT_FROM_EMAIL)
TRAINING_UNIT_EMAIL = os.environ.get("TRAINING_UNIT_EMAIL", _from_address)
TRAINING_UNIT_NAME = os.environ.get("TRAINING_UNIT_NAME", _from_name or "GPMS Training")

# Security: strict once DEBUG is off (check --deploy is clean with production variables).
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview sets SAMEORIGIN on its own views

# Content-Security-Policy (Django's own, django.middleware.csp). The site's pages run only the
# scripts of their own static files: no inline script, no nonce (cached pages are shared by
# every visitor). Style attributes stay allowed (Wagtail's responsive embeds, progress bars),
# <style> elements and other origins' styles do not. Video embeds in lessons come from the
# hosts in DJANGO_CSP_FRAME_SRC.
_CSP_FRAME_SRC = env_list(
    "DJANGO_CSP_FRAME_SRC",
    "https://www.youtube.com,https://www.youtube-nocookie.com,https://player.vimeo.com",
)
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "style-src-attr": [CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-src": [CSP.SELF, *_CSP_FRAME_SRC],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    # 'self', not 'none': the admin's live preview frames the page (served through the whole
    # middleware stack, so it carries this policy); other sites still cannot frame it.
    "frame-ancestors": [CSP.SELF],
}
# The Wagtail admin (lms.security.admin_csp on its URLs) still needs inline scripts and styles.
ADMIN_CSP = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
}

# One console handler, the root's. Django's default configuration gives the "django" logger
# a console handler of its own that also propagates to the root: every line of Django, the
# autoreloader and the task worker ("django.tasks") was printed twice. Its errors still go to
# ADMINS by e-mail in production, as by default.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "housekeeping_tasks": {"()": "lms.log_filters.HousekeepingTasksFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["housekeeping_tasks"]},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    "loggers": {"django": {"handlers": ["mail_admins"], "level": "INFO", "propagate": True}},
}

# Signing what the portal issues: PAdES signatures on PDFs (lms.signing) and Open Badges 3.0
# credentials (certificates.credentials). Production names the issuing authority's keys;
# without them a development key is made on first use under SIGNING_KEYS_DIR (private,
# outside the repository's tracked files and MEDIA_ROOT) and the admin says so. README:
# "Signed certificates and Open Badges".
SIGNING_KEYS_DIR = Path(os.environ.get("SIGNING_KEYS_DIR", BASE_DIR / ".keys"))
PDF_SIGNING_PKCS12 = os.environ.get("PDF_SIGNING_PKCS12", "")
PDF_SIGNING_KEY = os.environ.get("PDF_SIGNING_KEY", "")
PDF_SIGNING_CERT = os.environ.get("PDF_SIGNING_CERT", "")
PDF_SIGNING_CHAIN = env_list("PDF_SIGNING_CHAIN", "")
PDF_SIGNING_PASSPHRASE = os.environ.get("PDF_SIGNING_PASSPHRASE", "")
PDF_SIGNING_TSA_URL = os.environ.get("PDF_SIGNING_TSA_URL", "")
CREDENTIALS_SIGNING_KEY = os.environ.get("CREDENTIALS_SIGNING_KEY", "")
CREDENTIALS_SIGNING_PASSPHRASE = os.environ.get("CREDENTIALS_SIGNING_PASSPHRASE", "")
CREDENTIALS_PREVIOUS_KEYS = env_list("CREDENTIALS_PREVIOUS_KEYS", "")
CREDENTIALS_ISSUER_NAME = os.environ.get(
    "CREDENTIALS_ISSUER_NAME", "GPMS Training Unit, Cabinet Division"
)
# A bulk certificate issue is held by its worker for this long, renewed as it goes; when a
# killed worker stops renewing, another worker takes the job over once the lease runs out.
CERTIFICATES_JOB_LEASE_SECONDS = int(os.environ.get("CERTIFICATES_JOB_LEASE_SECONDS", "60"))

# Public pages seen by anonymous visitors are cached this long (invalidated on publish).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# Figures per batch or user (learning gain, the organisers' panel) are kept until a service
# changes their data (lms.scoped_cache), and at most this long.
SCOPED_CACHE_SECONDS = int(os.environ.get("SCOPED_CACHE_SECONDS", "3600"))
