"""The crawl's allocator setting: large page buffers get their own mapping (glibc)."""

from __future__ import annotations

import subprocess
import sys

from refusenik.crawl.heap import PAGE_BUFFER_BYTES

# Allocates and frees page-sized buffers in a fresh process and reports whether the heap
# (brk area) grew by them: with the threshold fixed, large buffers never touch the heap.
PROBE = """
import ctypes, sys
from refusenik.crawl.heap import map_large_buffers
fixed = sys.argv[1] == "fixed"
if fixed:
    assert map_large_buffers()
libc = ctypes.CDLL("libc.so.6")
libc.sbrk.restype = ctypes.c_void_p
libc.malloc.restype = ctypes.c_void_p
libc.malloc.argtypes = [ctypes.c_size_t]
libc.free.argtypes = [ctypes.c_void_p]
libc.free(libc.malloc(300 * 1024))  # glibc's dynamic threshold rises past this size
start = libc.sbrk(0)
held = [libc.malloc(300 * 1024) for _ in range(40)]
grown = libc.sbrk(0) - start
for p in held:
    libc.free(p)
print(grown)
"""


def _heap_growth(mode: str) -> int:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, mode], capture_output=True, text=True, check=True
    )
    return int(out.stdout.strip())


def test_page_sized_buffers_stay_off_the_heap_once_the_threshold_is_fixed():
    # the probe asserts map_large_buffers() (this machine runs glibc on Linux) in its own
    # process: called here, it would change the allocator of the test runner itself
    assert PAGE_BUFFER_BYTES == 128 * 1024
    assert _heap_growth("default") >= 40 * 300 * 1024  # the default carves them from the heap
    assert _heap_growth("fixed") < 300 * 1024
