"""The inbox's allow-list (kit.event_signing.producer_of) agrees with where topics are
defined: each topic has exactly one producer, the process whose module of ``contracts``
declares it, and topic names are written there only (a process imports them, it never
spells one out)."""

import re

import pytest

import contracts
from consultation import events as consultation_events
from gateway import events as gateway_events
from kit.event_signing import PRODUCERS, TOPIC_PRODUCERS, producer_of
from roadmaps import events as roadmaps_events
from tests.conftest import ROOT
from tracking import events as tracking_events

PACKAGES = {
    "gateway": ROOT / "gateway" / "gateway",
    "consultation": ROOT / "services" / "consultation" / "consultation",
    "roadmaps": ROOT / "services" / "roadmaps" / "roadmaps",
    "tracking": ROOT / "services" / "tracking" / "tracking",
}
SUBSCRIPTIONS = {
    "gateway": gateway_events.SUBSCRIPTIONS,
    "consultation": consultation_events.SUBSCRIPTIONS,
    "roadmaps": roadmaps_events.SUBSCRIPTIONS,
    "tracking": tracking_events.SUBSCRIPTIONS,
}
TOPIC = re.compile(r"""["']([a-z_]+(?:\.[a-z_]+)+\.v\d+)["']""")
MAIL = "mail."  # the gateway's local channel: never delivered over HTTP


def topics_named_in(package) -> set[str]:
    return {
        topic
        for path in package.rglob("*.py")
        for topic in TOPIC.findall(path.read_text(encoding="utf-8"))
    }


def test_the_producers_are_the_four_processes():
    assert set(PRODUCERS) == set(PACKAGES)
    assert len(TOPIC_PRODUCERS) == len(set(TOPIC_PRODUCERS))  # one producer per namespace


@pytest.mark.parametrize("producer", sorted(PACKAGES))
def test_what_a_process_routes_out_is_its_own(producer):
    prefixes = [p for ps in SUBSCRIPTIONS[producer].values() for p in ps]
    assert prefixes
    for prefix in prefixes:
        assert producer_of(prefix + "x.v1") == producer, prefix


# The module of ``contracts`` that declares each producer's topics.
CONTRACT_MODULES = {
    "gateway": contracts.auth,
    "consultation": contracts.consultation,
    "roadmaps": contracts.roadmaps,
    "tracking": contracts.tracking,
}


@pytest.mark.parametrize("process", sorted(PACKAGES))
def test_a_process_spells_out_no_topic_it_takes_them_from_the_contracts(process):
    assert topics_named_in(PACKAGES[process]) == set(), process


@pytest.mark.parametrize("producer", sorted(CONTRACT_MODULES))
def test_every_contract_topic_has_its_module_s_producer(producer):
    topics = CONTRACT_MODULES[producer].TOPICS
    assert topics, producer
    for topic in topics:
        assert not topic.startswith(MAIL)
        assert producer_of(topic) == producer, topic
    assert set(contracts.TOPICS) == {t for m in CONTRACT_MODULES.values() for t in m.TOPICS}


def test_the_gateway_mails_only_for_each_topic_s_own_producer():
    for topic in gateway_events.NOTIFICATION_TOPICS:
        namespace = topic.split(".", 1)[0]
        assert producer_of(topic) == namespace  # consultation's requests come from it alone
