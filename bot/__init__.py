"""Application assembly, settings and the command line."""
