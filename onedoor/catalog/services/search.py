"""Matter search for Chinese queries without word segmentation.

A query is split on spaces and punctuation into terms. A term matches an entry when one of the
entry's texts contains it ("餐饮" in "食品经营许可（餐饮服务）"), or when the term itself contains
one of the entry's keywords or its name, even with a word or two between the characters ("我想开个
餐馆" holds "开餐馆"). Synonyms widen each term. Where a term matched ranks the entry: the name
before the keywords, the keywords before the summary.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

# Longest run of extra characters allowed inside a loosely contained word, and in total:
# "开个餐馆" holds "开餐馆", "开一家餐馆" too; "开具证明的餐馆" does not hold "开餐馆".
_MAX_GAP = 2

_SEPARATORS = re.compile(r"[\s,，、/／;；。.!！?？:：|()（）\[\]【】\"“”'‘’《》<>]+")

# What a match is worth, by where it is found.
NAME_EXACT = 100.0
NAME_CONTAINS = 60.0
KEYWORD_EXACT = 50.0
KEYWORD_CONTAINS = 40.0
TERM_HOLDS_WORD = 35.0
DEPARTMENT = 15.0
SUMMARY = 10.0
OTHER = 5.0
SYNONYM_FACTOR = 0.8
KEYWORD_BONUS = 10.0

# Distinct terms whose scores an index remembers; popular searches repeat the same words.
_TERM_CACHE_SIZE = 4096


def split_words(text: str) -> list[str]:
    """The distinct words of ``text`` as written, in order."""
    return list(dict.fromkeys(part for part in _SEPARATORS.split(text) if part))


def split_terms(text: str) -> list[str]:
    """The distinct terms of ``text``, lower-cased, in order."""
    return split_words(text.lower())


def loosely_contains(text: str, word: str) -> bool:
    """Whether ``word``'s characters appear in ``text`` in order, with only short gaps."""
    if word in text:
        return True
    if len(word) < 2:
        return False
    start = text.find(word[0])
    while start != -1:
        if _holds_from(text, word, start):
            return True
        start = text.find(word[0], start + 1)
    return False


def _holds_from(text: str, word: str, start: int) -> bool:
    position, extra = start, 0
    for char in word[1:]:
        found = text.find(char, position + 1, position + 2 + _MAX_GAP)
        if found == -1:
            return False
        extra += found - position - 1
        if extra > _MAX_GAP:
            return False
        position = found
    return True


def synonym_groups(synonyms: Mapping[str, Iterable[str]]) -> dict[str, set[str]]:
    """Each word, lower-cased, with every word it is a synonym of (itself included)."""
    groups: dict[str, set[str]] = defaultdict(set)
    for term, others in synonyms.items():
        group = {term.lower(), *(o.lower() for o in others)}
        for word in group:
            groups[word] |= group
    return dict(groups)


def build_search_text(
    words: Iterable[str], department_name: str, groups: Mapping[str, set[str]]
) -> str:
    """The denormalised text stored for search: the words, the department and their synonyms."""
    base = [w.lower() for w in words if w]
    extra: dict[str, None] = {}
    for word in base:
        for key, group in groups.items():
            if key == word or (len(key) >= 2 and key in word):
                extra.update(dict.fromkeys(sorted(group)))
    parts = dict.fromkeys([*base, department_name.lower(), *extra])
    return " ".join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class SearchEntry:
    """What a search answers about one matter (its version in force) or bundle."""

    entity: str  # "matter" or "bundle"
    code: str
    name: str
    name_en: str
    kind: str
    kind_label: str
    department_code: str
    department_name: str
    audience: str
    instant: bool
    promised_days: int
    statutory_days: int
    keywords: tuple[str, ...] = ()
    summary: str = ""
    search_text: str = ""


@dataclass(frozen=True, slots=True)
class SearchHit:
    entry: SearchEntry
    score: float
    terms_matched: int


@dataclass
class _Prepared:
    entry: SearchEntry
    name: str
    keywords: frozenset[str]
    keyword_text: str  # the keywords joined by a separator no term contains
    department: str
    summary: str
    other: str


@dataclass
class SearchIndex:
    """An in-memory index of entries and synonym groups; build once, query many times."""

    entries: list[SearchEntry]
    synonyms: Mapping[str, Iterable[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._prepared = [self._prepare(e) for e in self.entries]
        self._by_char: dict[str, set[int]] = defaultdict(set)
        # Each distinct name or keyword once, with the entries that carry it, so that a long
        # query is compared with a few hundred words rather than with every entry's keywords.
        self._words: dict[str, list[tuple[int, float, float]]] = defaultdict(list)
        self._words_by_char: dict[str, set[str]] = defaultdict(set)
        for idx, p in enumerate(self._prepared):
            for char in set(p.name + "".join(p.keywords) + p.department + p.summary + p.other):
                self._by_char[char].add(idx)
            self._add_word(idx, p.name, NAME_EXACT, NAME_CONTAINS)
            for keyword in p.keywords:
                self._add_word(idx, keyword, KEYWORD_EXACT, TERM_HOLDS_WORD)
        self._groups = synonym_groups(self.synonyms)
        self._term_scores: dict[str, dict[int, float]] = {}

    @staticmethod
    def _prepare(entry: SearchEntry) -> _Prepared:
        keywords = [k.lower() for k in entry.keywords]
        return _Prepared(
            entry=entry,
            name=entry.name.lower(),
            keywords=frozenset(keywords),
            keyword_text="\x1f".join(keywords),
            department=entry.department_name.lower(),
            summary=entry.summary.lower(),
            other=f"{entry.name_en} {entry.code} {entry.search_text}".lower(),
        )

    def _add_word(self, idx: int, word: str, exact: float, held: float) -> None:
        if len(word) >= 2:
            self._words[word].append((idx, exact, held))
            self._words_by_char[word[0]].add(word)

    def expand(self, term: str) -> set[str]:
        """The words that mean what ``term`` means or that ``term`` holds, besides itself."""
        extra: set[str] = set()
        for word, group in self._groups.items():
            if word == term or (len(word) >= 2 and loosely_contains(term, word)):
                extra |= group
        extra.discard(term)
        return extra

    def search(self, query: str) -> list[SearchHit]:
        """Entries matching any term of ``query``, best first."""
        scores: dict[int, float] = defaultdict(float)
        matched: dict[int, int] = defaultdict(int)
        for term in split_terms(query):
            best = dict(self._score_term(term))
            for synonym in self.expand(term):
                for idx, score in self._score_term(synonym).items():
                    best[idx] = max(best.get(idx, 0.0), score * SYNONYM_FACTOR)
            for idx, score in best.items():
                scores[idx] += score
                matched[idx] += 1
        ranked = sorted(
            scores,
            key=lambda i: (-matched[i], -scores[i], self.entries[i].entity, self.entries[i].code),
        )
        return [SearchHit(self.entries[i], scores[i], matched[i]) for i in ranked]

    def _score_term(self, term: str) -> dict[int, float]:
        """Each matching entry's best score for one term; remembered, since terms recur."""
        cached = self._term_scores.get(term)
        if cached is not None:
            return cached
        if len(self._term_scores) >= _TERM_CACHE_SIZE:
            self._term_scores.clear()
        best = self._term_scores[term] = self._compute_term(term)
        return best

    def _compute_term(self, term: str) -> dict[int, float]:
        best: dict[int, float] = {}
        for idx, score in self._entries_containing(term):
            best[idx] = max(best.get(idx, 0.0), score)
        for idx, score in self._entries_held_by(term):
            best[idx] = max(best.get(idx, 0.0), score)
        return best

    def _entries_containing(self, term: str) -> Iterable[tuple[int, float]]:
        candidates: set[int] | None = None
        for char in set(term):
            found = self._by_char.get(char)
            if not found:
                return
            candidates = found.copy() if candidates is None else candidates & found
        for idx in candidates or ():
            score = self._field_score(self._prepared[idx], term)
            if score:
                yield idx, score

    @staticmethod
    def _field_score(p: _Prepared, term: str) -> float:
        if term == p.name:
            return NAME_EXACT
        if term in p.name:
            # A word people use for this very matter outranks a name that merely holds it.
            return NAME_CONTAINS + (KEYWORD_BONUS if term in p.keywords else 0.0)
        if term in p.keywords:
            return KEYWORD_EXACT
        if term in p.keyword_text:
            return KEYWORD_CONTAINS
        if term in p.department:
            return DEPARTMENT
        if term in p.summary:
            return SUMMARY
        return OTHER if term in p.other else 0.0

    def _entries_held_by(self, term: str) -> Iterable[tuple[int, float]]:
        for char in set(term):
            for word in self._words_by_char.get(char, ()):
                if word == term:
                    yield from ((idx, exact) for idx, exact, _held in self._words[word])
                elif len(word) < len(term) and loosely_contains(term, word):
                    yield from ((idx, held) for idx, _exact, held in self._words[word])
