"""Matter search latency with 1,000 matters in force.

Builds a throwaway SQLite database in a temporary data dir, imports a synthetic catalog of
1,000 matters through the catalog file import, then times 1,000 searches through
``search_matters`` and 1,000 through ``GET /api/v1/matters?q=`` and prints p50/p95/max.

    .venv/bin/python bench/matter_search.py [--matters 1000] [--searches 1000]
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _words(text: str) -> list[str]:
    return text.split()


OBJECTS = _words(
    "食品经营 户外广告 建设工程 道路占用 医疗机构 药品零售 出租屋 养犬 林木采伐 城镇排水 烟草专卖 "
    "旅馆业 娱乐场所 民办学校 托育机构 殡葬服务 宗教活动场所 水产养殖 农药经营 种子生产 劳务派遣 "
    "人力资源服务 道路运输 出租汽车 危险化学品 特种设备 计量器具 放射诊疗 母婴保健 职业培训 "
    "体育经营 网吧经营 印刷经营 出版物零售 电影放映 演出经纪 文物修缮 古树名木 河道采砂 取水 "
    "入河排污口 燃气经营 供热经营 二次供水 生活垃圾 建筑垃圾 渣土运输 户外招牌 停车场 充电设施"
)
ACTIONS = _words(
    "登记 备案 许可 变更 注销 证明开具 审批 核准 补领 延续 年检 换证 迁移 撤销 确认 查询 申报 "
    "评估 验收 检查"
)
WORDS = _words(
    "办证 开店 办执照 开证明 上学 社保 医保 公积金 户口 居住证 结婚 生孩子 买房 卖房 租房 退休 "
    "开公司 招工 纳税 发票 消防 卫生 环保 施工 装修 营业 广告 招牌 餐饮 养老"
)
QUERIES = _words(
    "我想开个餐馆 开饭店 户口证明 孩子上学 办执照 食品经营许可 消防检查 社保 建设工程 药品 "
    "养犬登记 出租屋备案 我要开一家网吧 道路运输 燃气 证明 停车场 充电桩 装修 退休 许可 变更 "
    "二次供水 旅馆业许可证 hotel 注销登记 印刷 体育"
)


def synthetic_catalog(count: int, seed: int = 7) -> dict[str, Any]:
    rng = random.Random(seed)
    departments = ["police", "education", "housing", "hrss", "health", "civil", "market",
                   "tax", "fire", "urban"]  # fmt: skip
    matters = []
    for i in range(count):
        obj, action = OBJECTS[i % len(OBJECTS)], ACTIONS[(i // len(OBJECTS)) % len(ACTIONS)]
        department = departments[i % len(departments)]
        instant = i % 5 == 0
        matters.append(
            {
                "code": f"matter-{i:04d}",
                "version": 1,
                "status": "published",
                "valid_from": "2024-01-01",
                "name": f"{obj}{action}" + ("" if i < len(OBJECTS) * len(ACTIONS) else f"{i}"),
                "kind": "administrative_licence",
                "department": department,
                "audience": rng.choice(["person", "organisation", "both"]),
                "summary": f"办理{obj}{action}，{''.join(rng.sample(WORDS, 3))}。",
                "keywords": rng.sample(WORDS, 4),
                "statutory_days": 20,
                "promised_days": 0 if instant else 10,
                "instant": instant,
                "stages": []
                if instant
                else [{"name": "审查", "rule": "all", "reviews": [department]}],
            }
        )
    return {
        "format": "onedoor-catalog",
        "format_version": 1,
        "departments": [{"code": d, "name": f"区{d}局"} for d in departments],
        "matters": matters,
    }


def timed(call: Callable[[str], Any], queries: list[str]) -> list[float]:
    times = []
    for query in queries:
        start = time.perf_counter()
        call(query)
        times.append((time.perf_counter() - start) * 1000)
    return times


def report(label: str, times: list[float]) -> None:
    ordered = sorted(times)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    print(
        f"{label:<28} n={len(times)}  p50={statistics.median(ordered):.2f} ms  "
        f"p95={p95:.2f} ms  max={ordered[-1]:.2f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--matters", type=int, default=1000)
    parser.add_argument("--searches", type=int, default=1000)
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="onedoor-bench-")
    Path(data_dir, "static").mkdir()
    os.environ["ONEDOOR_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onedoor.config.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

    import django

    # The benchmark serves no static files; whitenoise's warning about them is noise here.
    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from onedoor.catalog.actions import import_catalog
    from onedoor.catalog.queries import search_matters

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    import_catalog(synthetic_catalog(args.matters), actor="system")
    print(f"imported {args.matters} matters in {time.perf_counter() - start:.1f} s ({data_dir})")

    rng = random.Random(11)
    queries = [rng.choice(QUERIES) for _ in range(args.searches)]
    # Sentences no earlier search used, so that no remembered term helps them.
    names = [m["name"] for m in synthetic_catalog(args.matters)["matters"]]
    fresh = [f"请问{rng.choice('怎么如何哪里')}办理{name}{i}" for i, name in
             enumerate(rng.choices(names, k=2 * args.searches))]  # fmt: skip
    start = time.perf_counter()
    hits = len(search_matters(queries[0]))
    print(f"first search (builds the index): {(time.perf_counter() - start) * 1000:.1f} ms, "
          f"{hits} hits")  # fmt: skip

    report("search_matters() popular", timed(search_matters, queries))
    report("search_matters() fresh", timed(search_matters, fresh[: args.searches]))
    client = Client()

    def api(query: str) -> Any:
        return client.get("/api/v1/matters", {"q": query})

    api(queries[0])  # the first request loads the URL configuration and the API schemas
    report("GET matters?q= popular", timed(api, queries))
    report("GET matters?q= fresh", timed(api, fresh[args.searches :]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
