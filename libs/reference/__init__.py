"""The platform's shared vocabularies: one source for the words every part must agree on.

Data and types only (no I/O, no framework): the ten Open Gov Challenge areas, the 32 states,
OGP's values and its report scales, the statuses of topics, answers and activities, the
people's roles and the sectors of a working group. Services and the frontend import them;
``tests/reference`` checks them against ``data/pa4-mexico-2019-2022.json``. The kit stays
free of these domain nouns.
"""
