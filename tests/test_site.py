"""``munikg site`` and ``munikg serve`` on the bundled graph: a page per resource, links that
resolve, KPI charts that match the store, city dashboards, the ontology, content negotiation."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import signal
import subprocess
import sys
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

import pyoxigraph
import pytest

from munikg import queries, site
from munikg.cli import main
from munikg.serve import free_port

MITO = "https://w3id.org/munikg/id/city/082015"
TSUKUBAMIRAI = "https://w3id.org/munikg/id/city/082350"
SVG = "{http://www.w3.org/2000/svg}"
PREFIXES = """PREFIX mk: <https://w3id.org/munikg/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX time: <http://www.w3.org/2006/time#>
"""
# Observations a chart can place: a number and a period with a date.
PLOTTABLE = (
    PREFIXES
    + """SELECT ?indicator (COUNT(DISTINCT ?o) AS ?n) WHERE {
  ?o mk:indicator ?indicator ; mk:value ?value ; mk:period ?period .
  { ?period time:hasEnd/time:inXSDDate ?d } UNION { ?period time:hasBeginning/time:inXSDDate ?d }
} GROUP BY ?indicator"""
)


def digests(out: Path) -> dict[str, str]:
    """Every file's digest by its path."""
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def write(store: Path, out: Path, **options) -> dict[str, str]:
    site.write_site(store, out, **options)
    return digests(out)


@pytest.fixture(scope="module")
def built_site(built, tmp_path_factory) -> tuple[Path, dict[str, str]]:
    out = tmp_path_factory.mktemp("site") / "site"
    return out, write(built / "store", out, jobs=2)


def indicator(store, city: str, label: str) -> str:
    found = store.query(
        PREFIXES + f'SELECT DISTINCT ?i WHERE {{ ?i mk:city <{city}> ; rdfs:label "{label}"@ja }}',
        use_default_graph_as_union=True,
    )
    (iri,) = [solution["i"].value for solution in found]
    return iri


def page_of(out: Path, iri: str) -> str:
    return (out / site.file_path(site.page_path(iri))).read_text(encoding="utf-8")


def chart_points(html: str) -> dict[str, int]:
    """Markers per series in every chart of a page."""
    points: dict[str, int] = {}
    start = 0
    while (begin := html.find("<svg", start)) >= 0:
        start = html.index("</svg>", begin) + len("</svg>")
        for group in ET.fromstring(html[begin:start]).iter(SVG + "g"):
            if group.get("id", "").startswith("series-"):
                name = group.get("id")[len("series-") :]
                points[name] = points.get(name, 0) + len(list(group.iter(SVG + "use")))
    return points


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag in ("a", "link") and attributes.get("href"):
            self.links.append(attributes["href"])


def parsed(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def subjects(store) -> set[str]:
    found = store.query(
        "SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } "
        "FILTER STRSTARTS(STR(?s), 'https://w3id.org/munikg/id/') }"
    )
    return {solution["s"].value for solution in found}


def test_every_resource_in_the_store_has_a_page(store, built_site):
    out, files = built_site
    resources = subjects(store)
    assert len(resources) > 2000
    missing = [s for s in resources if site.file_path(site.page_path(s)).as_posix() not in files]
    assert missing == []
    assert (out / "id/city/082015.html").is_file()
    assert "水戸市" in page_of(out, MITO)


def test_every_internal_link_resolves_to_a_written_file(store, built_site):
    """Follow every link from the home page and from the page of every resource, as a browser
    would: relative to the page's URL (which keeps an IRI's %2F), to a file a server finds."""
    out, files = built_site
    queue = ["index.html", *sorted(site.page_path(s) for s in subjects(store))]
    seen, anchors, checked = set(queue), {}, 0
    while queue:
        url = queue.pop()
        here = "http://site/" + url
        for href in parsed(out / unquote(url)).links:
            if urlsplit(href).scheme:
                continue
            target = urlsplit(urljoin(here, href))
            path = target.path.lstrip("/")
            assert unquote(path) in files, f"{url}: {href}"
            if target.fragment:
                if path not in anchors:
                    anchors[path] = parsed(out / unquote(path)).ids
                assert target.fragment in anchors[path], f"{url}: {href}"
            if path.endswith(".html") and path not in seen:
                seen.add(path)
                queue.append(path)
            checked += 1
    assert checked > 50_000
    assert {unquote(path) for path in seen} == {f for f in files if f.endswith(".html")}


def test_a_value_cites_its_source_document_and_lines(store, built_site):
    out, _ = built_site
    html = page_of(out, indicator(store, TSUKUBAMIRAI, "市内の法人数"))
    # 市内の法人数 is line 180 of the report; its revised targets are on lines 184, 188, 190
    assert "tsukubamirai-sogo-senryaku-2-shinchoku-r5.txt L180" in html
    for line in (184, 188, 190):
        assert f"tsukubamirai-sogo-senryaku-2-shinchoku-r5.txt L{line}" in html
    assert "産業経済課" in html  # the responsible department, linked


def test_a_kpi_chart_has_a_point_per_observation(store, built_site):
    out, _ = built_site
    # line 180: actuals 1,137社 (R4), 1,254社 (R5); target 1,050社 ↓ 1,100社 ↓ 1,150社; 修正 1,300社
    html = page_of(out, indicator(store, TSUKUBAMIRAI, "市内の法人数"))
    assert chart_points(html) == {
        "actual": 2,
        "target-r0": 1,
        "target-r1": 1,
        "target-r2": 1,
        "target-r3": 1,
    }
    for raw in ("1,137社", "1,254社", "1,050社", "1,100社", "1,150社", "1,300社"):
        assert raw in html
    # 福祉ボランティアの活動件数: baseline 353; expected 366 371 375; actual 215 318 遅れ; 目標 380
    html = page_of(out, indicator(store, MITO, "福祉ボランティアの活動件数(年間)"))
    assert chart_points(html) == {"baseline": 1, "expected": 3, "actual": 2, "target-r0": 1}
    assert html.count(">behind</text>") == 2


def test_every_chart_has_as_many_points_as_the_store_has_observations(store, built_site):
    out, _ = built_site
    counts = {
        s["indicator"].value: int(s["n"].value)
        for s in store.query(PLOTTABLE, use_default_graph_as_union=True)
    }
    assert len(counts) > 150
    drawn = {iri: sum(chart_points(page_of(out, iri)).values()) for iri in counts}
    assert drawn == counts


def test_a_city_page_has_its_kpi_dashboard(store, built_site, query):
    out, _ = built_site
    html = page_of(out, MITO)
    dashboard = [row for row in query("kpi-dashboard").rows if row[0] == "082015"]
    behind = {(row[4], row[5]) for row in query("kpis-behind").rows if row[0] == "082015"}
    assert (len(dashboard), len(behind)) == (31, 10)
    section = html[html.index('<section id="dashboard">') : html.index("</section>")]
    assert section.count("<tr class=") == 31
    assert section.count('<tr class="behind">') == 10
    row = section[section.index("福祉ボランティアの活動件数(年間)") :]
    assert "stated: 遅れ" in row[: row.index("</tr>")]


def test_ontology_and_vocabularies_are_documented(built_site):
    out, _ = built_site
    ontology = pyoxigraph.Store()
    ontology.load(path=str(Path(__file__).parents[1] / "ontology/munikg.ttl"))
    classes = [
        s["c"].value[len(site.DEF) :]
        for s in ontology.query(
            "SELECT ?c WHERE { ?c a <http://www.w3.org/2002/07/owl#Class> "
            "FILTER STRSTARTS(STR(?c), 'https://w3id.org/munikg/def#') }"
        )
    ]
    html = (out / "def.html").read_text(encoding="utf-8")
    ids = parsed(out / "def.html").ids
    assert len(classes) > 30
    assert set(classes) <= ids
    assert "重要業績評価指標（KPI）" in html and "key performance indicator" in html
    themes = (out / "vocab/policy-theme.html").read_text(encoding="utf-8")
    assert themes.count("policy-theme/") >= 19
    assert "結婚・出産・子育て" in themes


def test_the_query_catalogue_lists_every_saved_query(built_site):
    out, _ = built_site
    ids = parsed(out / "queries.html").ids
    assert {q.name for q in queries.catalogue()} <= ids


def test_two_builds_are_byte_identical(built, built_site, tmp_path):
    _, files = built_site
    assert write(built / "store", tmp_path / "again") == files


def test_the_site_is_the_same_on_one_process_and_from_cached_charts(
    store, built, built_site, tmp_path
):
    out, files = built_site
    cache = tmp_path / "charts"
    assert write(built / "store", tmp_path / "one", jobs=1, cache_dir=cache) == files
    svgs = {svg for p in out.rglob("*.html") for svg in svg_texts(p.read_text(encoding="utf-8"))}
    assert len(svgs) > 150
    cached = sorted(cache.iterdir())
    assert {p.read_text(encoding="utf-8") for p in cached} == svgs
    assert write(built / "store", tmp_path / "cached", jobs=2, cache_dir=cache) == files
    # a cached chart is read back, not drawn again; a chart no page uses is removed
    kpi = page_of(out, indicator(store, TSUKUBAMIRAI, "市内の法人数"))
    (chart,) = [p for p in cached if p.read_text(encoding="utf-8") in svg_texts(kpi)]
    chart.write_text("<svg>from the cache</svg>", encoding="utf-8")
    (cache / f"{'0' * 64}.svg").write_text("<svg/>", encoding="utf-8")
    site.write_site(built / "store", tmp_path / "again", jobs=2, cache_dir=cache)
    again = page_of(tmp_path / "again", indicator(store, TSUKUBAMIRAI, "市内の法人数"))
    assert "<svg>from the cache</svg>" in again
    assert sorted(cache.iterdir()) == cached


def svg_texts(html: str) -> list[str]:
    return re.findall(r"<svg.*?</svg>\n", html, re.DOTALL)  # a chart as drawn, its newline too


def test_base_puts_every_link_and_iri_under_it(store):
    pages = site.Site(store, "https://example.org/kg")
    here = site.page_path(MITO)
    html = pages.page(here)
    assert "<code>https://example.org/kg/id/city/082015</code>" in html
    assert 'href="https://example.org/kg/style.css"' in html
    links = Links()
    links.feed(html)
    assert links.links and all(
        href.startswith(("https://example.org/kg/", "#")) or "w3id.org" not in href
        for href in links.links
    )


def test_a_bad_base_leaves_the_site_as_it_was(built, built_site, capsys):
    out, files = built_site
    assert main(["site", "--store", str(out.parent / "no-store"), "--out", str(out)]) == 2
    assert "no store here" in capsys.readouterr().err
    with pytest.raises(site.SiteError, match="expected an http"):
        site.write_site(built / "store", out, "ftp://example.org/")
    assert digests(out) == files
    assert [p.name for p in out.parent.iterdir()] == ["site"]


# -- munikg serve ------------------------------------------------------------------------------


@contextmanager
def served(store: Path, log: Path, *options: str):
    """``munikg serve`` on a free port of 127.0.0.1, stopped with Ctrl-C (SIGINT)."""
    port = free_port()
    command = [sys.executable, "-m", "munikg", "serve", "--store", str(store), "--port", str(port)]
    with open(log, "w") as errors:
        process = subprocess.Popen(
            [*command, *options], stdout=subprocess.PIPE, stderr=errors, text=True
        )
        try:
            line = process.stdout.readline()
            assert line == f"SPARQL endpoint: http://127.0.0.1:{port}/query\n", log.read_text()
            yield f"http://127.0.0.1:{port}"
        finally:
            process.send_signal(signal.SIGINT)
            process.communicate(timeout=30)
    assert process.returncode == 0, log.read_text()


@pytest.fixture(scope="module")
def server(built, tmp_path_factory):
    with served(built / "store", tmp_path_factory.mktemp("serve") / "stderr.log") as url:
        yield url


def get(url: str, accept: str = "text/html") -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], b""


@pytest.mark.integration
@pytest.mark.parametrize(
    ("accept", "rdf_format"),
    [
        ("text/turtle", pyoxigraph.RdfFormat.TURTLE),
        ("application/ld+json", pyoxigraph.RdfFormat.JSON_LD),
        ("application/n-triples", pyoxigraph.RdfFormat.N_TRIPLES),
        ("application/ld+json;q=0.5, text/turtle;q=0.9", pyoxigraph.RdfFormat.TURTLE),
    ],
)
def test_an_iri_dereferences_to_its_triples(server, accept, rdf_format):
    status, content_type, body = get(server + "/id/city/082015", accept)
    assert status == 200
    assert content_type.startswith(rdf_format.media_type)
    triples = {q.triple for q in pyoxigraph.parse(body, rdf_format)}
    label = pyoxigraph.Triple(
        pyoxigraph.NamedNode(MITO),
        pyoxigraph.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
        pyoxigraph.Literal("水戸市", language="ja"),
    )
    assert label in triples
    assert {t.subject for t in triples} == {pyoxigraph.NamedNode(MITO)}


@pytest.mark.integration
def test_an_iri_dereferences_to_the_page_the_site_writes(server, built_site):
    out, _ = built_site
    status, content_type, body = get(server + "/id/city/082015", "text/html,*/*;q=0.8")
    assert (status, content_type) == (200, "text/html; charset=utf-8")
    static = (out / "id/city/082015.html").read_bytes()
    # the same page but for the run forms of the catalogue link bar
    assert body.replace(b' \xc2\xb7 <a href="/query">SPARQL</a>', b"") == static
    assert get(server + "/id/city/082015.html")[2] == body
    assert get(server + "/id/city/082015", "image/png")[0] == 406
    assert get(server + "/id/city/999999")[0] == 404


@pytest.mark.integration
def test_the_ontology_dereferences(server):
    status, _, body = get(server + "/def", "text/turtle")
    assert status == 200
    triples = {q.triple for q in pyoxigraph.parse(body, pyoxigraph.RdfFormat.TURTLE)}
    kpi = pyoxigraph.NamedNode(site.DEF + "KPI")
    owl_class = pyoxigraph.NamedNode("http://www.w3.org/2002/07/owl#Class")
    assert pyoxigraph.Triple(kpi, pyoxigraph.NamedNode(site.TYPE), owl_class) in triples
    status, _, body = get(server + "/def")
    assert status == 200 and 'id="KPI"' in body.decode("utf-8")


@pytest.mark.integration
def test_the_catalogue_runs_a_saved_query(server):
    html = get(server + "/queries.html")[2].decode("utf-8")
    assert 'action="queries/kpi-observations"' in html
    status, _, body = get(server + "/queries/kpi-observations?city=" + quote("つくばみらい市"))
    assert status == 200
    html = body.decode("utf-8")
    assert "1,300社" in html and "水戸市" not in html.split("<tbody>")[1]
    assert get(server + "/queries/no-such-query")[0] == 404
    assert get(server + "/queries/plans-in-force?year=soon")[0] == 400


@pytest.mark.integration
def test_the_sparql_endpoint_stays_at_query(server, store):
    request = urllib.request.Request(
        server + "/query",
        data=b"SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        headers={
            "Content-Type": "application/sparql-query",
            "Accept": "application/sparql-results+json",
        },
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        answer = json.loads(response.read())
    assert int(answer["results"]["bindings"][0]["n"]["value"]) == len(store)


@pytest.mark.integration
def test_a_writable_server_shows_an_update_on_the_next_page(built, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(built / "store", store)  # the session's store stays as built
    note = "更新の確認のための注記"
    update = (
        PREFIXES + f"INSERT DATA {{ GRAPH <https://w3id.org/munikg/graph/reference> "
        f'{{ <{MITO}> rdfs:comment "{note}"@ja }} }}'
    )
    with served(store, tmp_path / "stderr.log", "--writable") as url:
        assert note not in get(url + "/id/city/082015")[2].decode("utf-8")
        request = urllib.request.Request(
            url + "/update",
            data=update.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.status == 204
        html = get(url + "/id/city/082015")[2].decode("utf-8")
    row = html[html.index(note) - 400 : html.index(note)]
    assert "rdfs:comment" in row and "水戸市" in html
