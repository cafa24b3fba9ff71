from django import template

from listings import presentation

register = template.Library()


@register.filter
def explanation(result, language: str) -> str:
    """A dimension's or the hours' explanation from the rule book, in the page's language."""
    return result.explanation(language)


@register.filter
def card_facts(vacancy) -> list[str]:
    """What a result card says about a vacancy besides its fit and place: hours, phased start, coaching."""
    return presentation.card_facts(vacancy)


@register.filter
def position_in(position, language: str) -> dict:
    """A result's place in the order, in the page's language: score, reasons (with points) and the sentence."""
    return position.as_api(language)
