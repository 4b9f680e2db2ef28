"""Browser tests: the built site, served locally and read in Chromium, is private and accessible.

A package, so that its conftest does not shadow ``tests/conftest.py`` as the module ``conftest``.
"""
