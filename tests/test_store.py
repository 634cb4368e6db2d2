"""The embedded store holds what the N-Quads dump says, however the dump is cut into loads."""

from __future__ import annotations

import pyoxigraph
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from munikg import terms
from munikg.emit import nquads
from munikg.store import open_store, write_store
from munikg.validate import ontology


def test_blank_nodes_stay_whole_when_the_load_is_cut_between_their_lines(tmp_path):
    """The ontology's OWL lists are chains of blank nodes over several lines: loaded one line per
    chunk, each link would become a blank node of its own unless those lines load together."""
    expected = ontology()
    dump = tmp_path / "ontology.nq"
    dump.write_text("".join(nquads(expected, terms.ONTOLOGY_GRAPH)), encoding="utf-8")
    assert "_:" in dump.read_text(encoding="utf-8")
    write_store(tmp_path / "store", dump, chunk_lines=1)
    written = pyoxigraph.serialize(
        open_store(tmp_path / "store"), format=pyoxigraph.RdfFormat.N_QUADS
    )
    loaded = Dataset()
    loaded.parse(data=written, format="nquads")
    assert isomorphic(Graph() + loaded.graph(terms.ONTOLOGY_GRAPH), expected)


def test_the_build_s_store_holds_every_quad_of_its_dump(built):
    store = open_store(built / "store")
    lines = (built / "munikg.nq").read_bytes().splitlines()
    assert len(store) == len(set(lines)) > 20_000
