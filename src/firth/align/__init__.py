"""Aligned embedding spaces: map one space onto another from a seed dictionary.

Typical use is bilingual: English and Italian vectors trained separately, a dictionary of
a few thousand translation pairs, and a linear map that sends English vectors next to
their Italian translations (Mikolov, Le and Sutskever 2013)::

    import firth
    from firth.align import align, read_dictionary

    en, it = firth.load("en.vec"), firth.load("it.vec")
    mapping = align(en, it, read_dictionary("en-it.0-5000.txt"))     # Procrustes
    mapping.translate(["dog", "house"], k=5)                          # CSLS retrieval
    mapping.evaluate(read_dictionary("en-it.5000-6500.txt"))          # precision@1/5/10
    mapping.mapped().save("en-in-it")                                 # English, mapped

The pieces:

* :func:`read_dictionary`: one ``source target`` pair per line (:mod:`.dictionary`);
* :func:`align`: orthogonal Procrustes (default) or least squares, optional iterative
  refinement (self-learning from mutual CSLS nearest neighbours) (:mod:`.mapping`);
* :class:`Alignment`: the map; ``transform``, ``mapped``, ``translate`` and ``evaluate``
  with nearest-neighbour or CSLS retrieval (:mod:`.retrieval`), ``save``/``load`` in the
  native format (manifest kind ``"alignment"``).

Only NumPy is needed.
"""

from __future__ import annotations

from firth.align.alignment import Alignment, align
from firth.align.dictionary import parse_dictionary, read_dictionary
from firth.align.mapping import Method, Normalization
from firth.align.retrieval import Retrieval

__all__ = [
    "Alignment",
    "Method",
    "Normalization",
    "Retrieval",
    "align",
    "parse_dictionary",
    "read_dictionary",
]
