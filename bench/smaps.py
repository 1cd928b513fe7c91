"""Where a process's resident memory lives, by kind of mapping, from /proc/PID/smaps (Linux).

    heap   [heap]: glibc malloc's main arena (the brk heap)
    arena  glibc malloc's thread arenas: anonymous reservations of exactly 64 MiB
    pool   anonymous memory inside reservations of 1 GiB or more: Chromium's PartitionAlloc
           pools and V8's cage (glibc, Python and Qt never reserve that much at once)
    anon   the rest of the private anonymous memory: malloc's mmapped blocks, Python's
           arenas, thread stacks, Skia and Qt buffers
    shm    shared memory: memfd, /dev/shm, SysV, shared anonymous (software compositing's
           bitmaps between renderer and browser are counted in both processes)
    file   file-backed mappings: libraries' code and data, mapped files

Contiguous anonymous mappings are one reservation when nothing separates them: a reservation
is mapped PROT_NONE and committed piecewise, which splits it into alternating ---p and rw-p
mappings that stay adjacent.
"""
from __future__ import annotations

import re

KINDS = ("heap", "arena", "pool", "anon", "shm", "file")
ARENA = 64 * 2 ** 20
POOL = 2 ** 30
_HEADER = re.compile(r"^([0-9a-f]+)-([0-9a-f]+) (\S{4}) \S+ \S+ \d+\s*(.*)$")


def _mappings(pid: int | str):
    """(start, end, perms, path, rss bytes) for each mapping."""
    current = None
    with open(f"/proc/{pid}/smaps") as fh:
        for line in fh:
            head = _HEADER.match(line)
            if head:
                if current:
                    yield current
                start, end, perms, path = head.groups()
                current = [int(start, 16), int(end, 16), perms, path.strip(), 0]
            elif line.startswith("Rss:") and current:
                current[4] = int(line.split()[1]) * 1024
    if current:
        yield current


def _kind(perms: str, path: str) -> str | None:
    """The kind of a mapping, or None for private anonymous memory (told apart by its
    reservation)."""
    if path == "[heap]":
        return "heap"
    if perms[3] == "s" or path.startswith(("/memfd:", "/dev/shm/", "/SYSV", "[anon_shmem")):
        return "shm"
    if path.startswith("/"):
        return "file"
    if path == "" or path.startswith("[anon:"):
        return None
    return "anon"   # [stack], [vdso], [vvar]: small


def breakdown(pid: int | str = "self") -> dict[str, float]:
    """Resident MB by kind (see the module's text)."""
    mb = dict.fromkeys(KINDS, 0.0)
    group: list[list] = []   # adjacent private anonymous mappings: one reservation

    def close_group() -> None:
        if not group:
            return
        if group[-1][1] - group[0][0] >= POOL:
            mb["pool"] += sum(m[4] for m in group) / 2 ** 20
        else:   # a 64 MiB aligned stretch with a mapping boundary at each end is an arena
            bounds = {m[0] for m in group} | {group[-1][1]}
            arenas = {b for b in bounds if b % ARENA == 0 and b + ARENA in bounds}
            for start, _end, _perms, _path, rss in group:
                inside = any(a <= start < a + ARENA for a in arenas)
                mb["arena" if inside else "anon"] += rss / 2 ** 20
        group.clear()

    for mapping in _mappings(pid):
        start, _end, perms, path, rss = mapping
        kind = _kind(perms, path)
        if kind is None:
            if group and group[-1][1] != start:
                close_group()
            group.append(mapping)
            continue
        close_group()
        mb[kind] += rss / 2 ** 20
    close_group()
    return {k: round(v, 1) for k, v in mb.items()}
