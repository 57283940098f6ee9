"""The Scrapy project that fetches eng.bsmu.by's news into the archive.

``spiders/news.py`` walks the listings (``links.py`` decides, from URLs alone, what to
follow), ``pages.py`` turns responses into FetchedPages, ``pipelines.py`` stores them raw
first and extracts them, ``middlewares.py`` keeps the crawler on its hosts, ``runs.py``
judges a finished crawl, and ``crawl.py`` runs it all for the CLI.
"""
