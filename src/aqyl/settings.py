"""Django settings, derived from the declared AQYL_* settings in aqyl.config.

Nothing is created here: `aqyl init` makes folders, secrets and the database.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url

from aqyl import config

AQYL: dict[str, Any] = config.load()
HOME: Path = AQYL["AQYL_HOME"]
SRC_DIR = Path(__file__).resolve().parent


def _secret_key(path: Path) -> str:
    # Without `aqyl init` (tests, one-off commands) an ephemeral key keeps import side-effect free;
    # `aqyl serve` refuses to start until the key file exists.
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return secrets.token_urlsafe(50)


SECRET_KEY = _secret_key(AQYL["AQYL_SECRET_KEY_FILE"])
DEBUG: bool = AQYL["AQYL_DEBUG"]
ALLOWED_HOSTS: list[str] = AQYL["AQYL_ALLOWED_HOSTS"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # serves Swagger UI from its bundled static files instead of a CDN
    "django_tasks",
    "django_tasks_db",
    "axes",
    "aqyl.core",
    "aqyl.accounts",
    "aqyl.catalog",
    "aqyl.quality",
    "aqyl.privacy",
    "aqyl.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "aqyl.core.middleware.LanguageMiddleware",
    "aqyl.core.middleware.RejectNulMiddleware",
    "aqyl.core.middleware.ErrorPageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "aqyl.urls"
WSGI_APPLICATION = "aqyl.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "aqyl.web.context.portal",
            ],
        },
    },
]


def _databases(url: str) -> dict[str, Any]:
    db = dj_database_url.parse(url, conn_max_age=0 if url.startswith("sqlite") else 60)
    if db["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets the web server read while the worker writes; IMMEDIATE avoids
        # "database is locked" upgrades from read to write transactions.
        db["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    db["TEST"] = {"NAME": None}
    return {"default": db}


DATABASES = _databases(AQYL["AQYL_DATABASE_URL"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"

AXES_FAILURE_LIMIT = AQYL["AQYL_LOGIN_FAILURE_LIMIT"]
AXES_COOLOFF_TIME = timedelta(minutes=AQYL["AQYL_LOGIN_COOLOFF_MINUTES"])
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "aqyl.accounts.views.locked_out"
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["password", "old_password", "new_password1", "new_password2"]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = AQYL["AQYL_SECURE_COOKIES"]
CSRF_COOKIE_SECURE = AQYL["AQYL_SECURE_COOKIES"]
CSRF_FAILURE_VIEW = "aqyl.web.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "aqyl.core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

LANGUAGE_CODE = "kk"
LANGUAGES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]
LANGUAGE_COOKIE_NAME = "aqyl_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOCALE_PATHS = [SRC_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Almaty"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = HOME / "static"
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "aqyl": {"level": "INFO"},
        "django_tasks_db": {"level": "INFO"},
    },
}
