"""The printable report of a published round, as an HTML page and as a PDF.

The report holds only what publication made public: the round, its categories, the awarded
initiatives as they were published, and the commission's aggregate figures (nominations
considered, eligible and awarded, in total and per category). No score, comment or vote of a
member, and nothing about a nomination that was not awarded except that it was counted.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

import evaluator.models  # noqa: F401  (every mapper known before queries builds its loader options)
from evaluator.nominations.models import Eligibility, Nomination, NominationState
from evaluator.publication import queries
from evaluator.publication.models import Award
from evaluator.rounds.models import Category, Round

STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "report.css"


@dataclass(frozen=True)
class Figures:
    """Counts of submitted nominations: all of them, the eligible ones, and the awarded ones."""

    considered: int = 0
    eligible: int = 0
    awarded: int = 0

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            self.considered + other.considered, self.eligible + other.eligible, self.awarded + other.awarded
        )


@dataclass(frozen=True)
class Section:
    category: Category
    figures: Figures
    awards: list[Award]


@dataclass(frozen=True)
class Report:
    round: Round
    sections: list[Section]
    renewed: frozenset[int]

    @property
    def totals(self) -> Figures:
        return sum((s.figures for s in self.sections), Figures())

    @property
    def renewed_count(self) -> int:
        return sum(1 for s in self.sections for a in s.awards if a.initiative_id in self.renewed)

    @property
    def new_count(self) -> int:
        return self.totals.awarded - self.renewed_count


def _counts_by_category(session: Session, round_: Round) -> dict[int, tuple[int, int]]:
    """Submitted and eligible nominations per category, in one query."""
    eligible = sa.func.sum(sa.case((Nomination.eligibility == Eligibility.ELIGIBLE, 1), else_=0))
    rows = session.execute(
        sa.select(Nomination.category_id, sa.func.count(Nomination.id), eligible)
        .where(Nomination.round_id == round_.id, Nomination.state == NominationState.SUBMITTED)
        .group_by(Nomination.category_id)
    )
    return {category_id: (considered, int(eligible or 0)) for category_id, considered, eligible in rows}


def build_report(session: Session, round_: Round) -> Report:
    """The report of a published round in a fixed number of queries, whatever its size.

    Categories in their order, each with its figures and awards (titles A–Z); a category in
    which nothing was awarded is still listed, with its counts.
    """
    if not round_.is_public:
        # A real check, not an assert: it must hold under `python -O` too.
        raise ValueError("only a published round has a report")
    categories = session.scalars(
        sa.select(Category).where(Category.round_id == round_.id).order_by(Category.position, Category.id)
    )
    counts = _counts_by_category(session, round_)
    awards_by_category = {
        c.id: awards for c, awards in queries.group_by_category(queries.round_awards(session, round_))
    }
    sections = []
    for category in categories:
        awards = awards_by_category.get(category.id, [])
        considered, eligible = counts.get(category.id, (0, 0))
        sections.append(Section(category, Figures(considered, eligible, len(awards)), awards))
    return Report(
        round=round_, sections=sections, renewed=frozenset(queries.renewed_initiative_ids(session, round_))
    )


# PDF ---------------------------------------------------------------------------------------------


class PdfUnavailable(RuntimeError):
    """The PDF library or the system libraries it needs (Pango) are missing on this server."""


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> Any:
    # The report needs no image, font or stylesheet from anywhere: nothing is fetched, so a
    # title that looks like a URL can never make the server call out.
    raise ValueError(f"the report fetches nothing ({url})")


def _weasyprint() -> Any:
    """Imported on first use: the application starts, and serves everything but the PDF, on a
    machine without Pango. WeasyPrint raises OSError when it cannot load its libraries."""
    try:
        import weasyprint
    except (ImportError, OSError) as error:
        raise PdfUnavailable(str(error)) from error
    return weasyprint


class _PdfCache:
    """The last few PDFs by the digest of the HTML they were made from.

    Rendering takes a good part of a second; a published report rarely changes, yet it is public
    and may be asked for often. Keying by the HTML makes a stale answer impossible: any change in
    the data or the language gives another key.
    """

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        return None

    def put(self, key: str, value: bytes) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


pdf_cache = _PdfCache()


def render_pdf(html: str, base_url: str) -> bytes:
    """The PDF of the report's HTML, printed with the report stylesheet (A4, one category a page).

    Raises PdfUnavailable where WeasyPrint cannot run.
    """
    key = hashlib.sha256(html.encode("utf-8")).hexdigest()
    cached = pdf_cache.get(key)
    if cached is not None:
        return cached
    weasyprint = _weasyprint()
    stylesheet = weasyprint.CSS(string=STYLESHEET.read_text(encoding="utf-8"), url_fetcher=_refuse_fetch)
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=_refuse_fetch)
    pdf: bytes = document.write_pdf(stylesheets=[stylesheet])
    pdf_cache.put(key, pdf)
    return pdf
