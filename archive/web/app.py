"""The press office's web UI and JSON API over one archive (``bsmu-archive serve``).

Pages are rendered on the server with Jinja2 and work without JavaScript; every page has
a JSON twin under ``/api`` made from the same function call, so the API can never show
something the page does not (and the OpenAPI document at ``/api/openapi.json`` describes
it). The app only reads: it has GET routes only, and its one write-capable object, the
:class:`archive.storage.Archive`, is used through read sessions.

Safety rests on three rules. Templates autoescape everything, and the only markup made
outside them, the search snippets, is escaped first and gets its ``<mark>`` tags after
(:func:`snippet_html`). Raw captures are served as ``text/plain`` with a sandboxing
Content-Security-Policy and ``nosniff``, never as live HTML. The policy on every page
allows nothing from other origins, so no page can make a browser talk to anyone else.
"""

from __future__ import annotations

import math
import tempfile
from collections.abc import Iterator
from importlib.resources import files
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Path, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.exceptions import HTTPException

from archive.export import FORMATS, export_records
from archive.history import article_id_for_site_id, capture_of_article, revision_changes
from archive.partner_timeline import mentions_per_year, yearly_totals
from archive.query import FACETS, SearchRequest, SearchResults, search_archive
from archive.search import SearchUnavailable
from archive.storage import Archive
from archive.web.charts import bar_chart
from archive.web.params import SearchParams, search_params

#: Marks put around matches by the search engine: control characters that never occur in
#: extracted text, so they survive escaping and are then turned into ``<mark>`` tags.
MARK_OPEN, MARK_CLOSE = "\x02", "\x03"
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
RAW_CAPTURE_POLICY = "sandbox; default-src 'none'"
DOWNLOAD_CHUNK = 64 * 1024
#: Facets shown on the page and the filter parameter each one sets.
FACET_LABELS = {
    "year": "Year",
    "partner": "Partner",
    "country": "Country",
    "author": "Author",
    "translator": "Translator",
}
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}

SearchQuery = Annotated[SearchParams, Depends(search_params)]
SiteArticleId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The site's article number.")]


def snippet_html(snippet: str) -> Markup:
    """A search snippet as safe HTML: the text escaped, then the match marks as ``<mark>``."""
    return Markup(
        str(escape(snippet)).replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>")
    )


def create_app(archive: Archive) -> FastAPI:
    """The web app over ``archive`` (which the caller opens and closes)."""
    app = FastAPI(
        title="BSMU news archive",
        description="Search the archive of eng.bsmu.by news: full text, filters, facets.",
        version="1",
        openapi_url="/api/openapi.json",
        docs_url=None,  # the interactive docs load scripts from a CDN: not here
        redoc_url=None,
    )
    templates = Environment(
        loader=PackageLoader("archive.web", "templates"),
        autoescape=select_autoescape(["html"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    stylesheet = files("archive.web").joinpath("static/style.css").read_bytes()

    def render(name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        html = templates.get_template(name).render(**context)
        return HTMLResponse(html, status_code=status_code)

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith(("/api/", "/download/"))

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @app.exception_handler(RequestValidationError)
    async def bad_parameters(request: Request, exc: RequestValidationError) -> Response:
        errors = jsonable_encoder(exc.errors(), custom_encoder={Exception: str})
        messages = [_describe_error(error) for error in errors]
        if wants_json(request):
            return JSONResponse(
                {"message": "; ".join(messages), "detail": errors}, status_code=422
            )
        return render("error.html", 422, title="Invalid search", messages=messages)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if wants_json(request):
            return JSONResponse(
                {"message": str(exc.detail)}, status_code=exc.status_code, headers=exc.headers
            )
        return render("error.html", exc.status_code, title="Not found" if exc.status_code == 404
                      else "Error", messages=[str(exc.detail)])

    @app.exception_handler(SearchUnavailable)
    async def search_unavailable(request: Request, exc: SearchUnavailable) -> Response:
        if wants_json(request):
            return JSONResponse({"message": str(exc)}, status_code=503)
        return render("error.html", 503, title="Search unavailable", messages=[str(exc)])

    # -- data, shared by pages and API ---------------------------------------------------

    def run_search(params: SearchParams, facets: bool) -> SearchResults:
        return search_archive(
            archive,
            SearchRequest(
                filters=params.filters,
                sort=params.sort,
                limit=params.per_page,
                offset=params.offset,
                facets=facets,
                highlight=(MARK_OPEN, MARK_CLOSE),
            ),
        )

    def article_data(site_id: int) -> dict[str, Any]:
        with archive.session() as session:
            found = article_id_for_site_id(session, site_id)
            if found is None:
                raise HTTPException(404, f"no article {site_id} in the archive")
            article_id, url = found
            changes = revision_changes(session, article_id)
        data = archive.get_article(url)
        if data is None:  # removed between the two reads
            raise HTTPException(404, f"no article {site_id} in the archive")
        data["revisions"] = [change.as_dict() for change in changes]
        for revision in data["revisions"]:
            revision["raw_url"] = f"/articles/{site_id}/captures/{revision['capture_id']}/raw"
        return data

    def partners_data(country: str | None, unknown: bool) -> dict[str, Any]:
        partners = archive.partners(country=country, unknown=unknown)
        with archive.session() as session:
            timeline = mentions_per_year(session, country=country, unknown=unknown)
        return {
            "partners": [
                {
                    "name": p.name,
                    "country": p.country,
                    "kind": p.kind,
                    "matched": p.matched,
                    "articles": p.articles,
                    "first": p.first.isoformat(),
                    "last": p.last.isoformat(),
                    "sample_url": p.sample_url,
                    "per_year": {str(y): n for y, n in sorted(timeline.get(p.name, {}).items())},
                }
                for p in partners
            ],
            "mentions_per_year": {str(y): n for y, n in yearly_totals(timeline).items()},
        }

    def search_json(params: SearchParams, results: SearchResults) -> dict[str, Any]:
        return {
            "total": results.total,
            "page": params.page,
            "per_page": params.per_page,
            "pages": _pages(results.total, params.per_page),
            "sort": results.sort,
            "results": [
                {
                    "record": r.record,
                    "score": r.score,
                    "snippet_html": str(snippet_html(r.snippet)) if r.snippet else None,
                    "links": {
                        "api": f"/api/articles/{r.record['article_id']}",
                        "page": f"/articles/{r.record['article_id']}",
                    },
                }
                for r in results.results
            ],
            "facets": _facets_json(results) if results.facets else None,
        }

    # -- pages ----------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def search_page(params: SearchQuery) -> HTMLResponse:
        results = run_search(params, facets=True)
        pages = _pages(results.total, params.per_page)
        facets = [
            {
                "name": name,
                "label": FACET_LABELS[name],
                "values": [
                    {
                        "value": f.value,
                        "count": f.count,
                        "active": (name, f.value) in params.items(),
                        "url": "/" + params.query_string(**{name: f.value, "page": None}),
                    }
                    for f in results.facets.get(name, [])
                ],
            }
            for name in FACETS
        ]
        return render(
            "search.html",
            params=params,
            filters=params.filters,
            results=[
                {
                    "record": r.record,
                    "snippet": snippet_html(r.snippet) if r.snippet else None,
                    "score": r.score,
                }
                for r in results.results
            ],
            total=results.total,
            sort=results.sort,
            pages=pages,
            facets=facets,
            active=[
                (name, value, "/" + params.query_string(**{name: None, "page": None}))
                for name, value in params.active_filters()
            ],
            previous_url=(
                "/" + params.query_string(page=params.page - 1) if params.page > 1 else None
            ),
            next_url=(
                "/" + params.query_string(page=params.page + 1) if params.page < pages else None
            ),
            sort_urls={
                order: "/" + params.query_string(sort=order, page=None)
                for order in ("relevance", "date")
            },
            downloads={fmt: f"/download/articles.{fmt}" + params.query_string(page=None,
                       per_page=None, sort=None) for fmt in FORMATS},
            api_url="/api/articles" + params.query_string(),
        )

    @app.get("/articles/{site_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(site_id: SiteArticleId) -> HTMLResponse:
        return render("article.html", article=article_data(site_id), site_id=site_id)

    @app.get("/articles/{site_id}/captures/{capture_id}/raw", tags=["articles"])
    def raw_capture(
        site_id: SiteArticleId, capture_id: Annotated[int, Path(ge=1, le=2**63 - 1)]
    ) -> Response:
        """The bytes of a stored capture exactly as fetched, as plain text (never as HTML)."""
        with archive.session() as session:
            found = article_id_for_site_id(session, site_id)
            capture = capture_of_article(session, found[0], capture_id) if found else None
            if capture is None:
                raise HTTPException(404, f"article {site_id} has no capture {capture_id}")
            encoding = capture.encoding
        body = archive.capture_body(capture_id)
        media_type = "text/plain" + (f"; charset={encoding}" if encoding else "")
        return Response(
            body,
            media_type=media_type,
            headers={"Content-Security-Policy": RAW_CAPTURE_POLICY},
        )

    @app.get("/partners", response_class=HTMLResponse, include_in_schema=False)
    def partners_page(
        country: Annotated[str | None, Query(max_length=200)] = None,
        unknown: bool = False,
    ) -> HTMLResponse:
        data = partners_data(country or None, unknown)
        totals = {int(y): n for y, n in data["mentions_per_year"].items()}
        years = sorted(totals)
        return render(
            "partners.html",
            partners=data["partners"],
            chart=bar_chart(totals, years),
            sparkline_years=years,
            sparklines={
                p["name"]: bar_chart(
                    {int(y): n for y, n in p["per_year"].items()}, years, width=120, height=24,
                    gap=1,
                )
                for p in data["partners"]
            },
            country=country or "",
            unknown=unknown,
        )

    @app.get("/static/style.css", include_in_schema=False)
    def style() -> Response:
        return Response(stylesheet, media_type="text/css")

    # -- API ------------------------------------------------------------------------------

    @app.get("/api/articles", tags=["articles"])
    def api_articles(
        params: SearchQuery,
        facets: Annotated[bool, Query(description="Also count the facets.")] = False,
    ) -> dict[str, Any]:
        """Search: the page of matching articles (current records), total, optional facets.

        ``snippet_html`` is an excerpt around the matches, HTML-escaped, with the matched
        words in ``<mark>``; null without a text query.
        """
        return search_json(params, run_search(params, facets=facets))

    @app.get("/api/articles/{site_id}", tags=["articles"])
    def api_article(site_id: SiteArticleId) -> dict[str, Any]:
        """One article: every field of its current record, when it was seen, and its
        revisions with the fields each one changed."""
        return article_data(site_id)

    @app.get("/api/facets", tags=["articles"])
    def api_facets(params: SearchQuery) -> dict[str, Any]:
        """Counts per year, partner, country, author and translator of the matches."""
        results = search_archive(
            archive, SearchRequest(filters=params.filters, limit=0, facets=True)
        )
        return {"total": results.total, "facets": _facets_json(results)}

    @app.get("/api/partners", tags=["partners"])
    def api_partners(
        country: Annotated[
            str | None, Query(max_length=200, description="Only this country's organisations.")
        ] = None,
        unknown: Annotated[
            bool, Query(description="Only organisations not in the registry.")
        ] = False,
    ) -> dict[str, Any]:
        """Partner organisations with article counts, first/last mention and mentions per year."""
        return partners_data(country or None, unknown)

    @app.get("/download/articles.{fmt}", tags=["downloads"])
    def download(
        params: SearchQuery,
        fmt: Annotated[str, Path(pattern="^(csv|jsonl)$", description="csv or jsonl")],
    ) -> StreamingResponse:
        """Every matching article's current record, as the export writes it (CSV or JSON
        Lines, ordered by date then URL); ``sort``, ``page`` and ``per_page`` are ignored."""
        spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the stream below
        with open(spool.fileno(), "w", encoding="utf-8", newline="", closefd=False) as text:
            export_records(archive, fmt, text, params.filters)  # type: ignore[arg-type]
        spool.seek(0)
        return StreamingResponse(
            _stream_and_close(spool),
            media_type=MEDIA_TYPES[fmt],
            headers={"Content-Disposition": f'attachment; filename="bsmu-articles.{fmt}"'},
        )

    return app


def _stream_and_close(spool: Any) -> Iterator[bytes]:
    """Send a spooled download in chunks; the file goes away when sent (or abandoned)."""
    try:
        while chunk := spool.read(DOWNLOAD_CHUNK):
            yield chunk
    finally:
        spool.close()


def _pages(total: int, per_page: int) -> int:
    return max(1, math.ceil(total / per_page))


def _facets_json(results: SearchResults) -> dict[str, list[dict[str, Any]]]:
    return {
        name: [{"value": f.value, "count": f.count} for f in results.facets.get(name, [])]
        for name in FACETS
    }


def _describe_error(error: dict[str, Any]) -> str:
    """One line per invalid parameter: ``year: Input should be a valid integer (got 'x')``."""
    location = [str(part) for part in error.get("loc", ()) if part not in ("query", "path")]
    name = ".".join(location) or "request"
    message = str(error.get("msg", "invalid value"))
    if "input" in error and error["input"] is not None and not isinstance(error["input"], dict):
        return f"{name}: {message} (got {str(error['input'])[:80]!r})"
    return f"{name}: {message}"
