"""Helpers of the deployment tests: the settings read afresh with other
environment variables, and an S3-compatible endpoint on 127.0.0.1."""

import importlib.util
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.module_loading import import_string

SETTINGS_DIR = Path(settings.BASE_DIR) / "cop_portal" / "settings"
# Variables that change what the settings choose; unset unless a test sets them.
CHOOSING = (
    "REDIS_URL",
    "CACHE_KEY_PREFIX",
    "ATTACHMENT_STORAGE",
    "ATTACHMENT_SIGNED_URL_SECONDS",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_ADDRESSING_STYLE",
    "TRUSTED_PROXY_COUNT",
    "SECRET_KEY",
)
S3_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "portaal-test",
    "AWS_SECRET_ACCESS_KEY": "portaal-test-geheim",
    "AWS_S3_REGION_NAME": "eu-west-1",
}


def settings_with(monkeypatch, module="base", **env):
    """The settings module `module` read afresh with these environment
    variables (and none of CHOOSING unless given)."""
    for name in CHOOSING:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location(
        f"cop_portal.settings._probe_{module}", SETTINGS_DIR / f"{module}.py"
    )
    probe = importlib.util.module_from_spec(spec)
    probe.__package__ = "cop_portal.settings"
    spec.loader.exec_module(probe)
    return probe


@contextmanager
def s3_endpoint():
    """moto's S3 server in a thread on a free port of 127.0.0.1."""
    moto_server = pytest.importorskip("moto.server")
    server = moto_server.ThreadedMotoServer(
        ip_address="127.0.0.1", port=0, verbose=False
    )
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def s3_env(endpoint: str, bucket: str, **more) -> dict[str, str]:
    """The environment that points the attachments at `bucket`, which it
    creates."""
    import boto3

    boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=S3_CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=S3_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        region_name=S3_CREDENTIALS["AWS_S3_REGION_NAME"],
    ).create_bucket(
        Bucket=bucket,
        CreateBucketConfiguration={
            "LocationConstraint": S3_CREDENTIALS["AWS_S3_REGION_NAME"]
        },
    )
    return {
        "ATTACHMENT_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": bucket,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_ADDRESSING_STYLE": "path",
        **S3_CREDENTIALS,
        **more,
    }


def storage_from(probe, alias="attachments"):
    """The storage that a settings probe's STORAGES[alias] describes."""
    config = probe.STORAGES[alias]
    return import_string(config["BACKEND"])(**config.get("OPTIONS", {}))
