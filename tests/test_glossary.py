"""The field's own words: no catalogue, template or scale file uses a word the
glossary (docs/glossary.md) lists under "Not this"."""

import re
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "docs" / "glossary.md"


def words_not_to_use() -> list[str]:
    table = GLOSSARY.read_text().split("## Not this", 1)[1]
    return [
        row.split("|")[1].strip()
        for row in table.splitlines()
        if row.startswith("|") and not row.startswith(("| wrong", "|---"))
    ]


def texts():
    for catalogue in ROOT.glob("locale/*/LC_MESSAGES/django.po"):
        for entry in polib.pofile(str(catalogue)):
            for text in [entry.msgstr, *entry.msgstr_plural.values()]:
                yield f"{catalogue.parent.parent.name} catalogue: {entry.msgid[:60]}", text
    for folder in ("templates", "reviews", "sites", "ipsfidelity"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".html", ".txt", ".toml") and "node_modules" not in path.parts:
                yield str(path.relative_to(ROOT)), path.read_text()


def test_the_glossary_lists_words_not_to_use():
    assert "troskap" in words_not_to_use()


def test_no_catalogue_template_or_scale_file_uses_a_word_not_to_use():
    patterns = {
        # The start of a word: "troskap" also finds "troskapsnivået".
        word: re.compile(rf"\b{re.escape(word)}", re.IGNORECASE)
        for word in words_not_to_use()
    }
    found = [
        f"{where}: {word}"
        for where, text in texts()
        for word, pattern in patterns.items()
        if pattern.search(text)
    ]
    assert found == []
