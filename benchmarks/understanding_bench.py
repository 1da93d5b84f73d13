"""What reading costs: a 2,000-character story and a typed answer, in each locale.

Each text is new to the reader (sentences of the labelled corpus shuffled afresh), so the
figure is not a cache hit; the median over many texts, in milliseconds of this process's
CPU time (what the reader costs, whatever else the machine runs) and of the wall clock."""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path
from typing import Any

from bot.conversation.understand import read_at, story
from bot.dialogs import Dialogs, load, read_yaml

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "understanding"


def _texts(code: str) -> list[str]:
    texts = [c["text"] for c in read_yaml(CORPUS / f"stories_{code}.yaml")]
    return texts + [
        c["text"] for c in read_yaml(CORPUS / "heldout_stories.yaml") if c["locale"] == code
    ]


def _story_of(rng: random.Random, texts: list[str], size: int) -> str:
    parts: list[str] = []
    while sum(len(p) + 1 for p in parts) < size:
        parts.append(rng.choice(texts))
    return " ".join(parts)[:size]


def _median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 3)


def run(count: int, size: int = 2000) -> dict[str, Any]:
    dialogs: Dialogs = load()
    rng = random.Random(7)
    out: dict[str, Any] = {"story_chars": size, "texts": count}
    for code in ("en", "de"):
        loc, texts = dialogs.locales[code], _texts(code)
        stories = [_story_of(rng, texts, size) for _ in range(count)]
        story(loc, stories[0])  # the first read builds the phrase tables
        cpu, wall = [], []
        for text in stories:
            c, t = time.process_time(), time.perf_counter()
            story(loc, text)
            wall.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        out[f"story_{code}_cpu_p50_ms"] = _median_ms(cpu)
        out[f"story_{code}_wall_p50_ms"] = _median_ms(wall)
        out[f"story_{code}_wall_max_ms"] = round(max(wall) * 1000, 3)
        node = dialogs.nodes["signals"]
        ids = [o.id for o in node.options]
        answers = [rng.choice(texts)[:120] for _ in range(count)]
        cpu = []
        for text in answers:
            c = time.process_time()
            read_at(loc, node, ids, text)
            cpu.append(time.process_time() - c)
        out[f"answer_{code}_cpu_p50_ms"] = _median_ms(cpu)
    return out


if __name__ == "__main__":
    import json

    print(json.dumps(run(200)))
