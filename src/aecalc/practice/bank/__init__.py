"""The problem bank: the course's problems, one TOML file each, read and checked field by field.

- :mod:`~aecalc.practice.bank.files` — one problem file: its fields, the ``[solve]`` table read
  by its topic's reader, and an error naming the file, line and field when one is wrong;
- :mod:`~aecalc.practice.bank.folder` — the bank folder: where it is, every problem in order,
  one found by id or path.

This file imports nothing: import from the module that holds what you need.
"""
