"""Settings for ipsfidelity, read from the environment only.

Every variable has an embedded default that runs the app on one machine with
nothing else started: SQLite under DATA_DIR, Celery tasks run in-process,
e-mail printed to the console. Production sets DATABASE_URL, REDIS_URL,
SECRET_KEY, ALLOWED_HOSTS, EMAIL_URL and HTTPS (see README.md).
"""

import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import dj_email_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from ipsfidelity.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("DATA_DIR", str(BASE_DIR / "var")))
DATA_DIR.mkdir(parents=True, exist_ok=True)
# Keys, the SQLite database and generated reports live here: for this user only.
DATA_DIR.chmod(0o700)
if not env_str("DATABASE_URL"):
    # SQLite makes its file with the process's umask; make it private first.
    (DATA_DIR / "db.sqlite3").touch(mode=0o600, exist_ok=True)
    (DATA_DIR / "db.sqlite3").chmod(0o600)


def _secret_key() -> str:
    # Without SECRET_KEY, keep one random key per installation so sessions
    # survive a restart; several web processes must share SECRET_KEY instead.
    configured = env_str("SECRET_KEY")
    if configured:
        return configured
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
# Behind TLS (production): secure cookies, HSTS, the second factor required (below).
HTTPS = env_bool("HTTPS", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# A styled page that offers to log in again and go back, instead of a bare 403.
CSRF_FAILURE_VIEW = "ipsfidelity.views.csrf_failure"
# The address the app is reached at, for links in e-mails and reports. Production
# (HTTPS) has no default: ipsfidelity/checks.py stops the start-up without a
# valid https:// address on an allowed host.
SITE_URL = env_str("SITE_URL", "" if HTTPS else "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "rules",
    "csp",
    "axes",
    "django_ratelimit",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
    "rest_framework",
    "django_filters",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "ipsfidelity.accounts",
    "sites",
    "reviews",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "ipsfidelity.accounts.middleware.UserLanguageMiddleware",
    "ipsfidelity.accounts.middleware.PrivatePages",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A NUL or other control character in a query or form: 400, not a 500 deep down.
    "ipsfidelity.hygiene.RefuseControlCharacters",
    # After messages: a national admin or coordinator who must set up a second
    # factor and has not is sent to that page and nowhere else.
    "ipsfidelity.accounts.middleware.StaffTwoFactorMiddleware",
    "ipsfidelity.accounts.middleware.BackToThePageAfterLogIn",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "ipsfidelity.accounts.middleware.EndSessionOnLockout",
    # Last, as django-axes asks: it turns a locked-out log-in into its own response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ipsfidelity.urls"
WSGI_APPLICATION = "ipsfidelity.wsgi.application"

REVIEW_PARTS = (
    "scale",
    "rating",
    "reports",
    "followup",
    "self_assessment",
    "outcomes",
    "planning",
    "history",
    "api",
)
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The parts of `reviews` keep their templates beside their code; the
        # app loader only looks in an app's own templates/ folder.
        "DIRS": [
            BASE_DIR / "templates",
            *(BASE_DIR / "reviews" / part / "templates" for part in REVIEW_PARTS),
        ],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sites.context_processors.navigation",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{DATA_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60 if DATABASE_URL else 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves several users at once: WAL lets reads go on
    # while one write commits; IMMEDIATE takes the write lock when a
    # transaction starts, so two writers queue behind the busy timeout instead
    # of one failing with "database is locked" when it upgrades a read lock.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Redis away: pages skip the cache instead of failing or waiting.
            "BACKEND": "ipsfidelity.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The public report check is rate limited per address (django-ratelimit). That
# library lists neither Django's own Redis cache (its increments are atomic)
# nor local memory (shared within the single embedded process) as supported.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"] + (
    [] if REDIS_URL else ["django_ratelimit.E003"]
)
VERIFY_RATE = env_str("VERIFY_RATE", "30/m")

# Celery: Redis as broker and result store when REDIS_URL is set; otherwise
# tasks run eagerly in the calling process so the embedded default needs no
# worker.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
# A task whose worker process died is handed out again at once (the tasks are
# safe to run twice); a message a dead worker held comes back after the
# visibility timeout, which must exceed the longest retry pause (32 min).
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
# With Redis away, queuing gives up within about a second instead of holding the
# web request: what was to be queued is kept (a report stays "queued") and the
# sweep below queues it when Redis is back (ipsfidelity.celery.enqueue).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TIMEZONE = "Europe/Oslo"
# Periodic tasks are declared here, in code, rather than edited in the admin
# (django-celery-beat): the schedule is reviewed and versioned like the rest,
# there is no schedule state in the database to drift between environments,
# and the tasks are safe to run twice, so a missed or doubled run does no harm.
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    # A scale version made current from a day set ahead: before the planner's run.
    "make-scale-versions-current": {
        "task": "reviews.tasks.make_due_scale_versions_current",
        "schedule": crontab(hour=0, minute=5),
    },
    "plan-reviews": {
        "task": "reviews.tasks.plan_reviews",
        "schedule": crontab(hour=2, minute=15),
    },
    "send-reminders": {
        "task": "reviews.tasks.send_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    # Coordinators who chose one mail a week instead of single mails.
    "send-weekly-digests": {
        "task": "reviews.tasks.send_weekly_digests",
        "schedule": crontab(hour=7, minute=30, day_of_week="mon"),
    },
    "forget-personal-data": {
        "task": "reviews.tasks.forget_personal_data",
        "schedule": crontab(hour=3, minute=0),
    },
    # The planning boards' change count, read on every planning page: kept short.
    "merge-planning-changes": {
        "task": "reviews.tasks.merge_planning_changes",
        "schedule": crontab(minute=40),
    },
    # Reports left queued while Redis was down, or claimed by a worker that died.
    "requeue-stuck-reports": {
        "task": "reviews.tasks.requeue_stuck_reports",
        "schedule": timedelta(seconds=env_int("REPORT_SWEEP_SECONDS", 60)),
    },
}
# A render claimed longer ago than this is taken over (its worker died); a
# report queued longer ago than REPORT_REQUEUE_SECONDS is queued again.
REPORT_STALE_SECONDS = env_int("REPORT_STALE_SECONDS", 600)
REPORT_REQUEUE_SECONDS = env_int("REPORT_REQUEUE_SECONDS", 900)

EMAIL_URL = env_str("EMAIL_URL", "console://")
_email = dj_email_url.parse(EMAIL_URL)
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
EMAIL_TIMEOUT = _email["EMAIL_TIMEOUT"] or 30
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ipsfidelity <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out log-in before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # allauth's backend is Django's ModelBackend (permissions for the admin
    # included) that also takes the e-mail address allauth's log-in form sends.
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "ipsfidelity.accounts.passwords.TranslatedMinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Repeated wrong passwords lock that e-mail address from that IP address for a
# while: guessing is slowed without letting a stranger lock a colleague out
# everywhere.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
# Wrong passwords one client address may give across all accounts.
LOGIN_FAILURES_PER_ADDRESS = env_str("LOGIN_FAILURES_PER_ADDRESS", "30/h")
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# allauth's log-in form posts the e-mail address as "login".
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "ipsfidelity.accounts.lockout.lockout_username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# Log-in, password pages, organisation sign-in and the second factor: django-allauth
# (docs/architecture.md says why). Accounts are made by administrators (later by
# invitation), never by the person: sign-up is closed.
ACCOUNT_ADAPTER = "ipsfidelity.accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "ipsfidelity.accounts.adapters.OrganisationAccountAdapter"
# Who an organisation identity without an account may log in as (None: nobody).
# Invited people may sign in through their organisation the first time: the
# invitation decides (sites sits above accounts, so its function is named here).
ACCOUNT_FOR_IDENTITY = "sites.people_views.account_for_identity"
# Whom the "access is by invitation" page names: the regions' resource centres
# whose coordinators invite people (sites', named here for the same reason).
WHOM_TO_ASK_FOR_ACCESS = "sites.selectors.whom_to_ask_for_access"
ACCOUNT_FORMS = {
    "login": "ipsfidelity.accounts.forms.EmailLoginForm",
    "change_password": "ipsfidelity.accounts.forms.CountedChangePasswordForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_SIGNUP_ENABLED = False
# Addresses are entered by an administrator, who knows them; no confirmation mail.
ACCOUNT_EMAIL_VERIFICATION = "none"
# A reset asked for an unknown address sends nothing (no mail to strangers).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[ipsfidelity] "
# As before allauth: a log-in lasts the session cookie's age, no "remember me" box.
ACCOUNT_SESSION_REMEMBER = True
# Password guessing is django-axes' job (per e-mail and address, see above); the
# adapter skips allauth's own count for passwords. allauth still counts wrong
# second-factor codes under "login_failed": the same limit and pause, per user.
ACCOUNT_RATE_LIMITS = {
    "login_failed": f"{AXES_FAILURE_LIMIT}/{int(AXES_COOLOFF_TIME.total_seconds())}s/key"
}
# Who signs in through the organisation is decided in the adapter, never by
# allauth's own matching on e-mail.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_STORE_TOKENS = False

# Second factor: an authenticator app (TOTP) with recovery codes, for local accounts.
MFA_ADAPTER = "ipsfidelity.accounts.adapters.SecondFactorAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "ipsfidelity"
# National admins and coordinators must set up the second factor before they
# can do anything (unless they signed in through the organisation's provider).
MFA_REQUIRED_FOR_STAFF_ROLES = env_bool("MFA_REQUIRED_FOR_STAFF_ROLES", HTTPS)


def organisation_signin(
    *,
    issuer_url: str,
    client_id: str,
    client_secret: str,
    button_label: str,
    email_verified_claim: str = "email_verified",
) -> dict:
    """SOCIALACCOUNT_PROVIDERS for one OpenID Connect provider (none without an issuer).

    allauth's openid_connect provider finds the endpoints from the issuer's
    discovery document and uses PKCE; our provider class adds the nonce and
    always checks the id_token's signature (ipsfidelity/accounts/oidc/).
    """
    apps = []
    if issuer_url:
        apps.append(
            {
                "provider_id": "org",
                "name": button_label,
                "client_id": client_id,
                "secret": client_secret,
                "settings": {
                    "server_url": issuer_url,
                    "oauth_pkce_enabled": True,
                    # The claims come from the signed id_token only.
                    "fetch_userinfo": False,
                    "scope": ["openid", "profile", "email"],
                    "email_verified_claim": email_verified_claim,
                },
            }
        )
    return {
        "openid_connect": {
            "provider_class": "ipsfidelity.accounts.oidc.provider.OrganisationProvider",
            "OAUTH_PKCE_ENABLED": True,
            "APPS": apps,
        }
    }


def organisation_origin(issuer_url: str) -> list[str]:
    """The provider's origin, which the log-in form's redirect must be allowed to reach."""
    if not issuer_url:
        return []
    parts = urlsplit(issuer_url)
    return [f"{parts.scheme}://{parts.netloc}"]


OIDC_ISSUER_URL = env_str("OIDC_ISSUER_URL").rstrip("/")
if OIDC_ISSUER_URL and not (env_str("OIDC_CLIENT_ID") and env_str("OIDC_CLIENT_SECRET")):
    raise ImproperlyConfigured("OIDC_ISSUER_URL needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET too")
SOCIALACCOUNT_PROVIDERS = organisation_signin(
    issuer_url=OIDC_ISSUER_URL,
    client_id=env_str("OIDC_CLIENT_ID"),
    client_secret=env_str("OIDC_CLIENT_SECRET"),
    button_label=env_str("OIDC_BUTTON_LABEL"),
    email_verified_claim=env_str("OIDC_EMAIL_VERIFIED_CLAIM", "email_verified"),
)

# Norwegian Bokmål first: Django has locale files for "nb", not for "no".
LANGUAGE_CODE = "nb"
# Bokmål and Nynorsk both (the language act asks state bodies for both at the same
# time); a string not yet in Nynorsk is shown in Bokmål (Django falls back on
# LANGUAGE_CODE's catalogue).
LANGUAGES = [("nb", _("Norwegian Bokmål")), ("nn", _("Norwegian Nynorsk")), ("en", _("English"))]
# English dates day-month-year with the 24-hour clock (ipsfidelity/formats/en).
FORMAT_MODULE_PATH = ["ipsfidelity.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "staticfiles")))
# With STATIC_MANIFEST (the Docker image runs collectstatic), files get hashed
# names and far-future caching; without it WhiteNoise serves them straight
# from the source folders so the embedded default needs no build step.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", False)
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every start without it
# Generated reports and their folders: readable by the app's user only.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
MEDIA_URL = "media/"  # never served directly: files go out through views that check scope
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Audit history (django-pghistory): PostgreSQL triggers copy every change of
# the tracked rows, bulk and raw updates included; history is append-only.
# On SQLite (the embedded default) no triggers are installed and nothing is kept.
PGHISTORY_APPEND_ONLY = True
# The events page hides the history of ratings that are still blind.
PGHISTORY_ADMIN_CLASS = "reviews.admin.EventsWithoutBlindRatings"
AUDIT_HISTORY = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if AUDIT_HISTORY:
    # Every row change in a request records who made it and from which page.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("ipsfidelity.accounts.middleware.UserLanguageMiddleware") + 1,
        "pghistory.middleware.HistoryMiddleware",
    )
else:
    # Its events page is a PostgreSQL query; with nothing kept it only fails.
    INSTALLED_APPS.remove("pghistory.admin")

# The organisation's certificate for signing PDF reports (PKCS#12). Without it
# a self-signed development certificate is made under DATA_DIR on first use,
# and reports say they were signed with it.
SIGNING_PKCS12_PATH = env_str("SIGNING_PKCS12_PATH")
SIGNING_PKCS12_PASSPHRASE = env_str("SIGNING_PKCS12_PASSPHRASE")
SIGNING_ORGANISATION = env_str("SIGNING_ORGANISATION", "ipsfidelity")
# A time-stamping authority (RFC 3161): with it, every signature carries a
# trusted time and the report is extended to PAdES B-LTA.
SIGNING_TSA_URL = env_str("SIGNING_TSA_URL")
# Extra CA roots (a PEM bundle) the organisation's certificate chains up to,
# when its PKCS#12 file does not carry the root itself.
SIGNING_TRUST_ROOTS = env_str("SIGNING_TRUST_ROOTS")
# First pause before a failed report is tried again; each retry waits 4x longer.
REPORT_RETRY_SECONDS = env_int("REPORT_RETRY_SECONDS", 30)
# How long an invitation link works, and how many mails (invitations, password
# resets) one address may get per hour, so nobody can flood an inbox.
INVITATION_DAYS = env_int("INVITATION_DAYS", 7)
MAILS_PER_ADDRESS_PER_HOUR = env_int("MAILS_PER_ADDRESS_PER_HOUR", 3)
# Kept secret, it makes the research export's site pseudonyms the same in
# every export; without it each export has its own (docs/research-export.md).
RESEARCH_PSEUDONYM_KEY = env_str("RESEARCH_PSEUDONYM_KEY", "")

# The read-only API (reviews/api): a personal token (Authorization: Token ...)
# or the browser's session. Token first, so a request without credentials gets
# 401 with a WWW-Authenticate header rather than 403. JSON only: DRF's
# browsable pages carry inline scripts the CSP refuses; the documentation page
# at /api/docs/ is the API's face for people.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "ipsfidelity.accounts.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
# Personal API tokens (django-rest-knox): only a hash is stored; the model adds
# a name and an id to knox's, so people can tell their tokens apart.
KNOX_TOKEN_MODEL = "accounts.ApiToken"
# knox's migrations know nothing of the swap and would still create its own,
# unused token table, whose reference to users stops PostgreSQL from
# emptying the users table (as the tests do).
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    # Each token gets the lifetime its owner chose when making it.
    "TOKEN_TTL": None,
    # Recognisable in a leaked file or a secret scanner's report.
    "TOKEN_PREFIX": "ipsf_",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ipsfidelity API",
    "DESCRIPTION": (
        "Read-only access to regions, sites, teams, reviews and signed reports: "
        "exactly what the token's owner sees in the app. Where national admins and "
        "coordinators must use a second factor, their tokens work only while they have "
        "an authenticator app (or were made after signing in through the organisation), "
        "and making one asks for a code given in the last five minutes."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/",
    # The documentation page's scripts and styles come from the installed
    # sidecar package, served by WhiteNoise: no CDN at run time.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No badge fetched from the public validator: nothing leaves the site.
    # No deep links: Swagger UI puts them as links inside the buttons that open an
    # operation, controls nested in controls, which screen readers cannot reach.
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None, "deepLinking": False},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "reviews.api.schema.refuse_control_characters",
    ],
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# No inline scripts or styles anywhere: pages must work under this policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        # The organisation sign-in button posts here and is redirected to the provider.
        "form-action": [SELF, *organisation_origin(OIDC_ISSUER_URL)],
        "frame-ancestors": [NONE],
    }
}

# Behind TLS (production), cookies are secure and HTTP is redirected.
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
# Behind the reverse proxy, the client is the right-most X-Forwarded-For entry:
# the one the proxy appended itself (anything left of it the client could forge).
BEHIND_PROXY = env_bool("BEHIND_PROXY", HTTPS)
AXES_IPWARE_PROXY_ORDER = "right-most"
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if BEHIND_PROXY else ["REMOTE_ADDR"]
)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # django-axes logs every successful log-in at INFO; failures are warnings.
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint and fontTools narrate every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # With tasks run in-process (no REDIS_URL) the in-memory broker warns about
        # its missing host name, and every task's success would fill the console.
        "kombu.connection": {"level": "ERROR" if CELERY_TASK_ALWAYS_EAGER else "WARNING"},
        "celery.app.trace": {"level": "WARNING" if CELERY_TASK_ALWAYS_EAGER else "INFO"},
    },
}
