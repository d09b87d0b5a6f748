"""scripts/backup.py: pg_dump and pg_restore round trip, here on the test
database (a few seconds); `make backup-check` does it on the demo data."""

import importlib.util
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.factories import MembershipFactory
from tests.knowledge.factories import ProductFactory

pytestmark = pytest.mark.skipif(
    not shutil.which("pg_restore"), reason="no pg_dump/pg_restore"
)

_spec = importlib.util.spec_from_file_location(
    "backup_script", Path(settings.BASE_DIR) / "scripts" / "backup.py"
)
backup_script = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(backup_script)


@pytest.fixture
def server_config():
    """The test database's connection, as the script reads DATABASE_URL."""
    db = connection.settings_dict
    return {key: db[key] for key in ("NAME", "USER", "PASSWORD", "HOST", "PORT")}


@pytest.fixture
def scratch(server_config):
    name = f"{server_config['NAME']}_restore"
    backup_script._create(server_config, name)
    yield name
    backup_script._drop(server_config, name)


def test_restore_gives_back_every_row_sequence_and_attachment(
    transactional_db, server_config, scratch, tmp_path, monkeypatch
):
    MembershipFactory.create_batch(3)
    ProductFactory.create_batch(2, title="Handreiking over de leerbaarheidstoets")
    media = tmp_path / "protected"
    (media / "knowledge").mkdir(parents=True)
    (media / "knowledge" / "bijlage.pdf").write_bytes(b"%PDF-1.4 bijlage")
    monkeypatch.setenv("PROTECTED_MEDIA_ROOT", str(media))
    monkeypatch.delenv("ATTACHMENT_STORAGE", raising=False)

    folder = backup_script.backup(server_config, tmp_path / "backup")
    assert (folder / "database.dump").stat().st_size > 0

    restored_media = tmp_path / "restored"
    monkeypatch.setenv("PROTECTED_MEDIA_ROOT", str(restored_media))
    backup_script.restore(dict(server_config, NAME=scratch), folder)

    before = backup_script.snapshot(server_config, server_config["NAME"])
    after = backup_script.snapshot(server_config, scratch)
    assert backup_script.differences(before, after) == []
    assert before["rows"]["knowledge_knowledgeproduct"][0] == 2
    assert "pg_trgm" in after["extensions"]
    assert (restored_media / "knowledge" / "bijlage.pdf").read_bytes() == (
        b"%PDF-1.4 bijlage"
    )
    # The restored database has its planner statistics at once (a dump holds
    # none), so its lists are planned as on the original.
    import psycopg

    with psycopg.connect(**backup_script._params(server_config, scratch)) as conn:
        analysed = {
            name
            for (name,) in conn.execute(
                "SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL"
            )
        }
    assert {"knowledge_knowledgeproduct", "signals_signal"} <= analysed


def test_restore_refuses_a_database_that_has_tables(db, server_config, tmp_path):
    folder = tmp_path / "backup"
    folder.mkdir()
    (folder / "database.dump").write_bytes(b"")
    with pytest.raises(SystemExit, match="already has"):
        backup_script.restore(server_config, folder)


def test_a_changed_row_or_sequence_is_a_difference():
    before = {
        "rows": {"signals_signal": (2, "aa")},
        "sequences": {"signals_signal_id_seq": (2, True)},
        "extensions": ["pg_trgm"],
    }
    after = {
        "rows": {"signals_signal": (2, "bb")},
        "sequences": {"signals_signal_id_seq": (1, True)},
        "extensions": ["pg_trgm"],
    }
    found = backup_script.differences(before, after)
    assert len(found) == 2
    assert found[0].startswith("rows of signals_signal")
