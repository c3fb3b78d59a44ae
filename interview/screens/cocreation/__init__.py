"""The co-creation workshop screen in one folder: the screen (``screen.py``: layout, consent,
countdowns, drafts, the end), what each activity saves (``activities.py``), the add-a-participant
dialog (``participant.py``) and their styles. The app opens ``CoCreationScreen`` from here."""

from interview.screens.cocreation.screen import CoCreationScreen

__all__ = ["CoCreationScreen"]
