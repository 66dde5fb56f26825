"""Models of the shared library; each idea lives in its own module."""

from knowledge.models.curation import CollectionItem, CuratedCollection
from knowledge.models.feedback import ReaderFeedback
from knowledge.models.glossary import GlossaryTerm
from knowledge.models.import_keys import ImportedObject
from knowledge.models.methods import Licence, MethodologyArticle
from knowledge.models.packages import BundlePackage, ProgrammePackage, RegionalBundle
from knowledge.models.pages import (
    HomeFeaturedItem,
    HomePage,
    KnowledgePage,
    KnowledgePageTag,
    LibraryIndexPage,
)
from knowledge.models.taxonomy import Institution, Region, Theme
from knowledge.models.translation_basis import TranslationBasis

__all__ = [
    "BundlePackage",
    "CollectionItem",
    "CuratedCollection",
    "GlossaryTerm",
    "HomeFeaturedItem",
    "HomePage",
    "ImportedObject",
    "Institution",
    "KnowledgePage",
    "KnowledgePageTag",
    "LibraryIndexPage",
    "Licence",
    "MethodologyArticle",
    "ProgrammePackage",
    "RegionalBundle",
    "ReaderFeedback",
    "Region",
    "Theme",
    "TranslationBasis",
]
