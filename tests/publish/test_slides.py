"""The workshop slides: speaker notes on every slide, lists that fit, figures that agree."""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation

from lws.publish.state import BUILD_DIR


def _slides(project: Path) -> list[tuple[str, str, str]]:
    deck = Presentation(str(project / BUILD_DIR / "slides.pptx"))
    out = []
    for slide in deck.slides:
        title = slide.shapes.title.text if slide.shapes.title is not None else ""
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        body = "\n".join(
            shape.text_frame.text
            for shape in slide.shapes
            if shape.has_text_frame and shape != slide.shapes.title
        )
        out.append((title, body, notes))
    return out


def test_every_slide_has_speaker_notes(example: Path, sparse: Path) -> None:
    for project in (example, sparse):
        slides = _slides(project)
        assert len(slides) >= 3
        assert all(notes.strip() for _, _, notes in slides), project.name


def test_notes_come_from_the_data(example: Path) -> None:
    notes = {title: text for title, _, text in _slides(example)}
    assert "Recruiting and retaining: " in notes["Strategic themes"]
    assert "Mark Denby" in notes["Risks"]  # the owner of the highest risk


def test_no_slide_lists_more_than_five_points(example: Path) -> None:
    for title, body, _ in _slides(example):
        points = [line for line in body.splitlines() if line.strip()]
        assert len(points) <= 6, title


def test_the_progress_table_agrees_with_the_board(example: Path) -> None:
    deck = Presentation(str(example / BUILD_DIR / "slides.pptx"))
    tables = [s.table for slide in deck.slides for s in slide.shapes if s.has_table]
    headers = [cell.text for cell in tables[0].rows[0].cells]
    assert "Not yet started" in headers and "Overall" in headers


def test_a_charts_caption_fits_a_line_or_two(example: Path) -> None:
    """About 45 characters make a line of a slide's caption (LibreOffice renders): the risk
    heat map's took three, down to the slide's foot."""
    deck = Presentation(str(example / BUILD_DIR / "slides.pptx"))
    captions = {
        slide.shapes.title.text: [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        for slide in deck.slides
        if slide.shapes.title is not None and any(s.shape_type == 13 for s in slide.shapes)
    }
    assert "Risks" in captions
    for title, texts in captions.items():
        assert all(len(text) <= 90 for text in texts), title
