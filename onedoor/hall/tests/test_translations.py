"""The English catalog covers every message and is compiled from the committed .po file."""

import ast
import gettext
import re
from pathlib import Path

from django.conf import settings

import onedoor

LOCALE = Path(settings.LOCALE_PATHS[0])
ENGLISH = LOCALE / "en" / "LC_MESSAGES"


def _po_messages(path: Path) -> dict[str, list[str]]:
    """msgid → its msgstr forms, read from a .po file as makemessages writes it.

    A message with a context is keyed as gettext keys it: the context, EOT, the msgid.
    """
    messages: dict[str, list[str]] = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        key = ""
        for line in block.splitlines():
            match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) (".*")$', line)
            if match:
                key = match.group(1)
                fields[key] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and key:
                fields[key] += ast.literal_eval(line)
        if fields.get("msgid"):
            context = fields.pop("msgctxt", None)
            msgid = f"{context}\x04{fields['msgid']}" if context else fields["msgid"]
            messages[msgid] = [v for k, v in fields.items() if k.startswith("msgstr")]
    return messages


def test_the_translations_live_in_the_package_where_the_settings_look():
    assert Path(onedoor.__file__).parent / "locale" == LOCALE
    assert (LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po").exists()


def test_every_message_has_an_english_translation():
    po = ENGLISH / "django.po"
    messages = _po_messages(po)

    assert len(messages) > 500
    assert [msgid for msgid, forms in messages.items() if not all(forms)] == []
    assert "#, fuzzy" not in po.read_text(encoding="utf-8")


def test_the_compiled_catalog_matches_the_po_file():
    messages = _po_messages(ENGLISH / "django.po")
    with (ENGLISH / "django.mo").open("rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)._catalog  # type: ignore[attr-defined]

    singular = {msgid: forms[0] for msgid, forms in messages.items() if len(forms) == 1}
    assert {msgid: catalog.get(msgid) for msgid in singular} == singular
