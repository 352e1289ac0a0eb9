"""Forms of the catalog pages: describing a dataset, uploading, correcting how a file is read,
requesting and deciding access."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aqyl.catalog.models import Dataset
from aqyl.lake.csv_reader import COLUMN_TYPES

METADATA_WIDGETS = {
    "description_kk": forms.Textarea(attrs={"rows": 4}),
    "description_ru": forms.Textarea(attrs={"rows": 4}),
    "description_en": forms.Textarea(attrs={"rows": 4}),
    "temporal_start": forms.DateInput(attrs={"type": "date"}),
    "temporal_end": forms.DateInput(attrs={"type": "date"}),
}
ENCODINGS = (("", _("Detect")), ("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 (BOM)"),
             ("utf-16", "UTF-16"), ("cp1251", "Windows-1251"), ("kz1048", "KZ-1048"))
DELIMITERS = (("", _("Detect")), (",", _("comma ,")), (";", _("semicolon ;")),
              ("\t", _("tab")), ("|", _("vertical bar |")))
YES_NO = (("", _("Detect")), ("true", _("Yes")), ("false", _("No")))
HEADER_ROWS = (("", _("Detect")), (1, _("One row")),
               (2, _("Two rows: group labels above the labels of their parts")))


class DatasetForm(forms.ModelForm):  # type: ignore[type-arg]
    tags_text = forms.CharField(label=_("Tags"), required=False, max_length=1000,
                                help_text=_("Comma-separated words that help people find it."))

    class Meta:
        model = Dataset
        fields = ("title_kk", "title_ru", "title_en", "description_kk", "description_ru",
                  "description_en", "sector", "access_level", "licence", "update_frequency",
                  "spatial_coverage_kk", "spatial_coverage_ru", "spatial_coverage_en",
                  "temporal_start", "temporal_end", "contact_email")
        widgets = METADATA_WIDGETS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["tags_text"].initial = ", ".join(self.instance.tags)

    def metadata(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["tags"] = self.cleaned_data.get("tags_text", "")
        return data


class NewDatasetForm(DatasetForm):
    organisation = forms.ChoiceField(label=_("Organisation"))
    name = forms.SlugField(label=_("Short name"), max_length=80,
                           help_text=_("Part of the address: lowercase Latin letters, digits "
                                       "and hyphens, e.g. schools-2025."))
    file = forms.FileField(label=_("File"),
                           help_text=_("CSV, Excel (XLSX, XLS, ODS), JSON, JSON Lines or "
                                       "Parquet."))

    field_order = ("organisation", "name", "file")

    def __init__(self, *args: Any, organisations: list[tuple[str, str]], **kwargs: Any
                 ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = organisations  # type: ignore[attr-defined]
        self.fields["sector"].required = False
        self.fields["sector"].help_text = _("Empty: the organisation's sector.")

    def metadata(self) -> dict[str, Any]:
        data = {**super().metadata(), "name": self.cleaned_data["name"]}
        return {k: v for k, v in data.items() if not (k == "sector" and not v)}


class VersionUploadForm(forms.Form):
    file = forms.FileField(label=_("File"),
                           help_text=_("CSV, Excel (XLSX, XLS, ODS), JSON, JSON Lines or "
                                       "Parquet."))


class ReadingOptionsForm(forms.Form):
    """What the reader understood, for the steward to correct. Empty means 'detect'."""

    encoding = forms.ChoiceField(label=_("Encoding"), choices=ENCODINGS, required=False)
    delimiter = forms.ChoiceField(label=_("Delimiter"), choices=DELIMITERS, required=False)
    header = forms.ChoiceField(label=_("First row is the header"), choices=YES_NO,
                               required=False)
    decimal_comma = forms.ChoiceField(label=_("Decimal comma"), choices=YES_NO, required=False)
    sheet = forms.CharField(label=_("Sheet"), required=False, max_length=100)
    header_row = forms.IntegerField(label=_("Header row number"), required=False, min_value=1,
                                    max_value=1000)
    header_rows = forms.TypedChoiceField(label=_("Header rows"), choices=HEADER_ROWS,
                                         coerce=int, empty_value=None, required=False)
    drop_totals_row = forms.BooleanField(label=_("Drop a totals row at the bottom"),
                                         required=False, initial=True)

    def __init__(self, *args: Any, columns: list[dict[str, str]] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.columns = columns or []
        choices = [("", _("As detected"))] + [(t, t) for t in sorted(COLUMN_TYPES)]
        for index, column in enumerate(self.columns):
            self.fields[f"type_{index}"] = forms.ChoiceField(
                label=column["name"], choices=choices, required=False)

    def options(self) -> dict[str, Any]:
        data = self.cleaned_data
        options: dict[str, Any] = {
            key: data[key] for key in ("encoding", "delimiter", "sheet", "header_row",
                                       "header_rows")
            if data.get(key) not in (None, "")
        }
        for key in ("header", "decimal_comma"):
            if data.get(key):
                options[key] = data[key] == "true"
        if not data.get("drop_totals_row"):
            options["drop_totals_row"] = False
        types = {column["name"]: data[f"type_{index}"]
                 for index, column in enumerate(self.columns) if data.get(f"type_{index}")}
        if types:
            options["column_types"] = types
        return options

    @classmethod
    def initial_from(cls, options: dict[str, Any], columns: list[dict[str, str]]
                     ) -> dict[str, Any]:
        initial = {k: v for k, v in options.items() if k != "column_types"}
        for key in ("header", "decimal_comma"):
            if key in options:
                initial[key] = "true" if options[key] else "false"
        initial.setdefault("drop_totals_row", True)
        types = options.get("column_types", {})
        for index, column in enumerate(columns):
            if column["name"] in types:
                initial[f"type_{index}"] = types[column["name"]]
        return initial


class AccessRequestForm(forms.Form):
    purpose = forms.CharField(
        label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000,
        help_text=_("What you will use the data for, and who will work with it."))
    until = forms.DateField(label=_("Needed until"),
                            widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["until"].initial = timezone.localdate() + timedelta(days=90)


LANGUAGE_NAMES = {"kk": _("Kazakh"), "ru": _("Russian"), "en": _("English")}


class ColumnDescriptionsForm(forms.Form):
    """A description per column in each language; an emptied box removes that text."""

    def __init__(self, *args: Any, columns: list[dict[str, str]],
                 stored: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.columns = columns
        for index, column in enumerate(columns):
            texts = stored.get(column["name"]) or {}
            if not isinstance(texts, dict):
                texts = {"kk": str(texts)}
            for lang, language in LANGUAGE_NAMES.items():
                self.fields[f"c{index}_{lang}"] = forms.CharField(
                    label=f"{column['name']} ({language})", required=False, max_length=2000,
                    initial=texts.get(lang, ""),
                    widget=forms.Textarea(attrs={"rows": 2, "lang": lang}))

    def rows(self) -> list[dict[str, Any]]:
        """Per column: its name, type and its three boxes, for a table of inputs."""
        return [{"name": column["name"], "type": column["type"],
                 "boxes": [self[f"c{index}_{lang}"] for lang in LANGUAGE_NAMES]}
                for index, column in enumerate(self.columns)]

    def descriptions(self) -> dict[str, dict[str, str]]:
        return {column["name"]: {lang: self.cleaned_data[f"c{index}_{lang}"]
                                 for lang in LANGUAGE_NAMES}
                for index, column in enumerate(self.columns)}


class WithdrawForm(forms.Form):
    # Not required here: the service says why an empty reason is refused.
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown on the dataset's page and kept in the audit log."))


class DeleteForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}), help_text=_("Kept in the audit log."))
    confirm = forms.CharField(label=_("Type the dataset's name to confirm"), max_length=200,
                              required=False)

    def __init__(self, *args: Any, slug: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.slug = slug
        self.fields["confirm"].help_text = _("For example: %(slug)s") % {"slug": slug}

    def clean_confirm(self) -> str:
        typed = str(self.cleaned_data.get("confirm", "")).strip()
        if typed != self.slug:
            raise forms.ValidationError(_("Type %(slug)s exactly to confirm.")
                                        % {"slug": self.slug})
        return typed
