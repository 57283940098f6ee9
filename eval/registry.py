"""What the partner registry knows, read straight from its TOML file.

The harness needs only one fact from the registry: whether a name (or one of its aliases)
is in it, and which canonical entry it belongs to. It reads the file itself instead of
importing the pipeline's matcher, so that the measure of "organisations not in the
registry" does not depend on the code being measured — and so that it works before the
registry exists (then every organisation counts as not in the registry).

The schema is not fixed yet, so the reader is lenient: any table with a ``name`` (or
``canonical``) string is an entry, and every other string or list of strings in it is an
alias, except fields that describe rather than name (country, kind, notes, ...). A table
keyed by the canonical name (``[organisations."Nanjing Medical University"]``) works too.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eval.normalise import name_key

#: The registry the pipeline ships; anything not there is "discovered".
DEFAULT_REGISTRY = Path(__file__).resolve().parent.parent / "pipeline" / "data" / "organisations.toml"

#: Entry fields whose strings are not names of the organisation.
_NOT_NAMES = frozenset({
    "country", "countries", "kind", "type", "note", "notes", "comment", "comments", "url", "urls",
    "website", "city", "id", "founded", "source", "sources", "matched", "description",
})
_NAME_FIELDS = ("name", "canonical", "canonical_name")


@dataclass(frozen=True)
class Registry:
    """Name keys of the registry: alias key -> key of the canonical name."""

    path: Path | None
    canonical_of: dict[str, str] = field(default_factory=dict)

    @property
    def exists(self) -> bool:
        return self.path is not None

    def __len__(self) -> int:
        return len(set(self.canonical_of.values()))

    def canonical_key(self, name: str) -> str | None:
        """The canonical entry's key for ``name`` or any alias; None when not registered."""
        return self.canonical_of.get(name_key(name))

    def contains(self, name: str) -> bool:
        return self.canonical_key(name) is not None

    def resolve(self, name: str) -> str:
        """The key two spellings are compared by: the registry's canonical key, else the name's."""
        return self.canonical_key(name) or name_key(name)


def load_registry(path: Path | None = None) -> Registry:
    """Read the registry file; an absent file is an empty registry, not an error."""
    path = path or DEFAULT_REGISTRY
    if not path.is_file():
        return Registry(None)
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    canonical_of: dict[str, str] = {}
    for names in _entries(data, None):
        canonical = name_key(names[0])
        for alias in names:
            canonical_of.setdefault(name_key(alias), canonical)
    return Registry(path, canonical_of)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            if isinstance(v, str):
                yield v


def _entries(node: Any, key_hint: str | None) -> Iterator[list[str]]:
    """Every entry's names, canonical first, found anywhere in the parsed TOML."""
    if isinstance(node, list):
        for child in node:
            yield from _entries(child, None)
        return
    if not isinstance(node, dict):
        return
    canonical = next((node[k] for k in _NAME_FIELDS if isinstance(node.get(k), str)), None)
    looks_like_entry = canonical is not None or (
        key_hint is not None and any(k in node for k in ("aliases", "country", "kind")))
    if looks_like_entry:
        names = [canonical or key_hint or ""]
        names += _aliases(node)
        yield [n for n in names if n.strip()]
        return
    for key, child in node.items():
        yield from _entries(child, key)


def _aliases(entry: dict[str, Any]) -> Iterable[str]:
    for key, value in entry.items():
        if key in _NAME_FIELDS or key in _NOT_NAMES:
            continue
        if isinstance(value, dict):  # e.g. a nested [names] table with ru/en/short keys
            for sub in value.values():
                yield from _strings(sub)
        else:
            yield from _strings(value)
