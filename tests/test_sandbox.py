"""The resource sandbox: only files inside the project and data: URIs; every escape is refused."""

from __future__ import annotations

import socket

import pytest

from publication.sandbox import Refused, make_fetcher
from tests.conftest import run_cli

PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc000000301010018dd8db00000000049454e44ae426082"
)


@pytest.fixture()
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("the build tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.fixture()
def sandbox(tmp_path):
    project = tmp_path / "project"
    (project / "styles").mkdir(parents=True)
    (project / "styles" / "dot.png").write_bytes(PNG_1PX)
    (tmp_path / "outside.png").write_bytes(PNG_1PX)
    (project / "styles" / "link.png").symlink_to(tmp_path / "outside.png")
    (project / "styles" / "inner-link.png").symlink_to(project / "styles" / "dot.png")
    return project, make_fetcher(project)


def test_files_inside_the_project_and_data_uris_are_served(sandbox):
    project, fetcher = sandbox
    assert fetcher((project / "styles" / "dot.png").as_uri()).read() == PNG_1PX
    assert fetcher((project / "styles" / "inner-link.png").as_uri()).read() == PNG_1PX
    assert fetcher("data:text/plain,hello").read() == b"hello"
    assert fetcher.refused == []


@pytest.mark.parametrize(
    "url, words",
    [
        ("file:///etc/hostname", "is outside the project folder"),
        ("{outside}", "is outside the project folder"),
        ("{project}/../outside.png", "is outside the project folder"),
        ("{project}/styles/link.png", "leads outside the project folder"),
        ("file://fileserver/share/logo.png", "names another machine"),
        ("http://example.org/logo.png", "a build reads no network resource"),
        ("https://example.org/font.woff2", "a build reads no network resource"),
        ("ftp://example.org/logo.png", "a build reads no network resource"),
    ],
    ids=["absolute path", "file URL outside", "dot-dot", "symlink leaving", "other host", "http", "https", "ftp"],
)
def test_every_escape_is_refused(sandbox, no_network, url, words):
    project, fetcher = sandbox
    url = url.format(project=project.as_uri(), outside=(project.parent / "outside.png").as_uri())
    with pytest.raises(Refused, match=words):
        fetcher(url)
    assert [u for u, _ in fetcher.refused] == [url]


@pytest.mark.build
def test_a_build_reading_outside_the_project_fails_and_keeps_the_previous_output(
    project_copy, tmp_path_factory, no_network
):
    output = project_copy / "output"
    args = ("build", "--kind", "programme", "--lang", "el", "--variant", "screen", "--output", str(output))
    assert run_cli(*args, project=project_copy).exit_code == 0
    pdf = output / "el" / "programme-2017-05-thessaloniki-screen.pdf"
    before, manifest = pdf.read_bytes(), (output / "manifest.json").read_bytes()

    outside = tmp_path_factory.mktemp("elsewhere") / "outside.png"  # project_copy is a tmp_path itself
    outside.write_bytes(PNG_1PX)
    (project_copy / "styles" / "escape.png").symlink_to(outside)
    layout = project_copy / "layouts" / "programme.html"
    lines = layout.read_text(encoding="utf-8").splitlines(keepends=True)
    body = next(i for i, line in enumerate(lines) if "{% block body %}" in line) + 1
    lines[body:body] = [
        '<img src="https://example.org/logo.png" alt="">\n',
        '<img src="/etc/hostname" alt="">\n',
        '<img src="file:///etc/passwd" alt="">\n',
        '<img src="styles/escape.png" alt="">\n',
        f'<img src="data:image/png;base64,{__import__("base64").b64encode(PNG_1PX).decode()}" alt="">\n',
    ]
    layout.write_text("".join(lines), encoding="utf-8")

    result = run_cli(*args, project=project_copy)
    assert result.exit_code == 2, result.output
    assert "4 problems" in result.output
    for line, words in [
        (1, "'https://example.org/logo.png' is a https address"),
        (2, "'/etc/hostname' is outside"),
        (3, "'/etc/passwd' is outside"),
        (4, "'styles/escape.png' leads outside"),
    ]:
        assert f"layouts/programme.html:{body + line}: src refused: {words}" in result.output
    assert "Traceback" not in result.output
    assert pdf.read_bytes() == before and (output / "manifest.json").read_bytes() == manifest
    assert not list(output.rglob("*.partial"))


@pytest.mark.build
def test_an_image_named_in_the_sources_is_printed(project_copy):
    from PIL import Image

    (project_copy / "sources" / "images").mkdir()
    Image.new("RGB", (614, 413), (30, 90, 150)).save(project_copy / "sources/images/port.jpg", dpi=(300, 300))
    workshop = project_copy / "sources/workshops/2017-05-thessaloniki.yaml"
    workshop.write_text(
        workshop.read_text(encoding="utf-8").replace(
            "venue:\n", "image:\n  src: sources/images/port.jpg\n  alt: The port of Thessaloniki\nvenue:\n", 1
        ),
        encoding="utf-8",
    )
    output = project_copy / "output"
    result = run_cli(
        "build",
        "--kind",
        "programme",
        "--lang",
        "el",
        "--variant",
        "print",
        "--output",
        str(output),
        project=project_copy,
    )
    assert result.exit_code == 0, result.output
    import pikepdf

    with pikepdf.open(output / "el/programme-2017-05-thessaloniki-print.pdf") as pdf:
        images = [x for x in pdf.pages[0].get_images().values() if int(x.Width) == 614]
        assert images, "the workshop's image is not on the first page"
