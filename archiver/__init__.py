"""archiver: archive a Dotclear 2 blog as a JSON dataset and WARC files."""

__version__ = "0.1.0"
