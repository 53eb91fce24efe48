"""Name vocabulary: the word lists and what kind of word a capitalised token is."""

from __future__ import annotations

from .wordlists import exact, lower

GIVEN = exact("given_names")
SURNAMES = exact("surnames")
NAME_WORDS = exact("name_words")  # Liv, Dag ...: given names that are also common words
ROLES = lower("roles")
TITLES = lower("titles")
VERBS = lower("verbs")
PLACES = lower("places")
INSTITUTION = lower("institution_words")
MEDICAL = lower("medical_words")
EPONYMS = lower("eponyms")
BREAK = lower("stopwords") | ROLES | TITLES | VERBS
# Verbs too common after ordinary words ("Liv er ...", "Håp har ...") to prove a name.
_AUXILIARIES = "er var har hadde blir ble kan kunne vil ville skal skulle må måtte bør får fikk"
ACTION_VERBS = VERBS - frozenset(_AUXILIARIES.split()) - {"også", "selv"}

# Typical endings of Norwegian surnames, for surnames missing from the list.
_SURNAME_END = (
    "sen", "son", "land", "stad", "rud", "dal", "dahl", "vik", "heim", "seth", "set", "aas",
    "nes", "næs", "næss", "haug", "lid", "lie", "berg", "strøm", "holm", "gård", "gaard",
    "eng", "engen", "tveit", "tveiten", "bust", "vold", "voll", "gjerde", "myr", "skog",
    "stuen", "rød", "bakken", "haugen", "moen", "bø", "sæter", "seter", "bråten", "lund",
    "dalen", "by", "bye", "hus", "løkken", "vang", "åsen", "fjeld", "fjell", "sand", "sund",
    "sætre", "mo", "li", "lien", "tun", "ås", "rønning", "øy", "våg", "stein", "kleiv",
    "hamre", "botn", "eide", "holt", "vatne", "gard", "garden", "åker", "stølen", "leite",
    "tvedt", "bakk", "tveitane", "brekke", "bakke", "rem",
)  # fmt: skip
# Old Norse name elements: compound given names missing from the list ("Kjellbjørg",
# "Oddgeir", "Gudlaug") still end in one of these.
_GIVEN_END = (
    "bjørg", "bjørn", "hild", "frid", "laug", "veig", "gunn", "geir", "leif", "mund", "vald",
    "ulf", "ulv", "grim", "dis", "runn", "finn", "stein", "vard",
)  # fmt: skip


def is_given(tok: str) -> bool:
    return tok in GIVEN or ("-" in tok and all(p in GIVEN for p in tok.split("-")))


def given_shaped(tok: str) -> bool:
    low = tok.lower()
    return low.endswith(_GIVEN_END) and any(
        low.endswith(e) and len(low) > len(e) + 1 for e in _GIVEN_END
    )


def surname_shaped(tok: str) -> bool:
    low = tok.lower()
    return low.endswith(_SURNAME_END) and any(
        low.endswith(e) and len(low) > len(e) + 2 for e in _SURNAME_END
    )


def is_surname(tok: str) -> bool:
    if tok in SURNAMES:
        return True
    parts = tok.split("-")
    if len(parts) > 1 and any(p in SURNAMES or p in GIVEN for p in parts):
        return True  # "Rønning-Næss", "Eliassen-Sandvik"
    return any(surname_shaped(p) for p in parts)


def stem(tok: str) -> str:
    """Drop a possessive -s when what is left is a known name ("Karis", "Olsens")."""
    if tok.endswith("s") and not (is_given(tok) or tok in SURNAMES):
        base = tok[:-1]
        if is_given(base) or base in SURNAMES or base in NAME_WORDS:
            return base
    return tok


def given_like(tok: str) -> bool:
    return is_given(tok) or given_shaped(tok)


def known(word: str) -> bool:
    w = stem(word)
    return given_like(w) or w in NAME_WORDS or w in SURNAMES


def is_eponym(low: str) -> bool:
    return low in EPONYMS or (low.endswith("s") and low[:-1] in EPONYMS)
