"""Draft the records from an article: ``mapgen extract``.

Stages, data flowing one way: :mod:`.read` (bytes -> normalised text) ->
:mod:`.candidates` (the units the article may name) -> :mod:`.segment` (which passage is
about which unit) and :mod:`.numbers` (figures as printed) -> :mod:`.extract` (figures per
unit, and every number left out with its reason) -> :mod:`.to_yaml` (the draft data file).
:mod:`.command` is the click command. The words the extractor knows are rows in
:mod:`.tables`.
"""

from .candidates import Region, Unit, candidate_units
from .extract import Extraction, Figure, Unattributed, extract
from .read import ArticleError, read_article

__all__ = ["extract", "read_article", "candidate_units", "Region", "Unit", "Extraction", "Figure",
           "Unattributed", "ArticleError"]
