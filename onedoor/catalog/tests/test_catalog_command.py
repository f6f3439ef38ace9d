import json

import pytest
from django.core.management import CommandError, call_command

from onedoor.catalog.models import MatterVersion
from onedoor.catalog.tests.documents import small_catalog

pytestmark = pytest.mark.django_db


def test_import_then_export_round_trips_through_files(tmp_path, capsys):
    source = tmp_path / "in.json"
    source.write_text(json.dumps(small_catalog(), ensure_ascii=False), encoding="utf-8")
    target = tmp_path / "out.json"

    call_command("catalog", "import", str(source))
    call_command("catalog", "export", str(target))

    out = capsys.readouterr().out
    assert "matters: 5 created" in out
    assert "5 matters" in out
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert len(exported["matters"]) == 5 and exported["format"] == "onedoor-catalog"
    call_command("catalog", "import", str(target))
    assert "matters: 0 created, 0 updated, 5 unchanged" in capsys.readouterr().out


def test_a_bad_file_is_a_clear_error_and_imports_nothing(tmp_path):
    document = small_catalog()
    document["matters"][1]["conditions"][0]["expression"] = "applicant.age >>"
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(document), encoding="utf-8")

    with pytest.raises(CommandError) as caught:
        call_command("catalog", "import", str(source))

    assert "invalid_catalog" in str(caught.value)
    assert "new-student-enrollment" in str(caught.value)
    assert not MatterVersion.objects.exists()


@pytest.mark.parametrize("content", ["not json", None])
def test_an_unreadable_file_is_a_clear_error(tmp_path, content):
    source = tmp_path / "catalog.json"
    if content is not None:
        source.write_text(content, encoding="utf-8")

    with pytest.raises(CommandError):
        call_command("catalog", "import", str(source))
