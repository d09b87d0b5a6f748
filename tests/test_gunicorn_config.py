"""gunicorn.conf.py, the settings `make serve` runs gunicorn with."""

from pathlib import Path

import pytest

gunicorn_config = pytest.importorskip("gunicorn.config")
from gunicorn.app.base import Application  # noqa: E402

CONFIG = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"


class _Probe(Application):
    def init(self, parser, opts, args):
        return {}

    def load(self):  # pragma: no cover - never serves
        raise AssertionError


def _config(monkeypatch, **env):
    for name in ("HOST", "PORT", "WEB_CONCURRENCY", "GUNICORN_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    probe = _Probe.__new__(_Probe)
    probe.usage, probe.prog, probe.callable = None, None, None
    probe.cfg = gunicorn_config.Config()
    probe.load_config_from_file(str(CONFIG))
    return probe.cfg


def test_listens_on_localhost_by_default_and_where_host_and_port_say(monkeypatch):
    assert _config(monkeypatch).bind == ["127.0.0.1:8000"]
    assert _config(monkeypatch, PORT="8123").bind == ["127.0.0.1:8123"]


def test_workers_and_timeout_come_from_the_environment(monkeypatch):
    cfg = _config(monkeypatch, WEB_CONCURRENCY="3", GUNICORN_TIMEOUT="60")
    assert cfg.workers == 3
    assert cfg.timeout == 60


def test_serves_the_production_wsgi_application_and_logs_to_stdout(monkeypatch):
    cfg = _config(monkeypatch)
    assert cfg.wsgi_app == "cop_portal.wsgi:application"
    assert cfg.accesslog == "-"
    assert cfg.errorlog == "-"


def test_no_control_socket_in_the_home_directory(monkeypatch):
    cfg = _config(monkeypatch)
    if "control_socket_disable" not in cfg.settings:
        pytest.skip("this gunicorn has no control socket")
    assert cfg.control_socket_disable is True


def test_a_worker_starts_with_every_page_loaded_and_its_objects_frozen():
    """What each worker keeps for its life is read at start-up and kept out
    of the garbage collector's walks, so no request pays for reading it (the
    first search waited 0.7 s for the word list) or for walking it (a full
    collection cost 1.2 ms of a /signalen/ request)."""
    import os
    import subprocess
    import sys

    probe = (
        "import gc, sys; import cop_portal.wsgi; "
        "from cop_portal import textsearch; "
        "print(gc.get_freeze_count(), 'signals.views' in sys.modules, "
        "'knowledge.admin' in sys.modules, "
        "textsearch._dutch_words.cache_info().currsize)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cop_portal.settings.prod",
        "SECRET_KEY": "only-for-this-test-" + "x" * 50,
    }
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=CONFIG.parent,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    frozen, views_loaded, admin_loaded, word_list = done.stdout.split()
    assert int(frozen) > 50_000
    assert views_loaded == admin_loaded == "True"
    # The first search does not wait for the word list.
    assert word_list == "1"
