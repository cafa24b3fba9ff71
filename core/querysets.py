"""Querysets shared by the apps: rows that belong to one worker."""

from django.db import models


class WorkerOwnedQuerySet(models.QuerySet):
    """For models with a `worker` field: a view asks `Model.objects.of_worker(request.user)`."""

    def of_worker(self, worker):
        return self.filter(worker=worker)
