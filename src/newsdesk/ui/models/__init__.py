"""Qt models over the library: they hold ids (or pages of hits) and fetch rows on demand."""
