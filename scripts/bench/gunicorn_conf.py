"""gunicorn for the benchmark: two sync workers, as the issue measures.

Passed with -c, so a gunicorn.conf.py in the working directory is not read.
gunicorn 25+ opens a control socket in the home directory by default; the
benchmark needs none (older versions ignore the unknown setting).
"""

workers = 2
worker_class = "sync"
control_socket_disable = True
accesslog = None
errorlog = "-"
loglevel = "warning"
# A page slower than this is killed and reported as failing.
# As in the production config: a year's export streams for about a minute.
timeout = 120
