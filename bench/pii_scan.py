"""Throughput of the pre-publication PII scan (gongkai.core.pii) on Chinese government prose.

Generates about 10 MB (UTF-8) of text built from typical notice phrases with the numbers such
text is full of (dates, amounts, document numbers, unit landlines, order numbers) and a sparse
sprinkling of real hits (one ID, mobile, email or bank card every ~20 KB), then times `find_pii` and
`mask_text` over it. Prints the figures; asserts nothing. Deterministic (fixed seed).

    .venv/bin/python bench/pii_scan.py [--mb 10] [--repeat 3]
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
import time

from gongkai.core.pii import find_pii, id_check_char, mask_text

PHRASES = (
    "根据《中华人民共和国政府信息公开条例》第二十条规定，现将有关情况公告如下。",
    "为进一步做好城乡居民最低生活保障工作，切实保障困难群众基本生活，",
    "县民政局会同县财政局对全县低保对象进行了动态管理复核，",
    "经乡镇（街道）审核、县级审批，符合条件的对象予以公示，",
    "公示期间如有异议，请向县民政局社会救助股反映。",
    "本通知自发布之日起施行，有效期五年。",
    "各乡镇人民政府、街道办事处，县政府各部门、各直属机构：",
    "现将《关于进一步加强农村集体资产管理的实施意见》印发给你们，请认真贯彻执行。",
    "项目建设地点位于经济开发区，总投资估算为",
    "资金来源为县级财政预算安排，主要用于道路硬化、绿化亮化和排水设施建设。",
    "依法依规开展行政执法公示，做到执法信息公开透明。",
    "当事人对本处罚决定不服的，可以在收到本决定书之日起六十日内申请行政复议，",
    "或者在六个月内依法向人民法院提起行政诉讼。",
    "联系人：县政务公开办公室，",
    "经研究，决定对上述单位予以通报表扬。",
)


def noise(rng: random.Random) -> str:
    """Numbers that must not be flagged."""
    return rng.choice(
        (
            f"{rng.randint(2015, 2026)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
            f"{rng.randint(1, 9999)}.{rng.randint(0, 99):02d}万元",
            f"示政发〔{rng.randint(2019, 2026)}〕{rng.randint(1, 99)}号",
            f"联系电话：0537-{rng.randint(2000000, 8999999)}，",
            f"订单号{rng.randint(10**19, 10**20 - 1)}，",
            f"第{rng.randint(1, 300)}条",
        )
    )


def hit(rng: random.Random) -> str:
    kind = rng.randrange(4)
    if kind == 0:
        body = f"370881{rng.randint(1950, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        body += f"{rng.randint(0, 999):03d}"
        return f"身份证号{body}{id_check_char(body)}，"
    if kind == 1:
        return f"手机{rng.choice(('138', '159', '186', '199'))}{rng.randint(0, 10**8 - 1):08d}，"
    if kind == 2:
        return f"邮箱{rng.choice(('zhang', 'li.ming', 'wq'))}{rng.randint(1, 9999)}@qq.com，"
    stem = f"622202{rng.randint(0, 10**12 - 1):012d}"
    for last in "0123456789":
        if _luhn(stem + last):
            return f"银行卡号：{stem}{last}，"
    raise AssertionError("unreachable: one check digit always fits")


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def generate(target_bytes: int, seed: int = 20260101) -> tuple[str, int]:
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    hits = 0
    next_hit = 20_000
    while size < target_bytes:
        piece = rng.choice(PHRASES) + (noise(rng) if rng.random() < 0.5 else "")
        if size >= next_hit:
            piece += hit(rng)
            hits += 1
            next_hit += rng.randint(10_000, 30_000)
        if rng.random() < 0.1:
            piece += "\n"
        parts.append(piece)
        size += len(piece.encode())
    return "".join(parts), hits


def best_of(repeat: int, fn):  # type: ignore[no-untyped-def]
    """Best wall time and best CPU time of ``repeat`` runs, and the result.

    CPU time is the steadier figure on a shared machine, where wall time includes waiting.
    """
    wall = cpu = float("inf")
    result = None
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        wall = min(wall, time.perf_counter() - w0)
        cpu = min(cpu, time.process_time() - c0)
    return wall, cpu, result


def number_table(target_bytes: int) -> str:
    """The worst case: space-separated 4-digit figures, each a possible card group."""
    rng = random.Random(7)
    rows = []
    size = 0
    while size < target_bytes:
        row = " ".join(str(rng.randint(1000, 9999)) for _ in range(8)) + "\n"
        rows.append(row)
        size += len(row)
    return "".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0, help="text size in MB (UTF-8)")
    parser.add_argument("--repeat", type=int, default=3, help="runs; the best is reported")
    args = parser.parse_args()

    text, planted = generate(int(args.mb * 1_000_000))
    mb = len(text.encode()) / 1_000_000
    scan_wall, scan_cpu, matches = best_of(args.repeat, lambda: find_pii(text))
    mask_wall, mask_cpu, _ = best_of(args.repeat, lambda: mask_text(text, matches))
    table = number_table(1_000_000)
    table_mb = len(table.encode()) / 1_000_000
    table_wall, table_cpu, _ = best_of(args.repeat, lambda: find_pii(table))

    print(f"python {sys.version.split()[0]} on {platform.machine()}, best of {args.repeat}")
    print(f"text: {mb:.1f} MB UTF-8, {len(text):,} characters, {planted} planted hits")
    for name, size, wall, cpu, note in (
        ("find_pii", mb, scan_wall, scan_cpu, f"{len(matches)} hits"),
        ("mask_text", mb, mask_wall, mask_cpu, "given the hits"),
        ("find_pii on a number table", table_mb, table_wall, table_cpu, "worst case, 1 MB"),
    ):
        print(
            f"{name}: {size / cpu:.1f} MB/s CPU ({cpu:.3f} s), "
            f"{size / wall:.1f} MB/s wall ({wall:.3f} s)  [{note}]"
        )
    if len(matches) != planted:
        print(f"WARNING: found {len(matches)} hits, planted {planted}")


if __name__ == "__main__":
    main()
