"""The package version: its own module, so a layer below the package top (the cache key) can read it."""

__version__ = "0.1.0"
