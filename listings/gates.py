"""Checks that apps above `listings` add before a vacancy may go live.

`listings` cannot import the layers above it, so they register a gate here instead: the billing app
(cms.billing) registers "the membership fee is paid and the plan has room" in its AppConfig.ready.
A gate takes (employer, network, approving=bool) and returns why publishing is refused, or None.
"""

from collections.abc import Callable

PublishingGate = Callable[..., str | None]
_publishing_gates: list[PublishingGate] = []


def register_publishing_gate(gate: PublishingGate) -> None:
    if gate not in _publishing_gates:
        _publishing_gates.append(gate)


def publishing_refusal(employer, network, *, approving: bool) -> str | None:
    """The first registered gate's refusal, or None when every gate lets the vacancy through."""
    for gate in _publishing_gates:
        refusal = gate(employer, network, approving=approving)
        if refusal:
            return refusal
    return None
