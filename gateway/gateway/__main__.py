"""``python -m gateway``: the operator commands of :mod:`gateway.cli`."""

from gateway.cli import main

raise SystemExit(main())
