"""``python -m landrelease``: the same as the ``landrelease`` command."""

import sys

from landrelease.cli.main import main

sys.exit(main())
