"""The job report: wall time per step, jobs and hosts used, and a Gantt chart of the DAG nodes.

Built only from what HTCondor DAGMan writes anyway, so it works for any engine:

- the DAG's node job event log (``<dag>.nodes.log``): submit (000), execute (001, with the host
  and slot), evicted (004), terminated (005), aborted (009) and held (012) events per node;
- the node status file (``NODE_STATUS_FILE``): the state and retry count of every node;
- the DAG file itself, for each node's ``CATEGORY`` (our DAGs name one category per step);
- the ``.metrics`` JSON that DAGMan writes when it exits.

Public API::

    parse_node_log(text) -> list[JobRun]
    parse_node_status(text) -> NodeStatusFile
    parse_dag_categories(text) -> dict[node, category]
    step_of(node, categories) -> str
    summarize(runs, categories) -> list[StepSummary]
    render_html(title, runs, categories, status=None, metrics=None, summary=None) -> str
    result_rows(summary) -> list[(label, value)]       # the result part, from result.json
    write_report(job_dir, dest, title=None, summary=None) -> Path   # finds the files in a downloaded job dir;
                                                       # summary defaults to result.json beside ``dest``

The output is one self-contained HTML file (inline SVG, no scripts) so that it opens anywhere
and can be mailed or archived with the rasters.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..i18n import tr

_EVENT_RE = re.compile(
    r"^(\d{3}) \((\d+)\.(\d+)\.(\d+)\) (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}|\d{2}/\d{2} \d{2}:\d{2}:\d{2}) (.*)$"
)
_ALIAS_RE = re.compile(r"alias=([^&>]+)")
_HOST_RE = re.compile(r"<([^:>?]+)")
_RETURN_RE = re.compile(r"\(return value (-?\d+)\)")
_SIGNAL_RE = re.compile(r"\(signal (\d+)\)")
_CLASSAD_BLOCK_RE = re.compile(r"\[(.*?)\n\]", re.S)
_ATTR_RE = re.compile(r"^\s*(\w+)\s*=\s*(.*?);\s*(?:/\*.*\*/)?\s*$")

NODE_STATUS_NAMES = {
    0: "not_ready", 1: "ready", 2: "prerun", 3: "submitted", 4: "postrun", 5: "done", 6: "error", 7: "futile",
}

# Steps get stable colours in the chart; unknown steps cycle through the same palette.
_PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#9c755f", "#bab0ac", "#ff9da7"]
_FAILED_COLOUR = "#e15759"


@dataclass
class JobRun:
    """One HTCondor job that ran (or tried to run) for a DAG node; a retry is another JobRun."""

    node: str
    cluster: int
    submitted: datetime | None = None
    started: datetime | None = None
    ended: datetime | None = None
    host: str = ""
    slot: str = ""
    exit_code: int | None = None
    state: str = "submitted"  # submitted, running, done, failed, removed, held, evicted

    @property
    def seconds(self) -> float:
        if self.started is None or self.ended is None:
            return 0.0
        return max(0.0, (self.ended - self.started).total_seconds())


@dataclass
class NodeState:
    name: str
    status: str
    details: str = ""
    retries: int = 0


@dataclass
class NodeStatusFile:
    dag: dict = field(default_factory=dict)
    nodes: list[NodeState] = field(default_factory=list)

    @property
    def state(self) -> str:
        """The DAG's own state; the node status file uses the node status names for it too."""
        return NODE_STATUS_NAMES.get(int(self.dag.get("DagStatus", -1)), "unknown")

    @property
    def total(self) -> int:
        return int(self.dag.get("NodesTotal", len(self.nodes)) or 0)

    @property
    def done(self) -> int:
        return int(self.dag.get("NodesDone", sum(n.status == "done" for n in self.nodes)) or 0)

    @property
    def failed(self) -> int:
        return int(self.dag.get("NodesFailed", sum(n.status == "error" for n in self.nodes)) or 0)


@dataclass
class StepSummary:
    step: str
    nodes: int
    runs: int
    failed_runs: int
    hosts: int
    wall_seconds: float
    busy_seconds: float
    first_start: datetime | None
    last_end: datetime | None


def _parse_time(text: str, year_hint: int | None = None) -> datetime:
    if "-" in text:
        return datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
    # Old-style event logs omit the year.
    return datetime.strptime(f"{year_hint or datetime.now().year}/{text}", "%Y/%m/%d %H:%M:%S")


def parse_node_log(text: str) -> list[JobRun]:
    """Every job run in a DAGMan node log, in submission order."""
    runs: dict[int, JobRun] = {}
    order: list[int] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        match = _EVENT_RE.match(lines[i])
        if not match:
            i += 1
            continue
        code, cluster, when, rest = match.group(1), int(match.group(2)), match.group(5), match.group(6)
        body: list[str] = []
        i += 1
        while i < len(lines) and lines[i].strip() != "...":
            body.append(lines[i])
            i += 1
        i += 1
        stamp = _parse_time(when)
        run = runs.get(cluster)
        if code == "000":
            node = ""
            for line in body:
                if line.strip().startswith("DAG Node:"):
                    node = line.split(":", 1)[1].strip()
            run = JobRun(node=node, cluster=cluster, submitted=stamp)
            runs[cluster] = run
            order.append(cluster)
            continue
        if run is None:
            continue
        if code == "001":
            run.started = stamp
            run.ended = None
            run.state = "running"
            alias = _ALIAS_RE.search(rest) or _HOST_RE.search(rest)
            run.host = alias.group(1) if alias else ""
            for line in body:
                if line.strip().startswith("SlotName:"):
                    run.slot = line.split(":", 1)[1].strip()
                    if "@" in run.slot:
                        run.host = run.slot.split("@", 1)[1]
        elif code == "005":
            run.ended = stamp
            joined = "\n".join(body)
            value = _RETURN_RE.search(joined)
            if value:
                run.exit_code = int(value.group(1))
            elif _SIGNAL_RE.search(joined):
                run.exit_code = -int(_SIGNAL_RE.search(joined).group(1))
            run.state = "done" if run.exit_code == 0 else "failed"
        elif code == "004":
            run.ended = stamp
            run.state = "evicted"
        elif code == "009":
            run.ended = run.ended or stamp
            run.state = "removed"
        elif code == "012":
            run.state = "held"
        elif code == "013":  # released
            run.state = "submitted"
    return [runs[c] for c in order]


def _classad_value(raw: str):
    raw = raw.strip()
    if raw.startswith('"') and raw.endswith('"'):
        return raw[1:-1]
    if raw.startswith("{"):
        return [v.strip().strip('"') for v in raw.strip("{}").split(",") if v.strip()]
    try:
        return int(raw)
    except ValueError:
        try:
            return float(raw)
        except ValueError:
            return raw


def parse_node_status(text: str) -> NodeStatusFile:
    """DAGMan's ``NODE_STATUS_FILE`` (a list of ClassAds)."""
    result = NodeStatusFile()
    # Multi-line values ({ ... }) are joined so each attribute sits on one line.
    text = re.sub(r"\{\s*([^}]*?)\s*\}", lambda m: "{" + " ".join(m.group(1).split()) + "}", text)
    for block in _CLASSAD_BLOCK_RE.findall(text + "\n"):
        attrs = {}
        for line in block.splitlines():
            match = _ATTR_RE.match(line)
            if match:
                attrs[match.group(1)] = _classad_value(match.group(2))
        kind = attrs.get("Type")
        if kind == "DagStatus":
            result.dag = attrs
        elif kind == "NodeStatus":
            result.nodes.append(
                NodeState(
                    name=str(attrs.get("Node", "")),
                    status=NODE_STATUS_NAMES.get(int(attrs.get("NodeStatus", 0)), "unknown"),
                    details=str(attrs.get("StatusDetails", "")),
                    retries=int(attrs.get("RetryCount", 0) or 0),
                )
            )
    return result


def parse_dag_categories(text: str) -> dict[str, str]:
    categories: dict[str, str] = {}
    for line in text.splitlines():
        words = line.split()
        if len(words) >= 3 and words[0].upper() == "CATEGORY":
            for node in words[1:-1]:
                categories[node] = words[-1]
    return categories


def step_of(node: str, categories: dict[str, str] | None = None) -> str:
    """The workflow step of a node: its DAG category, else its name without a chunk/tile number."""
    if categories and node in categories:
        return categories[node]
    return re.sub(r"[_\-.]?\d+$", "", node) or node


def summarize(runs: list[JobRun], categories: dict[str, str] | None = None) -> list[StepSummary]:
    """One row per step, in the order the steps first started."""
    by_step: dict[str, list[JobRun]] = {}
    for run in runs:
        by_step.setdefault(step_of(run.node, categories), []).append(run)
    rows = []
    for step, items in by_step.items():
        starts = [r.started for r in items if r.started]
        ends = [r.ended for r in items if r.ended]
        first, last = (min(starts) if starts else None), (max(ends) if ends else None)
        rows.append(
            StepSummary(
                step=step,
                nodes=len({r.node for r in items}),
                runs=len(items),
                failed_runs=sum(r.state in ("failed", "evicted", "removed", "held") for r in items),
                hosts=len({r.host for r in items if r.host}),
                wall_seconds=(last - first).total_seconds() if first and last and last > first else 0.0,
                busy_seconds=sum(r.seconds for r in items),
                first_start=first,
                last_end=last,
            )
        )
    rows.sort(key=lambda r: (r.first_start is None, r.first_start or datetime.max))
    return rows


def _minutes(seconds: float) -> str:
    return f"{seconds / 60.0:.1f}"


def _gantt_svg(runs: list[JobRun], categories: dict[str, str] | None, colours: dict[str, str]) -> str:
    timed = [r for r in runs if r.started]
    if not timed:
        return "<p>" + html.escape(tr("No node has started yet.")) + "</p>"
    t0 = min(r.submitted or r.started for r in timed)
    t1 = max((r.ended or r.started) for r in timed)
    span = max((t1 - t0).total_seconds(), 1.0)
    nodes: list[str] = []
    for run in sorted(timed, key=lambda r: r.started):
        if run.node not in nodes:
            nodes.append(run.node)
    label_w, chart_w, row_h, top = 180, 720, 16, 24
    height = top + row_h * len(nodes) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_w + chart_w + 20}" height="{height}" '
        'font-family="sans-serif" font-size="11" role="img">'
    ]
    # Axis ticks at round minute or second steps, whichever gives about 8 ticks.
    candidates = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200]
    step = next((c for c in candidates if span / c <= 10), candidates[-1])
    tick = 0.0
    while tick <= span + 1e-6:
        x = label_w + chart_w * tick / span
        label = f"{tick / 60:.0f} min" if step >= 60 else f"{tick:.0f} s"
        parts.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 26}" stroke="#ddd"/>')
        parts.append(f'<text x="{x:.1f}" y="{top - 8}" text-anchor="middle" fill="#555">{label}</text>')
        tick += step
    for row, node in enumerate(nodes):
        y = top + row * row_h
        parts.append(
            f'<text x="{label_w - 6}" y="{y + row_h - 4}" text-anchor="end">{html.escape(node)}</text>'
        )
        for run in (r for r in timed if r.node == node):
            x0 = label_w + chart_w * (run.started - t0).total_seconds() / span
            end = run.ended or t1
            width = max(chart_w * (end - run.started).total_seconds() / span, 1.5)
            ok = run.state in ("done", "running")
            colour = colours.get(step_of(run.node, categories), "#888") if ok else _FAILED_COLOUR
            title = html.escape(
                f"{run.node} ({run.state}, {run.seconds:.0f} s, {run.slot or run.host}, job {run.cluster})"
            )
            parts.append(
                f'<rect x="{x0:.1f}" y="{y + 2}" width="{width:.1f}" height="{row_h - 4}" fill="{colour}">'
                f"<title>{title}</title></rect>"
            )
    parts.append("</svg>")
    return "".join(parts)


def _metres(value) -> str:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return ""
    return f"{value * 100:.1f} cm" if abs(value) < 1 else f"{value:.2f} m"


def result_rows(summary: dict | None) -> list[tuple[str, str]]:
    """What the job produced, from the last node's ``result.json``: photos registered, engine and
    surface path, the products' ground sampling distances, the GPS residual."""
    if not summary:
        return []
    rows = []
    total, registered = summary.get("images_total"), summary.get("images_registered")
    if registered is not None:
        text = f"{registered} / {total}" if total is not None else str(registered)
        missing = summary.get("unregistered_photos") or []
        if missing:
            text += " (" + tr("not registered: {names}").format(names=", ".join(map(str, missing[:20]))) + ")"
        rows.append((tr("Photos registered"), text))
    if summary.get("engine_label") or summary.get("engine"):
        rows.append((tr("Engine"), str(summary.get("engine_label") or summary["engine"])))
    if summary.get("engine_reason"):
        rows.append((tr("Why this engine"), str(summary["engine_reason"])))
    if summary.get("surface"):
        rows.append((tr("Surface path"), str(summary["surface"])))
    for key, label in (("gsd", tr("GSD of the photos")), ("ortho_resolution", tr("Orthomosaic GSD")),
                       ("dsm_resolution", tr("DSM GSD"))):
        if _metres(summary.get(key)):
            rows.append((label, _metres(summary[key])))
    if summary.get("gps_residual_median_m") is not None and _metres(summary["gps_residual_median_m"]):
        text = _metres(summary["gps_residual_median_m"])
        if _metres(summary.get("gps_residual_max_m")):
            text += " " + tr("(max {value})").format(value=_metres(summary["gps_residual_max_m"]))
        rows.append((tr("GPS residual (median)"), text))
    # Only when the photos were downscaled: at full size it repeats "GSD of the photos".
    if _metres(summary.get("native_gsd")) and _metres(summary["native_gsd"]) != _metres(summary.get("gsd")):
        rows.append((tr("GSD of the photos at full size"), _metres(summary["native_gsd"])))
    if summary.get("dsm_coverage") is not None:
        rows.append((tr("DSM matched (not interpolated)"),
                     tr("{share:.1f}% of the photos' footprint").format(share=100 * float(summary["dsm_coverage"]))))
    if summary.get("pims_filled_m2"):
        rows.append((tr("Of which matched by the vegetation fill (PIMs Forest)"),
                     tr("{area:.0f} m²").format(area=float(summary["pims_filled_m2"]))))
        if summary.get("cross_filled_m2"):
            rows.append((tr("Of which by its pairs across the flight lines"),
                         tr("{area:.0f} m²").format(area=float(summary["cross_filled_m2"]))))
    if summary.get("dsm_tiepoint_median_abs_m") is not None:
        rows.append((tr("DSM against the tie points (median |dZ|)"),
                     tr("{value} over {n} tie points").format(value=_metres(summary["dsm_tiepoint_median_abs_m"]),
                                                              n=summary.get("tie_points_compared", "?"))))
    if summary.get("points") is not None:
        rows.append((tr("Points"), str(summary["points"])))
    if summary.get("crs"):
        rows.append((tr("CRS"), str(summary["crs"])))
    return rows


def render_html(title: str, runs: list[JobRun], categories: dict[str, str] | None = None,
                status: NodeStatusFile | None = None, metrics: dict | None = None,
                summary: dict | None = None) -> str:
    rows = summarize(runs, categories)
    colours = {row.step: _PALETTE[i % len(_PALETTE)] for i, row in enumerate(rows)}
    starts = [r.submitted or r.started for r in runs if (r.submitted or r.started)]
    ends = [r.ended for r in runs if r.ended]
    overall = (max(ends) - min(starts)).total_seconds() if starts and ends else 0.0
    if metrics and metrics.get("duration"):
        overall = float(metrics["duration"])
    hosts = {r.host for r in runs if r.host}
    esc = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html><head><meta charset="utf-8">',
        f"<title>{esc(title)}</title>",
        "<style>body{font-family:sans-serif;margin:1.5em;color:#222}"
        "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:3px 8px}"
        "td.n{text-align:right}th{background:#eee}.sw{display:inline-block;width:10px;height:10px;"
        "margin-right:4px}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
        "<p>"
        + esc(
            tr("Wall time {minutes} min, {nodes} DAG nodes, {runs} HTCondor jobs (retries included), "
               "{hosts} execute hosts.").format(
                minutes=_minutes(overall), nodes=len({r.node for r in runs}), runs=len(runs), hosts=len(hosts)
            )
        )
        + "</p>",
    ]
    results = result_rows(summary)
    if results:
        out.append(f"<h2>{esc(tr('Result'))}</h2>")
        out.append('<table class="result">' + "".join(
            f"<tr><th>{esc(label)}</th><td>{esc(value)}</td></tr>" for label, value in results) + "</table>")
    if status is not None and status.dag:
        out.append(
            "<p>"
            + esc(tr("DAG state: {state}; {done} of {total} nodes done, {failed} failed.").format(
                state=status.state,
                done=status.done, total=status.total, failed=status.failed))
            + "</p>"
        )
    header = [tr("step"), tr("nodes"), tr("jobs"), tr("failed or evicted jobs"), tr("hosts"),
              tr("wall time (min)"), tr("slot time (min)")]
    out.append("<table><tr>" + "".join(f"<th>{esc(h)}</th>" for h in header) + "</tr>")
    for row in rows:
        out.append(
            f'<tr><td><span class="sw" style="background:{colours[row.step]}"></span>{esc(row.step)}</td>'
            f'<td class="n">{row.nodes}</td><td class="n">{row.runs}</td><td class="n">{row.failed_runs}</td>'
            f'<td class="n">{row.hosts}</td><td class="n">{_minutes(row.wall_seconds)}</td>'
            f'<td class="n">{_minutes(row.busy_seconds)}</td></tr>'
        )
    out.append(
        f"<tr><th>{esc(tr('overall'))}</th><th>{len({r.node for r in runs})}</th><th>{len(runs)}</th>"
        f"<th>{sum(r.failed_runs for r in rows)}</th><th>{len(hosts)}</th><th>{_minutes(overall)}</th>"
        f"<th>{_minutes(sum(r.busy_seconds for r in rows))}</th></tr></table>"
    )
    out.append(f"<h2>{esc(tr('DAG nodes over time'))}</h2>")
    out.append(_gantt_svg(runs, categories, colours))
    out.append("<p>" + esc(tr("Red bars are runs that failed, were evicted or removed; DAGMan retried them "
                                "where the node has a RETRY.")) + "</p>")
    out.append("</body></html>")
    return "\n".join(out)


def find_dag_files(job_dir: Path) -> dict[str, Path | None]:
    """The DAG, its node log, node status file and metrics in a (downloaded) job directory."""
    job_dir = Path(job_dir)
    dags = sorted(p for p in job_dir.glob("*.dag") if p.is_file())
    dag = dags[0] if dags else None
    status = None
    if dag is not None:
        for line in dag.read_text(encoding="utf-8", errors="replace").splitlines():
            words = line.split()
            if len(words) >= 2 and words[0].upper() == "NODE_STATUS_FILE":
                status = job_dir / words[1]
    found = {
        "dag": dag,
        "nodes_log": (dag.with_name(dag.name + ".nodes.log") if dag else None),
        "status": status,
        "metrics": (dag.with_name(dag.name + ".metrics") if dag else None),
    }
    return {k: (v if v is not None and v.exists() else None) for k, v in found.items()}


def write_report(job_dir: Path, dest: Path, title: str | None = None, summary: dict | None = None) -> Path:
    files = find_dag_files(job_dir)
    if summary is None:
        try:
            summary = json.loads((Path(dest).parent / "result.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            summary = None

    def text(key: str) -> str | None:
        return files[key].read_text(encoding="utf-8", errors="replace") if files[key] else None

    # Earlier runs' node logs (kept by follow.resume as <dag>.nodes.log.runNN) come first.
    history = sorted(files["dag"].parent.glob(files["dag"].name + ".nodes.log.run*")) if files["dag"] else []
    runs = []
    for path in history:
        runs += parse_node_log(path.read_text(encoding="utf-8", errors="replace"))
    runs += parse_node_log(text("nodes_log") or "")
    categories = parse_dag_categories(text("dag") or "")
    status = parse_node_status(text("status")) if files["status"] else None
    metrics = None
    if files["metrics"]:
        try:
            metrics = json.loads(files["metrics"].read_text(encoding="utf-8"))
        except ValueError:
            metrics = None
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    tmp.write_text(
        render_html(title or tr("Geomorph SfM job {name}").format(name=Path(job_dir).name), runs, categories,
                    status, metrics, summary if isinstance(summary, dict) else None),
        encoding="utf-8",
    )
    tmp.replace(dest)
    return dest
