"""Locales: Spanish (es-MX) first, English second, through Babel message catalogs.

Templates and code write Spanish msgids; ``locale/en/LC_MESSAGES/messages.po`` holds the
English. The ``.mo`` is compiled from the ``.po`` when missing or older (at start-up, so
the build and the tests always use the committed text).
"""

import gettext
from contextvars import ContextVar
from datetime import date
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).parent / "locale"
DEFAULT = "es"
LANGUAGE_COOKIE = "lang"
LOCALES = {"es": ("es-MX", "es_MX"), "en": ("en", "en_US")}
current_language: ContextVar[str] = ContextVar("current_language", default=DEFAULT)


def compile_catalogs(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Write every stale ``.mo`` next to its ``.po``; returns the ones written."""
    written = []
    for po_path in locale_dir.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        try:
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalog)
        except OSError:
            continue  # a read-only install keeps the .mo it was built with
        written.append(mo_path)
    return written


@lru_cache
def translations(language: str) -> gettext.NullTranslations:
    if language == DEFAULT:
        return gettext.NullTranslations()
    return gettext.translation("messages", LOCALE_DIR, languages=[language], fallback=True)


def choose_language(query: str | None, cookie: str | None) -> str:
    for candidate in (query, cookie):
        if candidate in LOCALES:
            return candidate
    return DEFAULT


def _(message: str) -> str:
    return translations(current_language.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current_language.get()).ngettext(singular, plural, n)


def html_lang() -> str:
    return LOCALES[current_language.get()][0]


def format_day(day: date) -> str:
    """``24 de mayo de 2019`` (``May 24, 2019`` in English)."""
    return format_date(day, format="long", locale=LOCALES[current_language.get()][1])
