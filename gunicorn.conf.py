"""gunicorn's settings for the portal: `make serve` passes this file, and
gunicorn reads it by itself when started from this folder.

Environment variables: HOST and PORT (where to listen, 127.0.0.1:8000),
WEB_CONCURRENCY (worker processes, by default 2 per core plus one),
GUNICORN_THREADS (threads per worker, 1), GUNICORN_TIMEOUT (seconds a
request may take before its worker is restarted, 30)."""

import os

wsgi_app = "cop_portal.wsgi:application"
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"

workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 1))
# A year's signalenrapportage streams for about a minute at national scale;
# a sync worker that sends nothing for this long is stuck.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 120))
graceful_timeout = 30
# Restart a worker now and then, so a slow leak never grows unbounded.
max_requests = 2000
max_requests_jitter = 200
# Worker heartbeats in memory, not on a disk that may be slow or read-only
# (gunicorn makes each file with mkstemp: no predictable name).
SHM = "/dev/shm"  # noqa: S108
if os.path.isdir(SHM):
    worker_tmp_dir = SHM

# Access and error log to stdout/stderr, for the process manager to collect;
# %(M)s is the time the request took, in milliseconds.
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'

# gunicorn 25.1+ opens a control socket at $XDG_RUNTIME_DIR/gunicorn.ctl or
# ~/.gunicorn/gunicorn.ctl unless told not to: a file outside the app's
# folders that two instances on one machine would share. The portal has no
# use for it (a process manager restarts and scales). Older versions ignore
# the name.
control_socket_disable = True
