"""Benchmark the notice parser on the fixture notices and their ground truth.

Run as ``python bench/notices.py [--verbose]``. For each split (``dev``: written
while the parser was built; ``heldout``: written afterwards and never tuned on)
it prints:

* claims exact: claims whose panels, other article's DOI and other panels all
  equal the truth, over (truth claims + spurious extracted claims);
* relation / external: among exactly extracted claims, the share whose relation
  word and inside/outside-the-article flag also agree;
* kind, notice DOI, article DOI, reasons (exact set): per-notice accuracy.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from forensics.errors import NoticeParseError  # noqa: E402
from forensics.fixtures.columns import through_pdf_column  # noqa: E402
from forensics.model import Article, Notice  # noqa: E402
from forensics.notices import load_notices, parse_notice_text  # noqa: E402

FIXTURES = ROOT / "tests" / "data" / "notices"


def _claim_key(panels, other_doi, other_panels, parsed=True) -> tuple:
    return (frozenset(panels), (other_doi or "").lower() or None, frozenset(other_panels), parsed)


def score_notice(notice: Notice, truth: dict) -> dict:
    """Compare one parsed notice with its truth entry."""
    want = Counter()
    want_extra = {}
    for c in truth["claims"]:
        key = _claim_key(c["panels"], c["other_doi"], c["other_panels"], c.get("parsed", True))
        want[key] += 1
        want_extra[key] = (c["relation"], c["external"])
    got = Counter()
    got_extra = {}
    for c in notice.claims:
        key = _claim_key(c.panels, c.other.doi if c.other else None, c.other_panels, c.parsed)
        got[key] += 1
        got_extra[key] = (c.relation, c.other is not None)
    matched = sum((want & got).values())
    spurious = sum((got - want).values())
    missing = sum((want - got).values())
    rel_ok = sum(1 for k in (want & got) if want_extra[k][0] == got_extra[k][0])
    ext_ok = sum(1 for k in (want & got) if want_extra[k][1] == got_extra[k][1])
    return {
        "claims_total": sum(want.values()) + spurious,
        "claims_exact": matched,
        "missing": missing,
        "spurious": spurious,
        "relation_ok": rel_ok,
        "external_ok": ext_ok,
        "kind": notice.kind == truth["kind"],
        "doi": (notice.doi or None) == truth["doi"],
        "article_doi": (notice.article.doi or None) == truth["article_doi"],
        "reasons": set(notice.reasons) == set(truth["reasons"]),
        "want": sorted(map(str, want - got)),
        "got": sorted(map(str, got - want)),
    }


def run(verbose: bool = False) -> dict[str, dict[str, float]]:
    """Parse every fixture notice, score it, print a table; return the figures per split."""
    truth = json.loads((FIXTURES / "truth.json").read_text(encoding="utf-8"))
    rows: dict[str, list[dict]] = {}
    for name, entry in truth.items():
        if name.startswith("_"):
            continue
        [notice] = load_notices(FIXTURES / name)
        result = score_notice(notice, entry)
        rows.setdefault(entry["split"], []).append(result)
        if verbose and (result["missing"] or result["spurious"] or not all(
                result[k] for k in ("kind", "doi", "article_doi", "reasons"))):
            print(f"-- {name}: kind={notice.kind} doi={notice.doi} "
                  f"article={notice.article.doi} reasons={notice.reasons}")
            print(f"   missing {result['want']}\n   spurious {result['got']}")
    figures: dict[str, dict[str, float]] = {}
    header = (f"{'split':8} {'notices':>7} {'claims':>7} {'exact':>7} {'relation':>8} "
              f"{'external':>8} {'kind':>6} {'n.doi':>6} {'a.doi':>6} {'reasons':>7}")
    print(header)
    print("-" * len(header))
    for split in ("dev", "heldout", "heldout2"):
        rs = rows.get(split, [])
        if not rs:
            continue
        n = len(rs)
        total = sum(r["claims_total"] for r in rs)
        exact = sum(r["claims_exact"] for r in rs)
        f = {
            "notices": n,
            "claims": total,
            "claims_exact": exact / total if total else 1.0,
            "relation": sum(r["relation_ok"] for r in rs) / exact if exact else 1.0,
            "external": sum(r["external_ok"] for r in rs) / exact if exact else 1.0,
            "kind": sum(r["kind"] for r in rs) / n,
            "notice_doi": sum(r["doi"] for r in rs) / n,
            "article_doi": sum(r["article_doi"] for r in rs) / n,
            "reasons": sum(r["reasons"] for r in rs) / n,
        }
        figures[split] = f
        print(f"{split:8} {n:7d} {total:7d} {f['claims_exact']:7.1%} {f['relation']:8.1%} "
              f"{f['external']:8.1%} {f['kind']:6.0%} {f['notice_doi']:6.0%} "
              f"{f['article_doi']:6.0%} {f['reasons']:7.0%}")
    return figures


# --- the real notices in ../shared/notices-real --------------------------------------

REAL = ROOT.parent / "shared" / "notices-real"
REAL_EXPECTED = ROOT / "tests" / "data" / "notices_expected.json"


def _real_key(panels, other_doi, other_panels) -> tuple:
    return (frozenset(panels), (other_doi or "").lower() or None, frozenset(other_panels))


def score_real(notice: Notice, truth: dict) -> dict:
    """Compare one parsed real notice with its expected facts.

    Only claims whose panels were read (``parsed``) take part; a claim kept as text is
    counted apart (``unparsed``), neither right nor invented.
    """
    want: Counter = Counter()
    want_refs: Counter = Counter()
    want_dois = []
    for c in truth["claims"]:
        other_doi = (c["other"] or {}).get("doi")
        want[_real_key(c["panels"], other_doi, c["other_panels"])] += 1
        want_refs.update(c["panels"])
        want_refs.update(("other", p) for p in c["other_panels"])
        if other_doi:
            want_dois.append(other_doi.lower())
    got: Counter = Counter()
    got_refs: Counter = Counter()
    got_dois = set()
    for c in notice.claims:
        if not c.parsed:
            continue
        other_doi = c.other.doi if c.other else None
        got[_real_key(c.panels, other_doi, c.other_panels)] += 1
        got_refs.update(c.panels)
        got_refs.update(("other", p) for p in c.other_panels)
        if other_doi:
            got_dois.add(other_doi.lower())
    spurious = sum((got - want).values())
    # transform and labels, on the claims read exactly (each truth claim beside the
    # parsed claim with the same key)
    truth_by_key: dict[tuple, list[dict]] = {}
    for c in truth["claims"]:
        key = _real_key(c["panels"], (c["other"] or {}).get("doi"), c["other_panels"])
        truth_by_key.setdefault(key, []).append(c)
    got_by_key: dict[tuple, list] = {}
    for c in notice.claims:
        if c.parsed:
            key = _real_key(c.panels, c.other.doi if c.other else None, c.other_panels)
            got_by_key.setdefault(key, []).append(c)
    transforms = transforms_ok = labels = labels_found = 0
    details: list[str] = []  # transform and labels missed, for --verbose
    for key in want & got:
        for t, g in zip(truth_by_key[key], got_by_key[key]):
            if t.get("transform") or g.transform:
                transforms += 1
                transforms_ok += _same_transform(t.get("transform"), g.transform)
                if not _same_transform(t.get("transform"), g.transform):
                    details.append(f"transform {sorted(key[0])}: want {t.get('transform')} "
                                   f"got {g.transform}")
            labels += len(t.get("labels") or [])
            found = [x for x in t.get("labels") or [] if _label_found(x, g.labels)]
            labels_found += len(found)
            if len(found) < len(t.get("labels") or []):
                details.append(f"labels {sorted(key[0])}: want {t.get('labels')} "
                               f"got {list(g.labels)}")
    return {
        "transforms": transforms,
        "transforms_ok": transforms_ok,
        "labels": labels,
        "labels_found": labels_found,
        "claims": sum(want.values()),
        "claims_total": sum(want.values()) + spurious,
        "claims_exact": sum((want & got).values()),
        "refs": sum(want_refs.values()),
        "refs_found": sum((want_refs & got_refs).values()),
        "other_dois": len(want_dois),
        "other_dois_ok": sum(d in got_dois for d in want_dois),
        # the truth's null kind is the parser's "unknown" (the text does not say)
        "kind": (notice.kind if notice.kind not in ("", "unknown") else None) == truth["kind"],
        "has_article_doi": truth["article"]["doi"] is not None,
        "article_doi": ((notice.article.doi or "").lower()
                        == (truth["article"]["doi"] or "").lower()),
        "negative": not truth["claims"],
        "invented": sum(got.values()) if not truth["claims"] else 0,
        "unparsed": sum(1 for c in notice.claims if not c.parsed),
        "want": sorted(map(str, want - got)),
        "got": sorted(map(str, got - want)),
        "details": details,
    }


def _same_transform(truth: str | None, got: str | None) -> bool:
    """The transform right: the same kind, and the same angle when the truth has one."""
    if not truth or not got:
        return truth == got
    return got.split()[0] == truth.split()[0] and (
        len(truth.split()) == 1 or truth == got)


def _norm_label(label: str) -> str:
    return "".join(label.casefold().replace("\u2011", "-").replace("\u2010", "-")
                   .replace(",", " ").split())


def _label_found(label: str, got: tuple[str, ...]) -> bool:
    """A truth label found: a parsed label equal to it, or holding it, or held by it
    (spacing, case and hyphen glyphs aside)."""
    want = _norm_label(label)
    return any(want == g or (len(g) > 1 and (want in g or g in want))
               for g in map(_norm_label, got))


def _real_figures(rs: list[dict], times: list[float]) -> dict[str, float]:
    total = sum(r["claims_total"] for r in rs)
    refs = sum(r["refs"] for r in rs)
    dois = sum(r["other_dois"] for r in rs)
    with_doi = [r for r in rs if r["has_article_doi"]]
    return {
        "notices": len(rs),
        "claims": sum(r["claims"] for r in rs),
        "claims_exact": sum(r["claims_exact"] for r in rs) / total if total else 1.0,
        "panel_refs": sum(r["refs_found"] for r in rs) / refs if refs else 1.0,
        "other_doi": sum(r["other_dois_ok"] for r in rs) / dois if dois else 1.0,
        "kind": sum(r["kind"] for r in rs) / len(rs),
        "article_doi": (sum(r["article_doi"] for r in with_doi) / len(with_doi)
                        if with_doi else 1.0),
        "negatives": sum(r["negative"] for r in rs),
        "invented": sum(r["invented"] for r in rs),
        "transform": (sum(r["transforms_ok"] for r in rs) / sum(r["transforms"] for r in rs)
                      if any(r["transforms"] for r in rs) else 1.0),
        "labels": (sum(r["labels_found"] for r in rs) / sum(r["labels"] for r in rs)
                   if any(r["labels"] for r in rs) else 1.0),
        "unparsed": sum(r["unparsed"] for r in rs),
        "ms_median": statistics.median(times) * 1000 if times else 0.0,
        "ms_max": max(times) * 1000 if times else 0.0,
    }


def run_real(halves: tuple[str, ...] = ("tune",), verbose: bool = False,
             by_publisher: bool = False, pdf_width: float | None = None,
             folder: Path = REAL, expected_path: Path = REAL_EXPECTED
             ) -> dict[str, dict[str, float]]:
    """Parse the real notices of the given halves, score them against
    ``tests/data/notices_expected.json`` and print one row per half (and publisher).

    Columns: claims exact; panel references found; other article's DOI found where
    printed; kind right; article DOI right; negatives and claims invented on them;
    claims kept as text; transform right on the claims read exactly (where the truth or
    the parser names one); truth labels found on the claims read exactly; CPU ms per
    notice (median, max).

    Only the tuning half is read by default: the test half is for a final report.
    ``folder`` and ``expected_path`` name another set in the same format (notices
    gathered later to tune on, kept outside the repository): its files without a
    ``half`` count as ``"extra"``; files marked ``"check"`` are a held-back half. With
    ``pdf_width`` each text is first set in a PDF column that wide and read back, as a
    notice PDF's text layer would be (lines wrapped, full stops where the text had them).
    """
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    # one parse first, so that no notice's time holds the process's one-off costs
    # (regular expressions compiled on first use)
    parse_notice_text("Retraction. Figure 2A (Control) duplicates Figure 3B [1].\n"
                      "References\n[1] Xu P, et al. Life Sci. 2018. doi:10.1/x")
    rows: dict[str, list[dict]] = {}
    times: dict[str, list[float]] = {}
    for name, truth in sorted(expected.items()):
        if name.startswith("_"):
            continue
        truth = {"half": "extra", **truth}
        if truth["half"] not in halves:
            continue
        text = (folder / name).read_text(encoding="utf-8", errors="replace")
        if pdf_width:
            text = through_pdf_column(text, pdf_width)
        start = time.process_time()  # CPU time: the machine may be shared
        try:
            notice = parse_notice_text(text, file=name)
        except NoticeParseError:  # no kind word (a cut excerpt): nothing read
            notice = Notice(kind="", article=Article())
        elapsed = time.process_time() - start
        result = score_real(notice, truth)
        groups = [truth["half"]]
        if by_publisher:
            groups.append(f"{truth['half']}:{truth['publisher']}")
        for group in groups:
            rows.setdefault(group, []).append(result)
            times.setdefault(group, []).append(elapsed)
        if verbose and (result["want"] or result["got"] or not result["kind"]
                        or not result["article_doi"] or result["details"]):
            print(f"-- {name} [{truth['publisher']}]: kind={notice.kind} "
                  f"(want {truth['kind']}) article={notice.article.doi} "
                  f"(want {truth['article']['doi']})")
            print(f"   missing {result['want']}\n   spurious {result['got']}")
            for line in result["details"]:
                print(f"   {line}")
    header = (f"{'half / publisher':40} {'n':>3} {'claims':>6} {'exact':>6} {'refs':>6} "
              f"{'o.doi':>6} {'kind':>5} {'a.doi':>6} {'neg':>4} {'inv':>4} {'unp':>4} "
              f"{'trans':>6} {'labels':>6} "
              f"{'ms med':>7} {'ms max':>7}")
    print(header)
    print("-" * len(header))
    figures: dict[str, dict[str, float]] = {}
    for group in sorted(rows, key=lambda g: (":" in g, g)):
        f = _real_figures(rows[group], times[group])
        figures[group] = f
        print(f"{group[:40]:40} {f['notices']:3d} {f['claims']:6d} {f['claims_exact']:6.1%} "
              f"{f['panel_refs']:6.1%} {f['other_doi']:6.1%} {f['kind']:5.0%} "
              f"{f['article_doi']:6.1%} {f['negatives']:4d} {f['invented']:4d} "
              f"{f['unparsed']:4d} {f['transform']:6.1%} {f['labels']:6.1%} "
              f"{f['ms_median']:7.2f} {f['ms_max']:7.2f}")
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", "-v", action="store_true", help="show each miss")
    parser.add_argument("--real", choices=("tune", "test", "both"),
                        help="score the real notices of ../shared/notices-real instead "
                             "(tune while developing; test once, for the report)")
    parser.add_argument("--publisher", action="store_true",
                        help="with --real: one row per publisher too")
    parser.add_argument("--pdf", type=float, metavar="WIDTH",
                        help="with --real: read each text as a PDF column WIDTH points wide "
                             "would give it (495: a full A4 page; 250: one of two columns)")
    parser.add_argument("--extra", type=Path, metavar="DIR",
                        help="score the notices of DIR against DIR/expected.json instead "
                             "(same format as tests/data/notices_expected.json)")
    parser.add_argument("--extra-half", choices=("extra", "check", "both"), default="extra",
                        help="with --extra: the files without a half or marked 'extra' "
                             "(default), those marked 'check' (a held-back half: once, for "
                             "the report), or both")
    args = parser.parse_args()
    if args.extra:
        extra_halves = ("extra", "check") if args.extra_half == "both" else (args.extra_half,)
        run_real(extra_halves, args.verbose, args.publisher, args.pdf, args.extra,
                 args.extra / "expected.json")
    elif args.real:
        halves = ("tune", "test") if args.real == "both" else (args.real,)
        run_real(halves, args.verbose, args.publisher, args.pdf)
    else:
        run(args.verbose)
