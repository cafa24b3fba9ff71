"""The top layer: pages that combine several apps.

The coordinator's dashboard (network, listings, matching feedback and search counts), the printable
reports (a worker's capacity with fitting occupations and vacancies) and a professional's client page
(capacity with the client's reactions). Nothing below imports this package.
"""
