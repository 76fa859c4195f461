"""The preview's words in the messages' language: its pages' Jinja environment (with `_()` and
`ngettext()` of messages.py) and the words its script writes into the page (badges, notes)."""

from __future__ import annotations

from pathlib import Path

import jinja2

from ..messages import _, current_language, ngettext


def page_templates(folder: Path) -> jinja2.Environment:
    """The preview's templates, their words marked `{{ _("…") }}` (extracted with Babel's jinja2 method)."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    environment.install_gettext_callables(  # type: ignore[attr-defined]  # added by the i18n extension
        lambda message: _(message), lambda one, many, count: ngettext(one, many, count), newstyle=False
    )
    environment.globals["language"] = current_language
    return environment


def script_words() -> dict[str, str]:
    """What preview.js writes into the page, in the messages' language (read from the page's JSON)."""
    return {
        "built": _("Below: the last pages that built."),
        "nothing": _("Nothing has built yet."),
        "goes_away": _("This message goes away by itself once the file is fixed and saved."),
        "fix": _("fix: {fix}"),
        "warning": _("warning: {warning}"),
        "building": _("rebuilding…"),
        "error": _("error"),
        "ok": _("up to date"),
        "stopped": _("preview stopped"),
    }


def warnings_label(count: int) -> str:
    """The warnings button's label: '1 warning', '3 warnings'."""
    return ngettext("{count} warning", "{count} warnings", count).format(count=count)
