"""`python -m gridapp ...`: the command line (no Qt)."""

import sys

from gridapp.cli import main

if __name__ == "__main__":
    sys.exit(main())
