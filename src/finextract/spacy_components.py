"""spaCy components: ``nlp.add_pipe("finextract_facts")`` in a user's own pipeline.

The component runs finextract's pipeline on ``doc.text`` and puts the results on
``doc._.finextract`` (the ArticleResult) and ``doc._.facts`` (its facts).
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .models import Article
from .pipeline import Pipeline

for _name in ("finextract", "facts"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class FactsComponent:
    def __init__(self, lexicons: tuple[str, ...] = ()):
        self.pipeline = Pipeline(tuple(lexicons))

    def __call__(self, doc: Doc) -> Doc:
        result = self.pipeline.extract(Article(id=doc.user_data.get("id", "doc"), text=doc.text))
        doc._.finextract = result
        doc._.facts = result.facts
        return doc


@Language.factory("finextract_facts", default_config={"lexicons": []})
def make_facts(nlp: Language, name: str, lexicons: list[str]) -> FactsComponent:
    return FactsComponent(tuple(lexicons))


@Language.factory("finextract_normalizer", default_config={})
def make_normalizer(nlp: Language, name: str):
    from .normalize import Normalizer

    norm = Normalizer()

    def component(doc: Doc) -> Doc:
        doc.user_data["finextract_normalized"] = norm.normalize(doc.text).text
        return doc

    return component
