"""Donors across countries: response curves to additional money and portfolio allocation.

- :func:`response_curve` (:mod:`.curves`): a country's Article 5 completion year (P50,
  P90), probabilities of meeting its deadlines and AP area released, against additional
  secured international money a year, over the forecast's draws with common random numbers.
- :func:`allocate` (:mod:`.allocate`): the exact split of a budget on a grid (dynamic
  programming over countries).
- :func:`portfolio` (:mod:`.run`): curves, allocation, comparison and marginal values.

It sits above the forecast (it imports ``forecast``, ``engine``, ``scenario``, ``domain``)
and below reports and writers.
"""

from landrelease.portfolio.curves import ResponseCurve, default_amounts, response_curve
from landrelease.portfolio.money import saturation_usd, with_additional_funding
from landrelease.portfolio.prepared import CurveError, Prepared, prepare

__all__ = [
    "CurveError",
    "Prepared",
    "ResponseCurve",
    "default_amounts",
    "prepare",
    "response_curve",
    "saturation_usd",
    "with_additional_funding",
]
