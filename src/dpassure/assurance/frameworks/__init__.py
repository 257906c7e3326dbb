"""Control frameworks as data: the shipped YAML files, their schema and the loader."""

from dpassure.assurance.frameworks.loader import (
    BUNDLED,
    FrameworkFileError,
    LoadResult,
    load_bundled_frameworks,
    load_framework_file,
    load_framework_text,
)

__all__ = [
    "BUNDLED",
    "FrameworkFileError",
    "LoadResult",
    "load_bundled_frameworks",
    "load_framework_file",
    "load_framework_text",
]
