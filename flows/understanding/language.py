"""Is this message in a language other than English? Script, marker words, then py3langid.

py3langid was chosen over lingua-language-detector on the labelled set's short texts
(bench/data/conversations.yaml, docs/understanding.md): restricted to English and the
Latin-script languages most spoken in UK practices, with normalised probabilities, it
missed 1 of 22 foreign messages and flagged no English one, at 0.1 ms a message with a model
of a few MB; lingua (same languages) missed 2 and flagged 2 English ones ("hiya", "hii") and
takes seconds to load. Other scripts (Arabic/Urdu, Bengali, Gurmukhi, Cyrillic...) are
recognised from the characters alone. Urdu, Punjabi, Hindi, Bengali and Arabic are often
texted in Latin letters ("mujhe doctor se milna hai"), which no identifier knows: common
words of those (LATIN_MARKERS) recognise them.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

# Latin-script languages the identifier may answer besides English.
LATIN_LANGUAGES = ("en", "pl", "es", "pt", "ro", "lt", "lv", "fr", "it", "tr", "so", "de",
                   "sk", "cs", "hu", "sq")
THRESHOLD = 0.7
# Below THRESHOLD, still another language when hardly any word is common English.
WEAK_THRESHOLD = 0.45
_LETTERS = re.compile(r"[^\W\d_]")
_LATIN = re.compile(r"[\u0000-\u024f\u1e00-\u1eff]")
# Short English words a language identifier may take for another language.
_ENGLISH_GUARD = frozenset(
    "hi hii hiya hey yo ok okay ta ty thx nah yeah yep no yes bye x xx lol pls plz u ur r "
    "im ive id dont cant wont thanks cheers".split())
# Common English words (and txt spellings): a message with several is English.
_ENGLISH_COMMON = frozenset(
    "a an the and or but if so to of in on at for with from by about is are was were be been "
    "am do does did have has had can could will would should may might i me my you your u ur "
    "he she him her his it its we us our they them their this that these those there here "
    "what wat wot when where who how why which any anything some something no not dont cant "
    "need want get got go going come help please pls thanks thank just only also very really "
    "group groups near me time day week today tomorrow morning evening walk walking mum dad "
    "husband wife son daughter kids baby doctor surgery appointment free cost know like "
    "good bad new old one two all more much many ok okay yes hi hello".split())
# Everyday words of languages often texted in Latin letters in UK practices: romanised
# Urdu / Hindi / Punjabi, Bengali and Arabic (Arabizi), plus greetings and thanks in the
# languages most spoken here. Chosen to be rare as English words.
_LATIN_MARKERS = frozenset(
    # Urdu / Hindi / Punjabi
    "mujhe mujhay mujhko humein hamein aap aapka aapki apka apki kya kyun kyon nahi nahin "
    "chahiye chahie chahte chahti liye leye koi kuch mera meri mere hain rehti rehta kaise "
    "kaisa kaisi theek thik shukriya bahut bohat achha samajh samjh angrezi bolde bolte bolna "
    "layi wala wali ammi abbu bapu beti behen dawai karna karo karen sakta sakti sakte milna "
    "milega batao bataye aaya aayi hoon mainu tusi sanu kithe kiven ki tenu "
    "assalam assalamualaikum assalamu salaam alaikum walaikum namaste sat sri akal "
    # Bengali
    "ami amar amake amra apni apnar apnake tumi kemon achen bhalo dhonnobad dhonyobad korben "
    "korte korbo lagbe bujhi bujhte parina hobe kothay daktar "
    # Arabic in Latin letters
    "ana enta enti inta bidi baddi ahlan marhaba shukran shokran yalla habibi inshallah "
    "wallah kifak kaifa halak mafi mish".split()) | frozenset(
    # greetings and thanks (enough on their own)
    _GREETINGS := frozenset("hola gracias buenos buenas bonjour merci dzien dziekuje czesc buna multumesc merhaba "
    "tesekkurler obrigado obrigada ciao grazie privet spasibo labas aciu sveiki paldies "
    "salut dobry dobre shukriya shukran salaam assalam namaste dhonnobad".split()))
# "m3a", "3ayez", "7abibi": digits as Arabic letters.
_ARABIZI = re.compile(r"[a-z]+[2357][a-z]+|[2357][a-z]{2,}")
# Enough of a message to tell its language (long texts would only cost time).
READ = 300


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LATIN_LANGUAGES))
    return identifier


def _other_script(letters: list[str]) -> bool:
    other = sum(1 for ch in letters if not _LATIN.match(ch))
    return other * 2 >= len(letters)


def _markers(words: list[str], text: str) -> int:
    tokens = re.findall(r"[a-z0-9]+", text.lower())
    return len({w for w in words if w in _LATIN_MARKERS}) + sum(
        1 for t in tokens if _ARABIZI.fullmatch(t))


def is_other_language(text: str) -> bool:
    """True when the message is clearly not English."""
    text = text[:READ]
    letters = _LETTERS.findall(text)
    if not letters:
        return False
    # Letters of any other script (Arabic, Bengali, Cyrillic...) are not English.
    if _other_script(letters):
        return True
    words = re.findall(r"[^\W\d_]+", text.lower())
    if all(w in _ENGLISH_GUARD for w in words):
        return False
    english = sum(1 for w in words if w in _ENGLISH_COMMON)
    markers = _markers(words, text)
    if markers and markers >= english and (
            markers >= 2 or (len(words) <= 2 and any(w in _GREETINGS for w in words))):
        return True
    known = sum(1 for w in words if w in _ENGLISH_COMMON or w in _ENGLISH_GUARD)
    if len(words) <= 4 and english and known >= len(words) - 1:
        return False  # "hiya its gary": English words and one more, most likely a name
    language, probability = _identifier().classify(text)
    if language == "en":
        return False
    return bool(probability >= THRESHOLD
                or (probability >= WEAK_THRESHOLD and len(words) >= 3
                    and english * 4 < len(words)))


def is_clearly_other_language(text: str) -> bool:
    """Another language even where a short reply could be a name ("Priya", "Mohammed Iqbal").

    Used inside another flow's conversation (an invitation's questions), where one or two
    words are most likely an answer.
    """
    letters = _LETTERS.findall(text)
    if letters and _other_script(letters):
        return True
    return len(re.findall(r"[^\W\d_]+", text)) >= 4 and is_other_language(text)
