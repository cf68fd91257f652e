"""Spanish first, English in the catalog: every message the site's code and templates pass
to gettext has an English translation in ``locale/en/LC_MESSAGES/messages.po``."""

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from tests.conftest import ROOT

SITE = ROOT / "frontend" / "frontend"
METHODS = [("**.py", "python"), ("templates/**.html", "jinja2.ext:babel_extract")]
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}
# Built at run time from a translated template (forms._validation_message), not a message.
NOT_MESSAGES = {"."}


def site_messages() -> dict[str, str]:
    found: dict[str, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        SITE, METHODS, OPTIONS, keywords=KEYWORDS
    ):
        text = message[0] if isinstance(message, tuple) else message  # a plural: its singular
        if text and text not in NOT_MESSAGES:
            found.setdefault(text, f"{filename}:{lineno}")
    return found


def test_every_site_message_has_its_english():
    with (SITE / "locale" / "en" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po)
    messages = site_messages()
    assert len(messages) > 300  # the extraction really read the templates
    missing = {}
    for text, where in messages.items():
        entry = catalog.get(text)
        english = entry.string if entry is not None else ""
        if not english or (isinstance(english, tuple) and not all(english)):
            missing[text] = where
    assert not missing, f"{len(missing)} messages without English: {missing}"
