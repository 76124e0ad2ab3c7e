"""The projection engine: from a validated baseline and a scenario to yearly milestones."""

from landrelease.engine.calibration import Calibration, calibrate
from landrelease.engine.project import extension_needed, project, resolve_assumptions
from landrelease.engine.result import ProjectionResult

__all__ = [
    "Calibration",
    "ProjectionResult",
    "calibrate",
    "extension_needed",
    "project",
    "resolve_assumptions",
]
