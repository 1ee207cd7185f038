"""The ``copydesk`` command: the command line, run inside the extension."""

import sys


def main() -> None:
    from ._copydesk import main as run

    # Output written by Python so far goes out before the command line's.
    sys.stdout.flush()
    sys.stderr.flush()
    sys.exit(run(["copydesk", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
