"""Provenance of an output: re-exported from :mod:`landrelease.domain.provenance`, where
it sits so that the engine-level forecast may record it too."""

from landrelease.domain.provenance import (
    SHAPEFILE_SIDECARS,
    describe_inputs,
    file_sha256,
    input_files,
    provenance,
)

__all__ = ["SHAPEFILE_SIDECARS", "describe_inputs", "file_sha256", "input_files", "provenance"]
