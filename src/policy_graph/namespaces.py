"""RDF namespaces of policy-graph and the one prefix map every serializer binds.

``PG`` is a *closed* namespace (``DefinedNamespace`` with ``_fail = True``): ``PG.Obligaton``
raises instead of silently minting a wrong IRI. ``tests/artefacts`` checks that its members are
exactly the classes and properties declared in ``ontology/policy.ttl``.

Vocabulary IRIs (the ontology, its SKOS concept schemes) are fixed under :data:`DEFAULT_BASE`;
only instance data (works, bodies, obligations…) moves when a build uses another base.
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SDO, SH, SKOS, TIME, XSD, DefinedNamespace

#: Default base of every IRI minted by the project (instances under ``{base}id/``).
DEFAULT_BASE = "https://w3id.org/policy-graph/"

#: Ontology namespace IRI (prefix ``pg:``).
PG_IRI = DEFAULT_BASE + "ontology#"


class PG(DefinedNamespace):
    """The policy-graph ontology (``ontology/policy.ttl``)."""

    _fail = True
    _NS = Namespace(PG_IRI)

    # classes
    Body: URIRef
    BodyKind: URIRef
    CentralBody: URIRef
    CountyBody: URIRef
    Deadline: URIRef
    DocumentKind: URIRef
    Duty: URIRef
    Encouragement: URIRef
    ExtractionRule: URIRef
    Flag: URIRef
    GovernanceLevel: URIRef
    GovernancePrinciple: URIRef
    InferredGraph: URIRef
    Measure: URIRef
    MeasureConcept: URIRef
    ModalityConcept: URIRef
    MultiLevelBody: URIRef
    NonGovernmentalBody: URIRef
    Obligation: URIRef
    Organisation: URIRef
    Permission: URIRef
    PlanItem: URIRef
    Post: URIRef
    PrefecturalBody: URIRef
    PrincipleClause: URIRef
    Process: URIRef
    ProcessStep: URIRef
    Prohibition: URIRef
    ProvincialBody: URIRef
    PublicOrganisation: URIRef
    QuantifiedTarget: URIRef
    Reading: URIRef
    ReasoningRule: URIRef
    Region: URIRef
    RoleConcept: URIRef
    Section: URIRef
    TargetPopulation: URIRef
    TownshipBody: URIRef
    Variant: URIRef
    VillageBody: URIRef
    Witness: URIRef
    Work: URIRef

    # properties
    action: URIRef
    actor: URIRef
    atLevel: URIRef
    bearer: URIRef
    bearerText: URIRef
    beneficiary: URIRef
    bodyKind: URIRef
    chosenText: URIRef
    clause: URIRef
    confidence: URIRef
    deadline: URIRef
    deadlineText: URIRef
    docNumber: URIRef
    documentKind: URIRef
    end: URIRef
    expectedRole: URIRef
    flag: URIRef
    flagKind: URIRef
    hasObligation: URIRef
    implementedBy: URIRef
    implements: URIRef
    impliedModality: URIRef
    indicator: URIRef
    issuerName: URIRef
    known: URIRef
    level: URIRef
    maxValue: URIRef
    measure: URIRef
    modality: URIRef
    order: URIRef
    parentSection: URIRef
    qualifier: URIRef
    quote: URIRef
    readIn: URIRef
    reading: URIRef
    readingText: URIRef
    responsibleFor: URIRef
    role: URIRef
    rule: URIRef
    scope: URIRef
    sectionId: URIRef
    sectionKind: URIRef
    sourceEnd: URIRef
    sourceFile: URIRef
    sourceStart: URIRef
    start: URIRef
    statedDate: URIRef
    statedIn: URIRef
    step: URIRef
    stepOrder: URIRef
    suspicious: URIRef
    task: URIRef
    text: URIRef
    unit: URIRef
    value: URIRef
    valueText: URIRef
    variant: URIRef
    variantIn: URIRef


# Each declared term as a plain class attribute, so ``PG.quote`` is an attribute read rather than
# rdflib's metaclass __getattr__ → cached __getitem__ chain (the rdf stage reads these millions
# of times); undeclared names still fail, through that same chain.
for _name in PG.__annotations__:
    type.__setattr__(PG, _name, PG[_name])
del _name

#: Alias kept for readers of STYLE.md, which calls the closed namespace ``POL``.
POL = PG



class Vocabulary(Namespace):
    """An open rdflib ``Namespace`` whose terms are made once: ``OA.exact`` is the same object on
    every access. Why: the rdf stage writes these predicates millions of times, and a fresh
    ``URIRef`` per access made every dict lookup of a triple (dedup, serialisation memo) fall
    back from an identity check to rdflib's Python-level ``__eq__``."""

    def __getattr__(self, name: str) -> URIRef:
        term = super().__getattr__(name)
        self.__dict__[name] = term
        return term


ELI = Vocabulary("http://data.europa.eu/eli/ontology#")
ORG = Vocabulary("http://www.w3.org/ns/org#")
M8G = Vocabulary("http://data.europa.eu/m8g/")
ODRL = Vocabulary("http://www.w3.org/ns/odrl/2/")
LRML = Vocabulary("http://docs.oasis-open.org/legalruleml/ns/v1.0/")
OA = Vocabulary("http://www.w3.org/ns/oa#")
VANN = Vocabulary("http://purl.org/vocab/vann/")

#: Concept-scheme names used in concept IRIs ``{DEFAULT_BASE}id/concept/<scheme>/<key>``.
SCHEMES: tuple[str, ...] = (
    "role",
    "modality",
    "level",
    "measure",
    "population",
    "body-kind",
    "document-kind",
    "principle",
)

#: The single prefix map: every serializer (Turtle, JSON-LD, SPARQL results, HTML) binds these.
PREFIXES: dict[str, str] = {
    "pg": PG_IRI,
    "eli": str(ELI),
    "org": str(ORG),
    "m8g": str(M8G),
    "odrl": str(ODRL),
    "lrml": str(LRML),
    "oa": str(OA),
    "prov": str(PROV),
    "time": str(TIME),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "schema": str(SDO),
    "foaf": str(FOAF),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "sh": str(SH),
    "vann": str(VANN),
}


@lru_cache(maxsize=4096)  # the same few hundred concepts, named by every fact (see Vocabulary)
def concept(scheme: str, key: str) -> URIRef:
    """IRI of the concept ``key`` in ``scheme`` (e.g. ``concept("role", "lead")``)."""
    if scheme not in SCHEMES:
        raise ValueError(f"unknown concept scheme {scheme!r}; known: {', '.join(SCHEMES)}")
    return URIRef(f"{DEFAULT_BASE}id/concept/{scheme}/{key}")


def scheme_iri(scheme: str) -> URIRef:
    """IRI of the SKOS concept scheme itself."""
    if scheme not in SCHEMES:
        raise ValueError(f"unknown concept scheme {scheme!r}; known: {', '.join(SCHEMES)}")
    return URIRef(f"{DEFAULT_BASE}id/scheme/{scheme}")


def bind_prefixes(graph: Graph, *, base: str = DEFAULT_BASE) -> Graph:
    """Bind :data:`PREFIXES` (plus ``id:`` for the instance base) on ``graph``; returns it."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    graph.bind("id", base + "id/", override=True, replace=True)
    return graph
