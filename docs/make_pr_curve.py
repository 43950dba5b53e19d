"""Draw the cross-validated precision-recall curve of the shipped models (docs/pr_curve.png).

Reads ``src/strikewatch/extract/decide/weights/pr_curve.json``, written by ``strikewatch train``
(strict event precision and recall from article-level cross-validation, keeping only events of at
least each confidence). Needs matplotlib (in the ``dev`` extra):

    python docs/make_pr_curve.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "strikewatch" / "extract" / "decide" / "weights" / "pr_curve.json"
OUT = ROOT / "docs" / "pr_curve.png"


def main() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if not SRC.is_file():
        sys.exit(f"{SRC}: not found (run `strikewatch train` first)")
    pts = json.loads(SRC.read_text())["points"]
    r = [p["r"] for p in pts]
    p = [p["p"] for p in pts]
    fig, ax = plt.subplots(figsize=(6.4, 4.4), dpi=120)
    ax.plot(r, p, marker="o", color="#1f5fa8")
    for pt in pts:
        if round(pt["threshold"] * 20) % 2 == 0:
            ax.annotate(f"{pt['threshold']:.1f}", (pt["r"], pt["p"]), textcoords="offset points", xytext=(6, 4),
                        fontsize=8, color="#444")
    best = max(pts, key=lambda x: x["f1"])
    ax.plot([best["r"]], [best["p"]], marker="*", markersize=14, color="#d0542a",
            label=f"best F1 {best['f1']:.3f} at {best['threshold']:.2f}")
    ax.set_xlabel("recall (strict events)")
    ax.set_ylabel("precision (strict events)")
    ax.set_title("Minimum event confidence: precision against recall\n(5-fold cross-validation, visible corpora)",
                 fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower left", fontsize=8)
    fig.tight_layout()
    fig.savefig(OUT)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
