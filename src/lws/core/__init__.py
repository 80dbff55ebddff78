"""The foundation every stage uses: the diagnostic value, reports of it, atomic writes."""
