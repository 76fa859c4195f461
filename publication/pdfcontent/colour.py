"""Colour spaces as content streams name them, and the operators that set a device colour."""

from __future__ import annotations

import pikepdf
from pikepdf import Name

# Operators that set a device colour space and its colour together (lower case: fill).
DEVICE_COLOUR_OPERATORS = {"rg": "/DeviceRGB", "k": "/DeviceCMYK", "g": "/DeviceGray"}

DEVICE_COMPONENTS = {"/DeviceRGB": 3, "/DeviceCMYK": 4, "/DeviceGray": 1, "/Pattern": 0}


def colour_space_family(space, resources) -> tuple[str, int]:
    """A colour space as (family, components): ('/DeviceRGB', 3), ('/ICCBased', 4), ('/Pattern', 0)…"""
    if isinstance(space, (Name, str)):
        name = str(space)
        if name in DEVICE_COMPONENTS:
            return name, DEVICE_COMPONENTS[name]
        named = resources.get("/ColorSpace", {}).get(name) if resources is not None else None
        if named is None:
            return name, 0
        space = named
    if isinstance(space, pikepdf.Array) and len(space):
        return _array_space_family(space, resources)
    return str(space), 0


def _array_space_family(space: pikepdf.Array, resources) -> tuple[str, int]:
    """A colour space written as an array: [/ICCBased stream], [/Indexed base …], [/Separation …]…"""
    family = str(space[0])
    if family == "/ICCBased":
        components = int(space[1].get("/N", 0))
        return ("/ICCBased-RGB" if components == 3 else "/ICCBased"), components
    if family == "/Indexed":
        base, _ = colour_space_family(space[1], resources)
        return ("/Indexed-RGB" if "RGB" in base else "/Indexed"), 1
    if family in ("/CalRGB", "/Lab"):
        return family, 3
    if family == "/CalGray":
        return family, 1
    if family in ("/Separation", "/DeviceN"):
        alternate, _ = colour_space_family(space[2], resources)
        return family + ("-RGB" if "RGB" in alternate else ""), 1 if family == "/Separation" else len(space[1])
    return family, 0  # /Pattern and anything unknown: no components of its own


def is_rgb(family: str) -> bool:
    return "RGB" in family
