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
        "new customers",
        "customers",
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
    # A subscription business's customer base (simulator.history.customer_base). "customers" and "clientes" are
    # the base only when another column holds the won deals: a file of old gave its won deals under those names.
    "customers": (
        "customers",
        "active customers",
        "paying customers",
        "total customers",
        "subscribers",
        "clientes",
        "clientes activos",
        "клиенты",
        "активные клиенты",
        "العملاء",
        "العملاء النشطون",
    ),
    "new_customers": (
        "new customers",
        "new_customers",
        "new logos",
        "new subscribers",
        "nuevos clientes",
        "новые клиенты",
        "عملاء جدد",
    ),
    "churned_customers": (
        "churned customers",
        "churned_customers",
        "churned",
        "churn",
        "lost customers",
        "cancellations",
        "clientes perdidos",
        "bajas",
        "ушедшие клиенты",
        "отток",
        "العملاء المفقودون",
    ),
    "mrr": (
        "mrr",
        "monthly recurring revenue",
        "recurring revenue",
        "ingresos recurrentes",
        "ingreso recurrente mensual",
        "регулярная выручка",
        "ежемесячная регулярная выручка",
        "الإيرادات الشهرية المتكررة",
    ),
    # A history with this column has a row per month and channel (simulator.history.channel_reader).
    "channel": ("channel", "source", "lead source", "canal", "fuente", "канал", "источник", "القناة", "المصدر"),
}


def match_columns(
    header: list[str], mapping: Mapping[str, str] | None = None, names: Mapping[str, tuple[str, ...]] = FIELDS
) -> dict[str, str]:
    """Figure -> file column, by the known `names` (a history's :data:`FIELDS` by default), overridden by
    `mapping`.

    Figures are matched in the order of `names`, each to a column no figure before it took: a file whose
    only won-deals column is "customers" keeps reading it as won deals.

    >>> match_columns(["month", "won", "customers"]), match_columns(["month", "customers"])
    ({'month': 'month', 'won': 'won', 'customers': 'customers'}, {'month': 'month', 'won': 'customers'})
    """
    found = {}
    lowered = {name.strip().lower(): name for name in header}
    for figure, spellings in names.items():
        taken = set(found.values())
        column = next((lowered[s] for s in spellings if s in lowered and lowered[s] not in taken), None)
        if column is not None:
            found[figure] = column
    found.update({k: v for k, v in (mapping or {}).items() if v})
    return found
