"""polit-corpus: a span-annotated corpus of POLIT press releases and their syndication.

Stages, one module each, data flowing one way:
sources (raw, verbatim) -> clean -> metadata -> annotate (standoff -> spans) -> links
(cross-document) -> validate -> publish (build the Hub folder).
"""

__version__ = "0.1.0"
