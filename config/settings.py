"""Settings for Passend Werk: one module, read from environment variables, embedded defaults.

Without any environment variable the project runs on embedded parts: SQLite, the database
search backend, Celery in eager mode, console e-mail and billing off. See README.md for the list.
"""

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env, envbool, envfloat, envint, envlist

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", True)
_DEV_SECRET_KEY = "django-insecure-dev-only-key-never-use-in-production-passend-werk-0123456789"  # noqa: S105 - used only with DEBUG on
SECRET_KEY = env("SECRET_KEY") or (_DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

# Capacity profiles (health data, GDPR art. 9) are encrypted with these Fernet keys, comma-separated:
# the first one encrypts, every one decrypts. Rotation: put a new key first, run
# `manage.py rotate_capacity_key`, then remove the old one (see deploy/README.md).
_DEV_CAPACITY_KEY = "ZGV2LW9ubHktY2FwYWNpdHkta2V5LW5vdC1zZWNyZXQ="  # noqa: S105 - used only with DEBUG on
CAPACITY_ENCRYPTION_KEYS = envlist("CAPACITY_ENCRYPTION_KEYS") or ([_DEV_CAPACITY_KEY] if DEBUG else [])
if not CAPACITY_ENCRYPTION_KEYS:
    raise ImproperlyConfigured("CAPACITY_ENCRYPTION_KEYS must be set when DEBUG is off.")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "outbox",
    "network",
    "listings",
    "matching",
    "search",
    "cms",
    "pages",
    "partners",
    "feeds",
    "ranking",
    "experiments",
    "placements",
    "wagtail.contrib.forms",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
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
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",  # its widget templates, for FORM_RENDERER (core.forms.FormRenderer reads TEMPLATES)
    "django_htmx",
]

MIDDLEWARE = [
    "config.api.ApiErrorsMiddleware",  # JSON, never an HTML error page, for every path under /api/
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.middleware.CmsPreviewFramingMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "network.authentication.SecondFactorMiddleware",
    "config.middleware.PrivatePagesMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "django_htmx.middleware.HtmxMiddleware",  # request.htmx: the search page answers htmx with its results only
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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "network.context_processors.navigation",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 0),
        # A reused connection that the server closed meanwhile (restart, idle timeout, failover) is
        # noticed at the start of the next request and replaced, instead of failing that request.
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
CACHE_URL = env("CACHE_URL")
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "network.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_FORM_CLASS = "network.forms.SignupForm"
ACCOUNT_ADAPTER = "network.authentication.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Passend Werk] "
ACCOUNT_RATE_LIMITS_ENABLED = envbool("ACCOUNT_RATE_LIMITS_ENABLED", True)
if not ACCOUNT_RATE_LIMITS_ENABLED:
    ACCOUNT_RATE_LIMITS = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Passend Werk"

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# Every form field in NL Design System (Utrecht) components: templates/forms/field.html, widget classes.
FORM_RENDERER = "core.forms.FormRenderer"

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
if not DEBUG:
    # Production: hashed, compressed static files that WhiteNoise serves (run `collectstatic` first).
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Passend Werk <noreply@passendwerk.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery ---------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
# Without a broker, tasks run in-process (eager): the embedded default for `make run` and tests.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", "passendwerk")
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {
    "vacancy-expiry": {
        "task": "listings.tasks.expire_vacancies",
        "schedule": envint("VACANCY_EXPIRY_INTERVAL", 60 * 60),
    },
    "search-consistency": {
        "task": "search.tasks.repair_search_drift",
        "schedule": envint("SEARCH_CONSISTENCY_INTERVAL", 15 * 60),
    },
    "billing-reconcile": {
        "task": "cms.billing.tasks.reconcile_subscriptions",
        "schedule": crontab(hour=3, minute=30),
    },
    "billing-grace-period": {
        "task": "cms.billing.tasks.enforce_grace_period",
        "schedule": envint("BILLING_GRACE_INTERVAL", 60 * 60),
    },
    "outbox-relay": {
        "task": "outbox.tasks.relay_outbox",
        "schedule": envint("OUTBOX_RELAY_INTERVAL", 30),
    },
    "saved-search-digests": {
        "task": "search.tasks.send_saved_search_digests",
        "schedule": crontab(hour=envint("SAVED_SEARCH_DIGEST_HOUR", 7), minute=0),
    },
    "feed-import": {  # each feed at most every FEED_RUN_INTERVAL_S (6 hours)
        "task": "feeds.tasks.run_due_feeds",
        "schedule": envint("FEED_IMPORT_INTERVAL", 15 * 60),
    },
    "partners-resume-stalled-webhooks": {
        "task": "partners.tasks.resume_stalled_deliveries",
        "schedule": envint("PARTNERS_WEBHOOK_RESUME_INTERVAL", 5 * 60),
    },
    "partners-prune-key-uses": {
        "task": "partners.tasks.prune_key_uses",
        "schedule": crontab(hour=4, minute=15),
    },
}
# Job feeds on private or loopback addresses: only for development and tests.
FEEDS_ALLOW_PRIVATE_HOSTS = envbool("FEEDS_ALLOW_PRIVATE_HOSTS", DEBUG)

# --- Partners (partners/conf.py describes each) -------------------------------------------------
PARTNERS_ANONYMOUS_SEARCH_RATE = env("PARTNERS_ANONYMOUS_SEARCH_RATE", "60/min")  # empty: no limit
PARTNERS_KEY_RATE_PER_MINUTE = envint("PARTNERS_KEY_RATE_PER_MINUTE", 600)
PARTNERS_KEY_ROTATION_GRACE = envint("PARTNERS_KEY_ROTATION_GRACE", 24 * 60 * 60)
PARTNERS_KEY_USE_DAYS = envint("PARTNERS_KEY_USE_DAYS", 90)
PARTNERS_WEBHOOK_MAX_ATTEMPTS = envint("PARTNERS_WEBHOOK_MAX_ATTEMPTS", 8)

# --- Search ---------------------------------------------------------------------------------
SEARCH_BACKEND = env("SEARCH_BACKEND", "database")
if SEARCH_BACKEND not in {"database", "elasticsearch"}:
    raise ImproperlyConfigured("SEARCH_BACKEND must be 'database' or 'elasticsearch'.")
# The database backend answers from an in-memory fit index per process (search/fit_store.py), kept in
# step with the database before every search; off: every search is SQL. The index loads in a thread on
# the first search (SQL answers meanwhile); "inline" loads it within that search instead.
SEARCH_FIT_INDEX = envbool("SEARCH_FIT_INDEX", True)
SEARCH_FIT_INDEX_LOAD = env("SEARCH_FIT_INDEX_LOAD", "background")
if SEARCH_FIT_INDEX_LOAD not in {"background", "inline"}:
    raise ImproperlyConfigured("SEARCH_FIT_INDEX_LOAD must be 'background' or 'inline'.")
# "best" reorders the first N results of the plain order by the transparent score (search/order.py).
SEARCH_RANK_WINDOW = env("SEARCH_RANK_WINDOW", "100")
if not SEARCH_RANK_WINDOW.isdigit() or not 1 <= int(SEARCH_RANK_WINDOW) <= 1000:
    raise ImproperlyConfigured("SEARCH_RANK_WINDOW must be a whole number from 1 to 1000.")
SEARCH_RANK_WINDOW = int(SEARCH_RANK_WINDOW)
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", "http://127.0.0.1:9200")
ELASTICSEARCH_INDEX = env("ELASTICSEARCH_INDEX", "passendwerk-vacancies")
ELASTICSEARCH_TIMEOUT = envint("ELASTICSEARCH_TIMEOUT", 5)
# Giving up on connecting takes at most this long (an engine that is down fails fast); and after a
# timeout or connection error, searches go straight to the database for ELASTICSEARCH_COOL_DOWN seconds
# before one search tries the engine again (search/breaker.py). /healthz waits at most
# ELASTICSEARCH_HEALTH_TIMEOUT for the engine, so it answers within a second whatever the engine does.
ELASTICSEARCH_CONNECT_TIMEOUT = envfloat("ELASTICSEARCH_CONNECT_TIMEOUT", 1.0)
ELASTICSEARCH_COOL_DOWN = envint("ELASTICSEARCH_COOL_DOWN", 30)
ELASTICSEARCH_HEALTH_TIMEOUT = envfloat("ELASTICSEARCH_HEALTH_TIMEOUT", 0.5)
# Send plain application/json instead of Elasticsearch 8's compatibility media type: needed only
# for OpenSearch-compatible test engines (osmem-server), never for a real Elasticsearch.
ELASTICSEARCH_PLAIN_JSON = envbool("ELASTICSEARCH_PLAIN_JSON", False)
# Dutch stemming (Snowball) in the text analyzer. Only switched off for osmem-server, which accepts
# the filter but then matches every document or none on the stemmed fields.
ELASTICSEARCH_STEMMING = envbool("ELASTICSEARCH_STEMMING", True)

# --- Billing (Stripe) -----------------------------------------------------------------------
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET")
STRIPE_API_BASE = env("STRIPE_API_BASE")
BILLING_ENABLED = bool(STRIPE_SECRET_KEY)
# Days a membership may stay past due before its vacancies go offline (until the payment succeeds).
BILLING_GRACE_DAYS = envint("BILLING_GRACE_DAYS", 14)

# --- Wagtail --------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Passend Werk"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILADMIN_LOGIN_URL = "account_login"  # allauth, with the second factor (see config/urls.py)
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"  # private pages, too
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
# Pages exist per language: editors translate a Dutch page with "Translate" (simple_translation);
# visitors get the page in the language they chose, or the Dutch page when there is no translation.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]

# --- Health ---------------------------------------------------------------------------------
HEALTH_CHECK_TIMEOUT = envint("HEALTH_CHECK_TIMEOUT", 3)

# --- Security -------------------------------------------------------------------------------
HTTPS = envbool("HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
# Behind the proxy (deploy/: Caddy) every request comes from the proxy, which says the scheme in
# X-Forwarded-Proto and the client's address last in X-Forwarded-For. The address is believed only
# from TRUSTED_PROXIES (network.authentication.AccountAdapter), so allauth's rate limits count per
# client, and a client that reaches the server directly cannot pick its own address.
BEHIND_PROXY = envbool("BEHIND_PROXY", False)
TRUSTED_PROXIES = envlist("TRUSTED_PROXIES", "127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16")
ALLAUTH_TRUSTED_PROXY_COUNT = 1 if BEHIND_PROXY else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Production: logging, CSP, Sentry, e-mail -----------------------------------------------
# What production adds on top of the settings above (deploy/README.md). Every part also runs in
# development and in the tests, so they exercise the same code; only the defaults differ.
import os  # noqa: E402

from csp.constants import NONE, SELF  # noqa: E402

from config.logging import build_logging, init_sentry  # noqa: E402

# Request ids: the outermost middleware gives every request an id (or keeps the proxy's X-Request-ID),
# returns it in X-Request-ID, puts it on every log line and passes it on to the Celery tasks it starts.
MIDDLEWARE.insert(0, "config.request_id.RequestIdMiddleware")
# Logs: one JSON object per line in production, plain text in development. With LOG_REQUESTS one access
# line per request (method, path, status, duration; never bodies, query strings or cookies).
LOG_FORMAT = env("LOG_FORMAT", "plain" if DEBUG else "json")
LOG_REQUESTS = envbool("LOG_REQUESTS", not DEBUG)
LOGGING = build_logging(LOGGING, log_format=LOG_FORMAT, level=env("LOG_LEVEL", "INFO"))
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # the worker logs through LOGGING above, as JSON in production

# Static files: WhiteNoise serves the collected, hashed files; in development straight from the apps.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Cookies and redirects. With HTTPS=true: secure cookies, HSTS and the redirect to https (above).
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers check health over plain HTTP

# Content Security Policy (django-csp 4). The site has no inline scripts or styles. The Wagtail and
# Django admins and the API docs (Swagger UI) need inline code and are left out; they are for staff.
INSTALLED_APPS.append("csp")
MIDDLEWARE.append("csp.middleware.CSPMiddleware")
_CSP_DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF, "data:"],  # data: for the QR code of two-step verification
    "font-src": [SELF],
    "connect-src": [SELF],
    "form-action": [SELF, "https://checkout.stripe.com", "https://billing.stripe.com"],
    "frame-src": [NONE],
    "frame-ancestors": [NONE],
    "object-src": [NONE],
    "base-uri": [SELF],
}
if HTTPS:
    _CSP_DIRECTIVES["upgrade-insecure-requests"] = True
if env("CSP_REPORT_URI"):
    _CSP_DIRECTIVES["report-uri"] = [env("CSP_REPORT_URI")]
_CSP_POLICY = {"EXCLUDE_URL_PREFIXES": ["/cms/", "/django-admin/", "/api/v1/docs"], "DIRECTIVES": _CSP_DIRECTIVES}
if envbool("CSP_REPORT_ONLY", False):  # try a changed policy out: browsers report, nothing is blocked
    CONTENT_SECURITY_POLICY = None
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP_POLICY
else:
    CONTENT_SECURITY_POLICY = _CSP_POLICY
    CONTENT_SECURITY_POLICY_REPORT_ONLY = None

# Elasticsearch with security on: credentials apart from ELASTICSEARCH_URL (so no message shows them),
# and the CA certificate when the cluster speaks https with its own CA.
ELASTICSEARCH_USERNAME = env("ELASTICSEARCH_USERNAME", "elastic")
ELASTICSEARCH_PASSWORD = env("ELASTICSEARCH_PASSWORD")
ELASTICSEARCH_CA_CERTS = env("ELASTICSEARCH_CA_CERTS")

# Errors to Sentry, only with a DSN: no personal data, request bodies or local variables (config/logging.py).
SENTRY_DSN = env("SENTRY_DSN")
if SENTRY_DSN:
    try:
        _SENTRY_TRACES_SAMPLE_RATE = float(env("SENTRY_TRACES_SAMPLE_RATE", "0") or 0)
    except ValueError as exc:
        raise ImproperlyConfigured("SENTRY_TRACES_SAMPLE_RATE must be a number between 0 and 1.") from exc
    init_sentry(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", "production"),
        release=env("SENTRY_RELEASE"),
        traces_sample_rate=_SENTRY_TRACES_SAMPLE_RATE,
    )

# E-mail: SMTP (EMAIL_HOST … above) or an e-mail provider's API through django-anymail, e.g.
# EMAIL_BACKEND=anymail.backends.mailgun.EmailBackend with ANYMAIL_MAILGUN_API_KEY=…: every ANYMAIL_<NAME>
# variable becomes ANYMAIL["<NAME>"] (see deploy/README.md).
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 30)
ANYMAIL = {
    name.removeprefix("ANYMAIL_"): value for name, value in os.environ.items() if name.startswith("ANYMAIL_") and value
}
