"""The brief's fonts: DejaVu Sans, which ships with matplotlib, so a brief needs no system font and no network.

DejaVu Sans covers Latin, Greek, Cyrillic and Arabic; Arabic is shaped, right to left, by HarfBuzz through fpdf2
(:func:`simulator.report.layout.new_page`).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

#: The folder of the TrueType fonts matplotlib ships.
FONT_FOLDER = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
#: The family name the PDF knows the font by, with its regular and bold files.
FAMILY = "DejaVu"
REGULAR = FONT_FOLDER / "DejaVuSans.ttf"
BOLD = FONT_FOLDER / "DejaVuSans-Bold.ttf"
