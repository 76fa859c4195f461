"""The screen palette: derived from the brand, readable at WCAG AA; print colours as declared."""

from __future__ import annotations

from publication.palette import contrast, readable, rgb_of, screen_brand
from publication.plan import SETTINGS_OF_VARIANT
from publication.sources import read_sources
from publication.typeset import colour_tokens
from tests.conftest import ROOT

BRAND = read_sources(ROOT / "sources").site.brand


def test_contrast_is_wcag():
    assert round(contrast(rgb_of("#000000"), rgb_of("#FFFFFF")), 2) == 21.0
    assert round(contrast(rgb_of("#777777"), rgb_of("#FFFFFF")), 2) == 4.48
    assert round(contrast(rgb_of("#EE7A3B"), rgb_of("#FFFFFF")), 2) == 2.81  # the brand orange, as audited


def test_screen_text_colours_reach_aa_on_every_background():
    screen = screen_brand(BRAND)
    for name in ("ink", "primary", "secondary", "accent", "muted"):
        for ground in ("paper", "tint"):
            ratio = contrast(rgb_of(getattr(screen, name).srgb), rgb_of(getattr(BRAND, ground).srgb))
            assert ratio >= 4.5, (name, ground, ratio)
    on_blue = screen_brand(BRAND, ("primary",))
    assert contrast(rgb_of(on_blue.accent.srgb), rgb_of(BRAND.primary.srgb)) >= 4.5


def test_derived_colours_keep_their_hue_and_change_no_more_than_needed():
    assert readable("#13326B", ("#FFFFFF",)) == "#13326B"  # already readable: unchanged
    darker = readable("#EE7A3B", ("#FFFFFF", "#EAF0F8"))
    r, g, b = rgb_of(darker)
    assert r > g > b  # still an orange
    assert 4.5 <= contrast(rgb_of(darker), rgb_of("#EAF0F8")) < 4.7


def test_print_tokens_are_the_brand_as_declared():
    tokens = colour_tokens(BRAND, SETTINGS_OF_VARIANT["print"])
    assert "--colour-accent: device-cmyk(0 0.62 0.85 0);" in tokens
    assert "--colour-accent-on-primary: device-cmyk(0 0.62 0.85 0);" in tokens
    screen = colour_tokens(BRAND, SETTINGS_OF_VARIANT["screen"])
    assert "--colour-accent: #EE7A3B;" not in screen and "--colour-secondary: #1E9A98;" not in screen
