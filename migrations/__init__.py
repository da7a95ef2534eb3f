"""Alembic migrations of the ecobot schema (run with `ecobot db upgrade`)."""
