"""The benchmark command still runs (at its smallest sizes), so it cannot rot."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def test_bench_run_quick_writes_every_section(tmp_path: Path) -> None:
    out = tmp_path / "results.md"
    result = subprocess.run(
        [sys.executable, "-m", "bench.run", "--quick", "--out", str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    text = out.read_text()
    for title in ("Time to first frame", "Keystroke to repaint", "Entity recognition",
                  "Entity clustering", "Entity quality", "Tagging a claim", "Related passages",
                  "Export and import", "Comparing the reports", "Peak memory",
                  "A 50 MB article"):
        assert f"## {title}" in text
    figures = json.loads(out.with_suffix(".json").read_text())
    assert figures["quick"] is True
    assert figures["startup_bench"]["warm_ratio"] > 0
    assert figures["memory_bench"]["peak_rss_mb"] > 0


def test_the_article_list_bench_runs_and_times_every_key() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench.article_list_bench", "--articles", "12", "--runs", "1"],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    for key in ("first open (a)", "filter key", "backspace", "sort (s)", "close (a)"):
        assert f"| {key} | " in result.stdout
    assert "nan" not in result.stdout  # every key repainted the screen
