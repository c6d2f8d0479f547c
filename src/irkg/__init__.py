"""irkg: a knowledge graph of international relations built from annotated articles."""

__version__ = "0.1.0"
