"""Where each benchmark leaves its figures: bench/out/NAME.json, gathered by bench.run."""

from __future__ import annotations

import json
from pathlib import Path


def save_json(path: Path, payload: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
