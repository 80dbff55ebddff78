"""The converters: Pandoc (HTML, DOCX, PPTX, Typst source) and Typst (PDF)."""
