"""``python -m kg`` runs the CLI."""

import sys

from kg.cli import main

if __name__ == "__main__":   # not when a worker process of `kg build --workers` imports it
    sys.exit(main())
