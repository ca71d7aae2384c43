"""Quantities: numbers in digits and words, with their qualifier and the noun they count.

"at least 380 people" -> 380, at_least, noun "people"; "a dozen soldiers" -> 12; "dozens of
civilians" -> 24, approx; "10 to 12" -> low 10, high 12; "a policeman" -> 1 (only before a person
noun); "92 percent of deaths" -> 92, percent, noun "deaths".

Numbers inside time expressions ("May 5, 2022", "in 2021") are not quantities.
"""

from __future__ import annotations

import math
import re

from ..models import Qualifier, Sentence
from ..models.mentions import QuantityMention
from ..resources.lexicons import NumberLexicon
from .base import ArticleDoc, within

# Words that end the noun phrase a number counts.
NOUN_STOP = frozenset(
    "were was have has had are is be been being and or but in on at of from for by with to into during "
    "including include among amid while who which that as after before when since across near inside "
    "said says killed injured wounded martyred dead died lost than compared against per each targeted attacked "
    "opened struck exploded blew carried claimed stormed escalated exchanged fled went have a an the "
    "escorting working travelling traveling returning deployed posted stationed belonging guarding "
    "riding standing going coming performing heading manning embraced succumbed sustained received "
    "suffered remained became perished drowned burned slain hurt patrolling protecting waiting sitting walking passing praying".split()
)
MAX_NOUN_WORDS = 4
RESPECTIVELY = re.compile(r"^[^.;]{0,80}?\brespectively\b", re.IGNORECASE)
# the largest number read as a quantity: above it a number counts nothing the news reports
MAX_QUANTITY = 10_000_000
MAX_QUANTITY_DIGITS = 8
MULTIPLIERS = {"thousand": 1_000, "lakh": 100_000, "million": 1_000_000}


def _build_number_regex(lex: NumberLexicon) -> re.Pattern[str]:
    words = sorted({*lex.units, *lex.tens}, key=len, reverse=True)
    word_num = r"(?:(?:" + "|".join(words) + r")(?:[\s-](?:" + "|".join(words) + r"|dozen|hundred|thousand|and))*)"
    # "75 thousand operations", "1.2 million": a figure written with its multiplier
    digits = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s+(?:thousand|million|lakh)\b)?"
    phrases = sorted({*lex.exact_phrases, *lex.approximate}, key=len, reverse=True)
    phrase_rx = "|".join(re.escape(p) for p in phrases)
    quals = sorted(lex.qualifiers, key=len, reverse=True)
    qual_rx = "|".join(re.escape(q) for q in quals)
    num = rf"(?:{digits}|{word_num})"
    arts = "|".join(sorted(lex.articles, key=len, reverse=True))
    # a figure ends at a non-word character, or at "pc" written onto it ("injuries rose 53pc"), or
    # at a word run onto its digits, the space lost ("30others")
    run_on = "".join(rf"|{re.escape(w)}\b" for w in sorted(lex.run_on, key=len, reverse=True))
    ends = rf"(?!(?!pc\b{run_on})\w)"
    return re.compile(
        rf"\b(?:(?P<qual>{qual_rx})\s+)?(?:(?P<phrase>{phrase_rx})\b|(?:between\s+)?(?P<low>{num})"
        rf"(?:\s*(?:to|-|–|and|or)\s*(?P<high>{num}))?{ends}|(?P<art>{arts})\s+(?=[a-z]))"
        rf"(?P<pct>\s*(?:%|percent\b|per cent\b|pc\b))?",
        re.IGNORECASE,
    )


build_number_regex = _build_number_regex  # for readers of text outside the sentences (a headline)


def _parse(token: str, lex: NumberLexicon) -> float | None:
    """The value of a number token; ``None`` for one over ``MAX_QUANTITY`` (no count of anything
    the news reports: "99999999999999999999 killed" is noise, never a toll)."""
    token = token.strip()
    multiplied = re.fullmatch(r"([\d,]+(?:\.\d+)?)\s+(thousand|million|lakh)", token, re.IGNORECASE)
    if multiplied:
        base = _parse(multiplied.group(1), lex)
        value = base * MULTIPLIERS[multiplied.group(2).lower()] if base is not None else None
        return None if value is None or value > MAX_QUANTITY else (int(value) if float(value).is_integer() else value)
    if re.fullmatch(r"[\d,]+(?:\.\d+)?", token):
        whole, _, fraction = token.replace(",", "").partition(".")
        if len(whole.lstrip("0")) > MAX_QUANTITY_DIGITS:
            return None
        value = float(f"{whole}.{fraction}" if fraction else whole)
        if not math.isfinite(value) or value > MAX_QUANTITY:
            return None
        return int(value) if value.is_integer() else value
    worded = lex.word_value(token)
    return worded if worded is None or worded <= MAX_QUANTITY else None


_NOUN_WORD = re.compile(r"\s*([A-Za-z][A-Za-z'’.-]*|&(?=\s+[A-Za-z]))")  # "299 combing & search operations"


def _noun_after(text: str, pos: int) -> tuple[str, int]:
    """The noun phrase after ``pos`` (lower-case) and where it ends, skipping 'of' after percent."""
    words: list[str] = []
    end = pos
    for m in _NOUN_WORD.finditer(text[pos:]):
        if m.start() != end - pos:
            break
        word = m.group(1).rstrip(".")
        if word.lower() in NOUN_STOP or len(words) >= MAX_NOUN_WORDS:
            break
        words.append(word.lower())
        end = pos + m.end()
        if m.group(1).endswith("."):
            break
    return " ".join(words), end


def find_quantities(
    sentence: Sentence, lexicon: NumberLexicon, *, pattern: re.Pattern[str], exclude: list[tuple[int, int]]
) -> list[QuantityMention]:
    """Quantities in one sentence; ``exclude`` holds absolute spans of time expressions."""
    found: list[QuantityMention] = []
    text = sentence.text
    for m in pattern.finditer(text):
        abs_start = sentence.start + m.start()
        abs_end = sentence.start + m.end()
        if any(abs_start < e and s < abs_end for s, e in exclude):
            # "in 2021" is a date; keep only a qualifier-less number standing clear of it. "from 60
            # in May 2024 to 50 in June" is no range "2024 to 50": the number after "to" stands alone
            high_start = sentence.start + m.start("high") if m.group("high") else None
            retry = pattern.match(text, m.start("high")) if high_start is not None and not any(
                high_start < e and s < abs_end for s, e in exclude) else None
            if retry is None:
                continue
            m, abs_start, abs_end = retry, sentence.start + retry.start(), sentence.start + retry.end()
        qual = Qualifier(lexicon.qualifiers[m.group("qual").lower()]) if m.group("qual") else Qualifier.EXACT
        percent = bool(m.group("pct"))
        end_in_sentence = m.end()
        low: float
        high: float
        if m.group("phrase"):
            phrase = re.sub(r"\s+", " ", m.group("phrase").lower())
            if phrase in lexicon.exact_phrases:
                low = high = lexicon.exact_phrases[phrase]
            else:
                low = high = lexicon.approximate[phrase]
                if qual is Qualifier.EXACT:
                    qual = Qualifier.APPROX
        elif m.group("art"):
            noun, noun_end = _noun_after(text, m.end("art"))
            # "a police official was killed and another injured": one more person, no noun
            another_hurt = m.group("art").lower() == "another" and bool(ANOTHER_HURT.match(text[m.end("art"):]))
            if not another_hurt and (not noun or noun.split()[-1] not in lexicon.person_nouns):
                continue
            if m.group("art").lower() == "one" or m.group("art").lower() in {"a", "an", "another"}:
                low = high = 1
            else:
                continue
            end_in_sentence = m.end("art")
        else:
            low_v = _parse(m.group("low"), lexicon)
            if low_v is None:
                continue
            high_v = _parse(m.group("high"), lexicon) if m.group("high") else low_v
            if high_v is None or high_v < low_v:
                high_v = low_v
            low, high = low_v, high_v
            token = m.group("low").lower()
            if token == "one" and not percent and not (m.group("high") and re.search(r"\bfrom\s+$", text[:m.start()], re.IGNORECASE)):
                noun, _ = _noun_after(text, m.end())
                if not noun or noun.split()[-1] not in lexicon.person_nouns:
                    continue
            if re.match(r"\s*(?:am|pm|a\.m\.|p\.m\.|hours\b|o'clock|km\b|kilometres|kilometers|miles|kg\b|rupees|rs\b|million\b|billion\b|crore|lakh)", text[m.end():], re.IGNORECASE):
                continue
            if text[max(0, m.start() - 3):m.start()].lower().endswith(("rs", "$", "rs.")):
                continue
        noun_from = end_in_sentence
        if percent:
            rest = re.match(r"\s+of\s+(?:the\s+)?", text[noun_from:])
            if rest:
                noun_from += rest.end()
        noun, noun_end = _noun_after(text, noun_from)
        if not noun and not percent:
            # "198 of the attacks", "27 were suicide bombings": the noun stands after the number
            tail = re.match(r"\s+(?:of the|of|were|was|are)\s+(?!killed|injured|wounded|martyred|dead|reported|recorded|arrested)", text[noun_from:])
            if tail:
                noun, _ = _noun_after(text, noun_from + tail.end())
        connector = text[m.end("low"):m.start("high")].strip().lower() if m.group("high") else ""
        if m.group("high") and not m.group("phrase") and not m.group("art") and not m.group(0).lower().startswith("between") \
                and ((connector == "and" and RESPECTIVELY.search(text[m.end():]))
                     or (connector == "to" and re.search(r"\bfrom\s+$", text[:m.start()], re.IGNORECASE))):
            # "by 37 and 35 percent respectively", "rose from 18 to 37": two figures sharing their unit
            # and noun, no range
            high_v = _parse(m.group("high"), lexicon) or low
            found.append(QuantityMention(start=abs_start, end=sentence.start + m.end("low"), text=text[m.start():m.end("low")], low=low,
                                         high=low, qualifier=qual, noun=noun, noun_end=sentence.start + m.end("low"), percent=percent))
            abs_start, low, high = sentence.start + m.start("high"), high_v, high_v
        found.append(
            QuantityMention(
                start=abs_start,
                end=sentence.start + end_in_sentence,
                text=text[m.start():end_in_sentence],
                low=low,
                high=high,
                qualifier=qual,
                noun=noun,
                noun_end=sentence.start + noun_end,
                percent=percent,
            )
        )
    return _as_many(text, sentence.start, found)


ANOTHER_HURT = re.compile(r"\s+(?:was\s+|got\s+)?(?:injured|wounded|hurt|killed|martyred)\b", re.IGNORECASE)
# "two cops were killed while as many sustained injuries": the number before, counted again;
# not "as many as 20" (a qualifier) nor "twice as many"
AS_MANY = re.compile(r"(?<!twice )(?<!times )(?<!half )\bas many\b(?!\s+as\b)", re.IGNORECASE)


def _as_many(text: str, offset: int, found: list[QuantityMention]) -> list[QuantityMention]:
    extra = []
    for m in AS_MANY.finditer(text):
        before = [q for q in found if q.end - offset <= m.start() and not q.percent]
        if not before:
            continue
        previous = before[-1]
        noun, noun_end = _noun_after(text, m.end())
        extra.append(QuantityMention(start=offset + m.start(), end=offset + m.end(), text=m.group(0), low=previous.low, high=previous.high,
                                     qualifier=previous.qualifier, noun=noun, noun_end=offset + noun_end))
    return sorted(found + extra, key=lambda q: q.start) if extra else found


class QuantityStage:
    name = "quantities"
    requires = ("sentences", "dates")
    provides = ("quantities",)

    def __init__(self, lexicon: NumberLexicon) -> None:
        self.lexicon = lexicon
        self.pattern = _build_number_regex(lexicon)

    def __call__(self, doc: ArticleDoc) -> ArticleDoc:
        dates = sorted((t for t in doc.dates if t.kind != "duration"), key=lambda t: t.start)
        doc.quantities = [
            q for s in doc.sentences
            for q in find_quantities(s, self.lexicon, pattern=self.pattern,
                                     exclude=[(t.start, t.end) for t in within(dates, s.start, s.end)])
        ]
        return doc
