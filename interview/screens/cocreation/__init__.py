"""The co-creation workshop screen in one folder: the screen (``screen.py``: layout, consent, the activity
switcher, countdowns, the people in the room, drafts, saving what the activity views ask, the end), the
add-a-participant dialog (``participant.py``) and their styles. Each activity's keys live in its view in
``widgets/cocreation/``. The app opens ``CoCreationScreen`` from here."""

from interview.screens.cocreation.screen import CoCreationScreen

__all__ = ["CoCreationScreen"]
