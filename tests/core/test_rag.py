"""The RAG status rules: order, words, colours and the worst of several."""

from __future__ import annotations

from lws.core.rag import RAG_COLOURS, RAG_LABELS, RAG_ORDER, rag_label, tally, worst


def test_every_status_has_a_label_and_a_colour() -> None:
    assert RAG_ORDER == ("red", "amber", "green", "not_yet_started", "complete")
    assert list(RAG_LABELS) == list(RAG_ORDER)
    assert list(RAG_COLOURS) == list(RAG_ORDER)
    assert len(set(RAG_COLOURS.values())) == len(RAG_ORDER)


def test_labels() -> None:
    assert rag_label("not_yet_started") == "Not yet started"
    assert rag_label("red") == "Red"
    assert rag_label("blue") == "blue"  # not a status: shown as written


def test_worst_is_the_most_urgent_present() -> None:
    assert worst(["green", "amber", "complete"]) == "amber"
    assert worst(["complete", "red"]) == "red"
    assert worst(["complete", "not_yet_started"]) == "not_yet_started"
    assert worst(["blue"]) is None
    assert worst([]) is None


def test_tally_counts_every_status_in_order_and_nothing_else() -> None:
    counts = tally(["green", "red", "green", None, "blue", ["red"], "complete"])
    assert counts == {"red": 1, "amber": 0, "green": 2, "not_yet_started": 0, "complete": 1}
    assert list(counts) == list(RAG_ORDER)
    assert tally([]) == dict.fromkeys(RAG_ORDER, 0)
