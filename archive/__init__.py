"""The archive: captures, articles, revisions, people and runs in a SQL database."""
