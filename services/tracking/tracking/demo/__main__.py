import sys

from tracking.demo import main

sys.exit(main(sys.argv[1:]))
