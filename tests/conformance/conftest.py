from tests.search.conftest import elasticsearch, pytest_report_header  # noqa: F401  (the same engines)
