"""Whether a matched claim carries the right source, period and region.

A claim that matches its gold one on metric, unit and value can still be worthless in the
ledger when it names the wrong monitor, the wrong quarter or the wrong province. These
comparisons score those three fields on matched claims:

- source: the same name after case folding (both null counts as right);
- period: the same calendar bounds (both unresolved counts as right);
- region: the same set of places, where "KP", "K-P" and "Khyber Pakhtunkhwa" are one place
  (the gazetteer's aliases) and "erstwhile FATA", "Fata" and "Tribal Areas" another; a
  region stated as the whole country ("across the country", "countrywide", "nationwide") is
  right when the claim's region is a country, as the article's own country is what it means.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..models import Claim
from .gold import GoldClaim

CLAIM_FIELDS = ("source", "period", "region")
# The former tribal areas are no gazetteer place (merged into KP in 2018), but monitors
# still count them apart; these names all mean them.
FATA_NAMES = {"fata", "erstwhile fata", "former fata", "tribal areas", "tribal districts", "federally administered tribal areas", "merged districts"}


@lru_cache(maxsize=1)
def _gazetteer():
    from ..resources import load_gazetteer

    return load_gazetteer()


def _place_key(name: str) -> str:
    text = re.sub(r"[\s\-]+", " ", name.strip().lower())
    text = re.sub(r"^(?:the|erstwhile|former) ", "", text) if text not in FATA_NAMES else text
    if text in FATA_NAMES or text == "fata":
        return "fata"
    places = _gazetteer().lookup(name.strip())
    if places:
        return places[0].name.lower()
    return text


def region_key(name: str | None) -> frozenset[str]:
    """The set of places a region names: 'KP and Balochistan' -> {khyber pakhtunkhwa, balochistan}."""
    if not name:
        return frozenset({"pakistan"})
    parts = re.split(r"\s*(?:,|\band\b|&)\s*", name)
    return frozenset(_place_key(p) for p in parts if p.strip())


# the annotation keeps the region "as stated": these state the article's whole country
WHOLE_COUNTRY = re.compile(r"^(?:across |all over |throughout )?(?:the (?:whole |entire )?country|countrywide|nationwide|the nation)$",
                           re.IGNORECASE)
COUNTRY_KEYS = {frozenset({"pakistan"}), frozenset({"afghanistan"})}


def _region_right(gold: str | None, predicted: str | None) -> bool:
    if gold and WHOLE_COUNTRY.match(gold.strip()):
        return region_key(predicted) in COUNTRY_KEYS
    return region_key(gold) == region_key(predicted)


def claim_field_agreement(gold: GoldClaim, predicted: Claim) -> dict[str, bool]:
    return {
        "source": (gold.source or "").casefold() == (predicted.source or "").casefold(),
        "period": (gold.period_start, gold.period_end) == (predicted.period.start, predicted.period.end),
        "region": _region_right(gold.region, predicted.region.name),
    }
