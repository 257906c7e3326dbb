"""DP Assure settings, read from the environment.

Every setting a deployment changes comes from an environment variable; the README lists them.
With no environment at all the app runs in debug mode on SQLite under ``./var/``.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DPASSURE_DEBUG", default=False)
DATA_DIR = Path(os.environ.get("DPASSURE_DATA_DIR", "var")).resolve()

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DPASSURE_DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug-mode-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "django_htmx",
    "dpassure.core",
    "dpassure.organisations",
    "dpassure.rights",
    "dpassure.incidents",
    "dpassure.training",
    "dpassure.undertakings",
    "dpassure.assurance",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "dpassure.urls"
WSGI_APPLICATION = "dpassure.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dpassure.core.context_processors.service",
            ],
        },
    },
]
FORM_RENDERER = "dpassure.core.forms.GovukFormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'dpassure.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    # Covering indexes (INCLUDE) are for PostgreSQL; SQLite builds them on their key columns.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {
        "BACKEND": os.environ.get(
            "DPASSURE_FILE_STORAGE", "django.core.files.storage.FileSystemStorage"
        ),
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
# Uploads: imports are read in memory up to this size and refused above it.
DPASSURE_MAX_UPLOAD_BYTES = int(os.environ.get("DPASSURE_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))
#: Learning-platform exports run to a million rows; they are read as a stream from storage.
DPASSURE_MAX_TRAINING_UPLOAD_BYTES = int(
    os.environ.get("DPASSURE_MAX_TRAINING_UPLOAD_BYTES", 512 * 1024 * 1024)
)
DATA_UPLOAD_MAX_MEMORY_SIZE = DPASSURE_MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = DPASSURE_MAX_UPLOAD_BYTES

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "DP Assure <no-reply@localhost>")

TASKS = {
    "default": {
        "BACKEND": os.environ.get("DPASSURE_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["dpassure.core.api_defaults.ScopedFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "dpassure.core.api_defaults.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "dpassure.core.api_defaults.exception_handler",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "DP Assure API",
    "DESCRIPTION": "Registers of a policing body's data protection assurance. "
    "Every endpoint is scoped to the organisations the caller belongs to.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "RequestRegimeEnum": "dpassure.rights.choices.Regime",
        "IncidentRegimeEnum": "dpassure.incidents.choices.Regime",
        # Assurance: one name per choice set, whichever field uses it.
        "EngagementKindEnum": "dpassure.assurance.choices.EngagementKind",
        "AnswerKindEnum": "dpassure.assurance.choices.AnswerKind",
        "FindingKindEnum": "dpassure.assurance.choices.FindingKind",
        "AssuranceLevelEnum": "dpassure.assurance.choices.AssuranceLevel",
        "SurveyStatusEnum": "dpassure.assurance.choices.SurveyStatus",
        "ReportStatusEnum": "dpassure.assurance.choices.ReportStatus",
        "FollowUpStatusEnum": "dpassure.assurance.choices.FollowUpStatus",
    },
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if env_bool("DPASSURE_BEHIND_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DPASSURE_LOG_LEVEL", "WARNING")},
}

# Register pages show this many rows; lists never count beyond DPASSURE_COUNT_LIMIT rows.
DPASSURE_PAGE_SIZE = 25
DPASSURE_COUNT_LIMIT = 10_000
# Where links in emails point: the public address of this deployment.
DPASSURE_BASE_URL = os.environ.get("DPASSURE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# Requests for personal data (DOMAIN_RULES.md §1). Part 3 counting is configurable because the
# ICO's UK GDPR and Part 3 guidance differ by a day: "ico" (default, the shorter) or
# "part3_day_after" (the ICO Part 3 guidance of February 2023).
DPASSURE_SAR_PART3_COUNTING = os.environ.get("DPASSURE_SAR_PART3_COUNTING", "ico")
DPASSURE_SAR_INTERNAL_TARGET_DAYS = int(os.environ.get("DPASSURE_SAR_INTERNAL_TARGET_DAYS", "28"))
