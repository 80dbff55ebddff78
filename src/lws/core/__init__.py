"""The foundation every stage uses: the diagnostic value, reports of it, atomic writes, and
the domain rules written once (risk scales and bands, RAG status, dates in prose, reading
data of untrusted shape)."""
