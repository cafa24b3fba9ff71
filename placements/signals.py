"""Filled in by the placements work: opens a placement when an application's outcome becomes hired or trial."""
