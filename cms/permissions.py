"""Coordinators edit their own network's pages in Wagtail, and nothing else.

One Wagtail group per network ("Coördinatoren <network name>") holds:

- `wagtailadmin.access_admin`, so its members can open the CMS (Wagtail asks for this permission,
  not for `is_staff`), and `simple_translation.submit_translation`, to translate their pages;
- "add" and "change" (never "publish") on the network page and everything below it, so their
  changes go live only through Wagtail's moderation workflow (by default: "Moderators approval");
- "choose" and "add" on images in the root collection, so the image block is usable.

Its members are exactly the network's coordinators who are active and have the coordinator role.
`sync_network_page_permissions` is called by signals (cms/signals.py) whenever a network page is
saved or a network's coordinators change, and can be called again at any time: it is idempotent.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission
from wagtail.models.content_types import get_default_page_content_type

from network.models import Role

GROUP_NAME = "Coördinatoren {name}"
PAGE_PERMISSIONS = ("add_page", "change_page")
IMAGE_PERMISSIONS = ("add_image", "choose_image")


def group_name(network) -> str:
    return GROUP_NAME.format(name=network.name)[: Group._meta.get_field("name").max_length]


def coordinator_group(network) -> Group:
    """The network's coordinator group: created on first use, renamed with the network."""
    from cms.models import CoordinatorGroup

    name = group_name(network)
    link = CoordinatorGroup.objects.select_related("group").filter(network=network).first()
    if link is None:
        group = Group.objects.filter(name=name, cms_coordinator_network__isnull=True).first()
        if group is None:
            group = Group.objects.create(name=name)
        CoordinatorGroup.objects.create(network=network, group=group)
        return group
    group = link.group
    if group.name != name and not Group.objects.filter(name=name).exists():
        group.name = name
        group.save(update_fields=["name"])
    return group


def coordinators(network):
    return network.coordinators.filter(role=Role.COORDINATOR, is_active=True)


def sync_network_page_permissions(network_page) -> Group:
    return sync_network_pages(network_page.network)


@transaction.atomic
def sync_network_pages(network) -> Group:
    """Give the network's coordinators add/change (not publish) on its pages' subtrees (every language),
    and CMS access."""
    from cms.models import NetworkPage

    group = coordinator_group(network)
    network_pages = list(NetworkPage.objects.filter(network=network))

    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        # "Translate" a Dutch page into English (the copy is a draft that goes through moderation too).
        Permission.objects.get(content_type__app_label="simple_translation", codename="submit_translation"),
    )

    page_permissions = Permission.objects.filter(
        content_type=get_default_page_content_type(), codename__in=PAGE_PERMISSIONS
    )
    # The group's page rights are these, on these pages; nothing elsewhere, and never publish.
    GroupPagePermission.objects.filter(group=group).exclude(
        page__in=network_pages, permission__in=page_permissions
    ).delete()
    for network_page in network_pages:
        for permission in page_permissions:
            GroupPagePermission.objects.get_or_create(group=group, page=network_page, permission=permission)
    # A page moved to another network: the other networks' coordinator groups lose it.
    GroupPagePermission.objects.filter(page__in=network_pages, group__cms_coordinator_network__isnull=False).exclude(
        group=group
    ).delete()

    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        for permission in Permission.objects.filter(
            content_type__app_label="wagtailimages", codename__in=IMAGE_PERMISSIONS
        ):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )

    group.user_set.set(coordinators(network) if network_pages else [])
    return group


def sync_network(network) -> None:
    """Re-sync the network's pages, if it has any."""
    from cms.models import NetworkPage

    if NetworkPage.objects.filter(network=network).exists():
        sync_network_pages(network)
