"""python -m glue_pipelines.sandbox emulators|seed|urls"""

import argparse
import json

from glue_api.config import Settings
from glue_pipelines.sandbox.emulators import sandbox_urls, serve_forever
from glue_pipelines.sandbox.seed import seed

parser = argparse.ArgumentParser(prog="python -m glue_pipelines.sandbox")
parser.add_argument("command", choices=["emulators", "seed", "urls"])
command = parser.parse_args().command
if command == "emulators":
    serve_forever(Settings().home / "sandbox-oauth.json")
elif command == "urls":
    print(json.dumps(sandbox_urls()))
else:
    demo = seed(Settings())
    print(json.dumps({"application_id": demo["application_id"], **demo["links"]}))
