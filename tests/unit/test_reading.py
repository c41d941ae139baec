"""The reading model alone: no Textual, no files (a Corpus built in memory)."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timezone

import pytest

from reader.corpus import Corpus
from reader.model import Article, Provider
from reader.query import ALL, STARRED, UNREAD, Sort
from reader.reading import ReadingModel
from reader.session import ViewMemory
from reader.updates import Flags, FlagWrite, Update

WHEN = datetime(2026, 11, 20, 8, 0, tzinfo=timezone.utc)


def art(article_id: str, heat: int, topics: tuple[str, ...], excerpt: str = "") -> Article:
    return Article(
        id=article_id,
        path=f"/news/{article_id}.md",
        title=f"Story {article_id}",
        url=f"https://example.test/{article_id}",
        heat=heat,
        quality=50,
        published_at=WHEN,
        provider=Provider("Test Wire", "testwire.example"),
        topics=topics,
        excerpt=excerpt,
    )


# Hottest first: a1 a2 a3 (topic A), b1 b2 (B), c1 (C).
ARTICLES = (
    art("a1", 90, ("A",)),
    art("a2", 80, ("A",)),
    art("a3", 70, ("A",)),
    art("b1", 60, ("B",)),
    art("b2", 50, ("B",)),
    art("c1", 40, ("C",)),
)


def corpus(articles: tuple[Article, ...] = ARTICLES) -> Corpus:
    return Corpus(("/news",), {a.id: a for a in articles})


def loaded(flags: Flags | None = None, **kwargs: object) -> ReadingModel:
    model = ReadingModel(flags or Flags(), **kwargs)  # type: ignore[arg-type]
    model.corpus_loaded(corpus(), partial=False)
    return model


def ids(model: ReadingModel) -> list[str]:
    return [a.id for a in model.rows]


def counts(update: Update) -> dict[str, tuple[int, int]]:
    assert update.sidebar is not None
    return {row.topic: (row.unread, row.total) for row in update.sidebar}


def test_first_load_lists_everything_hottest_first() -> None:
    model = ReadingModel(Flags())
    update = model.corpus_loaded(corpus(), partial=False)
    assert update.rows is not None
    assert [a.id for a in update.rows.rows] == ["a1", "a2", "a3", "b1", "b2", "c1"]
    assert update.topic == ALL
    assert update.rows.count == "6"
    assert update.status is not None and (update.status.total, update.status.unread) == (6, 6)
    assert counts(update)[ALL] == (6, 6)
    assert not model.loading


def test_updates_are_immutable() -> None:
    update = loaded().toggle_read("a1")
    with pytest.raises(dataclasses.FrozenInstanceError):
        update.notice = "changed"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        update.writes[0].value = False  # type: ignore[misc]


def test_select_topic() -> None:
    model = loaded()
    update = model.select_topic("B")
    assert update.rows is not None
    assert [a.id for a in update.rows.rows] == ["b1", "b2"]
    assert update.rows.title.startswith("B · hottest first")
    assert ids(model) == ["b1", "b2"]
    assert model.select_topic("B") == Update()  # already there: nothing to draw
    assert [a.id for a in model.select_topic(ALL).rows.rows][:2] == ["a1", "a2"]  # type: ignore[union-attr]


def test_toggle_read_by_id_returns_the_write_and_new_counts() -> None:
    model = loaded()
    update = model.toggle_read("b1")
    assert update.writes == (FlagWrite("read", True, (("b1", "https://example.test/b1"),)),)
    assert update.changed_ids == frozenset({"b1"})
    assert counts(update)["B"] == (1, 2)
    assert counts(update)[ALL] == (5, 6)
    assert counts(update)[UNREAD] == (5, 5)
    assert update.status is not None and update.status.unread == 5
    assert update.rows is None  # the list keeps its rows; only marks and counts move
    assert model.is_read("b1")

    again = model.toggle_read("b1")
    assert again.writes == (FlagWrite("read", False, (("b1", "https://example.test/b1"),)),)
    assert counts(again)["B"] == (2, 2)
    assert not model.is_read("b1")


def test_toggle_on_nothing_or_an_unknown_id_changes_nothing() -> None:
    model = loaded()
    assert model.toggle_read(None) == Update()
    assert model.toggle_star(None) == Update()
    assert model.toggle_read("nope") == Update()
    assert model.flags.read == set()


def test_toggle_star() -> None:
    flags = Flags(read={"c1"})
    model = loaded(flags)
    update = model.toggle_star("c1")
    assert update.writes == (FlagWrite("starred", True, (("c1", "https://example.test/c1"),)),)
    assert counts(update)[STARRED] == (0, 1)  # starred, but already read
    assert "c1" in flags.starred
    unstar = model.toggle_star("c1")
    assert unstar.writes[0].value is False
    assert counts(unstar)[STARRED] == (0, 0)


def test_write_failed_rolls_back() -> None:
    model = loaded()
    write = model.toggle_read("a2").writes[0]
    assert model.is_read("a2")
    update = model.write_failed(write, "database is locked")
    assert not model.is_read("a2")
    assert update.writes == ()  # nothing more to write: the store never changed
    assert update.notice == "Not saved: database is locked"
    assert update.changed_ids == frozenset({"a2"})
    assert counts(update)["A"] == (3, 3)

    star = model.toggle_star("a3").writes[0]
    model.write_failed(star, "disk full")
    assert model.flags.starred == set()


def test_two_failed_toggles_leave_the_flag_as_the_store_has_it() -> None:
    model = loaded()
    mark = model.toggle_read("a1").writes[0]
    unmark = model.toggle_read("a1").writes[0]
    assert not model.is_read("a1")
    model.write_failed(mark, "locked")  # the unmark is still on its way: it decides
    assert not model.is_read("a1")
    update = model.write_failed(unmark, "locked")
    assert not model.is_read("a1")  # neither landed: the store still has it unread
    assert update.notice == "Not saved: locked"


def test_a_failure_after_an_earlier_success_puts_back_what_was_saved() -> None:
    model = loaded()
    mark = model.toggle_read("a1").writes[0]
    unmark = model.toggle_read("a1").writes[0]
    model.write_saved(mark)
    update = model.write_failed(unmark, "locked")
    assert model.is_read("a1")  # the store has the mark
    assert update.changed_ids == frozenset({"a1"})
    assert counts(update)[ALL] == (5, 6)


def test_a_failed_write_under_a_later_saved_one_changes_nothing() -> None:
    model = loaded()
    first = model.toggle_read("a1").writes[0]
    model.toggle_read("a1")
    third = model.toggle_read("a1").writes[0]
    model.write_failed(first, "locked")
    assert model.is_read("a1")  # two more writes are on their way
    model.write_saved(third)
    assert model.is_read("a1")


def test_a_reload_keeps_marks_whose_writes_are_on_their_way() -> None:
    model = loaded(Flags(read={"c1"}))
    write = model.toggle_read("a1").writes[0]
    # Another process changed b1; the snapshot was read before a1's write landed.
    update = model.flags_reloaded({"b1", "c1"}, set())
    assert model.is_read("a1")
    assert model.is_read("b1")
    assert "a1" not in update.changed_ids
    model.write_failed(write, "locked")
    assert not model.is_read("a1")  # what the store had in the snapshot


def test_mark_all_read_and_undo() -> None:
    flags = Flags(read={"a1"})
    model = loaded(flags)
    model.select_topic("A")
    unread = [a.id for a in model.unread_rows()]
    assert unread == ["a2", "a3"]
    update = model.mark_all_read(unread)
    assert update.notice == "Marked 2 articles read."
    assert update.writes == (
        FlagWrite(
            "read", True, (("a2", "https://example.test/a2"), ("a3", "https://example.test/a3"))
        ),
    )
    assert counts(update)["A"] == (0, 3)
    assert model.mark_all_read(["a1", "a2"]).notice == "Everything in this view is already read."

    undone = model.undo()
    assert undone.notice == "Undone: 2 articles marked read."
    assert undone.writes[0].value is False
    assert {i for i, _ in undone.writes[0].articles} == {"a2", "a3"}
    assert flags.read == {"a1"}  # a1 was read before: undo leaves it read
    assert counts(undone)["A"] == (2, 3)
    assert model.undo().notice == "Nothing to undo."


def test_next_unread_within_the_topic() -> None:
    model = loaded(Flags(read={"a2"}))
    forward = model.next_unread(0, forward=True)
    assert forward.rows is not None and forward.rows.cursor_id == "a3"  # skips read a2
    backward = model.next_unread(2, forward=False)
    assert backward.rows is not None and backward.rows.cursor_id == "a1"
    assert model.view.topic == ALL


def test_next_unread_moves_on_to_the_next_topic() -> None:
    model = loaded(Flags(read={"a3", "b1"}))
    model.select_topic("A")
    update = model.next_unread(1, forward=True)  # a3 is read, nothing left in A
    assert update.topic == "B"
    assert model.view.topic == "B"
    assert update.notice == "Next unread in B."
    assert update.rows is not None and update.rows.cursor_id == "b2"  # b1 is read


def test_next_unread_skips_topics_without_unread() -> None:
    model = loaded(Flags(read={"b1", "b2"}))
    model.select_topic("A")
    update = model.next_unread(2, forward=True)
    assert update.topic == "C"
    assert update.rows is not None and update.rows.cursor_id == "c1"


def test_previous_unread_moves_back_a_topic_onto_its_last_unread() -> None:
    model = loaded(Flags(read={"a3"}))
    model.select_topic("C")
    update = model.next_unread(0, forward=False)
    assert update.topic == "B"
    assert update.rows is not None and update.rows.cursor_id == "b2"  # the last unread in B
    update = model.next_unread(0, forward=False)
    assert update.topic == "A"
    assert update.rows is not None and update.rows.cursor_id == "a2"  # a3 is read


def test_no_more_unread() -> None:
    model = loaded(Flags(read={a.id for a in ARTICLES} - {"a1"}))
    model.select_topic("C")
    assert model.next_unread(0, forward=True) == Update(notice="No more unread articles.")
    assert model.view.topic == "C"
    model.select_topic("A")
    assert model.next_unread(0, forward=False).notice == "No more unread articles."


def test_search_waits_for_excerpts_then_filters() -> None:
    model = loaded()
    waiting = model.search("otter")
    assert waiting.needs_excerpts
    assert waiting.rows is not None and waiting.rows.title.endswith("· searching…")
    assert ids(model) == ["a1", "a2", "a3", "b1", "b2", "c1"]  # still the last rows
    update = model.excerpts_loaded({"b2": "An otter swims by.", "a1": "Nothing here."})
    assert not update.needs_excerpts
    assert update.rows is not None
    assert [a.id for a in update.rows.rows] == ["b2"]
    assert update.rows.title == "All · hottest first · /otter"
    assert update.rows.highlights == ("otter",)
    # Once the excerpts are in, typing on filters at once.
    assert not model.search("story").needs_excerpts
    assert len(model.rows) == 6


def test_search_with_a_bad_query_keeps_the_last_rows() -> None:
    model = loaded()
    model.excerpts_loaded({})
    model.search("b1")
    assert ids(model) == ["b1"]
    update = model.search("b1 heat>9x")
    assert update.rows is None  # the list keeps its rows
    assert update.search_error is not None and "heat" in update.search_error
    assert "at character" in update.search_error
    update = model.search('b1 "not closed')  # still being typed: held, no error yet
    assert update.search_error is None and ids(model) == ["b1"]
    assert ids(model) == ["b1"]
    assert model.search_text == "b1"
    fixed = model.search("b2")
    assert fixed.search_error is None
    assert ids(model) == ["b2"]


def test_a_bad_query_stays_reported_while_the_list_refreshes() -> None:
    model = loaded()
    model.excerpts_loaded({})
    model.search("b1")
    error = model.search("b1 heat>x").search_error
    assert error is not None
    # The list is refreshed for other reasons meanwhile: the box still holds a bad query.
    assert model.toggle_unread_only().search_error == error
    assert model.excerpts_loaded({}).search_error == error
    assert ids(model) == ["b1"]
    assert model.search("b1 heat>5").search_error is None
    assert model.toggle_unread_only().search_error is None


def test_empty_reasons() -> None:
    model = loaded()
    model.excerpts_loaded({})
    assert model.search("zzz").rows.empty == "no-match"  # type: ignore[union-attr]
    model.search("")
    assert model.select_topic(STARRED).rows.empty == "no-starred"  # type: ignore[union-attr]


def test_back_after_following_related_stories() -> None:
    model = loaded()
    model.open("a1")
    model.open("b1", from_related=True)
    model.open("c1", from_related=True)
    assert model.shown_id == "c1"
    assert model.back() == "b1"
    assert model.shown_id == "b1"
    assert model.back() == "a1"
    assert model.back() is None


def test_opening_from_the_list_forgets_the_trail() -> None:
    model = loaded()
    model.open("a1")
    model.open("b1", from_related=True)
    model.open("c1")
    assert model.back() is None


def test_open_marks_read_when_configured() -> None:
    model = loaded()
    assert model.open("a1").writes[0].articles == (("a1", "https://example.test/a1"),)
    assert model.is_read("a1")
    later = loaded(mark_read_on_open=2.5)
    assert later.open("a1") == Update()
    assert not later.is_read("a1")


def test_corpus_loaded_restores_the_saved_view() -> None:
    memory = ViewMemory(
        topic="B", sort="date", query="b2", unread_only=True, article_id="b2", stories=True
    )
    model = ReadingModel(Flags(read={"b1"}), memory=memory)
    assert model.view.sort is Sort.DATE
    update = model.corpus_loaded(corpus(), partial=False)
    assert update.topic == "B"
    assert model.search_text == "b2"
    assert update.needs_excerpts  # the restored search waits for the excerpts
    update = model.excerpts_loaded({})
    assert update.rows is not None and update.rows.cursor_id == "b2"
    assert [a.id for a in update.rows.rows] == ["b2"]
    assert update.rows.title == "B · newest first · unread only · /b2"
    assert model.memory() == memory


def test_a_bad_saved_query_is_reported_and_the_view_still_loads() -> None:
    model = ReadingModel(Flags(), memory=ViewMemory(query='"open'))
    update = model.corpus_loaded(corpus(), partial=False)
    assert update.search_error is not None
    assert update.rows is not None and len(update.rows.rows) == 6


def test_an_unknown_saved_sort_falls_back_to_heat() -> None:
    model = ReadingModel(Flags(), memory=ViewMemory(sort="sideways"))
    assert model.view.sort is Sort.HEAT


def test_cold_load_keeps_the_cursor_on_top_until_the_full_corpus() -> None:
    model = ReadingModel(Flags())
    first = model.corpus_loaded(corpus(ARTICLES[3:]), partial=True)
    assert first.rows is not None and first.rows.cursor_first
    assert first.rows.cursor_id is None
    assert model.loading
    second = model.corpus_loaded(corpus(ARTICLES[1:]), partial=True)
    assert second.rows is not None and second.rows.cursor_first
    assert second.topic is None  # the topic is put back once only
    full = model.corpus_loaded(corpus(), partial=False)
    assert full.rows is not None and full.rows.cursor_first
    assert full.rows.rows[0].id == "a1"
    assert not model.loading
    rescan = model.corpus_loaded(corpus(), partial=False)
    assert rescan.rows is not None and not rescan.rows.cursor_first  # the user's place stays


def test_cold_load_puts_the_saved_article_back_when_it_arrives() -> None:
    model = ReadingModel(Flags(), memory=ViewMemory(article_id="a2"))
    early = model.corpus_loaded(corpus(ARTICLES[3:]), partial=True)
    assert early.rows is not None and early.rows.cursor_first and early.rows.cursor_id is None
    found = model.corpus_loaded(corpus(ARTICLES[1:]), partial=True)
    assert found.rows is not None and found.rows.cursor_id == "a2"
    later = model.corpus_loaded(corpus(), partial=False)
    assert later.rows is not None and later.rows.cursor_id is None  # put back once only


def test_memory_round_trips() -> None:
    memory = ViewMemory(
        topic="C", sort="quality", query="c1", unread_only=True, article_id="c1", stories=False
    )
    assert ReadingModel(Flags(), memory=memory).memory() == memory  # before any load
    model = loaded(memory=memory)
    assert model.memory() == memory
    assert ReadingModel(Flags(), memory=model.memory()).memory() == memory
    model.select_topic("A")
    model.cycle_sort()
    model.toggle_unread_only()
    model.search("")
    model.show("a3")
    model.toggle_stories()
    assert model.memory() == ViewMemory(
        topic="A", sort="heat", query="", unread_only=False, article_id="a3", stories=True
    )


def test_flags_reloaded_reports_what_changed() -> None:
    flags = Flags(read={"a1"})
    model = loaded(flags)
    update = model.flags_reloaded({"b1"}, {"c1"})
    assert update.changed_ids == frozenset({"a1", "b1", "c1"})
    assert flags.read == {"b1"} and flags.starred == {"c1"}
    assert counts(update)["A"] == (3, 3)
    assert counts(update)["B"] == (1, 2)


def test_unpublished_are_counted_but_hidden() -> None:
    hidden = art("h1", 99, ("A",))._replace(published=False)
    model = ReadingModel(Flags())
    update = model.corpus_loaded(corpus((*ARTICLES, hidden)), partial=False)
    assert update.status is not None and update.status.unpublished == 1
    assert "h1" not in ids(model)
    shown = model.toggle_unpublished()
    assert shown.notice == "Showing 1 unpublished article."
    assert ids(model)[0] == "h1"
    assert counts(shown)["A"] == (4, 4)
