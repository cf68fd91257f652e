"""The inbox's allow-list (kit.event_signing.producer_of) agrees with where topics are
defined: each topic has exactly one producer, the process that publishes it, and every
topic a process names is either its own or one it consumes from its one producer."""

import re

import pytest

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


@pytest.mark.parametrize("process", sorted(PACKAGES))
def test_every_topic_a_process_names_has_exactly_one_known_producer(process):
    named = topics_named_in(PACKAGES[process])
    assert named, process
    for topic in named:
        assert not topic.startswith(MAIL)
        assert producer_of(topic) in PRODUCERS, f"{topic} (in {process}) has no producer"


def test_the_gateway_mails_only_for_each_topic_s_own_producer():
    for topic in gateway_events.NOTIFICATION_TOPICS:
        namespace = topic.split(".", 1)[0]
        assert producer_of(topic) == namespace  # consultation's requests come from it alone
