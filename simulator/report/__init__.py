"""Briefs for a meeting's minutes: one page, PDF and PNG, made from values the app has already computed
(:mod:`simulator.report.brief`, :mod:`simulator.report.comparison_brief`), and how the app and its briefs write
numbers (:mod:`simulator.report.formats`).

Nothing is imported here: the briefs' libraries (matplotlib, fpdf2, pypdfium2) take a second to load, which a
page that only formats numbers should not wait for.
"""
