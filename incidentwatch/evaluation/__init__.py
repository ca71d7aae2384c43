"""Scoring the extraction against gold labels (``../shared/eval`` format)."""

from .gold import GoldArticle, GoldClaim, GoldIncident, load_gold
from .scores import Scores, evaluate_gold, score_articles

__all__ = ["GoldArticle", "GoldClaim", "GoldIncident", "Scores", "evaluate_gold", "load_gold", "score_articles"]
