"""``python -m strikewatch``: the command line."""

from strikewatch.cli import app

if __name__ == "__main__":
    app()
