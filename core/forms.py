"""Every form field on the site in NL Design System (Utrecht) form components, set once here.

settings.FORM_RENDERER names `FormRenderer`: `{{ field.as_field_group }}` and `{{ form.as_div }}` render
templates/forms/field.html (utrecht-form-field, label, description, error message), and every widget
gets the class of its component (utrecht-textbox, utrecht-select, utrecht-textarea, utrecht-checkbox,
utrecht-radio-button), with the --invalid modifier when the field has an error. Django itself adds
aria-invalid and aria-describedby (help text and error message).
"""

from django.forms import BoundField as DjangoBoundField
from django.forms import widgets
from django.forms.renderers import TemplatesSetting


def widget_classes(widget, invalid: bool) -> list[str]:
    """The Utrecht component classes for a widget's <input>, <select> or <textarea>."""
    if widget.is_hidden or isinstance(widget, widgets.FileInput | widgets.MultiWidget):
        return []
    if isinstance(widget, widgets.CheckboxSelectMultiple | widgets.CheckboxInput):
        return ["utrecht-checkbox", "utrecht-checkbox--html-input", "utrecht-checkbox--custom"]
    if isinstance(widget, widgets.RadioSelect):
        return ["utrecht-radio-button", "utrecht-radio-button--html-input"] + (
            ["utrecht-radio-button--invalid"] if invalid else []
        )
    if isinstance(widget, widgets.Select):  # also SelectMultiple
        return ["utrecht-select", "utrecht-select--html-select"] + (["utrecht-select--invalid"] if invalid else [])
    if isinstance(widget, widgets.Textarea):
        return ["utrecht-textarea", "utrecht-textarea--html-textarea"] + (
            ["utrecht-textarea--invalid"] if invalid else []
        )
    if isinstance(widget, widgets.Input):
        classes = ["utrecht-textbox", "utrecht-textbox--html-input"]
        if isinstance(widget, widgets.NumberInput):
            classes.append("utrecht-textbox--numeric")
        return classes + (["utrecht-textbox--invalid"] if invalid else [])
    return []


def _join(*parts) -> str:
    return " ".join(part for part in parts if part)


class BoundField(DjangoBoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        classes = widget_classes(widget, bool(self.errors))
        if classes:
            attrs["class"] = _join(widget.attrs.get("class"), attrs.get("class"), *classes)
        return attrs

    def label_tag(self, contents=None, attrs=None, label_suffix=None, tag=None):
        attrs = dict(attrs or {})
        if tag == "legend":
            own = "utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend"
        elif isinstance(self.field.widget, widgets.CheckboxInput):
            own = "utrecht-form-label utrecht-form-label--checkbox"
            if label_suffix is None:
                label_suffix = ""  # the label follows the box: "Ingelogd blijven", not "Ingelogd blijven:"
        else:
            own = "utrecht-form-label"
        attrs["class"] = _join(own, attrs.get("class"))
        return super().label_tag(contents, attrs, label_suffix, tag)

    @property
    def is_checkbox(self):
        return isinstance(self.field.widget, widgets.CheckboxInput)


class FormRenderer(TemplatesSetting):
    """Django's renderer over the TEMPLATES setting (so templates/forms/ is found), with our field template."""

    field_template_name = "forms/field.html"
    bound_field_class = BoundField
