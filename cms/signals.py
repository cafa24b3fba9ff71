"""Keep the coordinators' Wagtail groups in step with network pages and network coordinators."""

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms import footer
from cms.models import CoordinatorGroup, NetworkPage, SiteContact
from cms.permissions import sync_network, sync_network_page_permissions, sync_network_pages
from network.models import Network


@receiver(post_save, sender=NetworkPage, dispatch_uid="cms_network_page_saved")
def network_page_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        sync_network_page_permissions(instance)


@receiver(post_delete, sender=NetworkPage, dispatch_uid="cms_network_page_deleted")
def network_page_deleted(sender, instance, **kwargs):
    """The other language's page may remain; without any page the group keeps no members."""
    if CoordinatorGroup.objects.filter(network_id=instance.network_id).exists():
        sync_network_pages(instance.network)


@receiver(m2m_changed, sender=Network.coordinators.through, dispatch_uid="cms_network_coordinators_changed")
def network_coordinators_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if reverse and action == "pre_clear":
        # user.coordinated_networks.clear(): remember which networks lose this coordinator.
        instance._cms_cleared_networks = list(instance.coordinated_networks.all())
        return
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        networks = [instance]
    elif action == "post_clear":
        networks = getattr(instance, "_cms_cleared_networks", [])
    else:
        networks = Network.objects.filter(pk__in=pk_set or [])
    for network in networks:
        sync_network(network)


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="cms_user_saved")
def user_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """A coordinator who changes role or is deactivated leaves the groups (and vice versa)."""
    if raw or created or (update_fields is not None and not {"role", "is_active"} & set(update_fields)):
        return
    for network in instance.coordinated_networks.all():
        sync_network(network)


@receiver(post_save, sender=Network, dispatch_uid="cms_network_saved")
def network_saved(sender, instance, created, raw=False, **kwargs):
    """A renamed network renames its coordinator group."""
    if not raw and not created:
        sync_network(instance)


# The cached footer (cms/footer.py) links to pages and shows the SiteContact setting. Any page model: a
# signal names the page's own class as its sender, never Page.
@receiver(post_save, dispatch_uid="cms-footer-saved")
@receiver(post_delete, dispatch_uid="cms-footer-deleted")
def footer_source_changed(sender, instance=None, **kwargs):
    if isinstance(instance, Page | SiteContact):
        footer.forget()


for _signal in (page_published, page_unpublished, post_page_move):
    _signal.connect(footer.forget, dispatch_uid=f"cms-footer-{_signal}")
