#!/usr/bin/env python3
"""Fills a deploy/ template's @NAME@ placeholders: render.py TEMPLATE NAME=VALUE ... > OUTPUT.

Refuses (one line on stderr, exit status 1) when a placeholder is left without a value or a value
names no placeholder, so a typo cannot install a half-filled file. Python's standard library only:
it runs before the virtual environment exists.
"""

import re
import sys

PLACEHOLDER = re.compile(r"@([A-Z][A-Z0-9_]*)@")


def render(template: str, values: dict[str, str]) -> str:
    names = set(PLACEHOLDER.findall(template))
    if missing := sorted(names - values.keys()):
        raise ValueError(f"no value for {', '.join(missing)}")
    if unused := sorted(values.keys() - names):
        raise ValueError(f"the template has no placeholder {', '.join(unused)}")
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


def parse_values(arguments: list[str]) -> dict[str, str]:
    values = {}
    for argument in arguments:
        name, equals, value = argument.partition("=")
        if not equals or not PLACEHOLDER.fullmatch(f"@{name}@"):
            raise ValueError(f"expected NAME=VALUE, got {argument!r}")
        values[name] = value
    return values


def main(arguments: list[str]) -> int:
    if not arguments:
        sys.stderr.write(__doc__)
        return 2
    try:
        with open(arguments[0], encoding="utf-8") as template:
            sys.stdout.write(render(template.read(), parse_values(arguments[1:])))
    except (OSError, ValueError) as error:
        sys.stderr.write(f"render.py: {arguments[0]}: {error}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
