# SECRET_KEY, DATABASE_URL and REDIS_URL come from the environment.
SECRET_KEY = ""  # empty: refused; set SECRET_KEY in the environment
DEBUG = False
SESSION_COOKIE_SECURE = True
REMEMBER_COOKIE_SECURE = True
PREFERRED_URL_SCHEME = "https"
PROXY_FIX_HOPS = 1  # gunicorn runs behind one TLS-terminating reverse proxy
GC_FREEZE_AT_START = True  # see config/default.py
