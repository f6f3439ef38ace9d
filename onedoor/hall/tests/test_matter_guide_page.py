import re

import pytest

pytestmark = pytest.mark.django_db


def _section(page: str, section_id: str) -> str:
    start = page.index(f'id="{section_id}"')
    end = page.find("</section>", start)
    return page[start:end]


def test_the_guide_shows_what_the_matter_is_and_who_decides(client, district):
    response = client.get("/matters/new-student-enrollment")

    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in page and "小学新生入学报名" in page
    assert "适龄儿童的父母或其他法定监护人为孩子报名" in page
    assert "佛山市禅城区教育局" in page
    assert "公共服务" in page


def test_conditions_are_plain_sentences_not_expressions(client, district):
    conditions = _section(
        client.get("/matters/new-student-enrollment").content.decode(), "conditions"
    )

    assert 'class="checklist"' in conditions
    assert "入学当年8月31日前（含当日）年满6周岁" in conditions
    assert "由父母或其他法定监护人代为申请" in conditions
    assert "applicant.age" not in conditions
    assert "verified." not in conditions


def test_materials_say_what_spares_the_applicant_from_bringing_them(client, district):
    materials = _section(
        client.get("/matters/new-student-enrollment").content.decode(), "materials"
    )

    assert materials.count('class="material"') == 5
    household = materials[materials.index('id="material-child-household-register"') :]
    household = household[: household.index("</li>\n  \n")]
    assert "儿童居民户口簿" in household
    assert "关键材料" in household
    assert "系统核验，无需提交" in household
    assert "可用电子证照免交（居民户口簿）" in household
    vaccination = materials[materials.index('id="material-vaccination-record"') :]
    assert "可以书面承诺代替证明" in vaccination
    assert "暂缺时可申请容缺受理" in vaccination
    guardian_id = materials[materials.index('id="material-guardian-id-card"') :]
    guardian_id = guardian_id[: guardian_id.index('id="material-home-proof"')]
    assert "需出示原件核验" in guardian_id
    assert "系统核验" not in guardian_id
    assert "1 份" in guardian_id


def test_the_form_fields_the_applicant_fills_are_listed(client, district):
    form = _section(client.get("/matters/new-student-enrollment").content.decode(), "form")

    assert "意向学校" in form
    assert "祖庙街道中心小学、石湾镇街道中心小学、祖庙街道莲花小学" in form
    assert "监护人联系电话" in form
    assert "不超过 20 字" in form
    assert re.search(r"儿童是否有特殊教育需要</th>\s*<td>是否</td>\s*<td>选填", form)


def test_time_limits_show_promised_and_statutory_working_days(client, district):
    time = _section(client.get("/matters/new-student-enrollment").content.decode(), "time")

    assert re.search(r'data-limit="promised">10 个工作日内办结<', time)
    assert re.search(r'data-limit="statutory">20 个工作日<', time)
    assert "不收费" in time
    assert "小学新生入学通知书" in time
    assert "窗口、网上办事大厅、手机应用、微信" in time


def test_an_instant_matter_is_decided_on_the_spot(client, district):
    page = client.get("/matters/household-certificate").content.decode()

    assert re.search(r'data-limit="promised">当场办结<', page)
    assert "窗口当场办结" in _section(page, "process")


def test_calendar_days_fees_and_extensions_are_spelled_out(client, district):
    page = client.get("/matters/id-card-renewal").content.decode()

    assert re.search(r'data-limit="promised">20 日内办结<', page)
    assert re.search(r'data-limit="statutory">60 日（依法可延长 30 日）<', page)
    assert "20.00 元" in page
    assert "工本费每证20元" in page


def test_a_statutory_extension_is_shown(client, district):
    page = client.get("/matters/food-business-licence").content.decode()

    assert re.search(r'data-limit="statutory">10 个工作日（依法可延长 5 个工作日）<', page)


def test_the_guide_lists_the_legal_basis_and_the_review_stages(client, district):
    page = client.get("/matters/new-student-enrollment").content.decode()

    assert "《中华人民共和国义务教育法》第十一条" in _section(page, "basis")
    assert "审查（入学资格审核）：佛山市禅城区教育局" in _section(page, "process")


def test_the_guide_says_where_to_go(client, district):
    where = _section(client.get("/matters/new-student-enrollment").content.decode(), "where")

    assert "禅城区行政服务中心" in where
    assert "广东省佛山市禅城区季华五路" in where
    assert "周一至周五 9:00-12:00" in where
    assert 'href="tel:0757-12345"' in where
    # The district centre comes first, the community stations last.
    assert where.index("禅城区行政服务中心") < where.index("莲花社区便民服务站")


def test_an_unknown_matter_answers_the_not_found_page(client, district):
    response = client.get("/matters/no-such-matter")

    page = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in page
    assert 'role="search"' in page


def test_a_matter_out_of_force_is_not_found(client, district):
    document_code = "household-certificate"
    from onedoor.catalog.models import MatterVersion

    MatterVersion.objects.filter(matter__code=document_code).update(status="archived")

    assert client.get(f"/matters/{document_code}").status_code == 404


def test_the_guide_page_in_english_uses_english_names(english, district):
    page = english.get("/matters/new-student-enrollment").content.decode()

    assert '<html lang="en"' in page
    assert "Primary school first-year enrollment" in page
    assert '<p class="guide__name-zh" lang="zh-Hans">小学新生入学报名</p>' in page
    assert "Chancheng District Administrative Service Centre" in page


def test_the_guide_page_makes_a_fixed_number_of_queries(
    client, district, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        assert client.get("/matters/new-student-enrollment").status_code == 200
