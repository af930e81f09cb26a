"""Thin Typer commands: parse the arguments, call the core, hand the result to ``output.emit``."""
