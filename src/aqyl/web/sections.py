"""The portal's sections that domain apps fill. Until a domain is installed its page says so."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    slug: str
    title: Promise
    purpose: Promise
    features: tuple[Promise, ...]
    concept: Promise
    url_name: str = ""

    @property
    def url(self) -> str:
        """The domain's own page once it is installed, else the section's description."""
        return reverse(self.url_name or f"web:{self.slug}")


SECTIONS = {
    s.slug: s
    for s in (
        Section(
            "datasets",
            _("Datasets"),
            _("Training datasets from the government data lake and from organisations, with "
              "dataset cards, quality scores and access levels."),
            (
                _("Search by organisation, sector, access level, licence and quality"),
                _("Dataset cards: overview, schema, statistics, sample rows, code snippets"),
                _("Read-only SQL over the lake; downloads in CSV, Parquet and XLSX"),
                _("Open, restricted and confidential data with access requests"),
            ),
            _("Concept direction 1: data, the Smart Data Ukimet lake, training datasets."),
            "catalog:datasets",
        ),
        Section(
            "compute",
            _("Compute"),
            _("Projects, compute allocations in CPU- and GPU-hours, and training jobs on the "
              "platform's cluster."),
            (
                _("Apply for an allocation and follow its use"),
                _("Submit training jobs, watch their logs, cancel them"),
                _("Monthly statements per project"),
            ),
            _("Concept direction 2: the supercomputer rented to citizens, business and science."),
        ),
        Section(
            "models",
            _("Models"),
            _("Experiments, the model registry and models deployed as APIs."),
            (
                _("Experiment tracking linked to the dataset versions a run read"),
                _("Registered model versions with evaluation, fairness and explanations"),
                _("Inference endpoints whose answers are labelled as AI output"),
            ),
            _("Concept direction 2.3: develop, train and deploy AI models."),
        ),
        Section(
            "products",
            _("AI products"),
            _("The public register of AI products built on the platform: what each does, who "
              "owns it, which models and data it uses, its risk class and status."),
            (
                _("Risk classification and conformity self-assessment"),
                _("Decision logs with human review and override"),
            ),
            _("Concept direction 5 and indicator 2: AI products developed on the platform."),
        ),
        Section(
            "programme",
            _("Programme"),
            _("The programme office of the AI Concept 2024-2029: target indicators, the action "
              "plan, the initiatives of public bodies and the yearly report."),
            (
                _("Eight target indicators with yearly targets and live actuals"),
                _("The 40 activities of the action plan with deadlines and owners"),
                _("AI initiatives from idea to pilot to product"),
            ),
            _("Concept section 6 and its appendix; the report due before 1 February."),
        ),
    )
}
