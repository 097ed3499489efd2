"""Is this message in a language other than English? Script first, then py3langid.

py3langid was chosen over lingua-language-detector on the labelled set's short texts
(bench/data/conversations.yaml, README "Understanding"): restricted to English and the
Latin-script languages most spoken in UK practices, with normalised probabilities >= 0.7, it
missed 1 of 22 foreign messages and flagged no English one, at 0.1 ms a message with a model
of a few MB; lingua (same languages) missed 2 and flagged 2 English ones ("hiya", "hii") and
takes seconds to load. Other scripts (Arabic/Urdu, Bengali, Gurmukhi, Cyrillic...) are
recognised from the characters alone.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

# Latin-script languages the identifier may answer besides English.
LATIN_LANGUAGES = ("en", "pl", "es", "pt", "ro", "lt", "lv", "fr", "it", "tr", "so", "de",
                   "sk", "cs", "hu", "sq")
THRESHOLD = 0.7
_LETTERS = re.compile(r"[^\W\d_]")
_LATIN = re.compile(r"[\u0000-\u024f\u1e00-\u1eff]")
# Short English words a language identifier may take for another language.
_ENGLISH_GUARD = frozenset(
    "hi hii hiya hey yo ok okay ta ty thx nah yeah yep no yes bye x xx lol pls plz u ur r "
    "im ive id dont cant wont thanks cheers".split())


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LATIN_LANGUAGES))
    return identifier


def is_other_language(text: str) -> bool:
    """True when the message is clearly not English."""
    letters = _LETTERS.findall(text)
    if not letters:
        return False
    # Letters of any other script (Arabic, Bengali, Cyrillic...) are not English.
    other = sum(1 for ch in letters if not _LATIN.match(ch))
    if other * 2 >= len(letters):
        return True
    words = re.findall(r"[^\W\d_]+", text.lower())
    if all(w in _ENGLISH_GUARD for w in words):
        return False
    language, probability = _identifier().classify(text[:300])  # enough to tell
    return bool(language != "en" and probability >= THRESHOLD)
