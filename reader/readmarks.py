"""The reading model's marks: read and starred, one article or a whole story, undo.

A mixin of ReadingModel (reader/reading.py), kept apart for size. No Textual here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from reader.formatting import count
from reader.model import Article
from reader.pending import PendingWrites
from reader.query import Counts, TopicCount
from reader.textsafe import one_line
from reader.updates import Flags, FlagWrite, Status, Update
from reader.views import View


@dataclass(slots=True)
class _Bulk:
    ids: list[str]
    description: str
    read: bool = True  # what they were marked; undo marks them the other way


class MarksMixin:
    """What ReadingModel provides to the marks (declared for the type checker)."""

    flags: Flags
    view: View
    story_marks: bool
    _members: dict[str, list[str]]
    _counts_by_mode: dict[bool, Counts]
    _pending: PendingWrites
    _undo: list[_Bulk]
    _rows: list[Article]

    def article(self, article_id: str | None) -> Article | None:
        raise NotImplementedError

    def status(self) -> Status:
        raise NotImplementedError

    def _sidebar(self) -> tuple[TopicCount, ...] | None:
        raise NotImplementedError

    def story_of(self, article_id: str) -> list[str]:
        """What marking this row marks: its whole story in a view of stories (unless
        marks are per article), else the article alone."""
        article = self.article(article_id)
        if article is None or not (self.view.stories and self.story_marks and article.story):
            return [article_id]
        return list(self._members.get(article.story, [article_id]))

    def _set(self, column: str, ids: Sequence[str], value: bool, track: bool = True) -> Update:
        chosen = self.flags.read if column == "read" else self.flags.starred
        changed: list[Article] = []
        for article_id in ids:
            article = self.article(article_id)
            if article is not None and (article_id in chosen) != value:
                changed.append(article)
        if not changed:
            return Update()
        changing = [a.id for a in changed]
        for article in changed:
            article_id = article.id
            if track:  # a write for this change goes out with the update
                self._pending.sent(column, article_id, value)
            if value:
                chosen.add(article_id)
            else:
                chosen.discard(article_id)
            if column == "read" and article.story:
                self._story_flag_changed(article.story)
            for counts in self._counts_by_mode.values():  # each mode's made so far
                if column == "read":
                    counts.read_changed(article, value, article_id in self.flags.starred)
                else:
                    counts.star_changed(article, value, article_id in self.flags.read)
        write = FlagWrite(column, value, tuple((a.id, a.url) for a in changed))
        # The list keeps its rows (a row read in "unread only" stays until the view
        # changes): only the marks, the counts and the status line move.
        return Update(
            sidebar=self._sidebar(),
            status=self.status(),
            changed_ids=frozenset(changing),
            writes=(write,),
        )

    def _story_flag_changed(self, story: str) -> None:
        read = self.flags.read
        if any(i not in read for i in self._members.get(story, ())):
            self.flags.unread_stories.add(story)
        else:
            self.flags.unread_stories.discard(story)

    def toggle_read(self, article_id: str | None) -> Update:
        """`m`: undoable, like mark-all-read. In a view of stories, the whole story."""
        if article_id is None or (article := self.article(article_id)) is None:
            return Update()
        ids = self.story_of(article_id)
        read = self.flags.row_unread(article) if len(ids) > 1 else article_id not in self.flags.read
        update = self._set("read", ids, read)
        if update.writes:
            title = one_line(article.title, 60)
            what = (
                f"story “{title}” ({count(len(ids), 'article')})" if len(ids) > 1 else f"“{title}”"
            )
            marked = f"{what} marked {'' if read else 'un'}read"
            self._undo.append(_Bulk(ids, marked, read))
        return update

    def toggle_star(self, article_id: str | None) -> Update:
        if article_id is None:
            return Update()
        return self._set("starred", [article_id], article_id not in self.flags.starred)

    def mark_read(self, article_id: str) -> Update:
        return self._set("read", self.story_of(article_id), True)

    def write_saved(self, write: FlagWrite) -> None:
        """The store has `write` now."""
        self._pending.answered(write, saved=True)

    def write_failed(self, write: FlagWrite, reason: str) -> Update:
        """The store refused `write`: show what it still has, and say so."""
        update, changed = Update(), set[str]()
        for value, ids in self._pending.answered(write, saved=False).items():
            if ids and (part := self._set(write.column, ids, value, track=False)).changed_ids:
                update, changed = part, changed | part.changed_ids
        return replace(
            update, writes=(), changed_ids=frozenset(changed), notice=f"Not saved: {reason}"
        )

    def unread_rows(self) -> list[Article]:
        row_unread = self.flags.row_unread
        return [a for a in self._rows if row_unread(a)]

    def mark_all_read(self, ids: Sequence[str]) -> Update:
        """The rows `ids` read (in a view of stories, their stories' articles)."""
        ids = [i for row in ids for i in self.story_of(row)]
        update = self._set("read", ids, True)
        if not update.writes:
            return Update(notice="Everything in this view is already read.")
        marked = [i for i, _url in update.writes[0].articles]
        self._undo.append(_Bulk(marked, f"{count(len(marked), 'article')} marked read"))
        return replace(update, notice=f"Marked {count(len(marked), 'article')} read.")

    def undo(self) -> Update:
        if not self._undo:
            return Update(notice="Nothing to undo.")
        bulk = self._undo.pop()
        update = self._set("read", bulk.ids, not bulk.read)
        return replace(update, notice=f"Undone: {bulk.description}.")
