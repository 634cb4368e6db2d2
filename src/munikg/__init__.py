"""munikg: a knowledge graph of Japanese municipal governance."""

__version__ = "0.1.0"
