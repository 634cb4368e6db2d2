import sys

from munikg.cli import main

sys.exit(main())
