"""python -m glue_emulators serve [NAME[=PORT] ...] [--state-file F] | sandbox [--state-file F] | urls

``serve`` starts the named emulators (any provider of the registry with an emulator, also those
added through GLUE_PROVIDER_PACKAGES; the sandbox's when none is named) on the ports given
(a free port when none is), ``sandbox`` all of them on the sandbox's fixed ports 9101-9105;
both print {name: url} as one JSON line, then serve until SIGTERM/SIGINT. ``urls`` prints
the sandbox's URLs without starting anything.
"""

import argparse
import json
from pathlib import Path

from glue_emulators.sandbox import emulated_providers, sandbox_ports, sandbox_urls, serve_forever


def _ports(specs: list[str]) -> dict[str, int]:
    known = emulated_providers()
    ports = {}
    for spec in specs or list(sandbox_ports()):
        name, _, port = spec.partition("=")
        if name not in known:
            raise SystemExit(f"unknown emulator {name!r}; known: {', '.join(known)}")
        ports[name] = int(port or 0)
    return ports


parser = argparse.ArgumentParser(prog="python -m glue_emulators")
parser.add_argument("command", choices=["serve", "sandbox", "urls"])
parser.add_argument("emulators", nargs="*", metavar="NAME[=PORT]")
parser.add_argument("--host", default="127.0.0.1")
parser.add_argument("--state-file", type=Path, help="keeps OAuth refresh tokens across restarts")
args = parser.parse_args()
if args.command == "urls":
    print(json.dumps(sandbox_urls(args.host)))
else:
    ports = sandbox_ports() if args.command == "sandbox" else _ports(args.emulators)
    serve_forever(dict(ports), args.state_file, args.host)
