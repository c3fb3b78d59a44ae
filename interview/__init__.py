"""interview: run customer interviews and co-creation sessions from the terminal."""

__version__ = "0.1.0"
