"""What SHACL validation found, as plain data: a build that finds every document cached reads
its findings back from the cache without importing the validator."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from types import MappingProxyType
from xml.etree import ElementTree

NO_ERRORS: Mapping[str, str] = MappingProxyType({})  # files that could not be read, by path


@dataclass(frozen=True)
class Finding:
    severity: str
    message: str
    focus: str
    path: str | None
    value: str | None
    shape: str


@dataclass
class Report:
    """Findings for one graph: the default graph of a file, or one named graph."""

    source: str
    graph: str | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity != "Violation"]

    @property
    def name(self) -> str:
        return f"{self.source} <{self.graph}>" if self.graph else self.source


def render_text(reports: list[Report], errors: Mapping[str, str] = NO_ERRORS) -> str:
    """For people; the files that could not be read are on stderr, so not repeated here."""
    lines = []
    for report in reports:
        status = "conforms" if not report.violations else f"{len(report.violations)} violation(s)"
        warned = f", {len(report.warnings)} warning(s)" if report.warnings else ""
        lines.append(f"{report.name}: {status}{warned}")
        for f in report.findings:
            where = f" {f.path}" if f.path else ""
            value = f" = {f.value}" if f.value else ""
            lines.append(f"  {f.severity}: {f.focus}{where}{value}: {f.message}")
    return "\n".join(lines)


def render_json(reports: list[Report], errors: Mapping[str, str] = NO_ERRORS) -> str:
    payload = {
        "conforms": not errors and not any(r.violations for r in reports),
        "graphs": [
            {
                "source": r.source,
                "graph": r.graph,
                "violations": len(r.violations),
                "warnings": len(r.warnings),
                "results": [asdict(f) for f in r.findings],
            }
            for r in reports
        ],
        "errors": [{"source": source, "message": message} for source, message in errors.items()],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def render_junit(reports: list[Report], errors: Mapping[str, str] = NO_ERRORS) -> str:
    """One test case per shape result, named by its focus node and path: a violation fails, a
    warning passes with its message in system-out. A graph without results is one passing test
    case; a file that cannot be read is one test case in error."""
    suite = ElementTree.Element("testsuite", name="munikg-shacl")
    for report in reports:
        if not report.findings:
            ElementTree.SubElement(suite, "testcase", classname=report.name, name="conforms")
        for f in report.findings:
            name = f"{f.focus} {f.path}" if f.path else f.focus
            case = ElementTree.SubElement(suite, "testcase", classname=report.name, name=name)
            detail = f"{f.severity}: {f.focus} {f.path or ''} = {f.value or ''}: {f.message}"
            detail += f"\nshape: {f.shape}"
            if f.severity == "Violation":
                ElementTree.SubElement(case, "failure", message=f.message).text = detail
            else:
                ElementTree.SubElement(case, "system-out").text = detail
    for source, message in errors.items():
        case = ElementTree.SubElement(suite, "testcase", classname=source, name="read")
        ElementTree.SubElement(case, "error", message=message)
    cases = list(suite)
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(sum(1 for c in cases if c.find("failure") is not None)))
    suite.set("errors", str(len(errors)))
    ElementTree.indent(suite)
    return ElementTree.tostring(suite, encoding="unicode", xml_declaration=True)


RENDERERS = {"text": render_text, "json": render_json, "junit": render_junit}
