"""Closed vocabularies of the consultation's own: the channels of participation and SDG
tags. The areas and the states are shared: ``reference.areas``, ``reference.states``."""

import re

CHANNELS = ("online", "territorial")

# SDG goal ("16") or target ("16.10", "6.a"): goals 1-17; targets numbered or lettered.
SDG_PATTERN = r"^(?:1[0-7]|[1-9])(?:\.(?:[1-9]|1[0-9]|[a-g]))?$"
_SDG = re.compile(SDG_PATTERN)


def valid_sdg_tag(tag: str) -> bool:
    return bool(_SDG.match(tag))
