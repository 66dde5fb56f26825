"""Language analysis for search: the same steps at index time and at query time.

Wagtail's database backends do not stem (SQLite's FTS5) or have no Slovenian
configuration (PostgreSQL), so the platform analyses text itself before it reaches
any database index: split into words, lowercase, reduce each word to its base form
with the reducer chosen for the language, and fold accents. What is shown to a
reader is never analysed; only the words that are matched are.

The reducers were chosen by measurement (``python manage.py measure_analysis``,
see the README): Snowball (PyStemmer) for Hungarian and English, lemmagen3 for
Slovenian, which Snowball does not cover.

Accent-free queries: a reducer may treat ``kozossegi`` differently from
``közösségi``. At index time each word therefore gives its base form twice — from
the word as written and from the word without accents — and a query word gives
one, so a query typed with or without accents meets one of them.
"""

import re
import unicodedata
from functools import cache, lru_cache

WORD = re.compile(r"[^\W_]+")
MAX_WORD_LENGTH = 64


def fold(text):
    """Lowercase and strip accents: ``Közösségi`` → ``kozossegi``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text):
    """The lowercased words of a text, numbers included, punctuation dropped."""
    return [word for word in WORD.findall(text.casefold()) if len(word) <= MAX_WORD_LENGTH]


class Analyser:
    """Turns text of one language into the tokens the index stores and queries match."""

    def __init__(self, language, reduce):
        self.language = language
        self._reduce = lru_cache(maxsize=65536)(reduce)
        # A text repeats its words, and a library repeats its vocabulary.
        self._word_tokens = lru_cache(maxsize=65536)(self._tokens_of_word)

    def base_form(self, word):
        return fold(self._reduce(word))

    def _tokens_of_word(self, word):
        tokens = (self.base_form(word),)
        folded = fold(word)
        if folded != word:
            unaccented = self.base_form(folded)
            if unaccented != tokens[0]:
                tokens += (unaccented,)
        return tokens

    def index_tokens(self, text):
        """Tokens for the index: each word's base form, as written and without accents."""
        tokens = []
        for word in words(text):
            tokens.extend(self._word_tokens(word))
        return tokens

    def query_tokens(self, text):
        """Tokens of a query, each word once, in order."""
        return list(dict.fromkeys(self.base_form(word) for word in words(text)))

    def index_text(self, text):
        return " ".join(self.index_tokens(text))

    def query_text(self, text):
        return " ".join(self.query_tokens(text))


def _identity(word):
    return word


def snowball(algorithm):
    """A Snowball stemmer from PyStemmer (C, thread-safe per call)."""
    import Stemmer

    stemmer = Stemmer.Stemmer(algorithm)
    return stemmer.stemWord


def lemmagen(language):
    """A lemmagen3 lemmatiser: rules learnt from a lexicon, also for unknown words."""
    import lemmagen3

    lemmatizer = lemmagen3.Lemmatizer(language)
    return lemmatizer.lemmatize


def simplemma_lemmatiser(language, greedy=False):
    """A simplemma dictionary lookup (unknown words stay as they are)."""
    import simplemma

    def reduce(word):
        return simplemma.lemmatize(word, lang=language, greedy=greedy).casefold()

    return reduce


CHOSEN_REDUCERS = {
    "hu": lambda: snowball("hungarian"),
    "en": lambda: snowball("english"),
    "sl": lambda: lemmagen("sl"),
}


@cache
def analyser_for(language):
    """The analyser of a language code; languages without one only fold and lowercase."""
    factory = CHOSEN_REDUCERS.get((language or "").split("-")[0].lower())
    return Analyser(language, factory() if factory else _identity)
