"""Backend of the landrelease Streamlit app: plain functions the pages call.

Nothing here imports Streamlit (tests check it), and nothing here is imported by the
library. Every number comes from the library's public API; these modules only move data
between files, widgets and the library, and draw charts.

- :mod:`lrapp.paths`: where the app, its pages and the sample countries are.
- :mod:`lrapp.loading`: load a country folder through the library, keeping every problem.
- :mod:`lrapp.uploads`: save uploaded files into a session folder with a ``country.toml``.
- :mod:`lrapp.scenarios`: saved scenarios, building a scenario from its TOML table, donor changes.
- :mod:`lrapp.scenario_tables`: scenario values as editable tables and back.
- :mod:`lrapp.tomlw`: a small TOML writer (scenario and country files).
- :mod:`lrapp.figures`: Plotly charts and the offline hazard map.
- :mod:`lrapp.display`: tables formatted for reading (km², US$ million, problems).
- :mod:`lrapp.packs`: request-pack files as bytes, reading an uploaded request workbook.
"""
