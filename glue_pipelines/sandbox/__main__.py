"""python -m glue_pipelines.sandbox seed: the demo application, customer and connections."""

import json

from glue_api.config import Settings
from glue_pipelines.sandbox.seed import seed

demo = seed(Settings())
print(json.dumps({"application_id": demo["application_id"], **demo["links"]}))
