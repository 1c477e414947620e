"""``python -m forensics``: the same command as the ``forensics`` script."""

from forensics.cli import main

if __name__ == "__main__":  # pragma: no cover
    main()
