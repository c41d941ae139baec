"""The hostile tests reuse the app tests' fixtures (a small corpus, an app factory)."""

from tests.app.conftest import corpus_dir, make_app, opened, state_path, utc  # noqa: F401
