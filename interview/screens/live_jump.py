"""Command palette (ctrl+p) on the live screen: jump to any question by typing part of it."""

from __future__ import annotations

from functools import partial
from typing import Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider


@runtime_checkable
class Jumpable(Protocol):
    def jump_targets(self) -> list[tuple[int, str, str]]: ...

    def go_to(self, index: int) -> None: ...


class QuestionJump(Provider):
    """Every question of the guide as 'Section › question', with whether it was asked yet."""

    async def search(self, query: str) -> Hits:
        screen = self.screen
        if isinstance(screen, Jumpable):
            matcher = self.matcher(query)
            for index, label, state in screen.jump_targets():
                score = matcher.match(label)
                if score > 0:
                    yield Hit(score, matcher.highlight(label), partial(screen.go_to, index), text=label, help=state)

    async def discover(self) -> Hits:
        screen = self.screen
        if isinstance(screen, Jumpable):
            for index, label, state in screen.jump_targets():
                yield DiscoveryHit(label, partial(screen.go_to, index), text=label, help=state)
