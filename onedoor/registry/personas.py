"""The demo personas of API.md ("Demo district"), and the facts department systems hold on them.

Each persona tells one story the demo and the tests rely on (an eligible child, a too-young
child, a newcomer whose residence permit is too recent, ...). Children's birth dates follow the
enrollment year, so the stories hold on any day the set is built. A minor's property facts are
those of the family home, as the department systems answer them when asked about the child.
"""

import copy
import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from onedoor.core.identifiers import make_id_number, make_uscc
from onedoor.registry.actions import add_relation, register_organisation, register_person
from onedoor.registry.models import Organisation, Person, RelationKind

ROLES = (
    "parent",
    "child_eligible",
    "child_too_young",
    "newcomer",
    "newcomer_child",
    "blacklisted",
    "restaurant_company",
)
DISTRICT_AREA_CODE = "440604"  # 禅城区
DISTRICT_PREFIX = "广东省佛山市禅城区"
SCHOOL_AGE = 6
# Synthetic populations use sequences below this; personas use those from it, so they never meet.
PERSONA_SEQUENCE_START = 900

_NEWCOMER_AREAS = {
    "430502": "湖南省邵阳市双清区",
    "450102": "广西壮族自治区南宁市兴宁区",
    "360102": "江西省南昌市东湖区",
    "420106": "湖北省武汉市武昌区",
    "510107": "四川省成都市武侯区",
}
_ROADS = ("汾江中路", "季华五路", "岭南大道北", "绿景路", "魁奇路", "同济路", "亲仁路", "文华北路")
SURNAMES = "陈李黄张梁林刘何罗吴周郑冯谢邓麦岑叶潘杨王赵徐孙朱胡郭曾彭蔡余卢钟温苏谭关莫冼"
MALE_CHARS = "志伟明俊浩家建国文嘉子宇轩杰涛斌鹏锦荣强辉华振耀永德健晨博睿"
FEMALE_CHARS = "慧敏丽婷雅嘉欣颖思琪雨涵诗晓玲美芳静燕淑彤悦可梓佩"


def enrollment_year(day: dt.date) -> int:
    """The year of the coming 1 September: this year's until 31 August, next year's after."""
    return day.year if (day.month, day.day) <= (8, 31) else day.year + 1


def enrollment_cutoff(year: int) -> dt.date:
    """The day by which a child must be six to start school in ``year``."""
    return dt.date(year, 8, 31)


def sixth_birthday_to_birth(sixth_birthday: dt.date) -> dt.date:
    try:
        return sixth_birthday.replace(year=sixth_birthday.year - SCHOOL_AGE)
    except ValueError:  # 29 February
        return sixth_birthday.replace(year=sixth_birthday.year - SCHOOL_AGE, day=28)


@dataclass(frozen=True, slots=True)
class _Person:
    key: str
    name: str
    birth_date: dt.date
    sex: str
    area_code: str
    sequence: int
    household_address: str
    residence_address: str
    phone: str

    @property
    def id_number(self) -> str:
        return make_id_number(self.area_code, self.birth_date, self.sequence)


class _Draw:
    """Random or canonical choices for one persona set."""

    def __init__(self, *, fresh: bool, seed: int | None, taken: set[str]) -> None:
        self.fresh = fresh
        self.rng = random.Random(seed)
        self.taken = taken
        self.used_sequences: set[int] = set()

    def sequence(self, sex: str, canonical: int) -> int:
        if not self.fresh:
            return canonical
        parity = 1 if sex == "male" else 0
        while True:
            seq = self.rng.randrange(PERSONA_SEQUENCE_START, 1000)
            if seq % 2 == parity and seq not in self.used_sequences:
                self.used_sequences.add(seq)
                return seq

    def name(self, surname: str, sex: str, canonical: str) -> str:
        if not self.fresh:
            return canonical
        chars = MALE_CHARS if sex == "male" else FEMALE_CHARS
        return surname + "".join(self.rng.sample(chars, 2))

    def surname(self, canonical: str) -> str:
        return self.rng.choice(SURNAMES) if self.fresh else canonical

    def date_between(self, canonical: dt.date, low: dt.date, high: dt.date) -> dt.date:
        if not self.fresh:
            return canonical
        return low + dt.timedelta(days=self.rng.randrange((high - low).days + 1))

    def address(self, prefix: str, canonical: str) -> str:
        if not self.fresh:
            return prefix + canonical
        road = self.rng.choice(_ROADS)
        return f"{prefix}{road}{self.rng.randrange(1, 300)}号{self.rng.randrange(1, 30)}座" + (
            f"{self.rng.randrange(1, 33)}{self.rng.randrange(1, 9):02d}室"
        )

    def phone(self, canonical: str) -> str:
        if not self.fresh:
            return canonical
        return self.rng.choice(("138", "139", "135", "137", "150", "189")) + (
            f"{self.rng.randrange(10**8):08d}"
        )


def _person(
    draw: _Draw, key: str, *, sex: str, area_code: str, canonical_seq: int, **kw: Any
) -> _Person:
    for _attempt in range(50):
        candidate = _Person(
            key=key,
            sex=sex,
            area_code=area_code,
            sequence=draw.sequence(sex, canonical_seq),
            **kw,
        )
        if not draw.fresh or candidate.id_number not in draw.taken:
            draw.taken.add(candidate.id_number)
            return candidate
    raise RuntimeError("no free ID number for a demo persona")  # 50 draws from 50 free numbers


def _cast(draw: _Draw, year: int) -> dict[str, _Person]:
    cutoff = enrollment_cutoff(year)
    home = draw.address(DISTRICT_PREFIX, "汾江中路121号3座1502室")
    rented = draw.address(DISTRICT_PREFIX, "季华五路38号2座803室")
    newcomer_area = draw.rng.choice(sorted(_NEWCOMER_AREAS)) if draw.fresh else "430502"
    newcomer_home = draw.address(_NEWCOMER_AREAS[newcomer_area], "建设路56号")
    family = draw.surname("陈")
    newcomer_family = draw.surname("刘")

    def adult(canonical: dt.date) -> dt.date:
        return draw.date_between(canonical, dt.date(year - 46, 1, 1), dt.date(year - 30, 12, 31))

    eligible_sixth = draw.date_between(
        dt.date(year - 1, 12, 20), cutoff - dt.timedelta(days=300), cutoff - dt.timedelta(days=180)
    )
    young_sixth = draw.date_between(
        dt.date(year + 1, 11, 8), cutoff + dt.timedelta(days=396), cutoff + dt.timedelta(days=600)
    )
    newcomer_sixth = draw.date_between(
        dt.date(year - 1, 10, 16), cutoff - dt.timedelta(days=330), cutoff - dt.timedelta(days=60)
    )
    lonely_home = draw.address(DISTRICT_PREFIX, "绿景路9号5座301室")
    local = {"area_code": DISTRICT_AREA_CODE, "household_address": home, "residence_address": home}
    return {
        "parent": _person(
            draw,
            "parent",
            sex="male",
            canonical_seq=913,
            name=draw.name(family, "male", "陈志明"),
            birth_date=adult(dt.date(1988, 4, 12)),
            phone=draw.phone("13802761234"),
            **local,
        ),
        "spouse": _person(
            draw,
            "spouse",
            sex="female",
            canonical_seq=926,
            name=draw.name(draw.surname("林"), "female", "林慧敏"),
            birth_date=adult(dt.date(1990, 9, 3)),
            phone=draw.phone("13922856789"),
            **local,
        ),
        "child_eligible": _person(
            draw,
            "child_eligible",
            sex="male",
            canonical_seq=931,
            name=draw.name(family, "male", "陈思远"),
            birth_date=sixth_birthday_to_birth(eligible_sixth),
            phone="",
            **local,
        ),
        "child_too_young": _person(
            draw,
            "child_too_young",
            sex="female",
            canonical_seq=942,
            name=draw.name(family, "female", "陈思琪"),
            birth_date=sixth_birthday_to_birth(young_sixth),
            phone="",
            **local,
        ),
        "newcomer": _person(
            draw,
            "newcomer",
            sex="male",
            area_code=newcomer_area,
            canonical_seq=957,
            name=draw.name(newcomer_family, "male", "刘建军"),
            birth_date=adult(dt.date(1986, 7, 21)),
            phone=draw.phone("15017893456"),
            household_address=newcomer_home,
            residence_address=rented,
        ),
        "newcomer_child": _person(
            draw,
            "newcomer_child",
            sex="female",
            area_code=newcomer_area,
            canonical_seq=968,
            name=draw.name(newcomer_family, "female", "刘雨涵"),
            birth_date=sixth_birthday_to_birth(newcomer_sixth),
            phone="",
            household_address=newcomer_home,
            residence_address=rented,
        ),
        "blacklisted": _person(
            draw,
            "blacklisted",
            sex="male",
            canonical_seq=979,
            name=draw.name(draw.surname("赵"), "male", "赵德胜"),
            birth_date=adult(dt.date(1979, 11, 5)),
            phone=draw.phone("18988123456"),
            area_code=DISTRICT_AREA_CODE,
            household_address=lonely_home,
            residence_address=lonely_home,
        ),
    }


def _facts(
    *,
    in_district: bool,
    address: str,
    owns: bool,
    rents: bool = False,
    permit_years: float | None = None,
    spouse: str | None = None,
    insurance_months: int = 0,
) -> dict[str, Any]:
    return {
        "household": {"in_district": in_district, "address": address},
        "property": {"owns_in_district": owns, "rents_in_district": rents},
        "residence_permit": {"years": permit_years} if permit_years is not None else None,
        "vaccination": {"complete": True},
        "marriage": {"married": True, "spouse": spouse} if spouse else {"married": False},
        "social_insurance": {"months": insurance_months},
        "birth": {"registered": True},
        "tax": {"arrears": False},
        "school": {"enrolled": False},
    }


def _person_facts(cast: dict[str, _Person]) -> dict[str, dict[str, Any]]:
    parent, spouse, newcomer = cast["parent"], cast["spouse"], cast["newcomer"]
    home = parent.household_address
    family: dict[str, Any] = {"in_district": True, "address": home, "owns": True}
    newcomer_family: dict[str, Any] = {
        "in_district": False,
        "address": newcomer.household_address,
        "owns": False,
        "rents": False,
        "permit_years": 0.5,
    }
    return {
        "parent": _facts(**family, spouse=spouse.id_number, insurance_months=96),
        "spouse": _facts(**family, spouse=parent.id_number, insurance_months=84),
        "child_eligible": _facts(**family),
        "child_too_young": _facts(**family),
        "newcomer": _facts(**newcomer_family, insurance_months=5),
        "newcomer_child": _facts(**newcomer_family),
        "blacklisted": _facts(
            in_district=True,
            address=cast["blacklisted"].household_address,
            owns=True,
            insurance_months=120,
        ),
    }


_STORIES = {
    "parent": "成年人，户籍和自有住房都在本区；两个孩子的监护人，餐饮公司的法定代表人",
    "spouse": "parent 的配偶，两个孩子的另一位监护人",
    "child_eligible": "parent 的孩子，入学年度 8 月 31 日前满六周岁，可报名小学一年级",
    "child_too_young": "parent 的小孩子，入学年度 8 月 31 日时距满六周岁还差一年以上",
    "newcomer": "成年人，户籍在外省，居住证不满一年，在本区没有自有或租住的住房登记",
    "newcomer_child": "newcomer 的孩子，已到入学年龄",
    "blacklisted": "成年人，列入失信黑名单",
    "restaurant_company": "已登记的餐饮公司，法定代表人为 parent",
}


def _person_entry(p: _Person, facts: dict[str, Any]) -> dict[str, Any]:
    return {
        "id_number": p.id_number,
        "name": p.name,
        "birth_date": p.birth_date.isoformat(),
        "sex": p.sex,
        "phone": p.phone,
        "household_address": p.household_address,
        "residence_address": p.residence_address,
        "story": _STORIES[p.key],
        "facts": copy.deepcopy(facts),
    }


def _company(draw: _Draw, parent: _Person, taken_usccs: set[str]) -> dict[str, Any]:
    serial = draw.rng.randrange(10**7, 10**8) if draw.fresh else 20190615
    while True:
        uscc = make_uscc(serial, area_code=DISTRICT_AREA_CODE)
        if not draw.fresh or uscc not in taken_usccs:
            break
        serial = draw.rng.randrange(10**7, 10**8)
    name = draw.rng.choice(("粤味", "顺记", "祖庙", "岭南", "石湾")) if draw.fresh else "陈记"
    return {
        "uscc": uscc,
        "name": f"佛山市禅城区{name}餐饮管理有限公司",
        "org_type": "有限责任公司",
        "address": draw.address(DISTRICT_PREFIX, "亲仁路18号首层"),
        "legal_representative": parent.id_number,
        "story": _STORIES["restaurant_company"],
        "facts": {"registered": True, "tax": {"arrears": False}},
    }


def build_personas(
    *,
    fresh: bool,
    seed: int | None = None,
    taken_id_numbers: set[str] | None = None,
    taken_usccs: set[str] | None = None,
    day: dt.date | None = None,
) -> dict[str, Any]:
    """The personas and the facts the department systems must hold on them.

    ``fresh=False`` gives the canonical set of the current enrollment year (the same people all
    year); ``fresh=True`` draws new people for the same stories (``seed`` makes it repeatable),
    avoiding the ID numbers and credit codes in ``taken_*``. The answer holds
    ``enrollment_year``, ``personas`` (role → entry, as ``demo-personas --json`` prints them)
    and ``sandbox`` (the body of the sandbox's ``POST /_seed``).
    """
    day = day or _today()
    year = enrollment_year(day)
    draw = _Draw(fresh=fresh, seed=seed, taken=set(taken_id_numbers or ()))
    cast = _cast(draw, year)
    facts = _person_facts(cast)
    personas: dict[str, Any] = {
        key: _person_entry(p, facts[key]) for key, p in cast.items() if key != "spouse"
    }
    personas["parent"]["spouse"] = {
        "id_number": cast["spouse"].id_number,
        "name": cast["spouse"].name,
    }
    personas["parent"]["children"] = [
        personas["child_eligible"]["id_number"],
        personas["child_too_young"]["id_number"],
    ]
    personas["newcomer"]["children"] = [personas["newcomer_child"]["id_number"]]
    personas["blacklisted"]["facts"]["credit"] = {"black_list": True}
    company = _company(draw, cast["parent"], set(taken_usccs or ()))
    personas["restaurant_company"] = company
    sandbox_persons = [
        {
            "id_number": p.id_number,
            "name": p.name,
            "birth_date": p.birth_date.isoformat(),
            "sex": p.sex,
            **facts[key],
        }
        for key, p in cast.items()
    ]
    sandbox_org = {
        "uscc": company["uscc"],
        "name": company["name"],
        "registered": True,
        "legal_representative": company["legal_representative"],
        "tax": {"arrears": False},
    }
    return {
        "enrollment_year": year,
        "personas": personas,
        "spouse": _person_entry(cast["spouse"], facts["spouse"]),
        "sandbox": {"persons": sandbox_persons, "organisations": [sandbox_org]},
    }


def _today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()


def apply_personas(built: dict[str, Any], *, actor: Any) -> dict[str, Person | Organisation]:
    """Write a built persona set to the registry: persons, relations, the company."""
    entries = {**built["personas"], "spouse": built["spouse"]}
    persons: dict[str, Person] = {}
    for key, entry in entries.items():
        if "id_number" not in entry:
            continue
        persons[key] = register_person(
            actor=actor,
            id_number=entry["id_number"],
            name=entry["name"],
            phone=entry["phone"],
            household_address=entry["household_address"],
            residence_address=entry["residence_address"],
        )
    add_relation(
        actor=actor, person=persons["parent"], other=persons["spouse"], kind=RelationKind.SPOUSE
    )
    for guardian, child in (
        ("parent", "child_eligible"),
        ("parent", "child_too_young"),
        ("spouse", "child_eligible"),
        ("spouse", "child_too_young"),
        ("newcomer", "newcomer_child"),
    ):
        add_relation(
            actor=actor, person=persons[guardian], other=persons[child], kind=RelationKind.GUARDIAN
        )
    company = built["personas"]["restaurant_company"]
    organisation = register_organisation(
        actor=actor,
        uscc=company["uscc"],
        name=company["name"],
        org_type=company["org_type"],
        legal_representative=persons["parent"],
        address=company["address"],
    )
    return {**persons, "restaurant_company": organisation}
