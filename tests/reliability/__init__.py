"""Reliability tests (issue 9): hostile input, kills, determinism, server load, HTML escaping."""
