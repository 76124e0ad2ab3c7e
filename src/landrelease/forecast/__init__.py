"""Probabilistic forecasts: how likely the plan's dates are, on its own assumptions and on
the State's record.

- :class:`Uncertainty` (:func:`resolve_uncertainty`): the distributions of the uncertain
  inputs, from a scenario's ``[uncertainty]`` section and the country's history.
- :func:`forecast`: Monte Carlo over them; :class:`ForecastResult` holds P10/P50/P90 by
  year, completion quantiles and the probabilities of meeting the deadlines.
- :func:`sensitivity`: each input swung between its P10 and P90, the others at P50.
- The per-draw path, for harnesses that run many small countries: :func:`prepare_draws`,
  :func:`sample_inputs` or :func:`inputs_at`, :func:`evaluate`.

The forecast sits beside the engine (it imports ``engine``, ``scenario``, ``validation``,
``domain``), below reports and writers.
"""

from landrelease.forecast.distributions import Input
from landrelease.forecast.draw_inputs import DrawInputs, Realisation, inputs_at, sample_inputs
from landrelease.forecast.draws import (
    NO_ENDS,
    QUANTITIES,
    REGION_QUANTITIES,
    DrawModel,
    DrawOutcome,
    evaluate,
    prepare_draws,
)
from landrelease.forecast.result import ForecastResult
from landrelease.forecast.run import CHUNK_DRAWS, ForecastError, forecast
from landrelease.forecast.sensitivity import SensitivityResult, sensitivity
from landrelease.forecast.uncertainty import Uncertainty, resolve_uncertainty

__all__ = [
    "CHUNK_DRAWS",
    "NO_ENDS",
    "QUANTITIES",
    "REGION_QUANTITIES",
    "DrawInputs",
    "DrawModel",
    "DrawOutcome",
    "ForecastError",
    "ForecastResult",
    "Input",
    "Realisation",
    "SensitivityResult",
    "Uncertainty",
    "evaluate",
    "forecast",
    "inputs_at",
    "prepare_draws",
    "resolve_uncertainty",
    "sample_inputs",
    "sensitivity",
]
