"""The one settings file. Everything that differs between a laptop and production comes from the
environment; nothing here branches on a host name.

Embedded default (no variables set): SQLite under var/, local-memory cache, Celery tasks run
eagerly in the web process, DEBUG off unless DEBUG=1.
Production: DATABASE_URL=postgres://..., REDIS_URL=redis://..., SECRET_KEY, ALLOWED_HOSTS.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("GONGKAI_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DEBUG = env_bool("DEBUG", False)
# The test suite runs with DEBUG off (as production) but over plain HTTP on a throwaway key.
TESTING = env_bool("GONGKAI_TESTING", False) or "pytest" in sys.modules

_DEV_SECRET = "gongkai-insecure-development-key-do-not-use-in-production"
# An empty SECRET_KEY= line in an env file counts as unset.
SECRET_KEY = os.environ.get("SECRET_KEY") or _DEV_SECRET
if SECRET_KEY == _DEV_SECRET and not (DEBUG or TESTING):
    # Refuse to run a production configuration with the published key.
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

# Sites are resolved from the Host header (gongkai.organizations.middleware); ALLOWED_HOSTS is
# the outer fence and lists every site's host names in production.
if DEBUG:
    _default_hosts = "*"
elif TESTING:
    _default_hosts = "127.0.0.1,localhost,testserver,.example.gov.cn"
else:
    _default_hosts = ""
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", _default_hosts)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "axes",
    "gongkai.core",
    "gongkai.organizations",
    "gongkai.casework",
    "gongkai.catalog",
    "gongkai.search",
    "gongkai.publications",
    "gongkai.info_requests",
    "gongkai.reports",
    "gongkai.api",
    "gongkai.workbench",
    "gongkai.portal",
]

MIDDLEWARE = [
    # First: a stored public page is replayed before anything else runs (ADR 0013).
    "gongkai.portal.pagecache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gongkai.organizations.middleware.SiteMiddleware",
    "gongkai.core.middleware.IdleTimeoutMiddleware",
    "gongkai.core.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Axes must be last: it turns a lockout raised during authentication into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "django.template.context_processors.csp",
                "gongkai.organizations.context_processors.site",
                "gongkai.workbench.context_processors.navigation",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'gongkai.sqlite3'}",
        conn_max_age=env_int("GONGKAI_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the portal read while a clerk writes; IMMEDIATE avoids SQLITE_BUSY upgrades when
    # a transaction that began as a read later writes (select_for_update is a no-op on SQLite).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, background work ------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if TESTING and REDIS_URL and os.environ.get("PYTEST_XDIST_WORKER", "").startswith("gw"):
    # Each test worker gets its own Redis database, so clearing the cache between tests (conftest)
    # never wipes another worker's keys.
    _worker = int(os.environ["PYTEST_XDIST_WORKER"][2:])
    _base, _, _db = REDIS_URL.rpartition("/")
    REDIS_URL = f"{_base}/{int(_db) + _worker}" if _db.isdigit() else REDIS_URL
CACHES: dict[str, dict[str, object]]
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("GONGKAI_CACHE_PREFIX", "gongkai"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The whole-page cache (ADR 0013) must be shared by every process that writes or serves: the web
# workers, Celery, management commands. Redis when there is one (GONGKAI_PAGE_CACHE_URL may name
# a separate instance run with allkeys-lru); on a laptop, files under var/ (a per-process memory
# cache would miss a command's writes); in tests, the per-process default.
_PAGE_CACHE_URL = os.environ.get("GONGKAI_PAGE_CACHE_URL", "") or REDIS_URL
if _PAGE_CACHE_URL:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": _PAGE_CACHE_URL,
        "KEY_PREFIX": os.environ.get("GONGKAI_CACHE_PREFIX", "gongkai"),
    }
elif TESTING:
    CACHES["pages"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
else:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "pagecache"),
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
# Without a broker the tasks run in the web process, so a laptop needs no worker.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL or env_bool("GONGKAI_TASKS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULE = {
    "purge-audit-events": {"task": "gongkai.core.tasks.purge_audit_events", "schedule": 86400},
    # Scheduled publication (定时发布): idempotent, so a minute's granularity is enough.
    "publish-due-items": {"task": "gongkai.publications.tasks.publish_due_items", "schedule": 60},
    "report-reminders": {"task": "gongkai.reports.tasks.send_report_reminders", "schedule": 86400},
}

# --- Auth and security -----------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workbench:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout after repeated failures (django-axes), per account name.
AXES_FAILURE_LIMIT = env_int("GONGKAI_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("GONGKAI_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
# Attempts refused during a lockout do not restart the cool-off: otherwise the clerk's own retries
# with the right password (or anyone's script) would keep the account locked indefinitely.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env_int("GONGKAI_PROXY_COUNT", 0)
AXES_VERBOSE = False

# Staff sessions end after this many idle minutes (IdleTimeoutMiddleware); the cookie itself
# lives at most a working day.
GONGKAI_STAFF_IDLE_MINUTES = env_int("GONGKAI_STAFF_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = 12 * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "gongkai.organizations.account_views.csrf_failure"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG and not TESTING:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("GONGKAI_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("GONGKAI_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("GONGKAI_HSTS_PRELOAD", False)
    # TLS ends at the reverse proxy (nginx), which sets this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Preloading HSTS is a decision for the owner of the .gov.cn domain, not for us (it binds every
# sub-domain for months); with GONGKAI_HSTS_PRELOAD off, the deploy check's reminder is silenced.
SILENCED_SYSTEM_CHECKS = [] if env_bool("GONGKAI_HSTS_PRELOAD", False) else ["security.W021"]
# Lockout is per account name, not per IP: a county office reaches us through one NAT address,
# and five typos by one clerk must not lock out every colleague (axes' W006 asks for the IP).
SILENCED_SYSTEM_CHECKS.append("axes.W006")

# No inline script anywhere: pages work without JS and scripts are files under /static/.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Locale ----------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "gongkai" / "locale"]

# --- Static and media ------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("GONGKAI_STATIC_ROOT", VAR_DIR / "static"))
# WhiteNoise serves from here; it must exist even before the first collectstatic.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("GONGKAI_MEDIA_ROOT", VAR_DIR / "media"))
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

# --- gongkai ---------------------------------------------------------------------------------
# Audit events are kept at least this long; the purge sweep never deletes younger rows.
GONGKAI_AUDIT_RETENTION_DAYS = max(180, env_int("GONGKAI_AUDIT_RETENTION_DAYS", 365))
# Years seeded from chinesecalendar by `gongkai seed_calendar`.
# The whole-page cache of public pages (ADR 0013): how long an unread page is kept, and a
# deploy id that, with the templates' digest, keeps pages of an older release from being served.
GONGKAI_PAGE_CACHE_TTL = env_int("GONGKAI_PAGE_CACHE_TTL", 86400)
GONGKAI_RELEASE = os.environ.get("GONGKAI_RELEASE", "")
GONGKAI_CALENDAR_FIRST_YEAR = env_int("GONGKAI_CALENDAR_FIRST_YEAR", 2019)
# Upload size ceiling for any file a person sends us (per-feature limits may be lower).
GONGKAI_MAX_UPLOAD_BYTES = env_int("GONGKAI_MAX_UPLOAD_MB", 50) * 1024 * 1024
# The CJK font embedded in PDF letters (info_requests/letters); Debian: fonts-wqy-zenhei.
GONGKAI_LETTER_FONT_FILE = os.environ.get(
    "GONGKAI_LETTER_FONT_FILE", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
)
# Attachments of government information: documents, and images/audio/video (interpretations).
GONGKAI_ATTACHMENT_MAX_MB = env_int("GONGKAI_ATTACHMENT_MAX_MB", 50)
GONGKAI_ATTACHMENT_MEDIA_MAX_MB = env_int("GONGKAI_ATTACHMENT_MEDIA_MAX_MB", 500)
# Where attachment files live (never under MEDIA_ROOT; served by a view that checks the item).
GONGKAI_PUBLICATION_FILES_ROOT = os.environ.get("GONGKAI_PUBLICATION_FILES_ROOT", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GONGKAI_LOG_LEVEL", "WARNING")},
    "loggers": {"axes": {"level": "WARNING"}},
}
# Kinds of unit that must keep an A角 and a B角 (others are not listed as AB gaps).
GONGKAI_AB_KINDS = env_list("GONGKAI_AB_KINDS", "government,office,department,township,enterprise")

if TESTING:
    # Hashing personas' passwords with PBKDF2 would dominate the suite's run time.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
