"""Personal data protection: finding Kazakhstan's personal data in tables and texts.

`aqyl.privacy.detectors` is pure (no Django): the detectors, column classification and free-text
spans. Anonymisation policies, re-identification risk and the Django glue come later.
"""
