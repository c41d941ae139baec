"""The reading model: what is on show and what the user did to it. No Textual here.

It owns the corpus, the view (topic, sort, filters, search), the read/starred flags, the
counts, undo and the trail of related stories followed. Every user intent is a method
that returns an immutable `Update` for the UI to draw. Actions name their article by id,
taken from the row under the cursor when the key is handled. State writes come back as
`FlagWrite`s for the UI to run off its thread; a failed one is undone by `write_failed`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from reader.collection import Corpus
from reader.formatting import count
from reader.model import Article, ArticleDetail, RelatedStory
from reader.pending import PendingWrites
from reader.preview import Preview
from reader.query import ALL, STARRED, UNREAD, Counts, Sort, TopicCount, next_topic_with_unread
from reader.query import topic_label as topic_label
from reader.searching import SearchState
from reader.session import ViewMemory
from reader.textsafe import one_line
from reader.updates import Flags, FlagWrite, ListState, Status, Update
from reader.views import MemorySource, View


@dataclass(slots=True)
class _Bulk:
    ids: list[str]
    description: str
    read: bool = True  # what they were marked; undo marks them the other way


class ReadingModel:
    def __init__(
        self,
        flags: Flags,
        *,
        memory: ViewMemory | None = None,
        show_unpublished: bool = False,
        mark_read_on_open: bool | float = True,
    ) -> None:
        memory = memory or ViewMemory()
        self.flags = flags
        sort = Sort(memory.sort or "heat") if memory.sort in set(Sort) else Sort.HEAT
        self.view = View(memory.topic or ALL, memory.unread_only, show_unpublished, sort)
        self.corpus: Corpus | None = None
        self.loading = True  # until the first complete corpus arrives
        self._search = SearchState(flags, memory.query)
        self._restore_id = memory.article_id
        self._put_back = False  # the saved article has had the cursor put on it
        self._source = MemorySource(())
        self._counts: Counts | None = None
        self._rows: list[Article] = []
        self._undo: list[_Bulk] = []
        self._trail: list[str] = []
        self._pending = PendingWrites()
        self.shown_id: str | None = memory.article_id
        self.mark_read_on_open = mark_read_on_open

    # -- what is on show ------------------------------------------------------

    @property
    def search_text(self) -> str:
        return self._search.text

    @property
    def rows(self) -> Sequence[Article]:
        return self._rows

    def article(self, article_id: str | None) -> Article | None:
        if article_id is None:
            return None
        found = self.corpus.articles.get(article_id) if self.corpus else None
        return found or next((a for a in self._rows if a.id == article_id), None)

    def is_read(self, article_id: str) -> bool:
        return article_id in self.flags.read

    def related(self, detail: ArticleDetail) -> list[tuple[RelatedStory, Article | None]]:
        corpus = self.corpus
        return [(s, corpus.find_by_url(s.url) if corpus else None) for s in detail.related]

    def memory(self) -> ViewMemory:
        return ViewMemory(
            topic=self.view.topic,
            sort=self.view.sort.value,
            query=self._search.remembered(),
            unread_only=self.view.unread_only,
            article_id=self.shown_id,
        )

    def list_title(self) -> str:
        parts = [topic_label(self.view.topic), self.view.sort.label]
        if self.view.unread_only:
            parts.append("unread only")
        if self._search.text.strip():
            parts.append("/" + self._search.text.strip())
        return " · ".join(parts)

    def _empty(self) -> str:
        if self.corpus is not None and not self.corpus.articles and not self.loading:
            return "no-articles"
        if (query := self._search.query) is not None:
            hidden = query.asks_unpublished and not self.view.show_unpublished
            return "unpublished-hidden" if hidden else "no-match"
        if self.view.topic == STARRED:
            return "no-starred"
        if self.view.wants_unread:
            return "all-read"
        return "empty-topic"

    def status(self) -> Status:
        counts = self._counts
        return Status(
            total=counts.everything.total if counts else 0,
            unread=counts.everything.unread if counts else 0,
            unpublished=counts.unpublished if counts else 0,
            showing_unpublished=self.view.show_unpublished,
            problems=self.corpus.problem_file_count if self.corpus else 0,
        )

    def _sidebar(self) -> tuple[TopicCount, ...] | None:
        counts = self._counts
        if counts is None:
            return None
        everything = counts.everything
        unread = TopicCount(UNREAD, everything.unread, everything.unread)
        return (everything, unread, counts.starred, *counts.per_topic())

    def _rows_state(self, cursor_id: str | None = None, first: bool = False) -> ListState:
        return ListState(
            rows=self._rows,
            title=self.list_title() + (" · searching…" if self._search.waiting else ""),
            count=f"{len(self._rows):,}",
            empty=self._empty(),
            highlights=self._search.highlights,
            number_column="quality" if self.view.sort == Sort.QUALITY else "heat",
            cursor_id=cursor_id,
            cursor_first=first,
        )

    def _refresh(
        self,
        cursor_id: str | None = None,
        cursor_first: bool = False,
        counts: bool = False,
        **extra: Any,
    ) -> Update:
        """The list of the current view; with `counts`, the sidebar and status line too
        (redrawing them costs a layout pass: only when their numbers may have moved)."""
        if self.corpus is None:
            return Update(**extra)
        if not self._search.waiting:
            flags = self.flags
            self._rows = self._source.select(
                self.view, flags.read, flags.starred, self._search.query, self._search.context
            )
        return Update(
            rows=self._rows_state(cursor_id, cursor_first),
            sidebar=self._sidebar() if counts else None,
            status=self.status() if counts else None,
            needs_excerpts=self._search.waiting,
            **{"search_error": self._search.error, **extra},  # a refresh must not clear it
        )

    # -- loading --------------------------------------------------------------

    def corpus_loaded(
        self, corpus: Corpus, *, partial: bool, orders: dict[Sort, list[Article]] | None = None
    ) -> Update:
        """A snapshot (partial) or the whole corpus arrived; the first one restores the view."""
        first = self.corpus is None
        self.corpus = corpus
        was_loading, self.loading = self.loading, partial
        self._source = corpus.view_source(None if partial else orders)
        self._search.new_corpus(self.flags)
        self._recount()
        restore: dict[str, Any] = {}
        if first:
            # The saved search, unless the box has already sent one (it is restored first).
            saved = self._search.pending  # not being typed: an open quote there is an error
            error = self._search.set(saved, typing=False) if saved else None
            if error is not None:
                restore["search_error"] = error
            restore["topic"] = self.view.topic
        waiting = self._search.waiting  # no rows yet: the cursor is put back with the excerpts
        if self._restore_id in corpus.articles and not waiting:
            restore["cursor_id"] = self._restore_id
            self._restore_id = None  # put back once; later snapshots keep the cursor
            self._put_back = True
        elif was_loading and not self._put_back:
            restore["cursor_first"] = True  # the hottest row, once more of them is known
        if not partial and not waiting:
            self._restore_id = None
        return self._refresh(counts=True, **restore)

    def preview(self, shown: Preview) -> Update:
        """The first screen from the index, before the corpus is loaded."""
        self._rows, everything = shown.articles, shown.everything
        unread = TopicCount(UNREAD, everything.unread, everything.unread)
        first = self._restore_id is None
        listed = replace(self._rows_state(self._restore_id, first), count="…", empty="loading")
        status = Status(everything.total, everything.unread, 0, self.view.show_unpublished, 0)
        sidebar = (everything, unread, shown.starred, *shown.per_topic)
        return Update(rows=listed, sidebar=sidebar, topic=self.view.topic, status=status)

    def excerpts_loaded(self, excerpts: dict[str, str]) -> Update:
        self._search.excerpts_loaded(excerpts)
        restore: dict[str, Any] = {}
        if self._restore_id is not None and self.corpus is not None:
            if self._restore_id in self.corpus.articles:  # held back by a saved search
                restore["cursor_id"] = self._restore_id
                self._restore_id = None
                self._put_back = True
            elif not self.loading:
                self._restore_id = None
        return self._refresh(**restore)

    def flags_reloaded(self, read: set[str], starred: set[str]) -> Update:
        """Another process changed the flags (`reader mark`, a second window)."""
        read, starred = set(read), set(starred)
        self._pending.keep_mine(read, starred, self.flags)
        changed = (self.flags.read ^ read) | (self.flags.starred ^ starred)
        self.flags.read.clear()
        self.flags.read.update(read)
        self.flags.starred.clear()
        self.flags.starred.update(starred)
        self._recount()
        return replace(self._refresh(counts=True), changed_ids=frozenset(changed))

    def _recount(self) -> None:
        if self.corpus is not None:
            flags = self.flags
            self._counts = self.corpus.counts(flags.read, flags.starred, self.view.show_unpublished)

    # -- the view ---------------------------------------------------------------

    def select_topic(self, topic: str) -> Update:
        if topic == self.view.topic:
            return Update()
        self.view = replace(self.view, topic=topic)
        return self._refresh()

    def toggle_unread_only(self) -> Update:
        self.view = replace(self.view, unread_only=not self.view.unread_only)
        return self._refresh()

    def cycle_sort(self) -> Update:
        self.view = replace(self.view, sort=self.view.sort.next())
        return self._refresh(notice=f"Sorted {self.view.sort.label}.")

    def toggle_unpublished(self) -> Update:
        self.view = replace(self.view, show_unpublished=not self.view.show_unpublished)
        self._recount()
        hidden = self._counts.unpublished if self._counts else 0
        verb = "Showing" if self.view.show_unpublished else "Hiding"
        return self._refresh(counts=True, notice=f"{verb} {count(hidden, 'unpublished article')}.")

    def search(self, text: str) -> Update:
        error = self._search.set(text)
        if error is not None:
            return Update(search_error=error)  # keep showing the last good results
        return self._refresh()

    # -- flags ----------------------------------------------------------------

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
            if self._counts is not None:
                if column == "read":
                    self._counts.read_changed(article, value, article_id in self.flags.starred)
                else:
                    self._counts.star_changed(article, value, article_id in self.flags.read)
        write = FlagWrite(column, value, tuple((a.id, a.url) for a in changed))
        # The list keeps its rows (a row read in "unread only" stays until the view
        # changes): only the marks, the counts and the status line move.
        return Update(
            sidebar=self._sidebar(),
            status=self.status(),
            changed_ids=frozenset(changing),
            writes=(write,),
        )

    def toggle_read(self, article_id: str | None) -> Update:
        """`m`: undoable, like mark-all-read."""
        if article_id is None or (article := self.article(article_id)) is None:
            return Update()
        read = article_id not in self.flags.read
        update = self._set("read", [article_id], read)
        if update.writes:
            title = one_line(article.title, 60)
            marked = f"“{title}” marked {'' if read else 'un'}read"
            self._undo.append(_Bulk([article_id], marked, read))
        return update

    def toggle_star(self, article_id: str | None) -> Update:
        if article_id is None:
            return Update()
        return self._set("starred", [article_id], article_id not in self.flags.starred)

    def mark_read(self, article_id: str) -> Update:
        return self._set("read", [article_id], True)

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
        return [a for a in self._rows if a.id not in self.flags.read]

    def mark_all_read(self, ids: Sequence[str]) -> Update:
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

    # -- moving ---------------------------------------------------------------

    def show(self, article_id: str | None) -> None:
        """The detail pane now shows this article: moving in the list starts a new trail."""
        if article_id != self.shown_id:
            self._trail.clear()
            self.shown_id = article_id

    def open(self, article_id: str, *, from_related: bool = False) -> Update:
        """Opened on purpose (enter): marks it read if so configured."""
        if from_related and self.shown_id is not None and self.shown_id != article_id:
            self._trail.append(self.shown_id)
        elif not from_related:
            self._trail.clear()
        self.shown_id = article_id
        return self.mark_read(article_id) if self.mark_read_on_open is True else Update()

    def back(self) -> str | None:
        """The article left by following a related story, if any."""
        while self._trail:
            article_id = self._trail.pop()
            if self.article(article_id) is not None:
                self.shown_id = article_id
                return article_id
        return None

    def next_unread(self, cursor: int, forward: bool) -> Update:
        """From row `cursor`: the next unread row here, else in the next topic with any."""
        rows = range(cursor + 1, len(self._rows)) if forward else range(cursor - 1, -1, -1)
        for index in rows:
            if self._rows[index].id not in self.flags.read:
                return Update(rows=self._rows_state(cursor_id=self._rows[index].id))
        topic = next_topic_with_unread(self._sidebar() or (), self.view.topic, forward)
        if topic is not None:
            self.view = replace(self.view, topic=topic)
            update = self._refresh(topic=topic, notice=f"Next unread in {topic}.")
            unread = self.unread_rows()
            if unread and update.rows is not None:
                target = unread[0] if forward else unread[-1]
                return replace(update, rows=replace(update.rows, cursor_id=target.id))
        return Update(notice="No more unread articles.")
