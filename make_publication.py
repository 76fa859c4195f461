"""Entry point: `python make_publication.py …` does what the `make-publication` command does."""

from publication.cli import run

if __name__ == "__main__":
    run()
