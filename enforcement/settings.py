"""Settings for enforcement, read from environment variables only.

The embedded default (no variables set) is a SQLite file with in-process Celery tasks, so
that `make run` works on a laptop. Production sets DATABASE_URL, REDIS_URL, SECRET_KEY and
DEBUG=0; a bad or missing value stops start-up with a message that names the variable.
"""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

_DEFAULT_SECRET = "dev-insecure-secret-change-me"


def _typed(name: str, cast, default):
    """Read one variable, naming it in the error when its value is malformed."""
    try:
        return cast(name, default=default)
    except (ValueError, TypeError, KeyError, ImproperlyConfigured) as exc:
        raise ImproperlyConfigured(f"Environment variable {name} has a bad value: {exc}") from exc


DEBUG: bool = _typed("DEBUG", env.bool, False)
# Under pytest the security checks that only make sense for a deployment are relaxed.
TESTING: bool = _typed("ENFORCEMENT_TESTING", env.bool, False) or "pytest" in sys.modules
SECRET_KEY: str = env.str("SECRET_KEY", default=_DEFAULT_SECRET)
if not DEBUG and not TESTING and SECRET_KEY in ("", _DEFAULT_SECRET):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a long random value when DEBUG is off "
        "(e.g. SECRET_KEY=$(python -c 'import secrets; print(secrets.token_urlsafe(50))'))."
    )
if not DEBUG and not TESTING and len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("SECRET_KEY is too short: use at least 32 random characters.")

ALLOWED_HOSTS: list[str] = _typed(
    "ALLOWED_HOSTS", env.list, ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS: list[str] = _typed("CSRF_TRUSTED_ORIGINS", env.list, [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_filters",
    "guardian",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "pgtrigger",
    "pghistory",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Project apps, lowest layer first (portal → penalties → cases → documents → officers
    # → accounts → audit → core; oversight and api sit on top; nothing imports upward).
    "core",
    "audit",
    "accounts",
    "officers",
    "documents",
    "cases",
    "penalties",
    "portal",
    "oversight",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.SessionTimeoutMiddleware",
    "core.middleware.AuditContextMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.TestClockMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "enforcement.urls"
WSGI_APPLICATION = "enforcement.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "core.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASES = {
    "default": _typed("DATABASE_URL", env.db_url, f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"].get("ENGINE") not in (
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
):
    raise ImproperlyConfigured(
        "Environment variable DATABASE_URL has a bad value: use sqlite:///path or "
        "postgres://user:password@host:5432/name"
    )
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for the write lock instead of failing at once when two writers meet, and take
    # it at the start of a transaction so that the audit chain head is locked like
    # SELECT … FOR UPDATE does on PostgreSQL.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, Celery ----------------------------------------------------------
REDIS_URL: str | None = env.str("REDIS_URL", default=None) or None
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured("REDIS_URL must start with redis://, rediss:// or unix://")

if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
# Without Redis every task runs in-process at once: the embedded default needs no worker.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_SERIALIZER = "json"
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_TASK_ROUTES = {
    "documents.*": {"queue": "documents"},
    "audit.*": {"queue": "audit"},
}
CELERY_TASK_DEFAULT_QUEUE = "default"
# Daily and nightly work (Asia/Shanghai). Each task records its own actor in the audit
# trail and is idempotent: running it twice changes nothing more.
CELERY_BEAT_SCHEDULE = {
    "officers-daily-certificates": {
        "task": "officers.tasks.daily_certificate_check",
        "schedule": crontab(hour=1, minute=0),
    },
    "cases-daily-deadlines": {
        "task": "cases.tasks.daily_deadline_check",
        "schedule": crontab(hour=1, minute=30),
    },
    "penalties-daily-surcharge": {
        "task": "penalties.tasks.daily_surcharge_update",
        "schedule": crontab(hour=1, minute=45),
    },
    "audit-nightly-verify": {
        "task": "audit.tasks.verify_chain",
        "schedule": crontab(hour=2, minute=0),
    },
    "audit-daily-checkpoint": {
        "task": "audit.tasks.sign_checkpoint",
        "schedule": crontab(hour=2, minute=30),
    },
}

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 12 * 60 * 60  # absolute lifetime: 12 hours
SESSION_IDLE_TIMEOUT = 30 * 60  # seconds without a request before logout
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Authentication and security ------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "core.auth.NoSuperuserBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Production has no superuser login (DESIGN: 三权分立).
ALLOW_SUPERUSER_LOGIN: bool = _typed("ALLOW_SUPERUSER_LOGIN", env.bool, DEBUG)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = _typed("AXES_ENABLED", env.bool, True)
AXES_VERBOSE = False

ANONYMOUS_USER_NAME = None  # guardian: anonymous users get no object permissions
GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False

# Number of reverse proxies in front of the web tier whose X-Forwarded-For may be trusted
# for the client IP recorded in the audit trail (0: use the socket address).
TRUSTED_PROXY_HOPS: int = _typed("TRUSTED_PROXY_HOPS", env.int, 0)

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG and not TESTING:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = _typed("SECURE_HSTS_SECONDS", env.int, 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_SSL_REDIRECT = _typed("SECURE_SSL_REDIRECT", env.bool, True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_COOKIE_HTTPONLY = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(_typed("STATIC_ROOT", env.str, str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded evidence and rendered documents live outside the web root and are only served
# through permission-checked, audited views; there is deliberately no MEDIA_URL route.
MEDIA_ROOT = Path(_typed("MEDIA_ROOT", env.str, str(BASE_DIR / "media")))
MEDIA_URL = "/media-not-served/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
EVIDENCE_MAX_UPLOAD_BYTES: int = _typed("EVIDENCE_MAX_UPLOAD_BYTES", env.int, 50 * 1024 * 1024)

# --- Mail (reminders) ------------------------------------------------------------------
EMAIL_BACKEND = (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="enforcement@localhost")

# --- Project settings -----------------------------------------------------------------
# The test clock (core.clock) may be moved over HTTP only when this is on: demo and
# browser tests. Never in production.
ENFORCEMENT_TEST_CLOCK: bool = _typed("ENFORCEMENT_TEST_CLOCK", env.bool, False)
if ENFORCEMENT_TEST_CLOCK and not (DEBUG or TESTING):
    raise ImproperlyConfigured("ENFORCEMENT_TEST_CLOCK may only be on with DEBUG or in tests.")
# Public base URL printed in QR codes on served documents.
PUBLIC_BASE_URL: str = env.str("PUBLIC_BASE_URL", default="http://127.0.0.1:8000")
# Ed25519 key that signs audit checkpoints; never stored in the database.
AUDIT_SIGNING_KEY_FILE: str | None = env.str("AUDIT_SIGNING_KEY_FILE", default=None) or None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# Lockout is per username on purpose (STACK.md): agencies sit behind shared NAT addresses,
# where an IP lockout would lock out a whole office.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

if TESTING:
    # Fast hashing in tests only; and tasks run in-process unless a test starts a real
    # worker (tests/conftest.py: celery_worker fixture).
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    CELERY_TASK_ALWAYS_EAGER = True

# --- JSON API (api/) ---------------------------------------------------------------------
REST_FRAMEWORK = {
    # Bearer tokens first: an anonymous call then gets 401 with WWW-Authenticate.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "api.pagination.CursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": [],
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "enforcement API · 行政执法案件管理系统接口",
    "DESCRIPTION": (
        "与浏览器页面相同的服务、规则与权限。错误均为 application/problem+json（RFC 9457），"
        "规则拒绝带规则编号（rule）；列表使用游标分页。认证：浏览器会话，或在“接口令牌”页面"
        "创建的令牌（Authorization: Bearer …）。"
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Documentation assets come from the drf-spectacular-sidecar package: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Enums stay inline where they are used (no shared enum components whose names would
    # collide as every app adds its own "state" or "kind"); errors are added to every
    # operation.
    "POSTPROCESSING_HOOKS": ["api.schema.add_problem_responses"],
}
API_TOKEN_MAX_DAYS: int = _typed("API_TOKEN_MAX_DAYS", env.int, 90)

# --- Oversight / pghistory -----------------------------------------------------------------
# Row history (oversight.models) by PostgreSQL triggers that pgtrigger installs after every
# `migrate` instead of through migrations: the tracked models belong to other apps, whose
# migrations must not change (makemigrations stays clean for cases, officers, penalties).
PGTRIGGER_MIGRATIONS = False
PGTRIGGER_INSTALL_ON_MIGRATE = True
# History columns copy only the structure of the tracked fields: a label, choice or default
# changed in another app asks for no migration of the history tables.
PGHISTORY_EXCLUDE_FIELD_KWARGS = {
    "django.db.models.Field": [
        "verbose_name", "help_text", "choices", "validators", "default", "db_default",
        "blank", "editable", "error_messages", "db_comment", "auto_now", "auto_now_add",
    ],
}  # fmt: skip
# pgtrigger logs every trigger it (re)installs after each migrate at INFO: keep it quiet.
LOGGING["loggers"]["pgtrigger"] = {"level": "WARNING"}
