"""The sectors of a working group, a co-creation table and the forum.

Academia takes part as a sector of its own (the 4th plan also gave it a permanent seat at
the Committee). A meeting's attendance may also count people of no listed sector.
"""

from typing import Literal, get_args

Sector = Literal["government", "cso", "inai", "academia"]
SECTORS: dict[str, str] = {
    "government": "Gobierno",
    "cso": "Sociedad civil",
    "inai": "Órgano garante",
    "academia": "Academia",
}
MeetingSector = Literal["government", "cso", "inai", "academia", "other"]
MEETING_SECTORS: dict[str, str] = SECTORS | {"other": "Otros"}
assert tuple(SECTORS) == get_args(Sector)
assert tuple(MEETING_SECTORS) == get_args(MeetingSector)
