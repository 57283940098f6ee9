"""The read-only web UI and JSON API of the archive (``bsmu-archive serve``).

FastAPI with server-rendered Jinja2 templates (:mod:`archive.web.app`); the search itself
is :func:`archive.query.search_archive`, shared with the CLI.
"""
