"""Writers: the top of the flow (read → validate → project → report → write).

Request packs (XLSX, DOCX, CSV folder), the blank request template, review documents,
charts and projection tables. Modules here may import every layer below; no module outside
``landrelease.export`` (except the CLI and the app, which sit above it) imports this package.
"""

from landrelease.export.request_write import request_format, write_request

__all__ = ["request_format", "write_request"]
