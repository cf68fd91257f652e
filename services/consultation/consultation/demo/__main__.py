"""``python -m consultation.demo``: load the demo data."""

import sys

from consultation.demo import main

sys.exit(main(sys.argv[1:]))
