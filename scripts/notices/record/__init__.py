"""The record stage: the lock of published revisions, Git as its witness, verify, the served sources."""
