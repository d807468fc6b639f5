"""gunicorn for the committee app, behind nginx: `gunicorn -c deploy/gunicorn.conf.py`.

Every setting can be overridden from the environment (GUNICORN_BIND, GUNICORN_WORKERS), so one file
serves every machine; nothing here is a secret.
"""

import multiprocessing
import os

wsgi_app = "app:create_app()"
# nginx on the same machine connects here; never bind a public address.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: requests are short and the database does the waiting. Two per core and one more.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# A cold packet or archive build takes seconds; nginx's proxy_read_timeout is longer than this.
timeout = 60
graceful_timeout = 30
# Each worker builds its own app after the fork, so its database pool is its own.
preload_app = False
# Recycle workers now and then, so that no slow leak lives for months.
max_requests = 2000
max_requests_jitter = 200
# No control socket: its one default path would be shared by every instance on the machine.
control_socket_disable = True
accesslog = "-"
errorlog = "-"
# Only nginx on this machine may say who the client is (the app's TRUSTED_PROXIES does the rest).
forwarded_allow_ips = "127.0.0.1"
