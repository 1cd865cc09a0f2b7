# Settings shared by every environment. Each value can be overridden from the environment as
# EVALUATOR_<NAME> (for example EVALUATOR_SQLALCHEMY_DATABASE_URI); secrets come only from there.

# Development-only key; production refuses to start with it (see evaluator/config.py).
SECRET_KEY = "dev-only-insecure-key"

# None means: a SQLite file in the instance folder. DATABASE_URL overrides it.
SQLALCHEMY_DATABASE_URI = None
SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
# Seconds a new PostgreSQL connection may take before the request gives up and answers 503; a
# database host that stops answering must not hold every worker until gunicorn kills it.
DATABASE_CONNECT_TIMEOUT = 5

# After the application is built, move every object made so far (modules, mappers, the app)
# out of the garbage collector's reach: they live as long as the process, and without this each
# full collection walks all ~150,000 of them, a pause of 100 ms and more in the middle of a
# request that builds a large page. On in production (see config/production.py).
GC_FREEZE_AT_START = False

LANGUAGES = ["en", "de"]
BABEL_DEFAULT_LOCALE = "en"
BABEL_DEFAULT_TIMEZONE = "Europe/Berlin"

BOOTSTRAP_SERVE_LOCAL = True  # assets come from this server, never from a CDN
BOOTSTRAP_BOOTSWATCH_THEME = None

WTF_CSRF_TIME_LIMIT = 8 * 3600  # a long form may stay open for a working day

# Login throttling: per client address and per account, counting failed attempts only.
RATELIMIT_ENABLED = True
RATELIMIT_STORAGE_URI = "memory://"  # REDIS_URL (redis://...) when several workers serve
RATELIMIT_HEADERS_ENABLED = True
LOGIN_LIMIT_PER_CLIENT = "10 per minute"
LOGIN_LIMIT_PER_ACCOUNT = "10 per minute;30 per hour"
# "Forgot password?": requests per client address (every request counts), and reset mails per
# account and hour (further requests get the same answer but queue nothing).
PASSWORD_RESET_LIMIT_PER_CLIENT = "5 per minute;20 per hour"
PASSWORD_RESET_MAILS_PER_HOUR = 3

# argon2id cost; the defaults of argon2-cffi (RFC 9106 low-memory profile).
ARGON2_TIME_COST = 3
ARGON2_MEMORY_COST = 65536
ARGON2_PARALLELISM = 4

MIN_PASSWORD_LENGTH = 12

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
REMEMBER_COOKIE_HTTPONLY = True
REMEMBER_COOKIE_SAMESITE = "Lax"

# Number of reverse proxies in front of the app whose X-Forwarded-* headers are trusted
# (client address for rate limits, https scheme for links). 0: none.
PROXY_FIX_HOPS = 0

# Sent with every response. Scripts, styles and fonts come from this server only.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)

# Where attachment bytes are kept. None: instance/attachments. With several app servers, point
# it at a shared mount (EVALUATOR_ATTACHMENT_DIR) and back it up with the database.
ATTACHMENT_DIR = None
# Five PDFs of 10 MB and the form fit; anything larger is refused before it is read.
MAX_CONTENT_LENGTH = 60 * 1024 * 1024

# Links in e-mail are absolute and start with this address (scheme, host and any path prefix).
BASE_URL = "http://127.0.0.1:5000"

# Outgoing mail (`evaluator send-mail`). SMTP_STARTTLS upgrades a plain connection (port 587);
# SMTP_SSL connects with TLS from the start (port 465). The password comes from the environment.
SMTP_HOST = "localhost"
SMTP_PORT = 25
SMTP_USERNAME = ""
SMTP_PASSWORD = ""
SMTP_STARTTLS = False
SMTP_SSL = False
SMTP_TIMEOUT = 30
SMTP_SENDER = "TUD Lighthouse Evaluator <lighthouses@localhost>"
# A mail that could not be delivered is tried again after these many minutes (the last delay
# repeats) and marked failed after MAIL_MAX_ATTEMPTS attempts.
MAIL_RETRY_MINUTES = [1, 5, 15, 60, 240, 720]
MAIL_MAX_ATTEMPTS = 7

# Profiling: every response tells how many SQL statements it ran and how long they took
# (X-Query-Count and Server-Timing headers). The load benchmark turns it on; off in production.
QUERY_COUNT_HEADER = False
