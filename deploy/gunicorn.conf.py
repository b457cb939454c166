"""gunicorn settings for the `web` container (values overridable by environment)."""

from __future__ import annotations

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Threads serve slow requests (PDF rendering, uploads) without a worker per request.
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Rendering a decision document or an evidence upload may take a while; nothing longer.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then (WeasyPrint and font caches grow).
max_requests = 1000
max_requests_jitter = 100
# Heartbeat files in memory, not on the container's overlay filesystem.
worker_tmp_dir = "/dev/shm"
# The reverse proxy that terminates TLS sets X-Forwarded-Proto (settings:
# SECURE_PROXY_SSL_HEADER); list its address here.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
