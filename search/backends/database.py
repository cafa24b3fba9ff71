from django.db import connection

from search.backends import BackendHealth


class DatabaseBackend:
    name = "database"

    def health(self) -> BackendHealth:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return BackendHealth(self.name, True, connection.vendor)


def backend():
    return DatabaseBackend()
