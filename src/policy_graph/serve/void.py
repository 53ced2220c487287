"""A VoID + DCAT description of the served dataset (what it is, where the endpoint and dumps
are, how big it is), built as an rdflib Graph so it negotiates like any resource."""

from __future__ import annotations

from typing import Any

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

VOID = Namespace("http://rdfs.org/ns/void#")

DUMPS = (
    ("graph.nt.gz", "application/n-triples", "gzip"),
    ("graph.nt", "application/n-triples", None),
    ("graph.ttl", "text/turtle", None),
)


def describe_dataset(server: str, base: str, stats: dict[str, Any]) -> Graph:
    """``server`` is where this app answers (``http://127.0.0.1:8000/``); ``base`` the IRI space."""
    g = Graph()
    g.bind("void", VOID)
    g.bind("dcat", DCAT)
    g.bind("dcterms", DCTERMS)
    dataset = URIRef(base + "id/dataset")
    service = URIRef(server + "sparql")
    g.add((dataset, RDF.type, VOID.Dataset))
    g.add((dataset, RDF.type, DCAT.Dataset))
    g.add((dataset, DCTERMS.title, Literal("政策责任知识图谱", lang="zh")))
    g.add((dataset, DCTERMS.title, Literal("policy-graph: who is responsible for what in Chinese policy documents", lang="en")))
    g.add((dataset, DCTERMS.description, Literal(
        "Bodies, roles, measures, target populations and quantified targets extracted from policy documents, "
        "each fact traceable to its source section and quote.", lang="en")))
    g.add((dataset, VOID.uriSpace, Literal(base + "id/")))
    g.add((dataset, VOID.sparqlEndpoint, service))
    g.add((dataset, VOID.rootResource, URIRef(base + "ontology")))
    g.add((dataset, FOAF.homepage, URIRef(server)))
    for key, prop in (("triples", VOID.triples), ("subjects", VOID.distinctSubjects),
                      ("properties", VOID.properties), ("classes", VOID.classes)):
        if key in stats:
            g.add((dataset, prop, Literal(int(stats[key]), datatype=XSD.integer)))
    for graph_iri in stats.get("graphs", []):
        sub = URIRef(graph_iri)
        g.add((dataset, VOID.subset, sub))
        g.add((sub, RDF.type, VOID.Dataset))
    for name, media, compression in DUMPS:
        url = URIRef(server + "dumps/" + name)
        g.add((dataset, VOID.dataDump, url))
        dist = BNode(f"dist-{name.replace('.', '-')}")
        g.add((dataset, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCAT.downloadURL, url))
        g.add((dist, DCAT.mediaType, URIRef("https://www.iana.org/assignments/media-types/" + media)))
        if compression:
            g.add((dist, DCAT.compressFormat, URIRef("https://www.iana.org/assignments/media-types/application/" + compression)))
    g.add((service, RDF.type, DCAT.DataService))
    g.add((service, DCAT.endpointURL, service))
    g.add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    g.add((service, DCAT.servesDataset, dataset))
    return g
