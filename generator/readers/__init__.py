"""One reader per snapshot format, each turning a snapshot into a Page."""
