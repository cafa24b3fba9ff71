"""The printable reports as pages (with a print stylesheet) and as PDF downloads (fpdf2, DejaVu Sans)."""

from pathlib import Path

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from core.language import current_language
from matching import permissions
from matching.selectors import own_active_case
from network.models import Role
from pages.reports import professional_report, worker_report

FONTS = Path(__file__).resolve().parent / "fonts"
PDF_FILENAME = "passend-werk-rapport.pdf"

# --- pages ------------------------------------------------------------------------------------------


@never_cache
@permissions.role_required(Role.WORKER)
def worker_report_page(request):
    report = _with_absolute_urls(request, worker_report(request.user, by=request.user, language=current_language()))
    return render(request, "pages/report_worker.html", {**report, "pdf_url": reverse("pages:worker_report_pdf")})


@permissions.role_required(Role.WORKER)
def worker_report_pdf(request):
    language = current_language()
    report = _with_absolute_urls(request, worker_report(request.user, by=request.user, language=language))
    return _pdf_response(WorkerReportPdf(report, language).build())


@never_cache
@permissions.role_required(Role.PROFESSIONAL)
def client_report_page(request, pk):
    case = own_active_case(request.user, pk)
    report = _with_absolute_urls(request, professional_report(case, by=request.user, language=current_language()))
    return render(
        request,
        "pages/report_professional.html",
        {**report, "pdf_url": reverse("pages:client_report_pdf", args=[case.pk])},
    )


@permissions.role_required(Role.PROFESSIONAL)
def client_report_pdf(request, pk):
    case = own_active_case(request.user, pk)
    language = current_language()
    report = _with_absolute_urls(request, professional_report(case, by=request.user, language=language))
    return _pdf_response(ProfessionalReportPdf(report, language).build())


def _with_absolute_urls(request, report: dict) -> dict:
    """Vacancy links with scheme and host: a printed page or a PDF is read away from this site."""
    for row in [*report.get("vacancies", ()), *report.get("placements", ())]:
        row["url"] = request.build_absolute_uri(row["url"])
    return report


def _pdf_response(content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{PDF_FILENAME}"'
    response["Cache-Control"] = "no-store"
    return response


# --- PDF --------------------------------------------------------------------------------------------


def _date(value) -> str:
    if value is None:
        return "–"
    if hasattr(value, "hour"):
        return date_format(timezone.localtime(value), "j F Y H:i")
    return date_format(value, "j F Y")


def _hours(value) -> str:
    return f"{value.normalize():f}".replace(".", "," if current_language() == "nl" else ".")


class _Document(FPDF):
    def footer(self):
        self.set_y(-12)
        self.set_font("DejaVu", size=8)
        self.cell(0, 6, f"Passend Werk · {self.page_no()}/{{nb}}", align="C")


class ReportPdf:
    """Shared layout: a title, headings, paragraphs, bullets and bordered tables."""

    def __init__(self, report: dict, language: str):
        self.report, self.language = report, language
        pdf = _Document(format="A4")
        pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        pdf.set_margins(18, 18, 18)
        pdf.set_auto_page_break(True, margin=18)
        pdf.set_title(report["title"])
        pdf.set_lang(language)
        pdf.set_creator("Passend Werk")
        pdf.add_page()
        self.pdf = pdf

    def build(self) -> bytes:
        self.paragraph(self.report["title"], size=16, bold=True)
        self.paragraph(_("Made on %(date)s") % {"date": _date(self.report["generated_at"])}, size=9)
        if self.report["stored"] is None:
            self.paragraph(self.empty_text())
        else:
            self.body()
        self.placements()
        return bytes(self.pdf.output())

    # building blocks
    def heading(self, text: str, level: int = 1):
        size = {1: 13, 2: 11}[level]
        if self.pdf.get_y() > self.pdf.h - (60 if level == 1 else 45):  # no heading alone at the foot of a page
            self.pdf.add_page()
        self.pdf.ln(4 if level == 1 else 2)
        self.paragraph(text, size=size, bold=True)

    def paragraph(self, text: str, size: int = 10, bold: bool = False, link: str | None = None):
        self.pdf.set_font("DejaVu", "B" if bold else "", size)
        self.pdf.multi_cell(0, size * 0.5, text, align="L", link=link, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def bullets(self, lines):
        for line in lines:
            self.paragraph(f"•  {line}")

    def table(self, headings, rows, widths):
        self.pdf.set_font("DejaVu", "", 9)
        with self.pdf.table(
            col_widths=widths, text_align="LEFT", line_height=5, padding=1.5, repeat_headings=1
        ) as table:
            table.row([str(h) for h in headings])
            for row in rows:
                table.row([str(cell) for cell in row])
        self.pdf.ln(2)

    # sections both reports have
    def hours(self):
        self.heading(_("Hours"))
        self.bullets(self.report["hours"])

    def vacancies(self, heading: str, empty: str):
        self.heading(heading)
        if not self.report["vacancies"]:
            self.paragraph(empty)
        for vacancy in self.report["vacancies"]:
            url = vacancy["url"]
            self.paragraph(vacancy["title"], bold=True, link=url)
            self.paragraph(" · ".join([vacancy["employer"], vacancy["place"], vacancy["status_label"]]))
            self.paragraph(url, size=8, link=url)
            self.pdf.ln(1)

    def discuss(self, heading: str):
        if self.report["discuss"]:
            self.heading(heading)
            self.bullets(f"{item['name']}: {item['note']}" for item in self.report["discuss"])

    def placements(self):
        if not self.report.get("placements"):
            return
        self.heading(self.placements_heading())
        for item in self.report["placements"]:
            placement = item["placement"]
            self.paragraph(f"{item['title']} · {item['employer']}", bold=True, link=item["url"])
            status = f"{item['status']}: {item['ending']}" if item["ending"] else item["status"]
            first_day = _("first working day %(date)s") % {"date": _date(placement.starts_on)}
            self.paragraph(" · ".join([str(item["kind"]).capitalize(), status, first_day]))
            if placement.coach:
                self.paragraph(_("Workplace coach: %(coach)s") % {"coach": placement.coach})
            if placement.adaptations:
                self.paragraph(f"{_('Agreed adaptations:')} {placement.adaptations}")
            self.table(
                [_("Week"), _("Planned hours"), _("Hours worked")],
                [
                    [
                        _("Week %(n)s (from %(date)s)")
                        % {"n": week["number"], "date": date_format(week["starts"], "j M")},
                        _hours(week["planned"]),
                        self.worked_text(week),
                    ]
                    for week in item["weeks"]
                ],
                (70, 50, 54),
            )

    @staticmethod
    def worked_text(week) -> str:
        if week["worked"] is None:
            return _("not reported") if week["past"] else "–"
        text = _hours(week["worked"])
        return f"{text} ({_('fewer than planned')})" if week["behind"] else text

    def task_table(self, occupation, with_adapt: bool):
        headings = [_("Task"), _("Share of the time"), _("Fit")]
        widths = (104, 30, 40)
        rows = [[t["name"], f"{t['share']}%", t["status_label"]] for t in occupation["tasks"]]
        if with_adapt:
            headings.append(_("To adapt"))
            widths = (62, 22, 30, 60)
            rows = [row + [", ".join(t["adapt"]) or "–"] for row, t in zip(rows, occupation["tasks"], strict=True)]
        self.table(headings, rows, widths)


class WorkerReportPdf(ReportPdf):
    def placements_heading(self):
        return _("Your placement and building up your hours")

    def empty_text(self):
        return _(
            "You have no capacity profile yet. Your reintegration professional can fill it in, or you can "
            "fill it in yourself."
        )

    def body(self):
        stored = self.report["stored"]
        if stored.self_reported:
            self.paragraph(_("Filled in by yourself"))
        else:
            self.paragraph(
                _("Assessed on %(date)s by the %(source)s")
                % {"date": _date(stored.assessed_on), "source": stored.source_label}
            )
        self.heading(_("Kinds of work that fit you"))
        if self.report["occupations"]:
            self.paragraph(
                _(
                    "These kinds of work fit what you can do. If a task says “fits if adapted”, it can be "
                    "done with a change, for example an aid. Talk about this with your professional."
                )
            )
            for occupation in self.report["occupations"]:
                self.heading(f"{occupation['title']} — {occupation['status_label']}", level=2)
                self.task_table(occupation, with_adapt=False)
        else:
            self.paragraph(
                _(
                    "None of the kinds of work in our list fits you completely. Talk with your "
                    "professional about what is possible."
                )
            )
        self.vacancies(_("Vacancies that fit you"), _("There are no open vacancies that fit you right now."))
        self.discuss(_("To discuss with your professional"))
        self.hours()


class ProfessionalReportPdf(ReportPdf):
    def placements_heading(self):
        return _("Placements and build-up")

    def empty_text(self):
        return _("No capacity profile has been entered yet.")

    def body(self):
        assessment = self.report["assessment"]
        self.heading(_("Assessment"))
        self.table(
            [_("Assessed by"), _("Assessed on"), _("Valid from"), _("Review on"), _("Version")],
            [
                [
                    assessment["source"],
                    _date(assessment["assessed_on"]),
                    _date(assessment["valid_from"]),
                    _date(assessment["review_on"]),
                    f"{assessment['version']} ({_date(assessment['updated_at'])})",
                ]
            ],
            (50, 28, 28, 28, 40),
        )
        self.hours()
        self.heading(_("Capacity per FML section"))
        for section in self.report["sections"]:
            self.heading(f"{section['code']} {section['name']}", level=2)
            if not section["lines"]:
                self.paragraph(_("No limitations."))
                continue
            self.table(
                [_("Code"), _("Item"), _("FML code"), _("Capacity"), _("Note")],
                [
                    [
                        line["code"],
                        line["name"],
                        "–" if line["fml"] is None else line["fml"],
                        line["text"] or "–",
                        line["note"] or "–",
                    ]
                    for line in section["lines"]
                ],
                (18, 40, 16, 50, 50),
            )
        self.discuss(_("Points to discuss"))
        self.heading(_("Matching occupations"))
        if not self.report["occupations"]:
            self.paragraph(_("No occupation in the occupation database fits this profile."))
        for occupation in self.report["occupations"]:
            self.heading(
                f"{occupation['title']} (ISCO {occupation['isco_code']}) — {occupation['status_label']}", level=2
            )
            self.task_table(occupation, with_adapt=True)
        self.vacancies(_("Vacancies that fit"), _("There are no open vacancies that fit right now."))
