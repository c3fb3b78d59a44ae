"""Rebuild the .docx fixtures (run from anywhere): Teams (new and old layout) and Otter.

Teams' "Download as .docx" writes one paragraph per turn, "Name   0:03" then a
line break then the words; older Teams/Stream files write the WebVTT timing,
the name and the words as three paragraphs. Otter writes "Speaker 1  0:01" and
the words as two paragraphs.
"""

from pathlib import Path

import docx

HERE = Path(__file__).parent
TURNS = [
    ("Priya Raman", 1.14, 4.53, "Thanks for making the time today, Dana."),
    ("Dana Smith", 5.01, 9.87, "Sure, happy to help. I only have about thirty minutes though."),
    ("Priya Raman", 10.2, 15.96, "Tell me about the last time you sent invoices at the end of the month."),
    ("Dana Smith", 16.48, 31.05, "So last Friday I spent the whole afternoon copying numbers from our time tracker "
     "into the invoicing tool. It's really frustrating because the export from the tracker drops the project codes."),
    ("Priya Raman", 31.5, 35.22, "Don't you think the export is painful?"),
    ("Dana Smith", 35.7, 42.9, "Yeah, I mean, it is. We ended up keeping a spreadsheet that maps the codes by hand."),
    ("Priya Raman", 43.4, 46.1, "Do you use that spreadsheet every month?"),
    ("Dana Smith", 46.6, 53.8, "Every single month. Last time I got two invoices wrong and a client called me about it."),
    ("Priya Raman", 54.2, 59.9, "Would you use a tool that did the mapping automatically?"),
    ("Dana Smith", 60.3, 66.7, "Probably, if it worked with our tracker. I worry about paying for yet another tool though."),
    ("Priya Raman", 67.1, 71.4, "What did you try before the spreadsheet?"),
    ("Dana Smith", 71.9, 79.2, "We tried a Zapier flow, but it broke whenever someone renamed a project, so we gave up on it."),
]


def mmss(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}:{secs:02d}"


def teams() -> None:
    document = docx.Document()
    document.add_heading("Invoicing interview", level=1)
    document.add_paragraph("Transcript")
    for name, start, _, text in TURNS:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{name}   {mmss(start)}").bold = True
        paragraph.add_run().add_break()
        paragraph.add_run(text)
    document.save(HERE / "teams.docx")


def teams_old() -> None:
    document = docx.Document()
    for name, start, end, text in TURNS:
        document.add_paragraph(f"0:0:{start:.3f} --> 0:0:{end:.3f}".replace("0:0:6", "0:1:0").replace("0:0:7", "0:1:1"))
        document.add_paragraph(name)
        document.add_paragraph(text)
    document.save(HERE / "teams-old.docx")


def otter() -> None:
    document = docx.Document()
    names = {"Priya Raman": "Speaker 1", "Dana Smith": "Speaker 2"}
    for name, start, _, text in TURNS:
        document.add_paragraph(f"{names[name]}  {mmss(start)}")
        document.add_paragraph(text)
    document.save(HERE / "otter.docx")


if __name__ == "__main__":
    teams()
    teams_old()
    otter()
