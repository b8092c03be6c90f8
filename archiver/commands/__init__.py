"""Subcommands of `archiver`: one module each, with `register(subparsers)` and `run(args)`.

A module registers its parser and sets `func=run` as the parser's default; `archiver.cli`
lists the modules in COMMANDS.
"""
