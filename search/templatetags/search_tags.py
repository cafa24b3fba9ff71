from django import template

register = template.Library()


@register.filter
def explanation(result, language: str) -> str:
    """A dimension's or the hours' explanation from the rule book, in the page's language."""
    return result.explanation(language)
