"""Every field of every replica article, extracted from both markup variants, equals the truth."""

from __future__ import annotations

import pytest

from pipeline import extract_page

FIELDS = ("title", "announcement", "published", "body", "authors", "translators", "photographers", "language")


def expected(truth: dict) -> dict:
    return {
        "title": truth["title"],
        "announcement": truth["announcement"],
        "published": truth["published"],
        "body": truth["body"],
        "authors": [{"name": a["name"], "role": a["role"]} for a in truth["authors"]],
        "translators": truth["translators"],
        "photographers": truth["photographers"],
        "language": truth["language"],
    }


def extract_all(site) -> list[tuple[dict, object]]:
    out = []
    for truth in site.truth:
        response = site.pages[truth["canonical_path"]]
        url = "https://eng.bsmu.by" + truth["canonical_path"]
        out.append((truth, extract_page(response.body, url, {"Content-Type": response.content_type})))
    return out


@pytest.fixture(scope="module", params=["modern", "legacy"])
def extracted(request, replica_sites):
    return request.param, extract_all(replica_sites[request.param])


def test_every_field_matches_the_truth(extracted):
    variant, pairs = extracted
    mismatches = []
    for truth, extraction in pairs:
        if truth.get("expected_failure"):
            continue
        assert extraction.ok, (variant, truth["article_id"], extraction.failure, extraction.message)
        got = extraction.record.to_dict()
        for field, value in expected(truth).items():
            if got[field] != value:
                mismatches.append((truth["article_id"], field, value, got[field]))
    assert not mismatches, f"{variant}: {len(mismatches)} mismatches, first: {mismatches[:3]}"


def test_broken_pages_fail_with_the_expected_reason(extracted):
    variant, pairs = extracted
    broken = [(t, e) for t, e in pairs if t.get("expected_failure")]
    assert broken, "the replica should hold deliberately broken pages"
    for truth, extraction in broken:
        assert extraction.status == "failed", (variant, truth["article_id"])
        assert extraction.failure == truth["expected_failure"], (variant, truth["article_id"], extraction.message)


def test_both_variants_give_the_same_records(replica_sites):
    modern = {t["article_id"]: e.record for t, e in extract_all(replica_sites["modern"]) if e.ok}
    legacy = {t["article_id"]: e.record for t, e in extract_all(replica_sites["legacy"]) if e.ok}
    assert modern.keys() == legacy.keys()
    assert all(modern[k] == legacy[k] for k in modern)


def test_static_pages_are_not_articles(replica_sites):
    site = replica_sites["modern"]
    for path in site.static_paths:
        response = site.pages[path]
        extraction = extract_page(response.body, "https://eng.bsmu.by" + path, {"Content-Type": response.content_type})
        assert extraction.status == "not_article" and extraction.page_kind == "static"
