"""What every curve of one country and scenario shares (:func:`prepare`): the forecast's
draw model, distributions and plan realisation, the dates, and the hash of all inputs that
keys the curves' cache (:mod:`.requests`)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from landrelease.domain.country import Country
from landrelease.domain.provenance import provenance
from landrelease.engine.cases import requested_deadline
from landrelease.engine.items import AP_TYPES
from landrelease.engine.project import project
from landrelease.errors import LandreleaseError, LandreleaseWarning
from landrelease.forecast import (
    DrawModel,
    Realisation,
    Uncertainty,
    prepare_draws,
    resolve_uncertainty,
)
from landrelease.forecast.realisation import default_realisation
from landrelease.scenario.model import TYPES, Scenario

__all__ = ["CurveError", "Prepared", "input_hash", "last_year_meeting", "prepare"]


class CurveError(LandreleaseError):
    """A curve or portfolio was asked for with settings it cannot use."""


def last_year_meeting(day: dt.date) -> int:
    """The last year whose completion meets ``day``: completion in year *Y* meets it when
    31 December of *Y* is on or before it, as the forecast and the projection read it."""
    return day.year - 1 + (day >= dt.date(day.year, 12, 31))


def _digest(table: pd.DataFrame | None) -> str:
    if table is None:
        return "none"
    plain = pd.DataFrame(table.drop(columns="geometry", errors="ignore"))
    values = pd.util.hash_pandas_object(plain, index=True).to_numpy()
    return hashlib.sha256(values.tobytes() + "|".join(map(str, plain.columns)).encode()).hexdigest()


def input_hash(data: Any) -> str:
    """A short hash (16 hex digits) of ``data`` written as sorted JSON."""
    text = json.dumps(data, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Prepared:
    """What every curve of one country and scenario shares: the forecast's draw model,
    distributions and plan realisation, the dates, and ``key``, the hash of all inputs."""

    name: str
    scenario: Scenario
    model: DrawModel
    uncertainty: Uncertainty
    realisation: Realisation | None
    deadline: dt.date
    requested: dt.date | None
    ap_baseline_m2: float
    key: str
    origin: dict[str, Any]

    @property
    def years(self) -> np.ndarray:
        return self.scenario.years

    def meets_index(self, day: dt.date | None) -> int:
        """Index of the last year meeting ``day`` (``-1``: none can; the horizon's last
        year when the date is after it)."""
        if day is None:
            return -1
        return min(last_year_meeting(day) - self.scenario.start_year, len(self.years) - 1)


def prepare(
    country: Country,
    scenario: Scenario,
    *,
    uncertainty: Uncertainty | None = None,
    realisation: Realisation | None = None,
) -> Prepared:
    """The shared part of every curve of ``scenario`` on ``country`` (as
    :func:`~landrelease.forecast.forecast` resolves it: the same distributions and plan
    realisation by default)."""
    deadline = country.info.article5_deadline_date
    if scenario.requested_deadline_date is not None:
        requested: dt.date | None = scenario.requested_deadline_date
    else:
        requested, _ = requested_deadline(scenario, deadline, project(country, scenario).summary)
    if uncertainty is None:
        uncertainty = resolve_uncertainty(country, scenario)
    if realisation is None:
        realisation = default_realisation(country, scenario, uncertainty)
    with warnings.catch_warnings():  # the projection above said them
        warnings.simplefilter("ignore", LandreleaseWarning)
        model = prepare_draws(country, scenario)
    baseline = ~model.discovered & np.isin(model.items.type_code, _AP_CODES)
    fit = getattr(realisation, "as_dict", None)
    key = input_hash(
        {
            "info": repr(country.info),
            "tables": [_digest(t) for t in (country.hazards, country.releases, country.stocks)],
            "scenario": scenario.hash,
            "uncertainty": uncertainty.as_dict(),
            "realisation": fit() if callable(fit) else repr(realisation),
        }
    )
    return Prepared(
        name=country.info.name,
        scenario=scenario,
        model=model,
        uncertainty=uncertainty,
        realisation=realisation,
        deadline=deadline,
        requested=requested,
        ap_baseline_m2=float(model.items.area_m2[baseline].sum()),
        key=key,
        origin={**provenance(country, scenario), "input_hash": key},
    )


_AP_CODES = [i for i, t in enumerate(TYPES) if t in AP_TYPES]
