from django.conf import settings
from elasticsearch import Elasticsearch
from elasticsearch import exceptions as es_exceptions

from search.backends import BackendHealth


def client() -> Elasticsearch:
    return Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=settings.ELASTICSEARCH_TIMEOUT)


class ElasticsearchBackend:
    name = "elasticsearch"

    def health(self) -> BackendHealth:
        try:
            info = client().options(request_timeout=settings.HEALTH_CHECK_TIMEOUT).cluster.health()
        except (es_exceptions.ConnectionError, es_exceptions.TransportError, es_exceptions.ApiError) as error:
            return BackendHealth(self.name, False, type(error).__name__)
        status = info.get("status", "unknown")
        return BackendHealth(self.name, status in {"green", "yellow"}, status)


def backend():
    return ElasticsearchBackend()
