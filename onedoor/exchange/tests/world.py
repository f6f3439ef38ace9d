"""Subjects the department systems know (or not), as the sandbox's ``POST /_seed`` body."""

import datetime as dt
from typing import Any

from onedoor.core.identifiers import make_id_number, make_uscc

PARENT = make_id_number("440604", dt.date(1985, 3, 15), 2)
CHILD = make_id_number("440604", dt.date(2019, 6, 1), 2)
YOUNGER_CHILD = make_id_number("440604", dt.date(2021, 3, 1), 1)
NEWCOMER = make_id_number("430102", dt.date(1990, 2, 2), 3)
NEWCOMER_CHILD = make_id_number("430102", dt.date(2019, 5, 5), 4)
STRANGER = make_id_number("110101", dt.date(2000, 1, 1), 1)
COMPANY = make_uscc(17)
CLOSED_COMPANY = make_uscc(25)
UNKNOWN_COMPANY = make_uscc(99)

WORLD: dict[str, Any] = {
    "persons": [
        {
            "id_number": PARENT,
            "name": "李家长",
            "household": {"in_district": True, "address": "禅城区祖庙路1号"},
            "property": {"owns_in_district": True, "rents_in_district": False},
            "residence_permit": None,
            "marriage": {"married": True},
            "social_insurance": {"months": 96},
            "tax": {"arrears": False},
        },
        {
            "id_number": CHILD,
            "name": "李小一",
            "household": {"in_district": True},
            "birth": {"registered": True},
            "vaccination": {"complete": True},
            "school": {"enrolled": False},
        },
        {
            "id_number": YOUNGER_CHILD,
            "name": "李小二",
            "birth": {"registered": False},
            "school": {"enrolled": True, "school": "riverside"},
        },
        {
            "id_number": NEWCOMER,
            "name": "王新来",
            "household": {"in_district": False},
            "property": {"owns_in_district": False, "rents_in_district": True},
            "residence_permit": {"years": 1.5},
            "marriage": {"married": False},
            "social_insurance": {"months": 10},
            "tax": {"arrears": True},
        },
        {
            "id_number": NEWCOMER_CHILD,
            "name": "王小新",
            "vaccination": {"complete": False},
        },
    ],
    "organisations": [
        {"uscc": COMPANY, "name": "佛山市禅城区好味餐饮有限公司", "registered": True,
         "legal_representative": PARENT, "tax": {"arrears": False}},
        {"uscc": CLOSED_COMPANY, "name": "佛山市禅城区旧店贸易有限公司", "registered": False,
         "tax": {"arrears": True}},
    ],
}  # fmt: skip
