"""The classes of a training set: from the class field's values, named and coloured by the
layer's categorized style when it has one (what the user sees in the legend), else by the
value and Geomorph's fixed palette."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import GeomorphError
from ..i18n import tr
from ..landcover.contract import DEFAULT_PALETTE
from ..vectors import sorted_values

MAX_CLASSES = 254  # masks are bytes; 255 marks unlabelled pixels


@dataclass
class StyledValue:
    """One category of a categorized renderer: the field value, its legend label, its colour."""

    value: str
    label: str
    colour: tuple[int, int, int]


@dataclass
class TrainingClass:
    index: int
    name: str
    colour: tuple[int, int, int]
    values: list[str]


def hex_colour(colour: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour)


def _palette(i: int) -> tuple[int, int, int]:
    text = DEFAULT_PALETTE[i % len(DEFAULT_PALETTE)].lstrip("#")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def _same(a: str, b: str) -> bool:
    if a == b:
        return True
    try:
        return float(a) == float(b)
    except ValueError:
        return a.casefold() == b.casefold()


def training_classes(values: list[str], styles: list[StyledValue] | None = None) -> list[TrainingClass]:
    """Classes in the style's order (categories no polygon uses are left out), then unstyled values."""
    present = sorted_values(values)
    classes: list[TrainingClass] = []
    used: set[str] = set()
    by_name: dict[str, TrainingClass] = {}
    for style in styles or []:
        matching = [v for v in present if v not in used and _same(v, style.value)]
        if not matching:
            continue
        name = style.label.strip() or style.value
        existing = by_name.get(name.casefold())
        if existing is not None:  # two categories with one legend label are one class
            existing.values += matching
        else:
            cls = TrainingClass(len(classes), name, tuple(style.colour), matching)
            classes.append(cls)
            by_name[name.casefold()] = cls
        used.update(matching)
    for value in present:
        if value in used:
            continue
        existing = by_name.get(value.casefold())
        if existing is not None:
            existing.values.append(value)
            continue
        cls = TrainingClass(len(classes), value, _palette(len(classes)), [value])
        classes.append(cls)
        by_name[value.casefold()] = cls
    if len(classes) < 2:
        raise GeomorphError(tr("The polygons hold {n} class ({names}): a model needs at least two. Draw polygons of "
                               "the other classes too (for example water and vegetation besides terrain), or choose "
                               "the right class field.").format(n=len(classes),
                                                                names=", ".join(c.name for c in classes) or "-"))
    if len(classes) > MAX_CLASSES:
        raise GeomorphError(tr("The polygons hold {n} classes, more than the {m} a training mask can hold. Merge "
                               "classes, or choose the right class field.").format(n=len(classes), m=MAX_CLASSES))
    return classes
