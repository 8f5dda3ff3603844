#!/usr/bin/env python3
"""Lists the blob-triggered functions of a built Azure Functions app and the container each one watches.

Reads functions.metadata (written by the .NET isolated worker SDK into the build and publish output) and prints one
line per blobTrigger binding:

    <function name> <container> <event subscription name>

e.g. "CalendarDrop calendars blob-calendar-drop". scripts/create-blob-subscriptions.sh creates one Event Grid
subscription per line, so a new [BlobTrigger] function is picked up without editing any script.

Exit codes: 0 with the lines (possibly none); 2 when the metadata cannot be read or a blob trigger cannot be served
on Flex Consumption (not the Event Grid source, or a container name that is an %app setting% or a {binding
expression}, which this script cannot resolve). Errors go to stderr, one line each.

Usage: python3 scripts/blob-trigger-targets.py path/to/functions.metadata
"""

import json
import re
import sys

# Event Grid event subscription names: 3-64 characters, letters, digits and hyphens.
SUBSCRIPTION_PREFIX = "blob-"
SUBSCRIPTION_MAX_LENGTH = 64
# Blob container names: 3-63 characters, lower-case letters, digits and single hyphens, starting and ending with a
# letter or digit.
CONTAINER_NAME = re.compile(r"^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$")


def subscription_name(function_name):
    """Stable, readable subscription name: 'CalendarDrop' -> 'blob-calendar-drop'."""
    kebab = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "-", function_name)
    kebab = re.sub(r"[^a-z0-9]+", "-", kebab.lower()).strip("-")
    return (SUBSCRIPTION_PREFIX + kebab)[:SUBSCRIPTION_MAX_LENGTH].rstrip("-")


def targets(metadata):
    """Yields (function, container, subscription) for each blobTrigger binding; raises ValueError when unusable."""
    if not isinstance(metadata, list):
        raise ValueError("functions.metadata is not a JSON array of functions")
    for function in metadata:
        name = function.get("name") if isinstance(function, dict) else None
        if not isinstance(name, str) or not name:
            raise ValueError("a function in functions.metadata has no name")
        for binding in function.get("bindings") or []:
            if str(binding.get("type", "")).lower() != "blobtrigger":
                continue
            path = str(binding.get("path", ""))
            container = path.split("/", 1)[0]
            if not CONTAINER_NAME.match(container):
                raise ValueError(
                    f"{name}: blob trigger path '{path}' does not start with a literal container name "
                    "(app-setting %names% and {expressions} are not resolved here)")
            source = str(binding.get("source", ""))
            if source.lower() != "eventgrid":
                raise ValueError(
                    f"{name}: blob trigger on '{container}' uses source '{source or 'LogsAndContainerScan'}'; "
                    "Flex Consumption only runs Source = BlobTriggerSource.EventGrid")
            yield name, container, subscription_name(name)


def main(argv):
    if len(argv) != 2:
        print("usage: blob-trigger-targets.py <functions.metadata>", file=sys.stderr)
        return 2
    try:
        with open(argv[1], encoding="utf-8-sig") as stream:
            metadata = json.load(stream)
        rows = sorted(targets(metadata))
    except (OSError, ValueError) as error:  # json.JSONDecodeError is a ValueError
        print(f"blob-trigger-targets.py: {argv[1]}: {error}", file=sys.stderr)
        return 2
    names = [row[2] for row in rows]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        print(f"blob-trigger-targets.py: subscription names collide: {', '.join(duplicates)}", file=sys.stderr)
        return 2
    for row in rows:
        print(" ".join(row))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
