"""Resource limits of a grading child (no heavy imports: the CLI may need it before NumPy)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Limits:
    test_seconds: float = 10.0
    submission_seconds: float = 60.0
    memory_mb: int | None = 4096
    file_mb: int = 64
    processes: int | None = None
    output_mb: int = 256
    load_seconds: float = 20.0  # importing the submission (and NumPy) before the first test starts
    notebook_mb: float = 64  # a notebook larger than this is not parsed at all (course.yml defaults.notebook_mb)

    def rlimits(self) -> dict:
        """The rlimits the child applies to itself (hard = soft) before loading student code."""
        return {
            "cpu_seconds": int(self.submission_seconds) + 1,
            "memory_bytes": self.memory_mb * 2**20 if self.memory_mb else None,
            "file_bytes": self.file_mb * 2**20,
            "processes": self.processes,
            "core_bytes": 0,
        }
