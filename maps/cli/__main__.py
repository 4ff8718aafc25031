"""``python -m maps.cli``: the same as the ``incident-map`` command."""

import sys

from maps.cli import main

sys.exit(main())
