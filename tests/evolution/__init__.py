"""Contract evolution: the diff between two contracts, the freeze of v1, migration."""
