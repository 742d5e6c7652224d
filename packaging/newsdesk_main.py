"""The frozen app's entry point: the `newsdesk` command (with no subcommand: the window)."""

import multiprocessing
import sys

from newsdesk.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the import worker is a child process
    sys.exit(main())
