"""Phrase detection: join collocations such as ``new york`` into one token, ``new_york``.

:func:`learn_phrases` counts the words and bigrams of a corpus and keeps the bigrams that
score above a threshold (word2phrase's score or normalised PMI, exactly as gensim's
``Phrases`` computes them); several passes build longer phrases. The resulting
:class:`Phrases` joins them in sentences (:meth:`Phrases.transform`) or streams a whole
corpus (:meth:`Phrases.apply`), ready for :func:`firth.train`.

Examples
--------
>>> from firth.config.phrases import PhrasesConfig
>>> from firth.phrases import learn_phrases
>>> sentences = [[f"w{i}", "bank", "of", "america", f"w{i + 1}"] for i in range(30)]
>>> config = PhrasesConfig(min_count=1, threshold=1.0, connector_words="english")
>>> model = learn_phrases(sentences, config)
>>> [p.text for p in model.phrases]
['bank_of_america']
>>> next(iter(model.apply(sentences)))
['w0', 'bank_of_america', 'w1']

``model.apply(corpus)`` is a re-iterable stream that :func:`firth.train` and
:func:`firth.encode_corpus` accept as their corpus.
"""

from __future__ import annotations

from firth.phrases.learn import learn_phrases
from firth.phrases.model import PassStats, Phrase, PhrasedCorpus, Phrases

__all__ = ["PassStats", "Phrase", "PhrasedCorpus", "Phrases", "learn_phrases"]
