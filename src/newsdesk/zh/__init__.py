"""Chinese text for search: normalisation with offset maps (normalize) and Whoosh analysis."""
