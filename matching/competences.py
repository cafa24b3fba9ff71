"""The competence list workers choose from (`data/competences.json`)."""

import json
from functools import lru_cache
from pathlib import Path

COMPETENCES_FILE = Path(__file__).resolve().parent / "data" / "competences.json"


@lru_cache(maxsize=1)
def competences() -> dict[str, dict[str, str]]:
    data = json.loads(COMPETENCES_FILE.read_text(encoding="utf-8"))
    return {item["code"]: {"nl": item["nl"], "en": item["en"]} for item in data["competences"]}


def competence_choices(language: str) -> list[tuple[str, str]]:
    return [(code, labels.get(language) or labels["nl"]) for code, labels in competences().items()]
