"""Signals `network` sends so that higher layers can react without `network` importing them."""

from django.dispatch import Signal

# A membership was suspended or ended (inside the transaction that changed it).
# Keyword arguments: membership, by (the coordinator), reason. listings takes the member's vacancies offline.
membership_left = Signal()
