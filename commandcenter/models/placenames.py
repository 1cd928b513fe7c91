"""English names of places that have none: Hanyu Pinyin after the usual convention for
place names (GB/T 16159, as on street signs): tone marks dropped, the syllables of the
proper name joined into one capitalised word, an apostrophe where a syllable starting with
a, o or e would run into the one before it (民安 → Min'an), and the generic term of the
division in English (社区 → Community, 街道 → Subdistrict, 区 → District).

A center that has official English names imports them; these are the default. Readings
come from pypinyin's phrase dictionary, which knows most polyphonic characters in context
(长安街 chang-an, 银行 yin-hang, 台基厂 chang); the few place names it reads like ordinary
words are fixed below.
"""
from __future__ import annotations

from functools import lru_cache

from .codes import Level

# Place names pypinyin reads as ordinary words: their reading as a place.
READINGS = {
    "朝阳": "chao yang",      # the gate and district, not the word "morning sun" (zhao)
    "演乐": "yan yue",        # 演乐胡同, the music of ceremonies, not "to act happy" (le)
    "大栅栏": "da shi lan",   # Beijing's own reading (pypinyin: da zha lan)
}

# The generic term of each level, Chinese suffix → English word (longest suffixes first).
GENERIC = {
    Level.COMMUNITY: (("社区居委会", "Community"), ("社区居民委员会", "Community"),
                      ("居委会", "Community"), ("社区", "Community"),
                      ("村民委员会", "Village"), ("村委会", "Village")),
    Level.STREET: (("街道办事处", "Subdistrict"), ("街道", "Subdistrict"), ("地区", "Area"),
                   ("镇", "Town"), ("乡", "Township")),
    Level.DISTRICT: (("区", "District"), ("县", "County")),
}
_VOWELS = ("a", "o", "e")


def english_name(name: str, level: Level | str | None = None) -> str:
    """The English name of a place called ``name``: ``english_name("交道口社区居委会",
    Level.COMMUNITY)`` → "Jiaodaokou Community"; without a level, the whole name as one
    word (for names whose generic part is their own, such as 南锣鼓巷 → "Nanluoguxiang")."""
    level = Level(level) if level is not None else None
    proper, generic = name.strip(), ""
    for suffix, english in GENERIC.get(level, ()):
        if proper.endswith(suffix) and len(proper) > len(suffix):
            proper, generic = proper[:-len(suffix)], english
            break
    word = romanise(proper)
    return f"{word} {generic}" if generic and word else (word or generic)


@lru_cache(maxsize=4096)
def romanise(text: str) -> str:
    """``text`` as one pinyin word: 交道口 → "Jiaodaokou", 民安 → "Min'an". Characters
    other than Chinese (digits, Latin letters) are kept as they are."""
    syllables = _syllables(text)
    word = ""
    for syllable in syllables:
        if word and word[-1].isalpha() and syllable[:1] in _VOWELS:
            word += "'"
        word += syllable
    return word[:1].upper() + word[1:]


def _syllables(text: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin  # its dictionaries take a second to load

    result: list[str] = []
    plain = ""
    i = 0
    while i < len(text):
        phrase = next((p for p in READINGS if text.startswith(p, i)), None)
        if phrase is None:
            plain += text[i]
            i += 1
            continue
        if plain:
            result += lazy_pinyin(plain, style=Style.NORMAL, v_to_u=True)
            plain = ""
        result += READINGS[phrase].split()
        i += len(phrase)
    if plain:
        result += lazy_pinyin(plain, style=Style.NORMAL, v_to_u=True)
    return [s.strip().lower() for s in result if s.strip()]
