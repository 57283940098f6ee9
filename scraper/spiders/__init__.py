"""Spiders of the project; ``news`` is the only one."""
