"""Walk folders, parse every article, dedupe by identity."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from reader.frontmatter import canonical_url, parse_file
from reader.model import Article, ArticleDetail, Problem, Severity

ProgressCallback = Callable[[int, int], None]


@dataclass
class Corpus:
    """Every article found under the roots, by id, plus what could not be used."""

    roots: tuple[str, ...]
    articles: dict[str, Article] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    _by_url: dict[str, str] = field(default_factory=dict, repr=False)

    def add(self, article: Article) -> None:
        kept = self.articles.get(article.id)
        if kept is not None:
            self.problems.append(
                Problem(article.path, f"same URL as {kept.path}; shown once", Severity.NOTE)
            )
            return
        self.articles[article.id] = article
        if article.url:
            self._by_url[canonical_url(article.url)] = article.id

    def find_by_url(self, url: str) -> Article | None:
        article_id = self._by_url.get(canonical_url(url)) if url else None
        return self.articles.get(article_id) if article_id else None

    def detail(self, article_id: str) -> ArticleDetail | Problem:
        """Re-read one article in full (summaries are all that is kept in memory)."""
        article = self.articles[article_id]
        result = parse_file(article.path)
        if result.detail is None:
            reason = result.problems[0].reason if result.problems else "cannot be read"
            return Problem(article.path, reason)
        return result.detail

    def visible(self, show_unpublished: bool) -> list[Article]:
        return [a for a in self.articles.values() if show_unpublished or a.published]

    @property
    def hidden_count(self) -> int:
        return sum(1 for a in self.articles.values() if not a.published)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is not Severity.NOTE]


def discover(paths: Iterable[str], problems: list[Problem]) -> Iterator[str]:
    """Yield article files under each path, in a stable order, each once."""
    seen_dirs: set[tuple[int, int]] = set()
    seen_files: set[str] = set()
    for path in paths:
        try:
            is_dir = os.path.isdir(path)
        except (OSError, ValueError):
            is_dir = False
        if is_dir:
            files: Iterable[str] = _walk(path, seen_dirs, problems)
        elif os.path.exists(path):
            files = (path,)
        else:
            problems.append(Problem(path, _missing_reason(path)))
            continue
        for file in files:
            real = os.path.realpath(file)
            if real not in seen_files:
                seen_files.add(real)
                yield file


def _missing_reason(path: str) -> str:
    if not os.path.lexists(path):
        return "no such file or folder"
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop"
        if exc.errno == errno.ENOENT:
            return "broken symlink (its target does not exist)"
        return f"cannot open: {exc.strerror or exc}"
    return "cannot open"


def _walk(root: str, seen: set[tuple[int, int]], problems: list[Problem]) -> Iterator[str]:
    """Depth-first, each folder's files before its subfolders, all sorted by name.

    An explicit stack rather than recursion: a folder tree deeper than Python's recursion
    limit is unusual but legal, and must not stop the load.
    """
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            info = os.stat(folder)
        except OSError as exc:
            problems.append(Problem(folder, f"cannot open folder: {exc.strerror or exc}"))
            continue
        key = (info.st_dev, info.st_ino)
        if key in seen:  # symlink loops and folders reached twice
            continue
        seen.add(key)
        try:
            with os.scandir(folder) as entries:
                listing = sorted(entries, key=lambda entry: entry.name)
        except OSError as exc:
            problems.append(Problem(folder, f"cannot list folder: {exc.strerror or exc}"))
            continue
        subfolders = []
        for entry in listing:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir():  # a folder named *.md is searched like any other folder
                    subfolders.append(entry.path)
                elif entry.name.endswith(".md"):
                    if entry.is_file():
                        yield entry.path
                    else:
                        problems.append(Problem(entry.path, _not_a_file_reason(entry.path)))
            except OSError as exc:
                problems.append(Problem(entry.path, f"cannot open: {exc.strerror or exc}"))
        pending.extend(reversed(subfolders))


def _not_a_file_reason(path: str) -> str:
    """Why a *.md entry that is neither a file nor a folder is skipped."""
    if os.path.islink(path):
        return _missing_reason(path)
    return "not a regular file (a pipe, socket or device)"


def load_corpus(paths: Iterable[str], progress: ProgressCallback | None = None) -> Corpus:
    roots = tuple(paths)
    corpus = Corpus(roots)
    files = list(discover(roots, corpus.problems))
    for done, file in enumerate(files, 1):
        result = parse_file(file)
        corpus.problems.extend(result.problems)
        if result.detail is not None:
            corpus.add(result.detail.article)
        if progress is not None and (done % 500 == 0 or done == len(files)):
            progress(done, len(files))
    return corpus
