"""Print what the entity finders make of every replica article, as JSON, for comparing builds.

    python -m tests.entity_dump

The first line says how the finders were loaded (see ``pipeline.compiled``); then one line
per article of both markup variants: URL, partners, people, countries. Run once with
``BSMU_PURE_PYTHON=1`` and once without, the two outputs must be equal line for line
after the first: the compiled build is the same code, not a second implementation.
"""

from __future__ import annotations

import json
import sys

from pipeline import compiled, extract_page
from replica import build_site


def main() -> int:
    print(json.dumps({"state": compiled.state}))
    for variant in ("modern", "legacy"):
        site = build_site(variant=variant)
        for path in sorted(site.pages):
            response = site.pages[path]
            url = "https://eng.bsmu.by" + path
            extraction = extract_page(response.body, url, {"Content-Type": response.content_type})
            record = extraction.record
            if record is None:
                print(json.dumps({"url": url, "status": extraction.status, "failure": extraction.failure}))
                continue
            data = record.to_dict()
            print(
                json.dumps(
                    {key: data[key] for key in ("url", "partners", "people", "countries")},
                    ensure_ascii=False,
                    sort_keys=True,
                )
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
