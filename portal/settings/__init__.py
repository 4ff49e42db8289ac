"""Settings of the supplier portal.

Everything that differs between machines comes from the environment (see `.env.example`), with embedded
defaults so that a fresh clone starts with nothing set up: a SQLite file, a Celery broker in a folder
under `var/broker/`, e-mail written to files under `var/mail/`.
"""

from pathlib import Path
from urllib.parse import urlsplit

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal.country_names import UN_COUNTRY_NAMES
from portal.settings.environment import BASE_DIR, VAR_DIR, env, env_bool
from portal.settings.replica import *  # noqa: F403 (a read replica for the public pages)
from portal.settings.replica import replica_databases
from portal.settings.storage import *  # noqa: F403 (MEDIA_ROOT, or a bucket)
from portal.settings.storage import media_storage
from portal.settings.workers import *  # noqa: F403 (Redis, the cache, Celery and beat)

# --- Core -------------------------------------------------------------------------------------------

# Off unless asked for: production is the default a forgotten variable falls back to.
DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production mode (DEBUG off) refuses to start without it; "
            "set SECRET_KEY in the environment, or DEBUG=true for local development."
        )
    SECRET_KEY = "insecure-development-key-only-used-when-debug-is-on"  # nosec B105  # DEBUG only

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Public base URL, used in e-mails and feeds where no request is at hand.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "accounts",
    "categories",
    "portal",
    "suppliers",
    "notices",
    "events",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_countries",
    "django_filters",
    "django_htmx",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # With a read replica: which requests wrote, and read your writes (does nothing without one).
    "core.replica.ReadYourWritesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Staff need a second factor (allauth's TOTP) for every page; sent to set it up otherwise.
    "accounts.middleware.StaffSecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.roles",
                "accounts.context_processors.time_zone",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------------

DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'portal.sqlite3'}"
    )
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default is shared by the web server, a Celery worker and beat: write-ahead
    # logging lets readers go on while one process writes, a write waits for the lock (up to 20 s)
    # instead of failing with "database is locked", and a transaction that will write takes the
    # lock when it begins (IMMEDIATE), so that it never has to give up halfway.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The portal's queries are short; PostgreSQL's JIT would compile the bigger ones (alert
    # matching, facet counts) for far longer than they take to run, so it is turned off.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
# A read replica for the public read-only pages, when DATABASE_REPLICA_URL is set.
DATABASES |= replica_databases(DATABASES["default"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# --- E-mail -----------------------------------------------------------------------------------------

EMAIL_URL = env.str("EMAIL_URL", default=f"filemail://{VAR_DIR / 'mail'}")
_email = env.email_url_config(EMAIL_URL)
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _email["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
if EMAIL_BACKEND.endswith("filebased.EmailBackend"):
    # Each message becomes its own .eml file (core/mailfiles.py), which any mail program opens.
    EMAIL_BACKEND = "core.mailfiles.EmlFileBackend"
    # filemail:///abs/dir is an absolute directory; filemail://var/mail is relative to the project.
    _parts = urlsplit(EMAIL_URL)
    EMAIL_FILE_PATH = str(
        Path(_parts.path) if not _parts.netloc else BASE_DIR / (_parts.netloc + _parts.path)
    )
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="UN Supplier Portal <noreply@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# Each exchange with the mail server gives up after this many seconds (the alert is retried later):
# an alert sender hands a message over well within its lease (notices.alerts.sending.LEASE).
EMAIL_TIMEOUT = 30

# --- Accounts ---------------------------------------------------------------------------------------

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
# Staff land here after signing in; suppliers land on their workspace (accounts.adapters).
LOGIN_REDIRECT_URL = "home"
# Where a new account continues once its address is confirmed: the supplier's workspace.
ACCOUNT_SIGNUP_REDIRECT_URL = "suppliers:overview"

ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# The link in the e-mail opens a page whose button confirms (a POST): mail scanners and link
# previewers open every link of an incoming e-mail, and must not confirm an address for whoever
# signed up with it.
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# The links of account e-mails are put on SITE_URL (accounts.adapters.on_site); anything else allauth
# builds follows its scheme too.
ACCOUNT_DEFAULT_HTTP_PROTOCOL = urlsplit(SITE_URL).scheme or "https"
# Rate limits (they count in the cache, so production needs the shared Redis cache).
ACCOUNT_RATE_LIMITS = {
    # Wrong passwords: 5 per address from one network address in 15 minutes (the portal's own
    # limit, accounts.adapters), so that a stranger guessing at an address does not lock its owner
    # out; 10 a minute per network address; and 50 an hour per address from anywhere, which takes
    # guessing from three networks or more. allauth counts the second factor's codes per user
    # under "login_failed" too: 10 a minute per network address, 50 an hour.
    "login_failed_here": "5/15m/key",
    "login_failed": "10/m/ip,50/h/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",  # nosec B105  # a rate, not a password
    "reset_password_from_key": "20/m/ip",  # nosec B105  # a rate, not a password
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",  # nosec B105  # a rate, not a password
    "manage_email": "10/m/user",
    # The contact page (portal.views.contact_page): messages stored and e-mailed to staff, per
    # network address, anonymous or signed in.
    "contact_message": "5/10m/ip,20/d/ip",
}
# Rate limits per network address read the client's from X-Forwarded-For behind this many proxies
# (the TLS proxy: 1); 0 reads the connection's, which behind a proxy is the proxy's for everyone.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="UN Supplier Portal")

# --- Internationalisation ---------------------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
# The time zone a new user starts with; each user can change theirs.
DEFAULT_USER_TIME_ZONE = "Asia/Shanghai"
# The program dashboard counts its months in this zone, whoever looks (the figures are shared).
DASHBOARD_TIME_ZONE = DEFAULT_USER_TIME_ZONE
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Dates and numbers as each language's readers expect them (portal/formats/<language>/formats.py,
# over Django's own): `1 December 2026, 17:00` and `2026年12月1日 17:00`, `1,234,567` in both.
FORMAT_MODULE_PATH = ["portal.formats"]

# --- Static and uploaded files ----------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded documents: MEDIA_ROOT, or a private S3-compatible bucket (portal/settings/storage.py).
STORAGES = {
    "default": media_storage(),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Uploads are judged without being decoded or unpacked (core/uploads.py, core/archives.py).
# A picture may decode to at most this many pixels: 50 million takes an A4 page scanned at 600 dpi
# (35 million) and a 48-megapixel phone photo (8000 by 6000), and decodes to at most 150 MB (RGB)
# in whoever opens it; 10000 by 10000 (300 MB) is refused, and so is a header that claims more.
UPLOAD_MAX_IMAGE_PIXELS = env.int("UPLOAD_MAX_IMAGE_PIXELS", default=50_000_000)
# An office document (a ZIP) may hold at most this many members (a large deck or workbook holds a
# few hundred), unpack to at most this many MB in all (a 20 MB workbook of XML unpacks to about
# 200 MB), and no member over 1 MB may be compressed more than this many times (office XML is
# compressed 5 to 30 times; 1 GiB of zeros, the bomb, about 1,000 times).
UPLOAD_ARCHIVE_MAX_MEMBERS = env.int("UPLOAD_ARCHIVE_MAX_MEMBERS", default=10_000)
UPLOAD_ARCHIVE_MAX_UNPACKED_MB = env.int("UPLOAD_ARCHIVE_MAX_UNPACKED_MB", default=500)
UPLOAD_ARCHIVE_MAX_RATIO = env.int("UPLOAD_ARCHIVE_MAX_RATIO", default=100)

# --- Security ---------------------------------------------------------------------------------------

# Behind a TLS-terminating proxy in production; USE_HTTPS=false for a local stack served over http.
USE_HTTPS = env_bool("USE_HTTPS", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = USE_HTTPS
SESSION_COOKIE_SECURE = USE_HTTPS
CSRF_COOKIE_SECURE = USE_HTTPS
LANGUAGE_COOKIE_SECURE = USE_HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if USE_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = USE_HTTPS
SECURE_HSTS_PRELOAD = USE_HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): every script and stylesheet comes from the portal itself;
# no inline script anywhere. Images may be data: URIs (the two-factor QR code).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- Logging ----------------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # One line per task run is noise.
        "celery.app.trace": {"level": "WARNING"},
    },
}

# --- The portal -------------------------------------------------------------------------------------

PORTAL_NAME = _("UN Supplier Portal")
PROGRAM_STAFF_GROUP = "Program staff"
# Where suppliers write to the program team (shown on pages and in e-mails).
PROGRAM_CONTACT_EMAIL = env.str("PROGRAM_CONTACT_EMAIL", default="suppliers@example.org")

# --- Suppliers --------------------------------------------------------------------------------------

# US dollars per unit of each currency a supplier may report in, for the IFC size classes.
EXCHANGE_RATES_TO_USD = {
    "USD": 1.0,
    "CNY": env.float("USD_PER_CNY", default=0.14),
    "EUR": env.float("USD_PER_EUR", default=1.08),
    "HKD": env.float("USD_PER_HKD", default=0.128),
    "GBP": env.float("USD_PER_GBP", default=1.27),
    "CHF": env.float("USD_PER_CHF", default=1.13),
}
# Most of the portal's suppliers are in China: it comes first in every country list, then the others
# in the reader's alphabetical order (core.countries). No separator line: it was an option of its own
# that chose no country.
COUNTRIES_FIRST = ["CN"]
# The names UN agencies use where django-countries' differ (portal/country_names.py).
COUNTRIES_OVERRIDE = UN_COUNTRY_NAMES
SUPPLIER_DOCUMENT_MAX_BYTES = env.int("SUPPLIER_DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)

# --- Notices ----------------------------------------------------------------------------------------

# Publishing (and amending a deadline) refuses a deadline closer than this many hours.
NOTICES_MIN_DEADLINE_HOURS = env.int("NOTICES_MIN_DEADLINE_HOURS", default=48)
# Tender documents: PDF and office files up to this size.
NOTICES_DOCUMENT_MAX_MB = env.int("NOTICES_DOCUMENT_MAX_MB", default=20)
# How long a rendered search (filters and results of /notices/) is reused; 0 turns it off.
NOTICES_PAGE_CACHE_SECONDS = env.int("NOTICES_PAGE_CACHE_SECONDS", default=60)
# `import_notices` refuses a file larger than this, before reading it.
NOTICES_IMPORT_MAX_MB = env.int("NOTICES_IMPORT_MAX_MB", default=50)
# The prefix of the open-data API's ocids; register your own with the Open Contracting Partnership.
OCDS_OCID_PREFIX = env.str("OCDS_OCID_PREFIX", default="ocds-unsupp")
API_RATE_LIMIT = env.str("API_RATE_LIMIT", default="120/m")  # per client, allauth's rate syntax
# The open data's daily bulk files (notices/bulk.py) are kept under "bulk/" in this storage (an alias
# of STORAGES): the media storage unless another one is named, e.g. an object store of its own.
NOTICES_BULK_STORAGE = env.str("NOTICES_BULK_STORAGE", default="default")
