"""``python -m archive`` runs the ``bsmu-archive`` command line."""

import sys

from archive.cli import main

sys.exit(main())
