"""Items as words: item2vec on sessions, recommendations and their evaluation.

Songs in playlists, products in baskets or listings in browsing sessions are the words;
the session is their context. :func:`firth.train_items` trains the vectors,
:class:`ItemModel` recommends, and :func:`evaluate_next_item` measures hit rate and MRR on
held-out next items against a :class:`PopularityRecommender` baseline.
"""

from __future__ import annotations

from firth.items.evaluate import (
    NextItemReport,
    PopularityRecommender,
    Recommender,
    compare,
    evaluate_next_item,
    leave_last_out,
    next_item_cases,
    split_sessions,
)
from firth.items.model import Item, ItemModel, train_items
from firth.items.sessions import Sessions, as_sessions, read_sessions

__all__ = [
    "Item",
    "ItemModel",
    "NextItemReport",
    "PopularityRecommender",
    "Recommender",
    "Sessions",
    "as_sessions",
    "compare",
    "evaluate_next_item",
    "leave_last_out",
    "next_item_cases",
    "read_sessions",
    "split_sessions",
    "train_items",
]
