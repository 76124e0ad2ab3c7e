"""The landrelease Streamlit app, shipped in the wheel as ``landrelease_app``.

Streamlit runs ``main.py`` as a script (``landrelease app``); the app's own modules import
each other by plain name (``import state``, ``from lrapp import paths``) from this folder,
which Streamlit puts first on ``sys.path``. Nothing in the library imports this package.
"""
