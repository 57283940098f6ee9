"""Print what the pipeline makes of every page and text we have, as JSON, for comparing builds.

    python -m tests.extraction_dump

The first line says how the pipeline's modules were loaded (see ``pipeline.compiled``);
then one line per input: every page of both replica variants (articles, listings, static
pages, the damaged ones), the labelled evaluation texts and the seeds, each with its whole
extraction (status, failure, encoding, notes and the record with every field). Run once
with ``BSMU_PURE_PYTHON=1`` and once without, the outputs must be equal line for line
after the first: the compiled build is the same code, not a second implementation.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pipeline import compiled, extract_page, extract_text
from pipeline.record import Extraction
from replica import build_site

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent.parent / "shared" / "seeds"


def _line(source: str, extraction: Extraction) -> str:
    data = {
        "source": source,
        "status": extraction.status,
        "page_kind": extraction.page_kind,
        "url": extraction.url,
        "failure": extraction.failure,
        "message": extraction.message,
        "encoding": extraction.encoding,
        "notes": list(extraction.notes),
        "record": extraction.record.to_dict() if extraction.record else None,
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)


def main() -> int:
    print(json.dumps({"state": compiled.state}))
    for variant in ("modern", "legacy"):
        site = build_site(variant=variant)
        for path in sorted(site.pages):
            response = site.pages[path]
            url = "https://eng.bsmu.by" + path
            print(_line(f"{variant}:{path}", extract_page(response.body, url, {"Content-Type": response.content_type})))
    for labelled in sorted((HERE / "eval_set").glob("*.json")):
        case = json.loads(labelled.read_text(encoding="utf-8"))
        text = "\n".join(case["text"]) if isinstance(case["text"], list) else case["text"]
        print(_line(f"eval:{labelled.stem}", extract_text(text, case.get("url"))))
    for seed in sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else ():
        print(_line(f"seed:{seed.name}", extract_text(seed.read_text(encoding="utf-8"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
