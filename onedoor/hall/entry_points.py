"""The ways into the catalog the home page offers besides the search box.

Life events for people and stages of a business's life for enterprises (全生命周期), each a
search in the words citizens use or, where the catalog has one, a one-thing bundle.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class EntryPoint:
    label: str | Promise
    query: str  # the Chinese words searched for; the catalog speaks Chinese
    icon: str  # the name of a symbol in hall/_icons.html
    bundle: str = ""  # a bundle that covers the whole event, when it is published


LIFE_EVENTS: tuple[EntryPoint, ...] = (
    EntryPoint(_("出生"), "出生", "baby", bundle="newborn"),
    EntryPoint(_("上学"), "上学", "school"),
    EntryPoint(_("就业"), "就业", "work"),
    EntryPoint(_("结婚"), "结婚", "rings"),
    EntryPoint(_("置业"), "买房", "home", bundle="home-transfer"),
    EntryPoint(_("社保"), "社保", "shield"),
    EntryPoint(_("退休养老"), "退休", "elder"),
    EntryPoint(_("身后事"), "身后事", "flower"),
)

ENTERPRISE_STAGES: tuple[EntryPoint, ...] = (
    EntryPoint(_("开办企业"), "开办企业", "building"),
    EntryPoint(_("开餐馆"), "开餐馆", "bowl", bundle="restaurant-opening"),
    EntryPoint(_("招工用工"), "招工", "people"),
    EntryPoint(_("办税发票"), "发票", "receipt"),
    EntryPoint(_("企业变更"), "企业信息变更", "refresh", bundle="enterprise-info-change"),
    EntryPoint(_("招牌广告"), "招牌", "sign"),
)

# What citizens search for most often at a district hall: a label and the words searched for.
POPULAR_SEARCHES: tuple[tuple[str | Promise, str], ...] = (
    (_("户口证明"), "户口证明"),
    (_("身份证"), "身份证"),
    (_("社保卡"), "社保卡"),
    (_("居住证"), "居住证"),
    (_("小学入学"), "入学"),
    (_("低保"), "低保"),
    (_("公租房"), "公租房"),
    (_("营业执照"), "营业执照"),
)


@dataclass(frozen=True)
class BrowseGroup:
    """One life event or enterprise stage on the browse page, with the matters that serve it.

    ``codes`` are matters and bundles in the order a citizen meets them; codes the catalog does
    not hold (or no longer publishes) are left out. When none is held, the matters the search
    finds for ``query`` (for the same audience) stand in, so a district's own catalog still fills
    the group.
    """

    key: str
    label: str | Promise
    icon: str
    audience: str  # person or organisation
    codes: tuple[str, ...]
    query: str


LIFE_EVENT_GROUPS: tuple[BrowseGroup, ...] = (
    BrowseGroup(
        "birth",
        _("出生"),
        "baby",
        "person",
        (
            "newborn",
            "birth-medical-certificate",
            "newborn-household-registration",
            "vaccination-certificate",
            "newborn-social-security-card",
        ),
        "出生",
    ),
    BrowseGroup(
        "school",
        _("入学"),
        "school",
        "person",
        ("new-student-enrollment", "enrollment-deferral", "student-transfer"),
        "入学",
    ),
    BrowseGroup(
        "work",
        _("就业"),
        "work",
        "person",
        (
            "unemployment-registration",
            "employment-difficulty-certification",
            "unemployment-insurance-benefit",
            "flexible-employment-insurance",
            "teacher-qualification",
            "nurse-registration",
            "physician-registration",
        ),
        "就业",
    ),
    BrowseGroup(
        "family",
        _("婚育"),
        "rings",
        "person",
        ("marriage-registration", "birth-registration"),
        "结婚",
    ),
    BrowseGroup(
        "home",
        _("安居"),
        "home",
        "person",
        (
            "home-transfer",
            "property-transfer-registration",
            "deed-tax",
            "mortgage-registration",
            "property-records-query",
            "public-rental-housing",
            "residence-permit-application",
            "residence-permit-endorsement",
        ),
        "住房",
    ),
    BrowseGroup(
        "support",
        _("社会保障"),
        "shield",
        "person",
        (
            "social-security-card",
            "urban-rural-pension-enrollment",
            "minimum-living-allowance",
            "temporary-assistance",
            "disability-subsidies",
            "extreme-poverty-support",
        ),
        "社保",
    ),
    BrowseGroup(
        "retirement",
        _("退休"),
        "elder",
        "person",
        ("retirement-pension", "senior-allowance"),
        "退休",
    ),
    BrowseGroup(
        "farewell",
        _("身后事"),
        "flower",
        "person",
        ("death-household-cancellation",),
        "身后事",
    ),
)

ENTERPRISE_STAGE_GROUPS: tuple[BrowseGroup, ...] = (
    BrowseGroup(
        "start",
        _("开办"),
        "building",
        "organisation",
        (
            "company-registration",
            "individual-business-registration",
            "new-taxpayer-package",
            "restaurant-opening",
            "food-business-licence",
            "prepackaged-food-filing",
            "public-place-hygiene-licence",
            "fire-safety-check",
            "outdoor-signboard",
            "drainage-permit",
        ),
        "开办企业",
    ),
    BrowseGroup(
        "operate",
        _("经营"),
        "receipt",
        "organisation",
        (
            "employment-registration",
            "invoice-application",
            "food-business-licence-renewal",
            "outdoor-advertising",
            "mass-event-permit",
            "road-occupation",
            "construction-waste-disposal",
            "tree-felling",
        ),
        "经营",
    ),
    BrowseGroup(
        "change",
        _("变更"),
        "refresh",
        "organisation",
        ("enterprise-info-change", "business-licence-change", "tax-info-change"),
        "变更",
    ),
    BrowseGroup(
        "close",
        _("注销"),
        "sign",
        "organisation",
        ("company-deregistration", "tax-deregistration"),
        "企业注销",
    ),
)
