"""OneDoor settings, read from the environment (see .env.example)."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from onedoor.config.env import env_bool, env_float, env_int, env_list, env_path, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DATA_DIR = env_path("ONEDOOR_DATA_DIR", "./var")
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("ONEDOOR_DEBUG", False)
SECRET_KEY = env_str("ONEDOOR_SECRET_KEY", "")
if not SECRET_KEY:
    # A per-install key kept in the data dir, so a demo needs no configuration and
    # two installs never share sessions.
    _key_file = DATA_DIR / "secret_key"
    if not _key_file.exists():
        import secrets

        _key_file.write_text(secrets.token_urlsafe(50))
        _key_file.chmod(0o600)
    SECRET_KEY = _key_file.read_text().strip()

ALLOWED_HOSTS = env_list("ONEDOOR_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("ONEDOOR_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks_db",
    "onedoor.core",
    "onedoor.accounts",
    "onedoor.catalog",
    "onedoor.registry",
    "onedoor.licences",
    "onedoor.exchange",
    "onedoor.counter",
    "onedoor.credit",
    "onedoor.cases",
    "onedoor.notify",
    "onedoor.api",
    "onedoor.hall",
    "onedoor.workbench",
    "onedoor.kiosk",
    "onedoor.ratings",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "onedoor.core.middleware.RejectNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "onedoor.config.urls"
WSGI_APPLICATION = "onedoor.config.wsgi.application"

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
            ],
        },
    },
]


def _database() -> dict[str, object]:
    url = env_str("DATABASE_URL", "")
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "onedoor.sqlite3",
            "OPTIONS": {
                # WAL lets readers run beside the writer; IMMEDIATE takes the write lock at
                # BEGIN, so two writers queue instead of failing with "database is locked".
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA busy_timeout=20000; PRAGMA cache_size=-64000;"
                ),
            },
            "TEST": {"NAME": env_str("ONEDOOR_TEST_SQLITE", "") or None},
        }
    config = dict(dj_database_url.parse(url, conn_max_age=env_int("ONEDOOR_DB_CONN_MAX_AGE", 60)))
    if not config.get("ENGINE"):
        raise ImproperlyConfigured(f"DATABASE_URL has an unknown scheme: {url.split(':')[0]}")
    config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASES = {"default": _database()}
# The few statements of the busiest paths (core/db.py) are prepared on PostgreSQL; turn it off
# behind a connection pooler in transaction mode, which cannot keep prepared statements.
DB_PREPARED_STATEMENTS = env_bool("ONEDOOR_DB_PREPARED_STATEMENTS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "/workbench/login/"
LOGIN_REDIRECT_URL = "/workbench/"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "uploads"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

TASKS = {
    "default": {
        "BACKEND": env_str("ONEDOOR_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# "default" holds hot, short-lived data (the exchange's answers) in each process's memory;
# "shared" holds the few stamps every process on the host must agree on (the work calendar's
# version). With app servers on several hosts, point both at Redis.
CACHES: dict[str, dict[str, object]] = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "onedoor"},
    "shared": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache"),
    },
}
if env_str("ONEDOOR_REDIS_URL", ""):
    for _alias in ("default", "shared"):
        CACHES[_alias] = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env_str("ONEDOOR_REDIS_URL", ""),
            "KEY_PREFIX": _alias,
        }

# Where the department systems answer (the sandbox in a demo).
SANDBOX_URL = env_str("ONEDOOR_SANDBOX_URL", "http://127.0.0.1:8100").rstrip("/")
EXCHANGE_TIMEOUT_SECONDS = env_float("ONEDOOR_EXCHANGE_TIMEOUT", 3.0)

UPLOAD_MAX_BYTES = env_int("ONEDOOR_UPLOAD_MAX_BYTES", 10 * 1024 * 1024, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# E-licences: signing keys (private keys never go into the database), the signer plugin, the
# area code that starts licence numbers, and the public address printed in licence QR codes.
ONEDOOR_KEYS_DIR = env_path("ONEDOOR_KEYS_DIR", str(DATA_DIR / "keys"))
ONEDOOR_SIGNER = env_str("ONEDOOR_SIGNER", "ed25519")
ONEDOOR_AREA_CODE = env_str("ONEDOOR_AREA_CODE", "440604")
ONEDOOR_PUBLIC_URL = env_str("ONEDOOR_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")

# Notifications (see docs/operations.md): which backend serves each channel, the SMS gateway and
# the WeChat endpoint they call, the file the file backend writes, and the demo phone page.
NOTIFY_BACKENDS = {
    "sms": env_str("ONEDOOR_NOTIFY_SMS_BACKEND", "file"),
    "email": env_str("ONEDOOR_NOTIFY_EMAIL_BACKEND", "file"),
    "wechat": env_str("ONEDOOR_NOTIFY_WECHAT_BACKEND", "file"),
    "inbox": "inbox",
}
NOTIFY_SMS_URL = env_str("ONEDOOR_NOTIFY_SMS_URL", f"{SANDBOX_URL}/sms").rstrip("/")
NOTIFY_SMS_KEY = env_str("ONEDOOR_NOTIFY_SMS_KEY", "onedoor-sms-demo-key")
NOTIFY_WECHAT_URL = env_str("ONEDOOR_NOTIFY_WECHAT_URL", f"{SANDBOX_URL}/wechat").rstrip("/")
NOTIFY_WECHAT_TOKEN = env_str("ONEDOOR_NOTIFY_WECHAT_TOKEN", "onedoor-wechat-demo-key")
NOTIFY_WECHAT_TEMPLATE = env_str("ONEDOOR_NOTIFY_WECHAT_TEMPLATE", "onedoor-case-notice")
NOTIFY_TIMEOUT_SECONDS = env_float("ONEDOOR_NOTIFY_TIMEOUT", 5.0)
NOTIFY_FILE = env_path("ONEDOOR_NOTIFY_FILE", str(DATA_DIR / "notify" / "messages.jsonl"))
NOTIFY_SIGNATURE = env_str("ONEDOOR_NOTIFY_SIGNATURE", "")
DEFAULT_FROM_EMAIL = env_str("ONEDOOR_EMAIL_FROM", "onedoor@localhost")
_EMAIL_BACKEND = env_str("ONEDOOR_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
MAILERS: dict[str, dict[str, object]] = {"default": {"BACKEND": _EMAIL_BACKEND}}
if _EMAIL_BACKEND.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": env_str("ONEDOOR_EMAIL_HOST", "localhost"),
        "port": env_int("ONEDOOR_EMAIL_PORT", 25, minimum=1),
        "username": env_str("ONEDOOR_EMAIL_USER", ""),
        "password": env_str("ONEDOOR_EMAIL_PASSWORD", ""),
        "use_tls": env_bool("ONEDOOR_EMAIL_TLS", False),
        "timeout": NOTIFY_TIMEOUT_SECONDS,
    }
# The demo-only page /demo/phone/ showing the SMS a number received; `onedoor demo` turns it on.
DEMO_PHONE = env_bool("ONEDOOR_DEMO_PHONE", False)

# The self-service kiosks (/kiosk/<service point>/): seconds without a touch before a countdown
# starts, the countdown's seconds, and how long a kiosk's session data outlives its last request
# (the countdown clears it at once; this is the backstop when a screen is left or switched off).
KIOSK_IDLE_SECONDS = env_int("ONEDOOR_KIOSK_IDLE_SECONDS", 60, minimum=1)
KIOSK_COUNTDOWN_SECONDS = env_int("ONEDOOR_KIOSK_COUNTDOWN_SECONDS", 10, minimum=0)
KIOSK_SESSION_SECONDS = env_int("ONEDOOR_KIOSK_SESSION_SECONDS", 300, minimum=1)

# Citizens of the web hall: minutes a sign-in lasts without use; days an app token lasts.
CITIZEN_IDLE_SECONDS = env_int("ONEDOOR_CITIZEN_IDLE_SECONDS", 30 * 60, minimum=60)
CITIZEN_TOKEN_DAYS = env_int("ONEDOOR_CITIZEN_TOKEN_DAYS", 30, minimum=1)

# Citizen sign-in through the provincial identity platform (OpenID Connect, 统一身份认证): off
# unless the client id and the platform's endpoints are set. The ID number claim names the
# person in the registry.
OIDC_RP_CLIENT_ID = env_str("ONEDOOR_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("ONEDOOR_OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("ONEDOOR_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("ONEDOOR_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env_str("ONEDOOR_OIDC_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env_str("ONEDOOR_OIDC_JWKS_ENDPOINT", "") or None
OIDC_RP_SIGN_ALGO = env_str("ONEDOOR_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("ONEDOOR_OIDC_SCOPES", "openid profile")
OIDC_ID_NUMBER_CLAIM = env_str("ONEDOOR_OIDC_ID_NUMBER_CLAIM", "id_number")
OIDC_NAME_CLAIM = env_str("ONEDOOR_OIDC_NAME_CLAIM", "name")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = EXCHANGE_TIMEOUT_SECONDS * 3
OIDC_AUTHENTICATION_CALLBACK_URL = "hall:signin-oidc-callback"
OIDC_ENABLED = all(
    (
        OIDC_RP_CLIENT_ID,
        OIDC_OP_AUTHORIZATION_ENDPOINT,
        OIDC_OP_TOKEN_ENDPOINT,
        OIDC_OP_USER_ENDPOINT,
    )
)

# How old an audit event must be before the sealing task chains it (see docs/architecture.md).
AUDIT_SEAL_GRACE_SECONDS = env_float("ONEDOOR_AUDIT_SEAL_GRACE", 2.0)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("ONEDOOR_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("ONEDOOR_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # httpx logs every request's full URL at INFO: department systems take ID numbers there.
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
    },
}
