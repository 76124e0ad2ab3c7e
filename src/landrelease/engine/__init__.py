"""The projection engine: from a validated baseline and a scenario to yearly milestones."""

from landrelease.engine.calibration import Calibration, calibrate
from landrelease.engine.cases import CASES, add_cases, project_cases, with_cases
from landrelease.engine.project import extension_needed, project, resolve_assumptions
from landrelease.engine.result import ProjectionResult

__all__ = [
    "CASES",
    "Calibration",
    "ProjectionResult",
    "add_cases",
    "calibrate",
    "extension_needed",
    "project",
    "project_cases",
    "resolve_assumptions",
    "with_cases",
]
