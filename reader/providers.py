"""Providers by domain: the archive's `provider.name` is unreliable (one domain appears
under several names), so each domain is shown under one name: the one most of its
articles use (ties: the first in name order). Pure. The files' own names are kept in
the summaries (and `reader list --json`); only what is drawn uses these."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from reader.model import Article, Provider


def domain_key(domain: str) -> str:
    """A domain as grouped: case and a leading `www.` don't make another provider."""
    key = domain.strip().casefold()
    return key[4:] if key.startswith("www.") else key


def provider_names(articles: Iterable[Article]) -> dict[str, str]:
    """Domain (domain_key) → the name to show, for domains named more than one way."""
    # Loaded articles share their Provider objects: counted by identity, in C, first.
    providers = [a.provider for a in articles]
    by_id = {id(p): p for p in providers}
    seen: dict[str, Counter[str]] = {}
    for key, uses in Counter(map(id, providers)).items():
        provider = by_id[key]
        if provider.domain and provider.name:
            seen.setdefault(domain_key(provider.domain), Counter())[provider.name] += uses
    return {
        domain: min(names.items(), key=lambda item: (-item[1], item[0]))[0]
        for domain, names in seen.items()
        if len(names) > 1
    }


def shown_name(provider: Provider, names: Mapping[str, str]) -> str:
    """The name a provider is shown under (its domain's, when the domain has one)."""
    if provider.domain and names:
        return names.get(domain_key(provider.domain), provider.name)
    return provider.name
