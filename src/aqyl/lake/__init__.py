"""The data lake: storage of immutable dataset versions and the readers that fill it.

Pure: no Django. Errors carry a code and parameters; the web, API and CLI layers translate.
"""
