"""The columns of a history file: the headers each figure is known by, in English, Spanish, Russian and Arabic."""

from __future__ import annotations

from collections.abc import Mapping

#: The figures a history file can hold, and the headers recognised for each (lower case).
FIELDS = {
    "month": ("month", "period", "date", "mes", "fecha", "periodo", "месяц", "период", "дата", "الشهر", "التاريخ"),
    "visits": (
        "visits",
        "visitors",
        "sessions",
        "traffic",
        "unique visits",
        "visitas",
        "sesiones",
        "визиты",
        "посещения",
        "трафик",
        "الزيارات",
        "الزوار",
    ),
    "leads": ("leads", "lead", "new leads", "contactos", "prospectos", "лиды", "заявки", "العملاء المحتملون"),
    "qualified": (
        "qualified",
        "opportunities",
        "sql",
        "sqls",
        "qualified opportunities",
        "oportunidades",
        "calificados",
        "квалифицированные",
        "возможности",
        "الفرص المؤهلة",
        "المؤهلة",
    ),
    "won": (
        "won",
        "deals",
        "won deals",
        "customers",
        "new customers",
        "closed won",
        "ganados",
        "ventas",
        "clientes",
        "сделки",
        "выигранные",
        "клиенты",
        "الصفقات",
        "الصفقات المغلقة",
    ),
    "revenue": ("revenue", "sales", "bookings", "ingresos", "facturación", "выручка", "доход", "الإيرادات"),
    "marketing_spend": (
        "marketing spend",
        "spend",
        "marketing",
        "gasto",
        "inversión",
        "расходы",
        "бюджет",
        "الإنفاق",
    ),
    "reps": ("reps", "sales reps", "vendedores", "comerciales", "менеджеры", "продавцы", "مندوبي المبيعات"),
    # A history with this column has a row per month and channel (simulator.history.channel_reader).
    "channel": ("channel", "source", "lead source", "canal", "fuente", "канал", "источник", "القناة", "المصدر"),
}


def match_columns(header: list[str], mapping: Mapping[str, str] | None = None) -> dict[str, str]:
    """Figure -> file column, by the known names, overridden by `mapping`."""
    found = {}
    lowered = {name.strip().lower(): name for name in header}
    for figure, names in FIELDS.items():
        for name in names:
            if name in lowered:
                found[figure] = lowered[name]
                break
    found.update({k: v for k, v in (mapping or {}).items() if v})
    return found
