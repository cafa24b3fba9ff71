from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from listings import presentation
from search.explain import kind_labels

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
def kind_label(kind: str) -> str:
    """What is on offer, in plain words: "Betaalde baan", "Proefplaatsing" … (the kind facet's names)."""
    return kind_labels().get(kind, kind)


@register.filter
def position_details(position, language: str) -> str:
    """ "Why is this vacancy here?" as one <details> element, built here: 20 cards of template tags cost a lot."""
    why = position.for_display(language)
    reasons = format_html_join(
        "",
        "{}",
        (
            (
                format_html('<li><span class="ranking-reasons__points">{}</span> {}</li>', r["points"], r["text"])
                if r["used"]
                else format_html('<li class="ranking-reasons__unused">{}</li>', r["text"]),
            )
            for r in why["reasons"]
        ),
    )
    return format_html(
        '<details class="result-card__why result-card__position"><summary>{}</summary><p>{}</p>'
        '<p class="result-card__score">{}</p><ul class="ranking-reasons">{}</ul></details>',
        _("Why is this vacancy here?"),
        why["position"],
        _("Score: %(score)s of 100 points. It is made up of:") % {"score": why["score"]},
        reasons,
    )
