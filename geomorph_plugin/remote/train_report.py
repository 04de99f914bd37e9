"""The training report: ``report.json`` (everything) and ``report.html`` (for people), node side."""

from __future__ import annotations

import html
import json
import os
from pathlib import Path

from .common import tmp_path, write_json


def _f(value, digits=3) -> str:
    return f"{value:.{digits}f}" if isinstance(value, (int, float)) else html.escape(str(value))


def _table(header: list, rows: list) -> str:
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def report_html(report: dict) -> str:
    v = report["validation"]
    names = report["class_names"]
    epochs = _table(["epoch", "train loss", "val loss", "OA", "kappa", "mean IoU", "mean F1", "batch", "images/s",
                     "s"],
                    [[r["epoch"], _f(r["train_loss"], 4), _f(r["val_loss"], 4), _f(r["overall_accuracy"]),
                      _f(r["kappa"]), _f(r["mean_iou"]), _f(r["mean_f1"]), r["batch_size"], _f(r["images_per_s"], 1),
                      _f(r["seconds"], 1)] for r in report["history"]])
    classes = _table(["class", "IoU", "F1", "precision (user's)", "recall (producer's)", "reference", "predicted"],
                     [[html.escape(c["name"]), _f(c["iou"]), _f(c["f1"]), _f(c["precision"]), _f(c["recall"]),
                       c["reference"], c["predicted"]] for c in v["per_class"]])
    matrix = _table(["reference \\ predicted", *[html.escape(n) for n in names]],
                    [[f"<b>{html.escape(n)}</b>", *row] for n, row in zip(names, v["confusion_matrix"])])
    unit = "pixels" if report["model_type"] == "segmentation" else "patches"
    oom = "".join(f"<li>epoch {e['epoch']}: out of memory with batch {e['batch_size']}, retried with half</li>"
                  for e in report.get("oom_events", []))
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Geomorph training report: {html.escape(report['model_name'])}</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse;margin:1em 0}}
td,th{{border:1px solid #bbb;padding:3px 8px;text-align:right}}th{{background:#eee}}</style></head><body>
<h1>Training report: {html.escape(report['model_name'])}</h1>
<p>{html.escape(report['model_type'])}, {len(names)} classes, tiles of {report['tile_size']} px at
{_f(report['resolution_m'], 4)} m; {report['tiles']['train']} training and {report['tiles']['val']} validation tiles
(spatial blocks). Device {html.escape(report['device'])}, {report['threads']} threads, torch
{html.escape(report['torch_version'])}, {_f(report['seconds'], 0)} s in all.</p>
<h2>Validation (best epoch {report['best_epoch']}, the exported model)</h2>
<p>Overall accuracy <b>{_f(v['overall_accuracy'])}</b>, kappa <b>{_f(v['kappa'])}</b>, mean IoU
<b>{_f(v['mean_iou'])}</b>, mean F1 <b>{_f(v['mean_f1'])}</b> over {v['samples']} {unit}.</p>
{classes}
<h3>Confusion matrix ({unit})</h3>{matrix}
<h2>Per epoch</h2>{epochs}
{f'<ul>{oom}</ul>' if oom else ''}
</body></html>
"""


def write_reports(out: Path, report: dict) -> None:
    write_json(Path(out) / "report.json", json.loads(json.dumps(report, default=str)))
    path = Path(out) / "report.html"
    tmp = tmp_path(path)
    tmp.write_text(report_html(report), encoding="utf-8")
    os.replace(tmp, path)
