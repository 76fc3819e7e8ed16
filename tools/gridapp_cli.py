"""Entry script of the bundled console program `gridapp-cli` (see build.spec): the same as `python -m gridapp`.

It lives outside the package so that PyInstaller does not put gridapp/ itself on its module search path.
"""

import sys

from gridapp.cli import main

if __name__ == "__main__":
    sys.exit(main())
