"""The forms of a rendered page, as a browser would submit them.

The fuzzer reads the fields from the HTML rather than from the form classes,
so it sends what a user (or an attacker with the page open) can send: hidden
fields, the admin's inline management forms and all.
"""

import dataclasses
from html.parser import HTMLParser


@dataclasses.dataclass
class Field:
    name: str
    # input type ("text", "date", "file", "checkbox", ...), "select" or "textarea"
    kind: str
    # The values a choice offers (select options, radio and checkbox values).
    options: list[str] = dataclasses.field(default_factory=list)
    # What the browser would send untouched: values, checked, selected.
    values: list[str] = dataclasses.field(default_factory=list)
    multiple: bool = False


@dataclasses.dataclass
class Form:
    method: str
    action: str
    enctype: str
    fields: dict[str, Field] = dataclasses.field(default_factory=dict)

    def field(self, name: str, kind: str) -> Field:
        if name not in self.fields:
            self.fields[name] = Field(name=name, kind=kind)
        return self.fields[name]

    def initial_data(self) -> dict[str, list[str]]:
        """The data the browser sends when the user changes nothing."""
        return {
            name: list(field.values)
            for name, field in self.fields.items()
            if field.values and field.kind not in ("submit", "file")
        }

    def filled_in(self) -> dict[str, list[str]]:
        """initial_data() with every empty text filled in and a choice made
        where none is, the way a user gets past "this field is required":
        then a fuzzed field is what makes the form refuse, if anything."""
        data = self.initial_data()
        for name, field in self.fields.items():
            if field.values and any(field.values):
                continue
            if field.kind in ("text", "textarea", "search"):
                data[name] = ["Wat gemeenten in de praktijk zien."]
            elif field.kind in ("select", "radio") and any(field.options):
                data[name] = [next(option for option in field.options if option)]
        return data


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._option: dict | None = None
        self._textarea: Field | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {key: (value if value is not None else "") for key, value in attrs}
        if tag == "form":
            self._form = Form(
                method=a.get("method", "get").lower(),
                action=a.get("action", ""),
                enctype=a.get("enctype", ""),
            )
            self.forms.append(self._form)
            return
        form = self._form
        if form is None or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("reset", "image"):
                return
            field = form.field(name, kind)
            value = a.get("value", "on" if kind in ("checkbox", "radio") else "")
            if kind in ("checkbox", "radio"):
                field.options.append(value)
                field.multiple = field.multiple or (
                    kind == "checkbox" and len(field.options) > 1
                )
                if "checked" in a:
                    field.values.append(value)
            elif kind == "submit":
                field.options.append(value)
            else:
                field.values.append(value)
        elif tag == "button" and name:
            form.field(name, "submit").options.append(a.get("value", ""))
        elif tag == "select" and name:
            self._select = form.field(name, "select")
            self._select.multiple = "multiple" in a
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "selected": "selected" in a}
            self._text = []
        elif tag == "textarea" and name:
            self._textarea = form.field(name, "textarea")
            self._text = []

    def handle_data(self, data):
        if self._option is not None or self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._end_option()
            self._select = None
        elif tag == "option":
            self._end_option()
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops the newline right after <textarea>.
            text = "".join(self._text)
            self._textarea.values.append(text.removeprefix("\n"))
            self._textarea = None

    def _end_option(self):
        option, select = self._option, self._select
        if option is None or select is None:
            return
        value = option["value"]
        if value is None:
            value = "".join(self._text).strip()
        select.options.append(value)
        if option["selected"]:
            select.values.append(value)
        self._option = None


def parse_forms(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    for form in parser.forms:
        for field in form.fields.values():
            # A single select sends its first option when none is selected.
            if (
                field.kind == "select"
                and not field.multiple
                and not field.values
                and field.options
            ):
                field.values.append(field.options[0])
    return parser.forms
