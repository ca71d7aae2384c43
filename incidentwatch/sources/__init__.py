"""Readers that turn files into ``RawArticle``s, rejecting what cannot be read."""

from .files import MAX_FILE_BYTES, read_path, read_paths

__all__ = ["MAX_FILE_BYTES", "read_path", "read_paths"]
