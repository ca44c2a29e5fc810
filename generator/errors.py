"""The generator's errors; the command line turns them into one line and an exit status."""


class GeneratorError(Exception):
    """Base of every error the generator reports to its user."""


class ConfigError(GeneratorError):
    """The configuration file is missing, unreadable or invalid."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class SnapshotError(GeneratorError):
    """One snapshot cannot be read; the build goes on without it."""

    def __init__(self, name: str, reason: str, line: int | None = None):
        self.name, self.reason, self.line = name, reason, line
        where = f"{name}:{line}" if line else name
        super().__init__(f"{where}: {reason}")


class BuildError(GeneratorError):
    """Nothing could be written."""
