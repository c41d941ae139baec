"""A first read killed half-way (kill -9, power loss) leaves part of the folder in the
index. The next start must not show that part as the whole folder: it goes on reading,
with progress, and ends with every article."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from reader.corpus import Corpus
from reader.index import Index
from reader.ingest import Progress, load
from tests.factories import write_article

FILES = 40

# In the child: read files one chunk at a time, written to the index every 8 rows, and
# SIGKILL itself once 20 files have been parsed (so 16 are in the index).
CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from reader import ingest
    ingest.FLUSH_EVERY = 8
    ingest.CHUNK = 1
    real = ingest.parse_file
    seen = []
    def dying(path, **options):
        seen.append(path)
        if len(seen) > 20:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(path, **options)
    ingest.parse_file = dying
    ingest.load([sys.argv[1]], workers=1)
    """
)


def test_a_killed_first_read_resumes_with_progress(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    for number in range(FILES):
        write_article(folder, f"a{number:03d}", title=f"Story {number}", heat=number)
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder)], env=os.environ, capture_output=True
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    index = Index.open(str(folder))
    assert index is not None and index.filling
    partly = sum(1 for _ in index.iter_rows())
    index.close()
    assert 0 < partly < FILES

    seen: list[tuple[int, Progress]] = []

    def snapshot(corpus: Corpus, progress: Progress) -> None:
        seen.append((len(corpus.articles), progress))

    corpus = load([str(folder)], snapshot=snapshot, workers=1)
    assert len(corpus.articles) == FILES
    # The first thing shown is the part already read, with a bar that says it is a part.
    assert seen, "no progress was reported"
    first_count, first = seen[0]
    assert first_count == partly
    assert (first.done, first.total) == (partly, FILES)
    assert first.rate == 0.0  # nothing read in this run yet, whatever the index held
    index = Index.open(str(folder))
    assert index is not None and not index.filling
    index.close()
    # ... and the start after that is an ordinary warm start.
    seen.clear()
    assert len(load([str(folder)], snapshot=snapshot, workers=1).articles) == FILES
    assert all(progress.total == 0 for _count, progress in seen)


def test_a_completed_first_read_is_not_marked_filling(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    for number in range(5):
        write_article(folder, f"a{number}", title=f"Story {number}")
    load([str(folder)], workers=1)
    index = Index.open(str(folder))
    assert index is not None and not index.filling
    index.close()


async def test_the_bar_stays_while_partial_corpora_arrive(make_app) -> None:  # type: ignore[no-untyped-def]
    from reader.messages import CorpusLoaded, LoadProgress
    from reader.widgets.status_bar import StatusBar
    from tests.app.helpers import loaded

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        corpus = app.model.corpus
        bar = app.query_one(StatusBar)
        app.post_message(LoadProgress(Progress(2, 10, 1.0)))
        app.post_message(CorpusLoaded(corpus, partial=True))
        await pilot.pause()
        assert bar.text.strip().startswith("Reading articles… 2 of 10"), bar.text
        app.post_message(CorpusLoaded(corpus))
        await pilot.pause()
        assert "unread" in bar.text and "Reading" not in bar.text, bar.text
