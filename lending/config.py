"""Configuration defaults. `instance/config.py` and the environment override them."""
import os

# Values that must never be used as a real SECRET_KEY outside debug and testing.
WEAK_SECRET_KEYS = {"", "dev", "secret", "changeme", "change-me", "development"}


class Defaults:
    """Settings every deployment starts from."""

    SECRET_KEY = None
    SQLALCHEMY_DATABASE_URI = None  # None: a SQLite file in the instance folder
    SQLITE_BUSY_TIMEOUT_MS = 10_000
    ORG_NAME = "Lending Bridge"
    # The app's address as people reach it: labels printed from the command line point here
    # (from a page, the page's own address is used).
    BASE_URL = "http://127.0.0.1:5000"
    ORG_TIMEZONE = "America/Toronto"
    PHONE_REGION = "CA"  # how phone numbers without a +country code are read
    PAGE_SIZE = 25
    STOCK_UNSEEN_MONTHS = 6  # the dashboard lists items on a shelf no count has seen for this long
    SUPPRESSION_THRESHOLD = 5  # counts of people from 1 to this minus one show as "<5"
    REPORTS_DIR = None  # None: the top-level reports/ folder
    BOOTSTRAP_SERVE_LOCAL = True  # no CDN: the app must work offline
    WTF_CSRF_TIME_LIMIT = None  # a token lasts as long as the session
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False  # also Secure on every HTTPS request (auth/session.py)
    SESSION_IDLE_MINUTES = 30
    SESSION_MAX_HOURS = 12
    TRUSTED_PROXIES = 0  # HTTPS proxies in front of the app whose X-Forwarded-* to believe
    # ...when the request comes from one of these addresses (the proxy next to the app).
    TRUSTED_PROXY_ADDRESSES = "127.0.0.1, ::1"
    RATELIMIT_STORAGE_URI = "memory://"  # per process; set REDIS_URL to share between workers
    RATELIMIT_HEADERS_ENABLED = False
    # Failed sign-ins allowed from one address, and at one account from one address.
    LOGIN_LIMIT_PER_ADDRESS = "30 per 10 minutes"
    LOGIN_LIMIT_PER_ACCOUNT = "5 per 5 minutes"
    # Webhooks (webhooks/): how long an endpoint has to answer, and whether plain http to this
    # machine is allowed (tests and development only: real endpoints are https).
    WEBHOOK_TIMEOUT_SECONDS = 10
    WEBHOOKS_ALLOW_LOOPBACK = False
    # Requests each API token may make a minute (api/routes/__init__.py), across the API.
    API_RATE_LIMIT = "300 per minute"
    # The API's OpenAPI document (flask-smorest; api/setup.py).
    API_TITLE = "Lending Bridge API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.1.0"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
    # The figures are kept current by every change (reporting/kept.py), so pages read them
    # quickly with no cache. Optionally, the dashboard's, contract page's and portal's figures
    # can be cached this long as well (reporting/glance.py): in each process, or in Redis for
    # every worker when REDIS_URL is set. 0: no cache.
    FIGURES_CACHE_SECONDS = 0
    CACHE_REDIS_URL = None
    # The job queue (jobs/queue.py): a SQLite file of the instance folder (no server), or
    # Redis when REDIS_URL is set, for workers on any number of machines.
    JOBS_SQLITE = None  # None: instance/jobs.sqlite
    JOBS_REDIS_URL = None
    JOB_LEASE_SECONDS = 120  # a running job not heard from for this long is taken up again
    JOB_FILES_DAYS = 7  # a job's file (a download, a label sheet) is deleted after this
    DAILY_AT = "06:00"  # local time of the daily run (overdue steps), done by a worker
    DOWNLOAD_ROWS_NOW = 25  # a list download of more rows (one screen) is made by a job
    LABELS_NOW = 300  # more labels than this are drawn by a job (about a third of a second)
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    IMPORT_MAX_BYTES = 5 * 1024 * 1024  # an inventory spreadsheet; 10,000 devices is ~0.5 MB
    # Text messages to peers (messages/): Twilio's Messages API, or a gateway that speaks it.
    # With no account they are kept in the outbox as "not sent: no provider configured".
    TWILIO_ACCOUNT_SID = None
    TWILIO_AUTH_TOKEN = None
    TWILIO_FROM_NUMBER = None  # or TWILIO_MESSAGING_SERVICE_SID
    TWILIO_MESSAGING_SERVICE_SID = None
    TWILIO_API_BASE = "https://api.twilio.com"
    TWILIO_TIMEOUT_SECONDS = 15  # no answer by then: it may have been sent, so never again
    # The local hours in which texts are sent; one due outside them waits for the next
    # morning. Empty: any hour.
    SMS_QUIET_HOURS = "09:00-20:00"
    ORG_PHONE = ""  # the line peers call: the answer to a texted HELP
    # Email to staff and managers (Flask-Mailman): the daily digest and password resets. With
    # no MAIL_SERVER, emails are kept in the outbox as "not sent: no mail server configured".
    MAIL_SERVER = None
    MAIL_BACKEND = "smtp"  # the tests' too: they send to a real SMTP server
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    MAIL_DEFAULT_SENDER = "lending@localhost"
    MAIL_TIMEOUT = 15
    PASSWORD_RESET_MINUTES = 30  # a reset link works once, for this long


# Everything comes from this site: no inline scripts or styles, no plugins, no framing, no
# <base> rewriting. Bootstrap's icons are data: images inside its stylesheet.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    # WebAssembly for the camera scanner's decoder (static/vendor/zxing-wasm); no eval, no
    # inline code.
    "script-src": "'self' 'wasm-unsafe-eval'",
    "style-src": "'self'",
    "img-src": ["'self'", "data:"],
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}

# Environment variables read besides any LENDING_* variable (LENDING_ORG_NAME -> ORG_NAME).
ENVIRONMENT_KEYS = {"DATABASE_URL": ("SQLALCHEMY_DATABASE_URI",), "SECRET_KEY": ("SECRET_KEY",),
                    "REPORTS_DIR": ("REPORTS_DIR",),
                    "REDIS_URL": ("RATELIMIT_STORAGE_URI", "CACHE_REDIS_URL", "JOBS_REDIS_URL"),
                    **{name: (name,) for name in (
                        "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER",
                        "TWILIO_MESSAGING_SERVICE_SID", "TWILIO_API_BASE", "MAIL_SERVER",
                        "MAIL_PORT", "MAIL_USE_TLS", "MAIL_USERNAME", "MAIL_PASSWORD",
                        "MAIL_DEFAULT_SENDER")}}


TYPED_ENVIRONMENT = {"MAIL_PORT": int,
                     "MAIL_USE_TLS": lambda text: text.strip().lower() in ("1", "true", "yes")}


def load_environment(config):
    """Apply the environment on top of file configuration."""
    for env_name, keys in ENVIRONMENT_KEYS.items():
        if os.environ.get(env_name):
            value = TYPED_ENVIRONMENT.get(env_name, str)(os.environ[env_name])
            config.update(dict.fromkeys(keys, value))
    config.from_prefixed_env("LENDING")


def cache_settings(config) -> dict:
    """Flask-Caching's settings: Redis when there is one, else memory in each process; no
    cache at all when FIGURES_CACHE_SECONDS is 0."""
    kind = "RedisCache" if config["CACHE_REDIS_URL"] else "SimpleCache"
    return {"CACHE_TYPE": kind if int(config["FIGURES_CACHE_SECONDS"]) > 0 else "NullCache",
            "CACHE_REDIS_URL": config["CACHE_REDIS_URL"], "CACHE_KEY_PREFIX": "lending:",
            "CACHE_DEFAULT_TIMEOUT": int(config["FIGURES_CACHE_SECONDS"])}


def check_secret_key(app):
    """Refuse to start a real deployment with a missing or well-known SECRET_KEY."""
    if app.debug or app.testing:
        return
    key = app.config.get("SECRET_KEY") or ""
    if key.lower() in WEAK_SECRET_KEYS or len(key) < 16:
        raise RuntimeError(
            "SECRET_KEY is missing or too weak. Set a random value of at least 16 characters "
            "in instance/config.py or the SECRET_KEY environment variable, e.g. "
            "python -c 'import secrets; print(secrets.token_hex(32))'."
        )


def sending_hours(setting: str | None):
    """(start, end) of SMS_QUIET_HOURS ("09:00-20:00": the local hours texts may go), or None
    for any hour. Raises ValueError when it cannot be read."""
    from datetime import time
    if not (setting or "").strip():
        return None
    try:
        start, end = (time.fromisoformat(part.strip()) for part in setting.split("-"))
    except ValueError:
        raise ValueError(f"SMS_QUIET_HOURS must look like 09:00-20:00, not {setting!r}") \
            from None
    if not start < end:
        raise ValueError(f"SMS_QUIET_HOURS must start before it ends (within a day): "
                         f"{setting!r}")
    return start, end


def check_settings(app):
    """Refuse to start with a setting that would fail later, at a worse moment."""
    try:
        sending_hours(app.config["SMS_QUIET_HOURS"])
    except ValueError as problem:
        raise RuntimeError(str(problem)) from None
