"""Argument checks shared by the commands: a bad argument is one line on stderr and exit code 2, like a
bad config, and every count is checked against its range before anything runs."""

from __future__ import annotations

import argparse


class Parser(argparse.ArgumentParser):
    """Bad arguments are one line on stderr and exit code 2, like bad configs."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def count(minimum: int, maximum: int | None = None):
    """An argparse type: a whole number from `minimum` (to `maximum`)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < minimum or (maximum is not None and value > maximum):
            allowed = f"from {minimum:,} to {maximum:,}" if maximum is not None else f"at least {minimum:,}"
            raise argparse.ArgumentTypeError(f"{value:,} is out of range: {allowed}")
        return value

    return parse
