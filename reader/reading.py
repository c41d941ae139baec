"""The reading model: what is on show and what the user did to it. No Textual here.

It owns the corpus, the view (topic, sort, filters, search), the read/starred flags, the
counts, undo and the trail of related stories followed. Every user intent is a method
that returns an immutable `Update` for the UI to draw. Actions name their article by id,
taken from the row under the cursor when the key is handled. State writes come back as
`FlagWrite`s for the UI to run off its thread; a failed one is undone by `write_failed`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from reader.archive import EMPTY
from reader.collection import Corpus
from reader.formatting import hidden_kinds
from reader.model import Article, ArticleDetail, RelatedStory
from reader.pending import PendingWrites
from reader.prepared import story_members
from reader.preview import Preview
from reader.query import ALL, STARRED, UNREAD, Counts, Sort, TopicCount, next_topic_with_unread
from reader.query import topic_label as topic_label
from reader.readmarks import MarksMixin, _Bulk
from reader.searching import SearchState
from reader.session import ViewMemory
from reader.topictree import tree_order
from reader.updates import Flags, ListState, Status, Update
from reader.views import MemorySource, View, lead_key


class ReadingModel(MarksMixin):
    def __init__(
        self,
        flags: Flags,
        *,
        memory: ViewMemory | None = None,
        show_unpublished: bool = False,
        mark_read_on_open: bool | float = True,
        stories: bool = True,
        story_marks: bool = True,
    ) -> None:
        memory = memory or ViewMemory()
        self.flags = flags
        sort = Sort(memory.sort or "heat") if memory.sort in set(Sort) else Sort.HEAT
        grouped = stories if memory.stories is None else memory.stories
        self.view = View(memory.topic or ALL, memory.unread_only, show_unpublished, sort, grouped)
        # Marking a story's row marks every article of the story (else only that one).
        self.story_marks = story_marks
        self._members: dict[str, list[str]] = {}  # story → its articles' ids (stories of 2+)
        self.corpus: Corpus | None = None
        self.loading = True  # until the first complete corpus arrives
        self._search = SearchState(flags, memory.query)
        self._restore_id = memory.article_id
        self._put_back = False  # the saved article has had the cursor put on it
        self._source = MemorySource(())
        # Counts per mode (False: articles, True: stories), each kept up to date mark by
        # mark once made: the other mode's is made when first wanted (the loader's, if it
        # made one), so toggling the mode back and forth counts nothing again.
        self._counts_by_mode: dict[bool, Counts] = {}
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

    def coverage(self, article: Article) -> list[Article]:
        """The other articles of `article`'s story, lead first (hidden ones too when the
        view shows them)."""
        found = [
            other
            for i in self._members.get(article.story, ())
            if i != article.id
            and (other := self.article(i)) is not None
            and (other.listed or self.view.show_unpublished)
        ]
        return sorted(found, key=lead_key)

    def related(self, detail: ArticleDetail) -> list[tuple[RelatedStory, Article | None]]:
        """The file's related stories, each with its article when it is in the corpus;
        those of the article's own story are left out (they are under "Also covered by")."""
        corpus = self.corpus
        known = self.article(detail.article.id)  # the file's summary knows no story
        story = known.story if known is not None else ""
        found = [(s, corpus.find_by_url(s.url) if corpus else None) for s in detail.related]
        if not story:
            return found
        return [(s, a) for s, a in found if a is None or a.story != story]

    def memory(self) -> ViewMemory:
        return ViewMemory(
            topic=self.view.topic,
            sort=self.view.sort.value,
            query=self._search.remembered(),
            unread_only=self.view.unread_only,
            article_id=self.shown_id,
            stories=self.view.stories,
        )

    def list_title(self) -> str:
        parts = [topic_label(self.view.topic), self.view.sort.label]
        if self.view.unread_only:
            parts.append("unread only")
        if not self.view.stories:
            parts.append("every article")
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
            stories=self.view.stories,
            articles=counts.articles if counts else 0,
            deleted=counts.deleted if counts else 0,
        )

    def _sidebar(self) -> tuple[TopicCount, ...] | None:
        counts = self._counts
        if counts is None:
            return None
        everything = counts.everything
        unread = TopicCount(UNREAD, everything.unread, everything.unread)
        taxonomy = self.corpus.taxonomy if self.corpus is not None else EMPTY
        return (everything, unread, counts.starred, *tree_order(counts.per_topic(), taxonomy))

    def _rows_state(self, cursor_id: str | None = None, first: bool = False) -> ListState:
        return ListState(
            rows=self._rows,
            title=self.list_title() + (" · searching…" if self._search.waiting else ""),
            count=f"{len(self._rows):,}",
            empty=self._empty(),
            highlights=self._search.highlights,
            number_column="quality" if self.view.sort == Sort.QUALITY else "heat",
            stories=self.view.stories,
            provider_names=self.corpus.provider_names if self.corpus is not None else {},
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
        # (gathered on the loader's thread when it prepared the corpus: a pass over 100k)
        prepared = corpus.prepared
        self._members = (
            prepared.members if prepared is not None else story_members(corpus.articles.values())
        )
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
        status = Status(
            everything.total, everything.unread, 0, self.view.show_unpublished, 0, self.view.stories
        )
        sidebar = (everything, unread, shown.starred, *tree_order(shown.per_topic, shown.taxonomy))
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
        flags = self.flags
        flags.by_story = self.view.stories and self.story_marks
        read = flags.read
        flags.unread_stories = {
            story for story, ids in self._members.items() if any(i not in read for i in ids)
        }
        if self.corpus is not None:
            self._counts_by_mode = {}
            for stories in (False, True):  # the loader's, when they still hold
                counts = self.corpus.counts(
                    read, flags.starred, self.view.show_unpublished, stories, compute=False
                )
                if counts is not None:
                    self._counts_by_mode[stories] = counts

    @property
    def _counts(self) -> Counts | None:
        """The counts of the mode on show."""
        stories = self.view.stories
        counts = self._counts_by_mode.get(stories)
        if counts is None and self.corpus is not None:
            flags = self.flags
            counts = self.corpus.counts(
                flags.read, flags.starred, self.view.show_unpublished, stories
            )
            if counts is not None:
                self._counts_by_mode[stories] = counts
        return counts

    # -- the view ---------------------------------------------------------------

    def select_topic(self, topic: str) -> Update:
        if topic == self.view.topic:
            return Update()
        self.view = replace(self.view, topic=topic)
        return self._refresh()

    def toggle_unread_only(self) -> Update:
        self.view = replace(self.view, unread_only=not self.view.unread_only)
        return self._refresh()

    def toggle_stories(self) -> Update:
        """One row per story, or one per article."""
        self.view = replace(self.view, stories=not self.view.stories)
        self.flags.by_story = self.view.stories and self.story_marks
        said = "One row per story." if self.view.stories else "One row per article."
        return self._refresh(counts=True, notice=said)

    def cycle_sort(self) -> Update:
        self.view = replace(self.view, sort=self.view.sort.next())
        return self._refresh(notice=f"Sorted {self.view.sort.label}.")

    def toggle_unpublished(self) -> Update:
        self.view = replace(self.view, show_unpublished=not self.view.show_unpublished)
        self._recount()
        counts = self._counts
        hidden = hidden_kinds(counts.unpublished, counts.deleted) if counts else ""
        verb = "Showing" if self.view.show_unpublished else "Hiding"
        plural = "s" * (counts is None or counts.unpublished != 1)
        said = f"{verb} {hidden} article{plural}." if hidden else f"{verb} unpublished articles."
        return self._refresh(counts=True, notice=said)

    def search(self, text: str) -> Update:
        error = self._search.set(text)
        if error is not None:
            return Update(search_error=error)  # keep showing the last good results
        return self._refresh()

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
        row_unread = self.flags.row_unread
        for index in rows:
            if row_unread(self._rows[index]):
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
