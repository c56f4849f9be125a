"""Draft records from an article: ``mapgen extract``."""
