"""A replica of eng.bsmu.by's English news (News > International) for tests and demos.

The real site cannot be reached, so the project crawls and extracts against this one.
It is generated deterministically (same seed, same bytes), follows every known fact
about the real site (``/work/shared/site-notes.md``) and carries its own ground truth,
computed from the content models and never from the HTML or from ``pipeline``.

Entry points: ``build_site`` -> ``Site`` (``pages``, ``truth``, ``write``, ``evolve``)
and ``ReplicaServer`` (threaded HTTP on 127.0.0.1 with a request log).
"""

from replica.pages import PageMap, Response
from replica.server import LogEntry, ReplicaServer
from replica.site import VARIANTS, Site, build_site

__all__ = ["VARIANTS", "LogEntry", "PageMap", "ReplicaServer", "Response", "Site", "build_site"]
