"""Closed vocabularies of the consultation's own: the channels of participation and SDG
tags. The areas and the states are shared: ``reference.areas``, ``reference.states``. A
topic's fields are checked against all of them here, each problem an error naming its field."""

import re

from consultation.topics.errors import InvalidSdgTag, UnknownArea, UnknownState
from kit.errors import AppError
from reference.areas import AREAS
from reference.states import STATES

CHANNELS = ("online", "territorial")

# SDG goal ("16") or target ("16.10", "6.a"): goals 1-17; targets numbered or lettered.
SDG_PATTERN = r"^(?:1[0-7]|[1-9])(?:\.(?:[1-9]|1[0-9]|[a-g]))?$"
_SDG = re.compile(SDG_PATTERN)


def valid_sdg_tag(tag: str) -> bool:
    return bool(_SDG.match(tag))


def vocabulary_errors(area: str | None, state: str | None, sdg: list[str] | None) -> list[AppError]:
    """Every closed-vocabulary problem of a topic, each an error with its field."""
    found: list[AppError] = []
    if area is not None and area not in AREAS:
        found.append(UnknownArea(details={"field": "area", "value": area, "allowed": list(AREAS)}))
    if state is not None and state not in STATES:
        found.append(UnknownState(details={"field": "state_code", "value": state}))
    for tag in sdg or []:
        if not valid_sdg_tag(tag):
            found.append(InvalidSdgTag(details={"field": "sdg_tags", "value": tag}))
    return found


def check_vocabulary(area: str | None, state: str | None, sdg: list[str] | None) -> None:
    problems = vocabulary_errors(area, state, sdg)
    if problems:
        raise problems[0]
