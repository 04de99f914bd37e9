"""Report pieces shared by the change algorithms: atomic text files, HTML pages, SVG histograms."""

from __future__ import annotations

import csv
import html
import io
import os
from pathlib import Path

import numpy as np

STYLE = ("body{font-family:sans-serif;max-width:60em}td,th{padding:2px 8px;text-align:right}"
         "td.name,th.name{text-align:left}table{border-collapse:collapse}tr:nth-child(even){background:#f4f4f4}"
         "p.note{color:#444}")


def write_atomic(path: Path, text: str) -> Path:
    """Write beside the target and rename when complete: a reader never sees half a report."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    try:
        part.write_text(text, encoding="utf-8", newline="")
        os.replace(part, path)
    finally:
        if part.exists():
            part.unlink()
    return path


def csv_text(header: list[str], rows: list[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([f"{v:.6g}" if isinstance(v, float) else v for v in row])
    return buffer.getvalue()


def esc(text) -> str:
    return html.escape(str(text))


def page(title: str, parts: list[str]) -> str:
    return "\n".join(["<!DOCTYPE html>", "<html><head><meta charset=\"utf-8\">", f"<title>{esc(title)}</title>",
                      f"<style>{STYLE}</style></head><body>", f"<h1>{esc(title)}</h1>", *parts, "</body></html>"])


def table(header: list[str], rows: list[list], name_columns: int = 1) -> str:
    out = ["<table><tr>" + "".join(
        f"<th class=\"name\">{esc(h)}</th>" if i < name_columns else f"<th>{esc(h)}</th>"
        for i, h in enumerate(header)) + "</tr>"]
    for row in rows:
        cells = []
        for i, v in enumerate(row):
            text = f"{v:.4g}" if isinstance(v, float) else str(v)
            cells.append(f"<td class=\"name\">{esc(text)}</td>" if i < name_columns else f"<td>{esc(text)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def svg_histogram(edges: np.ndarray, series: list[tuple[str, np.ndarray, str]], title: str, xlabel: str,
                  ylabel: str, band: tuple[float, float] | None = None, width: int = 640, height: int = 260) -> str:
    """Bars over ``edges`` (n + 1) for each (label, values (n), colour), stacked; ``band`` shades an x range."""
    left, right, top, bottom = 60, 10, 24, 40
    pw, ph = width - left - right, height - top - bottom
    total = np.zeros(len(edges) - 1)
    for _, values, _ in series:
        total = total + np.asarray(values, dtype=np.float64)
    ymax = float(total.max()) if total.size and total.max() > 0 else 1.0
    x0, x1 = float(edges[0]), float(edges[-1])
    span = (x1 - x0) or 1.0

    def sx(x):
        return left + pw * (x - x0) / span

    def sy(y):
        return top + ph * (1.0 - y / ymax)

    out = [f"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" "
           f"font-family=\"sans-serif\" font-size=\"11\">",
           f"<text x=\"{left}\" y=\"14\" font-weight=\"bold\">{esc(title)}</text>"]
    if band is not None:
        a, b = max(band[0], x0), min(band[1], x1)
        if b > a:
            out.append(f"<rect x=\"{sx(a):.1f}\" y=\"{top}\" width=\"{sx(b) - sx(a):.1f}\" height=\"{ph}\" "
                       "fill=\"#dddddd\"/>")
    base = np.zeros(len(edges) - 1)
    for _, values, colour in series:
        values = np.asarray(values, dtype=np.float64)
        for i, v in enumerate(values):
            if v <= 0:
                continue
            y_top, y_bot = sy(base[i] + v), sy(base[i])
            bar = max(sx(edges[i + 1]) - sx(edges[i]), 0.5)
            out.append(f"<rect x=\"{sx(edges[i]):.1f}\" y=\"{y_top:.1f}\" width=\"{bar:.1f}\" "
                       f"height=\"{y_bot - y_top:.1f}\" fill=\"{colour}\"/>")
        base = base + values
    out.append(f"<line x1=\"{left}\" y1=\"{top + ph}\" x2=\"{left + pw}\" y2=\"{top + ph}\" stroke=\"black\"/>")
    out.append(f"<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{top + ph}\" stroke=\"black\"/>")
    for frac in (0.0, 0.5, 1.0):
        x = x0 + frac * span
        out.append(f"<text x=\"{sx(x):.1f}\" y=\"{top + ph + 14}\" text-anchor=\"middle\">{x:.3g}</text>")
        out.append(f"<text x=\"{left - 4}\" y=\"{sy(frac * ymax) + 4:.1f}\" text-anchor=\"end\">"
                   f"{frac * ymax:.3g}</text>")
    out.append(f"<text x=\"{left + pw / 2:.1f}\" y=\"{height - 4}\" text-anchor=\"middle\">{esc(xlabel)}</text>")
    out.append(f"<text x=\"12\" y=\"{top + ph / 2:.1f}\" transform=\"rotate(-90 12 {top + ph / 2:.1f})\" "
               f"text-anchor=\"middle\">{esc(ylabel)}</text>")
    legend_x = left + pw - 150
    for i, (label, _, colour) in enumerate(series):
        y = top + 4 + 14 * i
        out.append(f"<rect x=\"{legend_x}\" y=\"{y}\" width=\"10\" height=\"10\" fill=\"{colour}\"/>"
                   f"<text x=\"{legend_x + 14}\" y=\"{y + 9}\">{esc(label)}</text>")
    out.append("</svg>")
    return "\n".join(out)


class Histogram:
    """Counts of values in fixed bins of ``width`` over [-limit, limit], outliers in the end bins.

    Fixed bins let stripes be added as they are read; ``coarse`` re-bins to a few dozen bars
    over the range the data actually fill, for the report. Bins are narrow (the DoD uses a
    twentieth of the LoD), so a bin's volume is taken as its count times its centre: a second,
    weighted bincount over every cell would cost as much as the counts.
    """

    def __init__(self, width: float, limit: float):
        self.width = float(width)
        self.half = int(np.ceil(limit / width))
        self.counts = np.zeros(2 * self.half + 1, np.int64)

    def add(self, values: np.ndarray) -> None:
        if values.size == 0:
            return
        scaled = np.multiply(values, np.float32(1.0 / self.width), dtype=np.float32)
        limit = np.float32(self.half)
        low, high = scaled.min(), scaled.max()
        # Outliers go to the end bins; two reductions tell whether there are any (rarely), cheaper than
        # clipping every cell.
        if low < -limit or high > limit:
            np.minimum(scaled, limit, out=scaled)
            np.maximum(scaled, -limit, out=scaled)
            low = min(max(low, -limit), limit)
        np.rint(scaled, out=scaled)
        # Counted from the lowest bin that occurs: bincount over the stripe's own range, not over all of
        # ``counts`` (half a million bins, allocated and added for every stripe). Straight to the index
        # type bincount works in (an int32 index was converted again inside it).
        first = int(np.rint(low))
        idx = scaled.astype(np.intp)
        idx -= first
        found = np.bincount(idx.ravel())
        start = first + self.half
        self.counts[start:start + found.size] += found

    def coarse(self, bars: int = 60, low_q: float = 0.001, high_q: float = 0.999):
        """(edges, counts, sums) over the central quantile range, in about ``bars`` bars."""
        total = self.counts.sum()
        if total == 0:
            return np.array([-self.width, self.width]), np.zeros(1), np.zeros(1)
        centres = (np.arange(self.counts.size) - self.half) * self.width
        values = self.counts * centres
        cum = np.cumsum(self.counts)
        i0 = int(np.searchsorted(cum, low_q * total))
        i1 = int(np.searchsorted(cum, high_q * total))
        step = max(1, int(np.ceil((i1 - i0 + 1) / bars)))
        n = step * int(np.ceil((i1 - i0 + 1) / step))
        starts = np.arange(i0, i0 + n, step)
        src_c = np.zeros(n, np.int64)
        src_s = np.zeros(n)
        m = min(n, self.counts.size - i0)
        src_c[:m] = self.counts[i0:i0 + m]
        src_s[:m] = values[i0:i0 + m]
        counts = np.add.reduceat(src_c, np.arange(0, n, step)).astype(float)
        sums = np.add.reduceat(src_s, np.arange(0, n, step))
        edges = (np.append(starts, i0 + n) - self.half - 0.5) * self.width
        return edges, counts, sums
