"""Settings for the whole test run, the doctests under ``cleaner/`` included."""

from __future__ import annotations

import os
from importlib.util import find_spec

# Hugging Face libraries never reach the hub from a test, and keep quiet.
for variable in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "HF_HUB_DISABLE_TELEMETRY", "HF_DATASETS_DISABLE_PROGRESS_BARS"):
    os.environ[variable] = "1"

# An integration's doctests need its library (an optional extra); without it they are not collected.
INTEGRATIONS = {"spacy": "spacy", "hf": "datasets", "pandas": "pandas"}
collect_ignore = [f"cleaner/integrations/{module}.py" for module, library in INTEGRATIONS.items() if find_spec(library) is None]

# In CI the property tests replay a fixed set of examples: a red build then means a change
# broke something, not that a new random draw was lucky. Locally they keep exploring.
if os.environ.get("CI"):
    from hypothesis import settings

    settings.register_profile("ci", derandomize=True, database=None)
    settings.load_profile("ci")
