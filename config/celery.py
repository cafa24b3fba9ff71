import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# Every task runs through outbox.tasks.OutboxAwareTask: a message from the outbox runs once.
app = Celery("passend_werk", task_cls="outbox.tasks:OutboxAwareTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
