"""A worker's data kept by the apps above `matching`, for the export and the erasure (GDPR art. 15, 17, 20).

`matching` owns the worker's right to see and erase everything, but must not import the apps that
hold the rest (listings: reactions; search: saved searches). They register here instead, in their
AppConfig.ready: an exporter gives a JSON-ready section, an eraser anonymises what must outlive the
account (an employer keeps a reaction and its outcome, without who it was).
"""

from collections.abc import Callable

Exporter = Callable[[object], object]
Eraser = Callable[[object], object]

_exporters: dict[str, Exporter] = {}
_erasers: dict[str, Eraser] = {}


def register_export(section: str, exporter: Exporter) -> None:
    _exporters[section] = exporter


def register_erasure(name: str, eraser: Eraser) -> None:
    _erasers[name] = eraser


def exported_sections(worker) -> dict:
    """Every registered section of this worker's export, in the order the apps registered them."""
    return {section: exporter(worker) for section, exporter in _exporters.items()}


def erasers() -> list[Eraser]:
    return list(_erasers.values())
