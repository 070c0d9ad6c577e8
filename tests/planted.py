"""A generated corpus with planted structure: analogies and clusters by construction.

Target words ``t{g}_{r}`` combine a "gender" ``g`` (0 or 1) and a "role" ``r``. Each
sentence about ``t{g}_{r}`` also holds words from gender ``g``'s pool and role ``r``'s pool
plus noise, shuffled. So the vector of ``t{g}_{r}`` is a gender part plus a role part, and
``t0_a : t1_a :: t0_b : t1_b`` holds for every pair of roles (like man : woman :: king :
queen); targets sharing a role cluster together.
"""

from __future__ import annotations

import numpy as np


def planted_corpus(
    *, roles: int = 8, sentences: int = 3000, pool: int = 6, noise: int = 40, seed: int = 0
) -> list[list[str]]:
    """Sentences of tokens with the planted structure described above."""
    rng = np.random.default_rng(seed)
    gender_pool = [[f"g{g}_{i}" for i in range(pool)] for g in range(2)]
    role_pool = [[f"r{r}_{i}" for i in range(pool)] for r in range(roles)]
    noise_words = [f"n{i}" for i in range(noise)]
    corpus = []
    for _ in range(sentences):
        g, r = int(rng.integers(2)), int(rng.integers(roles))
        words = [f"t{g}_{r}"]
        words += [gender_pool[g][i] for i in rng.integers(pool, size=3)]
        words += [role_pool[r][i] for i in rng.integers(pool, size=3)]
        words += [noise_words[i] for i in rng.integers(noise, size=2)]
        rng.shuffle(words)
        corpus.append(words)
    return corpus


def analogy_questions(roles: int = 8) -> list[tuple[str, str, str, str]]:
    """Every ``t0_a : t1_a :: t0_b : t1_b`` question (and the reverse direction)."""
    questions = []
    for a in range(roles):
        for b in range(roles):
            if a != b:
                questions.append((f"t0_{a}", f"t1_{a}", f"t0_{b}", f"t1_{b}"))
                questions.append((f"t1_{a}", f"t0_{a}", f"t1_{b}", f"t0_{b}"))
    return questions


def analogy_accuracy(embeddings: object, roles: int = 8) -> float:
    """Share of planted analogies solved top-1 over the whole vocabulary."""
    questions = analogy_questions(roles)
    right = sum(
        embeddings.analogy(a, b, c, k=1)[0][0] == d  # type: ignore[attr-defined]
        for a, b, c, d in questions
    )
    return right / len(questions)
