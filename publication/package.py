"""`make-publication package`: for each print PDF a build made, one zip ready to send to the printer.

`output/packages/<lang>/<name>.zip` holds the print PDF (and its printer's spreads when imposed), their
job tickets and a `SHA256SUMS` list (`sha256sum -c SHA256SUMS` after unzipping). Only what the build
wrote goes in: each file is checked against the manifest's and the build state's checksums first. A
draft is refused unless `--allow-draft` (its ticket says DRAFT anyway). A zip is written only where
nothing is, or over a zip this command wrote (`.packages.json` records each with its checksum), under
the build's lock; the bytes depend on the files alone (fixed times, sorted entries).
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import click

from .command_options import common_options, selection_options
from .errors import UsageError, terminal_safe
from .messages import _, ngettext
from .ownership import output_folder, refuse_linked_folder
from .plan import SETTINGS_OF_VARIANT, Project
from .state import STATE, load_state

PACKAGES = "packages"  # inside the output folder: output/packages/<lang>/<name>.zip
RECORD = ".packages.json"  # the zips this command wrote, with their checksums: the only ones it replaces
SUMS = "SHA256SUMS"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: the same bytes whenever it is made


@dataclass
class Package:
    """One publication's files for the printer: its print PDF first, then its spreads, with their tickets."""

    name: str  # output/packages/<lang>/<name>.zip, relative to the output folder
    entries: list[dict] = field(default_factory=list)
    members: dict[str, bytes] = field(default_factory=dict)

    @property
    def draft(self) -> list[str]:
        return sorted({source for entry in self.entries for source in entry.get("print", {}).get("draft", [])})


def selected_packages(entries: list[dict], kinds, events, languages) -> list[Package]:
    """The print files of the manifest the selection names, one package per publication (its print PDF
    and the spreads imposed from it share its kind, event and language)."""
    packages: dict[tuple, Package] = {}
    for entry in entries:
        if not SETTINGS_OF_VARIANT.get(str(entry.get("variant")), SETTINGS_OF_VARIANT["screen"]).for_press:
            continue
        if (kinds and entry["kind"] not in kinds) or (languages and entry["language"] not in languages):
            continue
        if events and entry.get("workshop") not in events:
            continue
        key = (entry["kind"], entry.get("workshop"), entry["language"])
        packages.setdefault(key, Package("")).entries.append(entry)
    for package in packages.values():
        package.entries.sort(key=lambda entry: bool(entry.get("imposed") == "saddle"))  # the pages first
        main = PurePosixPath(package.entries[0]["path"])
        package.name = f"{PACKAGES}/{package.entries[0]['language']}/{main.stem}.zip"
    return sorted(packages.values(), key=lambda package: package.name)


def read_manifest(output: Path) -> list[dict]:
    path = output / "manifest.json"
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))["files"]
    except FileNotFoundError:
        raise UsageError(
            _(
                "{path} does not exist: nothing has been built in {output} yet, so there is nothing to package\n    fix: build the print PDFs first, e.g. `make-publication build --variant print --lang fr`"
            ).format(path=path, output=output)
        ) from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UsageError(
            _(
                "{path} cannot be read ({exc}): the package command reads it to know what the build wrote\n    fix: build again (`make-publication build`), which writes a new one; do not edit it"
            ).format(path=path, exc=exc)
        ) from None
    return [entry for entry in entries if isinstance(entry, dict) and isinstance(entry.get("path"), str)]


def checked_files(output: Path, package: Package, recorded: dict[str, str]) -> None:
    """Read each file of the package, refused unless it is the one the build wrote: the PDF as the
    manifest's checksum says, the ticket as the build state's."""
    for entry in package.entries:
        wanted = {entry["path"]: entry.get("sha256")}
        if isinstance(entry.get("ticket"), str):
            wanted[entry["ticket"]] = recorded.get(entry["ticket"])
        for name, sha256 in wanted.items():
            path = output / name
            refuse_linked_folder(output, path)
            data = path.read_bytes() if path.is_file() and not path.is_symlink() else None
            if data is None or sha256 is None or hashlib.sha256(data).hexdigest() != sha256:
                raise not_the_built_file(path, entry, "is missing" if data is None else "differs from")
            package.members[PurePosixPath(name).name] = data


def not_the_built_file(path: Path, entry: dict, how: str) -> UsageError:
    rebuild = f"make-publication build --kind {entry['kind']} --lang {entry['language']} --variant print --force"
    if entry.get("workshop"):
        rebuild += f" --event {entry['workshop']}"
    return UsageError(
        _(
            "{path} {how} the file the build wrote (its SHA-256 is not the one in manifest.json and {state}): it was changed, replaced or made by someone else, and a printer must get the checked file; nothing was packaged\n    fix: build it again (`{rebuild}`), then package again"
        ).format(path=path, how=how, state=STATE, rebuild=rebuild)
    )


def refuse_drafts(packages: list[Package]) -> None:
    drafts = [package for package in packages if package.draft]
    if drafts:
        sources = sorted({source for package in drafts for source in package.draft})
        raise UsageError(
            ngettext(
                "{count} publication to package is a draft (PROVISOIRE / DRAFT on every page): {entries}, kept "
                "draft by {sources}; nothing was packaged\n    fix: set `status: final` in those files and build "
                "again; or, to send a proof, add --allow-draft (its ticket says DRAFT)",
                "{count} publications to package are drafts (PROVISOIRE / DRAFT on every page): {entries}, kept "
                "draft by {sources}; nothing was packaged\n    fix: set `status: final` in those files and build "
                "again; or, to send a proof, add --allow-draft (its ticket says DRAFT)",
                len(drafts),
            ).format(
                count=len(drafts), entries=", ".join(p.entries[0]["path"] for p in drafts), sources=", ".join(sources)
            )
        )


def sums(members: dict[str, bytes]) -> bytes:
    """`sha256sum`'s own format: the checksum, two spaces, the name; `sha256sum -c SHA256SUMS` checks it."""
    return "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(members.items())).encode()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    """A zip of `members` whose bytes depend on them alone: sorted names, one fixed time, fixed modes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so that the mode below is read
            info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            archive.writestr(info, members[name], compresslevel=9)
    return buffer.getvalue()


def read_record(output: Path) -> dict[str, str]:
    try:
        record = json.loads((output / PACKAGES / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in record.items()} if isinstance(record, dict) else {}


def refuse_foreign_files(output: Path, targets: list[str], record: dict[str, str]) -> None:
    """A zip is written where nothing is, or over one this command wrote and nobody changed since."""
    for name in targets:
        path = output / name
        refuse_linked_folder(output, path)
        if not (path.exists() or path.is_symlink()):
            continue
        ours = path.is_file() and not path.is_symlink() and record.get(name) == file_sha256(path)
        if not ours:
            raise UsageError(
                _(
                    "{path} is in the way: this command did not write it (or it was changed since), and it never replaces a file it did not write; nothing was packaged\n    fix: move it away (e.g. `mv {path} {path}.old`), then package again"
                ).format(path=path)
            )


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_packages(project: Project, packages: list[Package]) -> None:
    """Check every file first, then write every zip and the record, under the build's lock."""
    from .outputs import lock_output, refuse_non_files, write_atomically

    output = project.output
    with lock_output(output, project.root):
        built = load_state(output)
        recorded = {name: sha for known in built.outputs.values() for name, (_size, sha) in known["files"].items()}
        for package in packages:
            checked_files(output, package, recorded)
            package.members[SUMS] = sums(package.members)
        record = read_record(output)
        refuse_foreign_files(output, [package.name for package in packages], record)
        refuse_non_files([output / PACKAGES / RECORD])
        for package in packages:
            data = zip_bytes(package.members)
            write_atomically(output / package.name, data)
            record[package.name] = hashlib.sha256(data).hexdigest()
        text = json.dumps(record, indent=2, sort_keys=True) + "\n"
        write_atomically(output / PACKAGES / RECORD, text.encode())


@click.command()
@common_options
@selection_options(only=("--kind", "--event", "--lang"))
@click.option("--output", type=click.Path(file_okay=False), help="The output folder built. Default: output/.")
@click.option(
    "--allow-draft", is_flag=True, help="Also package draft publications (their tickets say DRAFT), for a proof."
)
@click.pass_obj
def package(obj, kinds, events, languages, output, allow_draft) -> None:
    """For each print PDF built (or those selected), write output/packages/LANG/NAME.zip for the printer:
    the PDF (and its spreads when imposed), its job ticket and a SHA256SUMS list."""
    root = Path(obj["root"]).resolve()
    project = Project(root, output_folder(root, output))
    entries = read_manifest(project.output)
    packages = selected_packages(entries, kinds, events, languages)
    if not packages:
        built = sorted({f"{e['language']}/{e['kind']}" for e in entries if e.get("variant") == "print"})
        raise UsageError(
            _(
                "no print PDF in {manifest} matches this selection (built for print: {built}); nothing was packaged\n    fix: build them first (`make-publication build --variant print` with the same --kind, --event, --lang), or change the selection"
            ).format(manifest=project.output / "manifest.json", built=", ".join(built) or _("none"))
        )
    if not allow_draft:
        refuse_drafts(packages)
    write_packages(project, packages)
    for item in packages:
        names = ", ".join(sorted(item.members))
        click.echo(
            _("wrote {file}: {names}").format(
                file=terminal_safe(str(project.output / item.name), one_line=True), names=names
            )
        )
        if item.draft:
            click.echo(
                _("warning: {name} is a draft (PROVISOIRE / DRAFT on every page): a proof, not for print").format(
                    name=item.name
                ),
                err=True,
            )
