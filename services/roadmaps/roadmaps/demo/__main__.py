import sys

from roadmaps.demo import main

sys.exit(main(sys.argv[1:]))
