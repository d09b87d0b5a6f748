"""Two app servers, one database: what a load balancer needs (issue 11).

Two gunicorn instances with the production settings (DEBUG off, HTTPS as a
balancer reports it with X-Forwarded-Proto) run on two free ports of
127.0.0.1 against the test database. A visitor signed in on one is signed
in on the other; the sign-in rate limit counted on one holds on the other,
and lifting it (a password reset) on one lifts it on the other; signing out
on one signs out on both; an attachment uploaded through one is downloaded
through the other. Once with the database cache and attachments on a shared
disk, once with Redis and an S3 bucket (moto's server) behind signed URLs.
"""

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from communities.models import Membership
from knowledge.models import Attachment, Status
from tests.deploy_helpers import s3_endpoint, s3_env
from tests.factories import MembershipFactory
from tests.knowledge.factories import ProductFactory
from tests.knowledge.test_attachments import PDF

GUNICORN = Path(sys.executable).with_name("gunicorn")
ROOT = Path(settings.BASE_DIR)
PASSWORD = "een-lang-wachtwoord-2026"
NEW_PASSWORD = "een-nieuw-wachtwoord-2026"
PUBLIC_HOST = "cop-portaal.test"

pytestmark = pytest.mark.skipif(
    not GUNICORN.exists() and not shutil.which("gunicorn"),
    reason="gunicorn is not installed",
)


# --- A browser that talks to an instance as a load balancer would ----------
@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()


@dataclass
class Browser:
    """Keeps its cookies, whichever instance set them: the balancer may send
    each request to another server."""

    cookies: dict[str, str] = field(default_factory=dict)
    # The visitor's address, which the balancer appends to X-Forwarded-For.
    address: str = "198.51.100.1"

    def get(self, instance, path) -> Reply:
        return self._send(instance, "GET", path)

    def post(self, instance, path, fields=None, upload=None) -> Reply:
        return self._send(instance, "POST", path, fields or {}, upload)

    def signed_in(self, instance) -> bool:
        reply = self.get(instance, "/accounts/email/")
        assert reply.status in (200, 302), reply.status
        return reply.status == 200

    def sign_in(self, instance, email, password) -> Reply:
        self.get(instance, "/accounts/login/")
        return self.post(
            instance, "/accounts/login/", {"login": email, "password": password}
        )

    def _send(self, instance, method, path, fields=None, upload=None) -> Reply:
        # As a balancer forwards it: the portal's public name, HTTPS.
        headers = {
            "Host": PUBLIC_HOST,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.address,
            "Referer": f"https://{PUBLIC_HOST}{path}",
        }
        body = None
        if method == "POST":
            fields = {
                "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""),
                **fields,
            }
            if upload:
                body, headers["Content-Type"] = _multipart(fields, upload)
            else:
                body = urlencode(fields).encode()
                headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn = http.client.HTTPConnection("127.0.0.1", instance.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            reply = Reply(response.status, response.headers, response.read())
        finally:
            conn.close()
        for raw in reply.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(raw).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return reply


def _multipart(fields, upload):
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        f"{value}\r\n".encode()
        for name, value in fields.items()
    ]
    name, filename, content = upload
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
        f'filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


# --- Two gunicorn instances --------------------------------------------------
@dataclass
class Instance:
    port: int
    process: subprocess.Popen
    log: Path

    def tail(self) -> str:
        return self.log.read_text()[-3000:]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    auth = ""
    if db["USER"]:
        auth = quote(db["USER"], safe="")
        if db["PASSWORD"]:
            auth += ":" + quote(db["PASSWORD"], safe="")
        auth += "@"
    host = quote(db["HOST"] or "", safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{auth}{host}{port}/{db['NAME']}"


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """Production's hashed static files, which every page names."""
    root = tmp_path_factory.mktemp("static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env={**_base_env(), "STATIC_ROOT": str(root)},
        check=True,
        timeout=120,
    )
    return root


def _base_env() -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "AWS_", "ATTACHMENT_", "REDIS_", "CACHE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cop_portal.settings.prod",
        SECRET_KEY=settings.SECRET_KEY,
        DATABASE_URL=_database_url(),
        ALLOWED_HOSTS=f"{PUBLIC_HOST},127.0.0.1",
        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
        LOG_LEVEL="WARNING",
        # One balancer in front, which appends the visitor's address.
        TRUSTED_PROXY_COUNT="1",
    )
    return env


@pytest.fixture(params=["database-cache+disk", "redis+s3"])
def instances(request, transactional_db, settings, static_root, tmp_path):
    """Two instances, torn down before the test database is emptied."""
    # Tokens (password reset) made here must hold on the instances.
    settings.SECRET_KEY = f"twee-instanties-{uuid.uuid4().hex}-{uuid.uuid4().hex}"
    env = {**_base_env(), "STATIC_ROOT": str(static_root), "WEB_CONCURRENCY": "1"}
    with _BackingServices(request.param, tmp_path) as extra:
        env.update(extra)
        started = []
        try:
            for name in ("a", "b"):
                port = _free_port()
                log = tmp_path / f"gunicorn-{name}.log"
                process = subprocess.Popen(
                    [str(GUNICORN), "--config", "gunicorn.conf.py"],
                    cwd=ROOT,
                    env={**env, "PORT": str(port)},
                    stdout=log.open("wb"),
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
                started.append(Instance(port, process, log))
            for instance in started:
                _wait_until_healthy(instance)
            yield started
        finally:
            for instance in started:
                os.killpg(instance.process.pid, signal.SIGINT)  # quick shutdown
            for instance in started:
                try:
                    instance.process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(instance.process.pid, signal.SIGKILL)
                    instance.process.wait()


class _BackingServices:
    """The environment that shares cache and attachments between instances."""

    def __init__(self, variant, tmp_path):
        self.variant, self.tmp_path, self.s3 = variant, tmp_path, None

    def __enter__(self) -> dict[str, str]:
        if self.variant == "database-cache+disk":
            return {"PROTECTED_MEDIA_ROOT": str(self.tmp_path / "shared-volume")}
        try:
            socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        except OSError:
            pytest.skip("no Redis on 127.0.0.1:6379")
        pytest.importorskip("moto.server")
        self.s3 = s3_endpoint()
        endpoint = self.s3.__enter__()
        return {
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            # Keys of this run only: the Redis of the machine is shared.
            "CACHE_KEY_PREFIX": f"test-{uuid.uuid4().hex}",
            **s3_env(endpoint, "bijlagen", ATTACHMENT_SIGNED_URL_SECONDS="60"),
        }

    def __exit__(self, *exc):
        if self.s3:
            self.s3.__exit__(*exc)


def _wait_until_healthy(instance, seconds=40):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if instance.process.poll() is not None:
            pytest.fail(f"gunicorn stopped:\n{instance.tail()}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", instance.port, timeout=5)
            conn.request("GET", "/gezond/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            conn.close()
        time.sleep(0.2)
    pytest.fail(f"gunicorn not healthy after {seconds} s:\n{instance.tail()}")


# --- The test ---------------------------------------------------------------
def _download(browser, instance, attachment) -> bytes:
    reply = browser.get(instance, attachment.get_absolute_url())
    if reply.status == 302:  # a signed URL of the bucket
        location = reply.headers["Location"]
        assert urlsplit(location).query, location
        with urllib.request.urlopen(location, timeout=10) as served:  # noqa: S310
            return served.read()
    assert reply.status == 200, reply.status
    return reply.body


def test_two_instances_share_sessions_cache_and_attachments(instances):
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    a, b = instances
    membership = MembershipFactory(role=Membership.Role.TREKKER)
    alice = membership.user
    # A hash the production settings know (tests hash with MD5), with few
    # iterations: the failed attempts below stay fast.
    hasher = PBKDF2PasswordHasher()
    alice.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
    alice.save()
    concept = ProductFactory(community=membership.community, status=Status.CONCEPT)

    # Failed sign-ins counted on A lock the account on B as well, also for
    # another visitor: allauth's rate limit lives in the shared cache ...
    intruder = Browser(address="203.0.113.66")
    intruder.get(a, "/accounts/login/")
    for _attempt in range(10):
        reply = intruder.post(
            a, "/accounts/login/", {"login": alice.email, "password": "geraden"}
        )
        assert reply.status == 200, a.tail()
    locked_out = Browser(address="198.51.100.7")
    assert locked_out.sign_in(b, alice.email, PASSWORD).status == 200
    assert not locked_out.signed_in(b)

    # ... until a password reset on B wipes the counter, which A then sees.
    reset = Browser()
    key = default_token_generator.make_token(alice)
    uid = user_pk_to_url_str(alice)
    reply = reset.get(b, f"/accounts/password/reset/key/{uid}-{key}/")
    assert reply.status == 302, b.tail()
    form_path = reply.headers["Location"]
    assert reset.get(b, form_path).status == 200
    reply = reset.post(
        b, form_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert reply.status == 302, b.tail()

    # Signed in on A, signed in on B: the session is in the database.
    browser = Browser()
    assert browser.sign_in(a, alice.email, NEW_PASSWORD).status == 302, a.tail()
    assert browser.signed_in(b)

    # Uploaded through A, downloaded through B; nobody else gets it.
    reply = browser.post(
        a,
        f"/kennis/concept/{concept.pk}/bijlagen/",
        {"title": "De infographic"},
        upload=("file", "infographic.pdf", PDF),
    )
    assert reply.status == 302, a.tail()
    attachment = Attachment.objects.get(product=concept)
    assert _download(browser, b, attachment) == PDF
    assert Browser().get(b, attachment.get_absolute_url()).status == 404

    # Signed out on B is signed out on A.
    assert browser.post(b, "/accounts/logout/").status == 302
    assert not browser.signed_in(a)
