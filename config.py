"""Default settings.

They are safe for production. `instance/config.py` and `FLASK_<NAME>` environment variables
override them (in that order); the secret key is generated into `instance/` on first run.
"""

from datetime import timedelta

from flask_babel import lazy_gettext as _l

SQLALCHEMY_DATABASE_URI = None  # None: SQLite file in the instance folder (see app.py)
SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = True  # `make run` turns this off: it serves plain HTTP on loopback
REMEMBER_COOKIE_HTTPONLY = True
REMEMBER_COOKIE_SAMESITE = "Lax"
REMEMBER_COOKIE_SECURE = True
PERMANENT_SESSION_LIFETIME = timedelta(hours=8)
# Sent on every response served over HTTPS; empty turns it off.
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"

WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session

# memory:// counts in each process; with several processes or machines, set redis://host:6379/0
# so that every limit holds across all of them.
RATELIMIT_STORAGE_URI = "memory://"
# How many proxies (nginx, a load balancer) stand in front and set X-Forwarded-For and -Proto;
# 0: none, the connection's own address is the client's.
TRUSTED_PROXIES = 0
RATELIMIT_HEADERS_ENABLED = True
LOGIN_RATE_LIMIT = "5 per minute;20 per hour"

# scrypt, Werkzeug's default; the test suite swaps in a cheap hash to stay fast.
PASSWORD_HASH_METHOD = "scrypt"

MAX_CONTENT_LENGTH = 25 * 1024 * 1024

# Where the quick-exit button sends a visitor: a neutral site, opened in place of this one.
QUICK_EXIT_URL = "https://www.weather.gov/"

# Shown in each reader's language; an operator's own name (FLASK_SITE_NAME) is shown as given.
SITE_NAME = _l("Washington Anti-Trafficking Committees")
# Where links in e-mails sent from the command line point (inside a request, the request's host).
PUBLIC_URL = "http://127.0.0.1:5000"

# Mail: with no MAIL_SERVER, messages are written to instance/mail/ as .eml files instead.
MAIL_SERVER = ""
MAIL_PORT = 25
MAIL_DEFAULT_SENDER = "Washington anti-trafficking committees <no-reply@localhost>"
MAIL_MESSAGE_DOMAIN = "localhost"
MAIL_FOLDER = None  # where .eml files go without a MAIL_SERVER; None: instance/mail/
# Days after a meeting (or after the decision) that invitation requests are deleted.
INVITATION_RETENTION_DAYS = 30
# Applications to serve lapse undecided after this many days; their data goes this long after.
APPLICATION_LAPSE_DAYS = 90
APPLICATION_RETENTION_DAYS = 365
# Calendar feeds carry every upcoming meeting and the past ones of this many months, and never
# more than FEED_MAX_EVENTS events (the oldest past ones go first): see README, "Calendar feeds".
FEED_PAST_MONTHS = 12
FEED_MAX_EVENTS = 5000
# Days before a meeting that members are reminded of it.
REMINDER_DAYS = 3
# The right-hand side of every calendar event's UID; never change it once feeds are subscribed.
CALENDAR_UID_DOMAIN = "wa-anti-trafficking-committees"
DISPLAY_TIMEZONE = "America/Los_Angeles"
