"""limits.collected_once: the cyclic garbage collector paused while a document is made, and the cycles made
meanwhile freed once, at the end."""

from __future__ import annotations

import gc
import weakref

from publication.limits import collected_once


class Node:
    other: Node


def a_cycle() -> weakref.ref:
    """Two objects holding each other, unreachable once made: only the cyclic collector frees them."""
    first, second = Node(), Node()
    first.other, second.other = second, first
    return weakref.ref(first)


def many_containers() -> list:
    """Far more new containers than the young generation's threshold: a running collector would pass."""
    return [[index] for index in range(20 * gc.get_threshold()[0])]


def test_a_cycle_made_while_paused_lives_until_the_end_then_is_freed():
    assert gc.isenabled()
    with collected_once():
        assert not gc.isenabled()
        made = a_cycle()
        many_containers()
        assert made() is not None, "the collector ran while the document was being made"
    assert gc.isenabled()
    assert made() is None, "the cycle outlived the document"


def test_a_collector_paused_by_the_caller_stays_paused_and_collects_nothing():
    gc.disable()
    try:
        with collected_once():
            made = a_cycle()
        assert not gc.isenabled() and made() is not None
    finally:
        gc.enable()
        gc.collect()
