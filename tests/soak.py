"""Short or long: the fault, fuzz and kill tests read how hard to push from here.

``make test`` runs the short versions (a couple of minutes in all); ``make soak`` sets
``BSMU_SOAK=1`` for the long ones: more hypothesis examples, more kills, a bigger site.
One switch, read in one place, so the two modes cannot drift apart per module.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

SOAK = os.environ.get("BSMU_SOAK", "") not in ("", "0")

#: Per-example time limit: no page may take longer to extract (a pathological regex or
#: date-parser case fails the property). Generous against a 2-core CI machine's noise;
#: a replica page takes a few milliseconds.
FUZZ_DEADLINE_MS = 1_000

settings.register_profile(
    "bsmu-default",
    max_examples=200,
    deadline=FUZZ_DEADLINE_MS,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,  # the suite gives the same verdict on every run
    database=None,
)
settings.register_profile(
    "bsmu-soak",
    max_examples=5_000,
    deadline=FUZZ_DEADLINE_MS,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)
settings.load_profile("bsmu-soak" if SOAK else "bsmu-default")
