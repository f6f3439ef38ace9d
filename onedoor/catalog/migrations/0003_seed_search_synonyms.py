from django.db import migrations

# Words citizens use for the same thing; editable in the admin afterwards.
SYNONYMS = {
    "入学": "上学、报名读书、读小学、小学报名、入读",
    "开餐馆": "开饭店、开饭馆、开餐厅、餐饮、餐饮店",
    "户籍证明": "户口证明、户口本证明",
    "营业执照": "办执照、工商执照、注册公司",
    "身份证": "居民身份证",
    "食品经营许可": "食品许可证、食品经营许可证",
    "户外招牌": "店招、门头招牌、广告牌",
    "消防安全检查": "消防检查、消防验收",
    "卫生许可": "卫生许可证、卫生证",
    "居住证": "暂住证",
    "社会保险": "社保",
    "结婚": "婚姻登记、领结婚证",
}


def seed(apps, schema_editor):
    SearchSynonym = apps.get_model("catalog", "SearchSynonym")
    for term, synonyms in SYNONYMS.items():
        SearchSynonym.objects.get_or_create(term=term, defaults={"synonyms": synonyms})


def unseed(apps, schema_editor):
    SearchSynonym = apps.get_model("catalog", "SearchSynonym")
    SearchSynonym.objects.filter(term__in=list(SYNONYMS)).delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_matters_versions_bundles_search")]

    operations = [migrations.RunPython(seed, unseed)]
