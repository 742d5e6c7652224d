"""python -m newsdesk: the same as the `newsdesk` command."""

import sys

from newsdesk.cli import main

sys.exit(main())
