"""The blocks of the guide sheets (Roles, Team structure, Model lifecycle) that other sheets link to.

A block's first cell carries a workbook-level name (``GuideFunctions``, ``GuideRoleMlEngineer``);
a link to it is a ``HYPERLINK("#name", label)`` formula, which Excel keeps right when rows are
inserted above the block, and whose value is its label (the cached value). A block is known by
its key, the word the data files use in ``see:`` ("functions", "role:ml_engineer").

Each guide sheet hands on its blocks (``RoleBlocks``, ``TeamBlocks``, ``LifecycleBlocks``);
Staffing, Checks and the playbook ask for them by type, and ``find`` looks a key up in all three.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .context import Context
from .spec import Formula, SheetSpec

__all__ = ["Block", "GuideBlocks", "LifecycleBlocks", "RoleBlocks", "TeamBlocks", "block_name", "define", "find", "put_link"]


@dataclass(frozen=True)
class Block:
    key: str  # as the data files name it in `see:`
    name: str  # the defined name on the block's first cell
    label: str  # what a link to the block shows: "Team structure: the four functions"


@dataclass(frozen=True)
class GuideBlocks:
    blocks: tuple[Block, ...]

    def get(self, key: str) -> Block | None:
        return next((b for b in self.blocks if b.key == key), None)


@dataclass(frozen=True)
class RoleBlocks(GuideBlocks):
    """The Roles sheet: its index ("roles") and one block per role ("role:<id>")."""


@dataclass(frozen=True)
class TeamBlocks(GuideBlocks):
    """The Team structure sheet's blocks."""


@dataclass(frozen=True)
class LifecycleBlocks(GuideBlocks):
    """The Model lifecycle sheet's blocks."""


def block_name(key: str) -> str:
    """The defined name of a block: "functions" -> "GuideFunctions", "role:ml_engineer" -> "GuideRoleMlEngineer"."""
    return "Guide" + "".join(part.title() for part in re.split(r"[:_]", key) if part)


def define(ctx: Context, sheet: SheetSpec, row: int, key: str, label: str) -> Block:
    """Name the block that starts at ``row`` of ``sheet`` (its cell in column A)."""
    block = Block(key, block_name(key), label)
    ctx.name(block.name, sheet.name, row, 1)
    return block


def find(ctx: Context, key: str) -> Block:
    """The block ``key`` names, on whichever guide sheet holds it."""
    for kind in (RoleBlocks, TeamBlocks, LifecycleBlocks):
        found = ctx.need(kind).get(key)
        if found is not None:
            return found
    raise LookupError(f"no guide sheet has a block {key!r}")


def put_link(sheet: SheetSpec, row: int, column: int, block: Block, label: str | None = None) -> None:
    """A link to ``block`` in a cell; it shows ``label`` (the block's own by default)."""
    text = block.label if label is None else label
    sheet.put(row, column, Formula(f'=HYPERLINK("#{block.name}","{text.replace(chr(34), chr(34) * 2)}")'), "hyperlink", cached=text)
