"""Run the CLI as `python -m optout_lib`."""

import sys

from .cli import main

sys.exit(main())
