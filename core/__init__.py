"""The lowest layer: helpers every app may use and that know nothing of networks, capacity or vacancies.

- `core.language`: the site's two languages (Dutch default, English) and picking a text in one of them.
- `core.places`: Dutch municipalities with their centroids, for distances and place names.
- `core.limits`: size limits on what visitors send (bodies, JSON nesting, text fields).
- `core.api_errors`: the JSON error shape every API answer shares.
"""
