"""A software prefetch for Numba kernels: start loading a row before it is needed.

Training waits on memory: the output rows of the noise words are scattered over the whole
matrix. The kernels draw the noise words of a sentence first and ask for the rows of the
next centre word while they compute the current one (LLVM's ``llvm.prefetch``: a hint
that never faults and retires at once).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from llvmlite import ir
from numba import njit, types
from numba.core import cgutils
from numba.extending import intrinsic

#: Floats per 64-byte cache line.
_LINE_FLOATS = 16


@intrinsic
def _prefetch_at(typingctx: Any, array: Any, row: Any, col: Any) -> Any:
    """Prefetch the cache line holding ``array[row, col]`` for reading."""
    signature = types.void(array, row, col)

    def codegen(context: Any, builder: Any, sig: Any, args: Any) -> Any:
        array_type = sig.args[0]
        view = context.make_array(array_type)(context, builder, args[0])
        r = context.cast(builder, args[1], sig.args[1], types.intp)
        c = context.cast(builder, args[2], sig.args[2], types.intp)
        pointer = cgutils.get_item_pointer(context, builder, array_type, view, [r, c])
        byte_pointer = builder.bitcast(pointer, ir.IntType(8).as_pointer())
        int32 = ir.IntType(32)
        # LLVM names the intrinsic after the pointer type: opaque "ptr" since LLVM 15.
        suffix = "p0" if str(byte_pointer.type) == "ptr" else "p0i8"
        function_type = ir.FunctionType(ir.VoidType(), [byte_pointer.type, int32, int32, int32])
        prefetch = cgutils.get_or_insert_function(
            builder.module, function_type, f"llvm.prefetch.{suffix}"
        )
        # read, keep in all cache levels, data cache
        builder.call(prefetch, [byte_pointer, int32(0), int32(3), int32(1)])
        return context.get_dummy_value()

    return signature, codegen


@njit(nogil=True, cache=True)
def prefetch_row(array: np.ndarray, row: int) -> None:
    """Prefetch every cache line of ``array[row]`` (a C-contiguous 2-D array)."""
    for col in range(0, array.shape[1], _LINE_FLOATS):
        _prefetch_at(array, row, col)


@njit(nogil=True, cache=True)
def prefetch_centre(
    i: int,
    sentence: np.ndarray,
    n: int,
    window: int,
    syn0: np.ndarray,
    syn1neg: np.ndarray,
    noise: np.ndarray,
    n_noise: np.ndarray,
    use_ns: bool,
    syn1: np.ndarray,
    points: np.ndarray,
    code_lens: np.ndarray,
    use_hs: bool,
) -> None:
    """Prefetch the rows that centre ``i`` of a sentence will use, unless it is past the end.

    Its output rows (the word and its drawn noise words, or its Huffman path) and the
    input row of the one context word that its window adds to the previous centre's.
    """
    if i >= n:
        return
    word = sentence[i]
    if use_ns:
        prefetch_row(syn1neg, word)
        for t in range(n_noise[i]):
            prefetch_row(syn1neg, noise[i, t])
    if use_hs:
        for t in range(code_lens[word]):
            prefetch_row(syn1, points[word, t])
    if i + window < n:
        prefetch_row(syn0, sentence[i + window])
