"""The nomination form: shapes and checks input; the operations decide and write."""

from __future__ import annotations

from flask_wtf.file import MultipleFileField
from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
    ValidationError,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, Optional, StopValidation

from evaluator.core.clock import BERLIN, now_utc
from evaluator.core.forms import AppForm, NumberRange
from evaluator.i18n import _, _l
from evaluator.nominations.markdown import MAX_DESCRIPTION_CHARS


def http_url(form: Form, field: URLField) -> None:
    if field.data and not field.data.lower().startswith(("http://", "https://")):
        raise ValidationError(_("Enter a web address starting with http:// or https://."))


def not_in_future(form: Form, field: IntegerField) -> None:
    if field.data is not None and field.data > now_utc().astimezone(BERLIN).year:
        raise ValidationError(_("The start year cannot lie in the future."))


def required_in_filled_row(*others: str, message):  # type: ignore[no-untyped-def]
    """Required as soon as any of the row's ``others`` is filled; runs before Optional() ends the chain."""

    def check(form: Form, field: StringField) -> None:
        if any((form[name].data or "").strip() for name in others) and not (field.data or "").strip():
            raise StopValidation(str(message))

    return check


def _filled(row: Form) -> bool:
    return any((f.data or "").strip() for f in row if isinstance(f.data, str))


class PartnerForm(Form):
    institution = StringField(
        _l("Partner institution"),
        validators=[
            required_in_filled_row("country", message=_l("Name the partner institution.")),
            Optional(),
            Length(max=200),
        ],
    )
    country = StringField(
        _l("Country"),
        validators=[
            required_in_filled_row("institution", message=_l("Give the partner's country.")),
            Optional(),
            Length(max=100),
        ],
    )


class ContactForm(Form):
    name = StringField(
        _l("Name"),
        validators=[
            required_in_filled_row("role", "email", "phone", message=_l("Give the contact person's name.")),
            Optional(),
            Length(max=120),
        ],
    )
    role = StringField(_l("Role"), validators=[Optional(), Length(max=120)])
    email = EmailField(
        _l("E-mail"),
        validators=[
            required_in_filled_row(
                "name", "role", "phone", message=_l("Give the contact person's e-mail address.")
            ),
            Optional(),
            Length(max=254),
            Email(check_deliverability=False),
        ],
    )
    phone = StringField(_l("Phone (optional)"), validators=[Optional(), Length(max=40)])


MAX_PARTNERS = 50
MAX_CONTACTS = 20


def at_most(limit: int):  # type: ignore[no-untyped-def]
    def check(form: Form, field: FieldList) -> None:
        if len(field.entries) > limit:
            raise ValidationError(_("At most %(n)d rows.", n=limit))

    return check


class NominationForm(AppForm):
    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=200)])
    category = SelectField(_l("Category"), coerce=int, validators=[InputRequired()])
    org_unit = SelectField(_l("Nominating unit"), coerce=int, validators=[InputRequired()])
    summary = TextAreaField(
        _l("Public summary"),
        validators=[Optional(), Length(max=600)],
        description=_l("Up to 600 characters; shown publicly if the initiative is awarded."),
    )
    description = TextAreaField(
        _l("Description"),
        validators=[Optional(), Length(max=MAX_DESCRIPTION_CHARS)],
        description=_l(
            "Markdown: **bold**, *italic*, lists with “- ”, links as [text](https://…). "
            "Up to 20,000 characters."
        ),
        render_kw={"rows": 12},
    )
    partners = FieldList(
        FormField(PartnerForm),
        min_entries=1,
        validators=[at_most(MAX_PARTNERS)],
        label=_l("Partner institutions"),
    )
    start_year = IntegerField(
        _l("Cooperation started in"), validators=[Optional(), NumberRange(min=1800, max=2200), not_in_future]
    )
    exchanged_students = IntegerField(
        _l("Students exchanged (last three years)"),
        validators=[Optional(), NumberRange(min=0, max=1_000_000)],
    )
    exchanged_staff = IntegerField(
        _l("Staff exchanged (last three years)"), validators=[Optional(), NumberRange(min=0, max=1_000_000)]
    )
    joint_degree_programmes = IntegerField(
        _l("Joint degree programmes"), validators=[Optional(), NumberRange(min=0, max=10_000)]
    )
    joint_publications = IntegerField(
        _l("Joint publications (last three years)"),
        validators=[Optional(), NumberRange(min=0, max=1_000_000)],
    )
    joint_events = IntegerField(
        _l("Joint events (last three years)"), validators=[Optional(), NumberRange(min=0, max=1_000_000)]
    )
    contacts = FieldList(
        FormField(ContactForm), min_entries=1, validators=[at_most(MAX_CONTACTS)], label=_l("Contact persons")
    )
    website = URLField(_l("Website"), validators=[Optional(), Length(max=500), http_url])
    attachments = MultipleFileField(
        _l("Add PDF attachments"), description=_l("PDF only, up to 10 MB each, at most five per nomination.")
    )
    head_support_confirmed = BooleanField(_l("The head of the unit supports this nomination."))
    version = HiddenField()

    add_partner = SubmitField(_l("Add a partner"))
    add_contact = SubmitField(_l("Add a contact person"))
    save = SubmitField(_l("Save"))
    save_and_submit = SubmitField(_l("Save and submit"))

    def partner_rows(self) -> list[tuple[str, str]]:
        """Filled partner rows; emptying a row is how it is removed without JavaScript."""
        return [
            ((row.form.institution.data or "").strip(), (row.form.country.data or "").strip())
            for row in self.partners
            if _filled(row.form)
        ]

    def contact_rows(self) -> list[dict[str, str | None]]:
        return [
            {
                "name": (row.form.name.data or "").strip(),
                "role": (row.form.role.data or "").strip(),
                "email": (row.form.email.data or "").strip(),
                "phone": (row.form.phone.data or "").strip() or None,
            }
            for row in self.contacts
            if _filled(row.form)
        ]


class EligibilityForm(AppForm):
    eligible = SelectField(
        _l("Verdict"),
        choices=[SelectChoice("yes", _l("Eligible")), SelectChoice("no", _l("Not eligible"))],
        validators=[InputRequired()],
    )
    reason = TextAreaField(
        _l("Reason"),
        validators=[Optional(), Length(max=2000)],
        description=_l("Required when the nomination is not eligible; the coordinator sees it."),
    )
    submit = SubmitField(_l("Save verdict"))
