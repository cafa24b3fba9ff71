from django import template
from django.utils.safestring import mark_safe

from cms.footer import site_footer as cached_site_footer

register = template.Library()


@register.simple_tag(takes_context=True)
def site_footer(context):
    """The footer's CMS part (cms/footer.py): rendered HTML from our own template, so safe as it is."""
    return mark_safe(cached_site_footer(context.get("request")))  # noqa: S308
