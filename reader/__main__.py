import sys

from reader.cli import main

# Guarded: worker processes for parallel ingest import the main module again.
if __name__ == "__main__":
    sys.exit(main())
