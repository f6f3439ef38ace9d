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
