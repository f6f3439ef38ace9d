"""A synthetic population for load tests and benchmarks (``onedoor seed --scale N``).

Households of two to four people (a couple, or one or two parents with their minor children,
or an elderly couple) with valid, unique ID numbers spread over Guangdong's area codes and
realistic birth years; one organisation for about every twenty persons, each with a legal
representative from the population. Rows are bulk-inserted in batches, one audit event per
batch.

Running it again adds a new, distinct population: every ID number and credit code is checked
against the registry before its batch is inserted, so nothing ever collides. Synthetic ID
numbers use the sequences 000–899; 900–999 are left to the demo personas.
"""

import datetime as dt
import hashlib
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils import timezone
from tqdm import tqdm

from onedoor.core.identifiers import make_id_number, make_uscc
from onedoor.registry.actions import (
    OrganisationRow,
    PersonRow,
    bulk_register_population,
)
from onedoor.registry.models import Organisation, Person, PersonRelation, RelationKind
from onedoor.registry.personas import (
    DISTRICT_AREA_CODE,
    DISTRICT_PREFIX,
    FEMALE_CHARS,
    MALE_CHARS,
    PERSONA_SEQUENCE_START,
    SURNAMES,
)

SEED_ACTOR = "system:seed-scale"
BATCH_SIZE = 10_000
PERSONS_PER_ORGANISATION = 20

# Guangdong districts (code → place), the first being the demo district; weights favour it.
AREAS: dict[str, str] = {
    "440604": "广东省佛山市禅城区",
    "440605": "广东省佛山市南海区",
    "440606": "广东省佛山市顺德区",
    "440607": "广东省佛山市三水区",
    "440608": "广东省佛山市高明区",
    "440103": "广东省广州市荔湾区",
    "440104": "广东省广州市越秀区",
    "440105": "广东省广州市海珠区",
    "440106": "广东省广州市天河区",
    "440111": "广东省广州市白云区",
    "440113": "广东省广州市番禺区",
    "440303": "广东省深圳市罗湖区",
    "440304": "广东省深圳市福田区",
    "440305": "广东省深圳市南山区",
    "440306": "广东省深圳市宝安区",
    "441900": "广东省东莞市",
    "442000": "广东省中山市",
    "440402": "广东省珠海市香洲区",
    "440703": "广东省江门市蓬江区",
    "441302": "广东省惠州市惠城区",
    "440507": "广东省汕头市龙湖区",
    "445102": "广东省潮州市湘桥区",
    "440802": "广东省湛江市赤坎区",
    "441202": "广东省肇庆市端州区",
    "441402": "广东省梅州市梅江区",
    "445202": "广东省揭阳市榕城区",
    "441802": "广东省清远市清城区",
    "440902": "广东省茂名市茂南区",
}
_AREA_CODES = list(AREAS)
_AREA_WEIGHTS = [40 if code == DISTRICT_AREA_CODE else 3 for code in _AREA_CODES]
_ROADS = ("中山路", "人民路", "建设路", "解放路", "文明路", "新华路", "东风路", "朝阳路", "育才路")
_SHOP_NAMES = "鸿达兴华盛顺祥瑞丰源泰和嘉信诚德永安昌荣"
_TRADES = ("餐饮", "商贸", "科技", "建材", "陶瓷", "物流", "服饰", "五金", "家具", "电器", "印刷")


@dataclass
class ScaleSeedResult:
    """What one run of ``seed_scale`` added."""

    persons: int = 0
    relations: int = 0
    organisations: int = 0
    first_person_pk: int | None = None
    last_person_pk: int | None = None
    first_organisation_pk: int | None = None
    last_organisation_pk: int | None = None
    seconds: float = 0.0

    def __str__(self) -> str:
        return (
            f"{self.persons:,} persons, {self.relations:,} relations, "
            f"{self.organisations:,} organisations in {self.seconds:.1f} s"
        )


@dataclass
class _Household:
    members: list[tuple[str, dt.date, str]]  # (name, birth date, sex)
    areas: list[str]  # area code of each member's ID number
    relations: list[tuple[int, int, str]]  # indexes into members
    address: str
    residence: str


class _Generator:
    def __init__(self, rng: random.Random, today: dt.date) -> None:
        self.rng = rng
        self.today = today

    def name(self, surname: str, sex: str) -> str:
        chars = MALE_CHARS if sex == "male" else FEMALE_CHARS
        return surname + "".join(self.rng.choices(chars, k=self.rng.choice((1, 2, 2))))

    def birth(self, min_age: int, max_age: int) -> dt.date:
        latest = self.today - dt.timedelta(days=365 * min_age)
        earliest = self.today - dt.timedelta(days=365 * max_age + 364)
        return earliest + dt.timedelta(days=self.rng.randrange((latest - earliest).days + 1))

    def address(self, area: str) -> str:
        rng = self.rng
        return (
            f"{AREAS[area]}{rng.choice(_ROADS)}{rng.randrange(1, 400)}号"
            f"{rng.randrange(1, 40)}座{rng.randrange(1, 33)}{rng.randrange(1, 9):02d}室"
        )

    def area(self) -> str:
        return self.rng.choices(_AREA_CODES, weights=_AREA_WEIGHTS)[0]

    def household(self, size: int) -> _Household:
        rng = self.rng
        home_area = self.area()
        address = self.address(home_area)
        residence = address if rng.random() < 0.8 else self.address(self.area())
        surname = rng.choice(SURNAMES)
        elderly = size == 2 and rng.random() < 0.3
        first_sex = rng.choice(("male", "female"))
        first_birth = self.birth(62, 85) if elderly else self.birth(26, 50)
        members = [(self.name(surname, first_sex), first_birth, first_sex)]
        areas = [self.area()]
        relations: list[tuple[int, int, str]] = []
        couple = elderly or rng.random() < 0.8
        if couple:
            sex = "female" if first_sex == "male" else "male"
            birth = first_birth + dt.timedelta(days=rng.randrange(-1500, 1500))
            birth = min(birth, self.today - dt.timedelta(days=365 * 20))
            members.append((self.name(rng.choice(SURNAMES), sex), birth, sex))
            areas.append(self.area())
            relations += [(0, 1, RelationKind.SPOUSE), (1, 0, RelationKind.SPOUSE)]
        adults = len(members)
        child_max_age = min(17, max(0, min(self.age(b) for _n, b, _s in members) - 20))
        for _child in range(size - adults):
            sex = rng.choice(("male", "female"))
            members.append((self.name(surname, sex), self.birth(0, child_max_age), sex))
            areas.append(home_area)
            child = len(members) - 1
            relations += [(parent, child, RelationKind.GUARDIAN) for parent in range(adults)]
        return _Household(members, areas, relations, address, residence)

    def age(self, birth: dt.date) -> int:
        return (self.today - birth).days // 365

    def phone(self) -> str:
        return self.rng.choice(("138", "139", "135", "137", "150", "186", "189")) + (
            f"{self.rng.randrange(10**8):08d}"
        )


def seed_scale(
    n_persons: int,
    *,
    progress: bool = True,
    seed: int | None = None,
    batch_size: int = BATCH_SIZE,
    actor: Any = SEED_ACTOR,
) -> ScaleSeedResult:
    """Add ``n_persons`` synthetic persons, their relations and about n/20 organisations.

    Each run adds a new population (``seed`` makes the draw repeatable on an empty registry);
    a tqdm progress bar goes to stderr unless ``progress`` is false.
    """
    started = time.perf_counter()
    generator = _Generator(random.Random(seed), timezone.localdate())
    result = ScaleSeedResult()
    with tqdm(
        total=n_persons, unit="persons", file=sys.stderr, disable=not progress, smoothing=0.1
    ) as bar:
        batch = 0
        while result.persons < n_persons:
            batch += 1
            wanted = min(batch_size, n_persons - result.persons)
            bar.update(_seed_batch(generator, wanted, result, actor=actor, label=f"scale-{batch}"))
    _refresh_statistics()
    result.seconds = time.perf_counter() - started
    return result


def _refresh_statistics() -> None:
    """Let the query planner see the new rows at once, not at the next autovacuum."""
    # Without it, PostgreSQL plans a person page on a freshly seeded million with its
    # empty-table estimates: a parallel scan at 15 ms instead of index lookups at 0.1 ms.
    with connection.cursor() as cursor:
        for model in (Person, PersonRelation, Organisation):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


@dataclass(frozen=True, slots=True)
class _Draft:
    """A person before their ID number is drawn."""

    name: str
    birth_date: dt.date
    sex: str
    area: str
    adult: bool
    household_address: str
    residence_address: str


def _seed_batch(
    generator: _Generator, wanted: int, result: ScaleSeedResult, *, actor: Any, label: str
) -> int:
    drafts, relations = _draft_households(generator, wanted)
    numbers = _unique_id_numbers(generator.rng, drafts)
    rows = [
        PersonRow(
            id_number=number,
            name=d.name,
            birth_date=d.birth_date,
            sex=d.sex,
            phone=generator.phone() if d.adult else "",
            household_address=d.household_address,
            residence_address=d.residence_address,
        )
        for d, number in zip(drafts, numbers, strict=True)
    ]
    adults = [i for i, d in enumerate(drafts) if d.adult]
    registered = bulk_register_population(
        actor=actor,
        persons=rows,
        relations=relations,
        organisations=_draft_organisations(generator, adults, len(rows)),
        batch_label=label,
    )
    result.persons += len(registered.person_pks)
    result.relations += registered.relations
    result.organisations += len(registered.organisation_pks)
    if registered.person_pks:
        result.first_person_pk = result.first_person_pk or min(registered.person_pks)
        result.last_person_pk = max(registered.person_pks)
    if registered.organisation_pks:
        result.first_organisation_pk = result.first_organisation_pk or min(
            registered.organisation_pks
        )
        result.last_organisation_pk = max(registered.organisation_pks)
    return len(rows)


_HOUSEHOLD_SIZES = (2, 2, 3, 3, 3, 4)


def _draft_households(
    generator: _Generator, wanted: int
) -> tuple[list[_Draft], list[tuple[int, int, str]]]:
    drafts: list[_Draft] = []
    relations: list[tuple[int, int, str]] = []
    while len(drafts) < wanted:
        # The last household of a run may be cut to fit the number asked for.
        size = min(generator.rng.choice(_HOUSEHOLD_SIZES), wanted - len(drafts))
        household = generator.household(max(size, 2))
        base = len(drafts)
        for (name, birth, sex), area in list(zip(household.members, household.areas, strict=True))[
            :size
        ]:
            drafts.append(
                _Draft(
                    name,
                    birth,
                    sex,
                    area,
                    generator.age(birth) >= 18,
                    household.address,
                    household.residence,
                )
            )
        relations += [
            (base + a, base + b, kind)
            for a, b, kind in household.relations
            if a < size and b < size
        ]
    return drafts, relations


def _sequence(rng: random.Random, sex: str) -> int:
    # The sequence's parity is the sex: odd for men, even for women (GB 11643).
    return rng.randrange(PERSONA_SEQUENCE_START // 2) * 2 + (1 if sex == "male" else 0)


def _unique_id_numbers(rng: random.Random, drafts: list[_Draft]) -> list[str]:
    numbers = [make_id_number(d.area, d.birth_date, _sequence(rng, d.sex)) for d in drafts]
    pending = list(range(len(numbers)))
    for _round in range(100):
        clashes = _duplicates(numbers) | _registered(numbers, pending)
        if not clashes:
            return numbers
        for i in clashes:
            d = drafts[i]
            numbers[i] = make_id_number(d.area, d.birth_date, _sequence(rng, d.sex))
        pending = sorted(clashes)
    raise RuntimeError("could not draw unique ID numbers")  # a registry near saturation


def _duplicates(values: list[str]) -> set[int]:
    seen: set[str] = set()
    clashes = set()
    for i, value in enumerate(values):
        if value in seen:
            clashes.add(i)
        seen.add(value)
    return clashes


def _registered(numbers: list[str], indexes: list[int]) -> set[int]:
    """The indexes whose number is already in the registry (every index, if it is drawn twice)."""
    by_number: dict[str, list[int]] = {}
    for i in indexes:
        by_number.setdefault(numbers[i], []).append(i)
    taken: set[int] = set()
    for number in Person.objects.pks_by_id_number(list(by_number)):
        taken.update(by_number[number])
    return taken


def _draft_organisations(
    generator: _Generator, adults: list[int], n_persons: int
) -> list[OrganisationRow]:
    rng = generator.rng
    count = n_persons // PERSONS_PER_ORGANISATION
    if rng.random() < (n_persons % PERSONS_PER_ORGANISATION) / PERSONS_PER_ORGANISATION:
        count += 1
    if not adults:
        return []
    codes: dict[str, str] = {}
    while len(codes) < count:
        area = generator.area()
        codes.setdefault(make_uscc(rng.randrange(10**8), area_code=area), area)
    for uscc in Organisation.objects.filter(uscc__in=list(codes)).values_list("uscc", flat=True):
        del codes[uscc]  # already registered: this batch has one organisation fewer
    return [
        OrganisationRow(
            uscc=uscc,
            name=f"{_city(area)}{''.join(rng.sample(_SHOP_NAMES, 2))}{rng.choice(_TRADES)}有限公司",
            org_type="有限责任公司",
            address=generator.address(area),
            legal_representative=rng.choice(adults),
        )
        for uscc, area in codes.items()
    ]


def _city(area: str) -> str:
    place = AREAS[area].removeprefix("广东省")
    return place[: place.index("市") + 1]


def iter_scale_sandbox_batches(
    result: ScaleSeedResult | None = None, *, batch_size: int = 5_000
) -> Iterator[dict[str, list[dict[str, Any]]]]:
    """The facts department systems hold on a synthetic population, as sandbox ``_seed`` bodies.

    Persons come first, then organisations, ``batch_size`` at a time, so the sandbox can be fed
    over HTTP in chunks. With a ``result``, only what that run added; without, the whole
    registry except the demo personas (whose facts come from their own set). Facts are derived
    from the rows themselves, so the same population always gives the same facts, and a
    household's members agree on their home.
    """
    persons = Person.objects.order_by("pk")
    organisations = Organisation.objects.order_by("pk").select_related("legal_representative")
    if result is not None:
        persons = persons.filter(
            pk__range=(result.first_person_pk or 0, result.last_person_pk or 0)
        )
        organisations = organisations.filter(
            pk__range=(result.first_organisation_pk or 0, result.last_organisation_pk or 0)
        )
    personas = _persona_numbers()
    today = timezone.localdate()
    last = 0
    while page := list(persons.filter(pk__gt=last)[:batch_size]):
        last = page[-1].pk
        spouses = dict(
            PersonRelation.objects.filter(
                person_id__gte=page[0].pk, person_id__lte=last, kind=RelationKind.SPOUSE
            ).values_list("person_id", "other__id_number")
        )
        yield {
            "persons": [
                sandbox_person_facts(p, spouse=spouses.get(p.pk), today=today)
                for p in page
                if p.id_number not in personas
            ],
            "organisations": [],
        }
    last = 0
    while org_page := list(organisations.filter(pk__gt=last)[:batch_size]):
        last = org_page[-1].pk
        yield {"persons": [], "organisations": [sandbox_organisation_facts(o) for o in org_page]}


def _persona_numbers() -> set[str]:
    from onedoor.registry.models import DemoPersonaSet

    numbers: set[str] = set()
    for persona_set in DemoPersonaSet.objects.only("sandbox"):
        numbers.update(p["id_number"] for p in persona_set.sandbox.get("persons", []))
    return numbers


def _fractions(text: str) -> list[float]:
    return [b / 256 for b in hashlib.blake2b(text.encode(), digest_size=8).digest()]


def sandbox_person_facts(person: Person, *, spouse: str | None, today: dt.date) -> dict[str, Any]:
    """The department systems' facts on one synthetic person (see the module docstring)."""
    home = _fractions(f"{person.household_address}|{person.residence_address}")
    own = _fractions(person.id_number)
    in_district = person.household_address.startswith(DISTRICT_PREFIX)
    lives_here = person.residence_address.startswith(DISTRICT_PREFIX)
    owns = lives_here and home[0] < 0.65
    age = (today - person.birth_date).days // 365
    return {
        "id_number": person.id_number,
        "name": person.name,
        "birth_date": person.birth_date.isoformat(),
        "sex": person.sex,
        "household": {"in_district": in_district, "address": person.household_address},
        "property": {"owns_in_district": owns, "rents_in_district": lives_here and not owns},
        "residence_permit": (
            {"years": round(0.2 + home[1] * 8, 1)} if lives_here and not in_district else None
        ),
        "vaccination": {"complete": own[0] < 0.97},
        "marriage": {"married": True, "spouse": spouse} if spouse else {"married": False},
        "social_insurance": {"months": int(own[1] * max(0, min(age - 18, 30)) * 12)},
        "birth": {"registered": True},
        "tax": {"arrears": own[2] < 0.02},
        "school": {"enrolled": 6 <= age <= 15},
    }


def sandbox_organisation_facts(organisation: Organisation) -> dict[str, Any]:
    """The department systems' facts on one synthetic organisation."""
    representative = organisation.legal_representative
    return {
        "uscc": organisation.uscc,
        "name": organisation.name,
        "registered": True,
        "legal_representative": representative.id_number if representative else None,
        "tax": {"arrears": _fractions(organisation.uscc)[0] < 0.03},
    }
