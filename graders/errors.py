"""Errors nnlab reports as one clear line (kept free of heavy imports: the CLI loads it first)."""


class CourseError(Exception):
    """A problem with the course or the command line: usage or configuration (exit code 2)."""
