"""Flag writes handed out to the store and not answered yet. Pure: no I/O, no Textual.

The screen shows a mark at once; the store answers later. Per (column, article id) this
counts the writes on their way and remembers what the store had before them, so that a
failed write puts back what is really stored (once no later write for it is pending),
and a reload from another process can't undo a mark whose write hasn't landed yet.
"""

from __future__ import annotations

from reader.updates import Flags, FlagWrite

Key = tuple[str, str]  # (column, article id)


class PendingWrites:
    def __init__(self) -> None:
        self._in_flight: dict[Key, int] = {}
        self._stored: dict[Key, bool] = {}

    def sent(self, column: str, article_id: str, value: bool) -> None:
        key = (column, article_id)
        self._stored.setdefault(key, not value)  # kept while writes are in flight
        self._in_flight[key] = self._in_flight.get(key, 0) + 1

    def answered(self, write: FlagWrite, saved: bool) -> dict[bool, list[str]]:
        """Count `write` answered; the ids with no write left on the way, by stored value."""
        settled: dict[bool, list[str]] = {True: [], False: []}
        for article_id, _url in write.articles:
            key = (write.column, article_id)
            if saved:
                self._stored[key] = write.value
            if (left := self._in_flight.pop(key, 1) - 1) > 0:
                self._in_flight[key] = left  # a later write for it decides
            else:
                settled[self._stored.pop(key, not write.value)].append(article_id)
        return settled

    def keep_mine(self, read: set[str], starred: set[str], mine: Flags) -> None:
        """A reload read before our writes landed: keep our marks in `read`/`starred`."""
        for column, article_id in self._in_flight:
            fresh = read if column == "read" else starred
            self._stored[column, article_id] = article_id in fresh
            ours = mine.read if column == "read" else mine.starred
            (fresh.add if article_id in ours else fresh.discard)(article_id)
